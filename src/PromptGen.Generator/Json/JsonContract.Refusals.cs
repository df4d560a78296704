using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// The object contracts System.Text.Json refuses when it first builds them (an <c>InvalidOperationException</c> inside
/// the client's type initializer, so every method of the interface would throw): checked at build time instead. The
/// constructor's faults (several [JsonConstructor]s, a parameter that binds to no member) are
/// <see cref="JsonContract.ConstructorProblem"/>'s (PG0014). Each rule is checked against System.Text.Json itself by
/// ContractRefusalTests.
/// </summary>
internal sealed partial class JsonContract
{
    private const string JsonUnmappedMemberHandlingAttribute = Serialization + "JsonUnmappedMemberHandlingAttribute";

    /// <summary>
    /// Why System.Text.Json refuses to build the contract of <paramref name="type"/>, phrased to follow "'T' is …", or null:
    /// <list type="bullet">
    /// <item>two members with one JSON name (<c>[JsonPropertyName]</c>, or the naming policy: <c>FirstName</c> and <c>first_name</c> under <c>SnakeCaseLower</c>); under <c>PropertyNameCaseInsensitive</c> names that differ only in case collide too. Members are those System.Text.Json writes: public properties with a public getter or setter (read-only ones too), public fields under <c>IncludeFields</c>, anything with [JsonInclude]; not [JsonIgnore]d ones, nor one a derived member of the same C# name hides;</item>
    /// <item>more than one [JsonExtensionData] member, or one whose type is not <c>IDictionary&lt;string, object&gt;</c>, <c>IDictionary&lt;string, JsonElement&gt;</c> or <c>JsonObject</c>;</item>
    /// <item>[JsonExtensionData] on a type marked <c>[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]</c>.</item>
    /// </list>
    /// </summary>
    internal static string? Refused(INamedTypeSymbol type, JsonContractOptions options)
    {
        var comparer = options.CaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byJsonName = new Dictionary<string, (ISymbol Member, string? Explicit)>(comparer);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var extensionData = new List<ISymbol>();

        // System.Text.Json walks the most derived type first; a member of a C# name already seen is hidden or overridden.
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || !InWrittenContract(member, options) || !seen.Add(member.Name) || IsIgnored(member))
                {
                    continue;
                }

                if (HasAttribute(member, JsonExtensionDataAttribute))
                {
                    extensionData.Add(member);
                    continue;
                }

                var explicitName = Attribute(member, JsonPropertyNameAttribute)?.ConstructorArguments.FirstOrDefault().Value as string;
                var jsonName = options.JsonName(member.Name, explicitName);
                if (byJsonName.TryGetValue(jsonName, out var other))
                {
                    return Collision(other.Member, other.Explicit, member, explicitName, options);
                }

                byJsonName.Add(jsonName, (member, explicitName));
            }
        }

        if (extensionData.Count > 1)
        {
            return $"a type with {extensionData.Count} [JsonExtensionData] members ({string.Join(", ", extensionData.Select(m => "'" + m.Name + "'"))}), which System.Text.Json refuses (it takes one); keep one";
        }

        if (extensionData.Count == 1)
        {
            var member = extensionData[0];
            var memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
            if (!IsExtensionDataType(memberType))
            {
                return $"a type whose [JsonExtensionData] member '{member.Name}' is a '{memberType.ToDisplayString()}', which System.Text.Json refuses; make it a Dictionary<string, JsonElement>, a Dictionary<string, object> or a JsonObject";
            }

            if (Attribute(type, JsonUnmappedMemberHandlingAttribute)?.ConstructorArguments.FirstOrDefault().Value is int handling && handling == 1)
            {
                return $"a type marked [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)] with the [JsonExtensionData] member '{member.Name}', which System.Text.Json refuses (unknown properties cannot be both refused and kept); remove one of the two";
            }
        }

        return null;
    }

    /// <summary>
    /// Why System.Text.Json refuses <paramref name="subtype"/> as a [JsonDerivedType] of a polymorphic type whose
    /// discriminator is <paramref name="discriminator"/>: a member of it has exactly the discriminator's JSON name
    /// (case matters even under <c>PropertyNameCaseInsensitive</c>, as System.Text.Json compares it). Phrased to follow
    /// "'T' is …"; null when none.
    /// </summary>
    internal static string? DiscriminatorClash(INamedTypeSymbol subtype, string discriminator, JsonContractOptions options)
    {
        var comparer = StringComparer.Ordinal;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = subtype; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || !InWrittenContract(member, options) || !seen.Add(member.Name) || IsIgnored(member) || HasAttribute(member, JsonExtensionDataAttribute))
                {
                    continue;
                }

                var jsonName = options.JsonName(member.Name, Attribute(member, JsonPropertyNameAttribute)?.ConstructorArguments.FirstOrDefault().Value as string);
                if (comparer.Equals(jsonName, discriminator))
                {
                    return $"a [JsonDerivedType] whose member '{member.Name}' has the JSON name '{jsonName}', the discriminator's, which System.Text.Json refuses (every call would throw InvalidOperationException); rename it with [JsonPropertyName], [JsonIgnore] it, or choose another [JsonPolymorphic(TypeDiscriminatorPropertyName = …)]";
                }
            }
        }

        return null;
    }

    /// <summary>Whether System.Text.Json's contract holds the member (it writes it), whether or not it sets it.</summary>
    private static bool InWrittenContract(ISymbol member, JsonContractOptions options)
    {
        var included = HasAttribute(member, JsonIncludeAttribute);
        return member switch
        {
            IPropertySymbol { IsIndexer: false } property => property.Name != "EqualityContract" && property.Parameters.Length == 0
                && (included || (property.DeclaredAccessibility == Accessibility.Public
                    && (property.GetMethod is { DeclaredAccessibility: Accessibility.Public } || property.SetMethod is { DeclaredAccessibility: Accessibility.Public }))),
            IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field => field.DeclaredAccessibility == Accessibility.Public && (included || options.IncludeFields),
            _ => false,
        };
    }

    private static bool IsExtensionDataType(ITypeSymbol type)
    {
        if (MetadataName(type) == "System.Text.Json.Nodes.JsonObject")
        {
            return true;
        }

        return AllInterfacesAndSelf(type).Any(candidate =>
            candidate.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IDictionary<TKey, TValue>"
            && candidate.TypeArguments[0].SpecialType == SpecialType.System_String
            && (candidate.TypeArguments[1].SpecialType == SpecialType.System_Object || candidate.TypeArguments[1].ToDisplayString() == "System.Text.Json.JsonElement"));
    }

    private static string Collision(ISymbol first, string? firstExplicit, ISymbol second, string? secondExplicit, JsonContractOptions options)
    {
        // Declaration order reads best: the base's member (walked last) first.
        if (!SymbolEqualityComparer.Default.Equals(first.ContainingType, second.ContainingType) || Before(second, first))
        {
            (first, second, firstExplicit, secondExplicit) = (second, first, secondExplicit, firstExplicit);
        }

        var firstName = options.JsonName(first.Name, firstExplicit);
        var secondName = options.JsonName(second.Name, secondExplicit);
        var policy = (firstExplicit is null || secondExplicit is null) && options.Naming != NamingPolicy.None ? $" under the {options.Naming} naming policy" : "";
        var names = string.Equals(firstName, secondName, StringComparison.Ordinal)
            ? $"both have the JSON name '{firstName}'{policy}"
            : $"have the JSON names '{firstName}' and '{secondName}'{policy}, the same ignoring case (PropertyNameCaseInsensitive)";
        return $"a type whose members '{first.Name}' and '{second.Name}' {names}, which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it";

        static bool Before(ISymbol a, ISymbol b) =>
            a.Locations.FirstOrDefault() is { } x && b.Locations.FirstOrDefault() is { } y && x.SourceTree == y.SourceTree && x.SourceSpan.Start < y.SourceSpan.Start;
    }
}
