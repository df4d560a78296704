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
                return $"a type whose [JsonExtensionData] member '{member.Name}' is a '{DisplayNames.Of(memberType)}', which System.Text.Json refuses; make it a Dictionary<string, JsonElement>, a Dictionary<string, object> or a JsonObject";
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

    /// <summary>
    /// Why System.Text.Json cannot write <paramref name="type"/> or anything it holds, phrased as a whole clause, or null:
    /// the first type reachable through list items, dictionary values, written members (read-only ones too, as
    /// System.Text.Json builds their contracts when it builds the type's) and [JsonDerivedType]s whose contract is
    /// <see cref="JsonShapeKind.Unsupported"/> (refused, or nothing it can write). A tool's result is only ever written,
    /// and no schema describes it, so this walk is what catches a <c>List&lt;Dup&gt;</c> whose <c>Dup</c> has two members
    /// of one JSON name before every call of the tool throws.
    /// </summary>
    /// <param name="root">How the root reads in the message ("the result").</param>
    internal static string? UnwritableWithin(ITypeSymbol type, JsonContractOptions options, string root)
    {
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        return Walk(type, null, new List<string>());

        string? Walk(ITypeSymbol current, ISymbol? member, List<string> path)
        {
            if (path.Count > 64)
            {
                return null;
            }

            // "'Dup' is …" at the root, "'inner' of each item of 'boxes' is 'Dup', …" below it.
            // The path is in JSON names; where the last one differs from its C# member other than in case, the member the
            // user edits is named too (as PG0027 names members: JsonFit.Named).
            string Subject() => path.Count == 0 ? $"'{DisplayNames.Of(current)}' is " : $"{JsonPaths.Phrase(path, root)}{CSharpMember()} is '{DisplayNames.Of(current)}', ";

            string CSharpMember() => member is { ContainingType: { } owner } && !string.Equals(member.Name, path[path.Count - 1], StringComparison.OrdinalIgnoreCase)
                ? $" (the C# member '{DisplayNames.Of(owner)}.{member.Name}')"
                : "";

            var contract = Of(current, options, member);
            if (contract.Kind == JsonShapeKind.Unsupported)
            {
                return Subject() + (contract.Refusal ?? "which System.Text.Json cannot write; use a string, a number, an enum or a record");
            }

            switch (contract.Kind)
            {
                case JsonShapeKind.Dictionary when contract.Key is { } key && KeyProblem(key, Of(key, options, null), write: true) is { } keyProblem:
                    // Dictionary<(int, int), int>: STJ throws NotSupportedException writing a key it has no name converter for.
                    return Subject() + keyProblem;
                case JsonShapeKind.Array or JsonShapeKind.Dictionary when contract.Element is { } element:
                    path.Add(contract.Kind == JsonShapeKind.Array ? JsonPaths.Item : JsonPaths.Value);
                    var inElement = Walk(element, null, path);
                    path.RemoveAt(path.Count - 1);
                    return inElement;
                case JsonShapeKind.Object when contract.Type is INamedTypeSymbol named && seen.Add(named.WithNullableAnnotation(NullableAnnotation.NotAnnotated)):
                    var writesAny = false;
                    foreach (var (symbol, memberType, jsonName) in WrittenMembers(named, options))
                    {
                        writesAny = true;
                        path.Add(jsonName);
                        var inMember = Walk(memberType, symbol, path);
                        path.RemoveAt(path.Count - 1);
                        if (inMember is not null)
                        {
                            return inMember;
                        }
                    }

                    if (!writesAny && HoldsOnlyUnwrittenData(named))
                    {
                        // (int A, string B), a class with private state or only an indexer: STJ writes {}.
                        return Subject() + "a type System.Text.Json writes as {} (it writes public properties, and public fields such as a tuple's only when IncludeFields is set; never private members or indexers), so the model would receive nothing of it; return a record with public properties";
                    }

                    foreach (var attribute in named.GetAttributes().Where(a => Is(a, JsonDerivedTypeAttribute)))
                    {
                        if (attribute.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol subtype && Walk(subtype, null, path) is { } inSubtype)
                        {
                            return inSubtype;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// Why <paramref name="key"/> cannot key a dictionary, phrased to follow "'x' is " ("a dictionary keyed by 'Hue', …"),
    /// or null when it can: a key type System.Text.Json refuses for a reason of its own (<see cref="Refusal"/>: an enum
    /// whose members share a JSON name says so, not that enums cannot be keys), an enum two of whose members write one
    /// key (<see cref="EnumNames.KeyCollision"/>: keys are written by name even when the values travel as numbers), or
    /// a type with no property-name form (<see cref="CanBeKey"/>). One phrase for the schema (the reply, a tool's
    /// parameters) and for a tool's result, which differ only in the direction.
    /// </summary>
    /// <param name="keyType">The key type as declared (<c>int?</c>), as messages show it.</param>
    /// <param name="key">The key type's contract.</param>
    /// <param name="write">Whether the dictionary is written (a tool's result) rather than read.</param>
    internal static string? KeyProblem(ITypeSymbol keyType, JsonContract key, bool write)
    {
        var keyedBy = $"a dictionary keyed by '{DisplayNames.Of(keyType)}', ";
        if (key.Kind == JsonShapeKind.Unsupported && key.Refusal is { } refusal)
        {
            return keyedBy + refusal;
        }

        if (!CanBeKey(key))
        {
            return keyedBy + $"which System.Text.Json cannot {(write ? "write as" : "read from")} a JSON property name; key it by string, a number, an enum, a Guid, a date or time, char, bool, Uri or Version";
        }

        return key.Kind == JsonShapeKind.Enum && !key.StringEnum && EnumNames.KeyCollision(key.Type) is { } collision ? keyedBy + collision : null;
    }

    /// <summary>
    /// Whether System.Text.Json reads and writes <paramref name="key"/> as a JSON property name (a dictionary key): string,
    /// the numbers, enums, bool, and the string-like scalars (Guid, dates and times, char, Uri, Version) but not byte[]. The
    /// schema's <c>propertyNames</c> (<c>SchemaBuilder.KeySchema</c>) exist exactly for these. Not a <c>Nullable&lt;T&gt;</c>
    /// of any of them (<c>int?</c>): its <c>NullableConverter</c> has no property-name form, and System.Text.Json throws
    /// NotSupportedException both ways.
    /// </summary>
    internal static bool CanBeKey(JsonContract key) =>
        !(key.IsNullable && key.Type.IsValueType)
        && (key.Type.SpecialType == SpecialType.System_String
        || key.Kind is JsonShapeKind.Enum or JsonShapeKind.Integer or JsonShapeKind.Number or JsonShapeKind.Boolean
        || (key.Kind == JsonShapeKind.String && key.Scalar is not ("base64" or null)));

    /// <summary>
    /// Whether <paramref name="type"/> (or a base) holds data System.Text.Json does not write when it writes none of its
    /// members: an instance field or property of any accessibility, an indexer, or it is the empty <c>ValueTuple</c>.
    /// A type with none of these (an empty marker class) or with derived types is left alone.
    /// </summary>
    private static bool HoldsOnlyUnwrittenData(INamedTypeSymbol type)
    {
        if (type.GetAttributes().Any(a => Is(a, JsonDerivedTypeAttribute)))
        {
            return false;
        }

        if (type is { Name: "ValueTuple", Arity: 0, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return true;
        }

        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } or IPropertySymbol { IsStatic: false, Name: not "EqualityContract" } && !IsIgnored(member))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The members System.Text.Json writes for <paramref name="type"/> (as <see cref="Refused"/> walks them), with their JSON names.</summary>
    private static IEnumerable<(ISymbol Symbol, ITypeSymbol Type, string JsonName)> WrittenMembers(INamedTypeSymbol type, JsonContractOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || !InWrittenContract(member, options) || !seen.Add(member.Name) || IsIgnored(member) || HasAttribute(member, JsonExtensionDataAttribute))
                {
                    continue;
                }

                var memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
                yield return (member, memberType, options.JsonName(member.Name, Attribute(member, JsonPropertyNameAttribute)?.ConstructorArguments.FirstOrDefault().Value as string));
            }
        }
    }

    /// <summary>Whether System.Text.Json's contract holds the member (it writes it), whether or not it sets it.</summary>
    private static bool InWrittenContract(ISymbol member, JsonContractOptions options)
    {
        if (member is not (IPropertySymbol or IFieldSymbol { IsImplicitlyDeclared: false }))
        {
            return false; // before reading attributes: a method's or a backing field's are never needed
        }

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
