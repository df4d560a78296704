using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

internal sealed partial record JsonContractOptions
{
    private const string AllowOutOfOrderMetadataProperties = "AllowOutOfOrderMetadataProperties";

    /// <summary>
    /// Whether a polymorphic type's discriminator may come after other properties
    /// (<c>JsonSerializerOptions.AllowOutOfOrderMetadataProperties</c>, .NET 9+). PromptGen's reflection options leave
    /// it off (<c>PromptReply.ReflectionOptions</c>); a JsonContext turns it on with
    /// <c>[JsonSourceGenerationOptions(AllowOutOfOrderMetadataProperties = true)]</c>.
    /// </summary>
    public bool OutOfOrderMetadata { get; init; }

    private static bool OutOfOrderMetadataOf(AttributeData? options) =>
        options?.NamedArguments.Any(n => n.Key == AllowOutOfOrderMetadataProperties && n.Value.Value is true) == true;
}

/// <summary>
/// [JsonDerivedType] polymorphism as System.Text.Json reads it (checked against it by
/// JsonRoundTripTests.TheFewShotCheckAndTheRunTimeAgreeOnPolymorphicReplies):
/// <list type="bullet">
/// <item>the discriminator is the property of exactly the [JsonPolymorphic] name (<c>$type</c> by default; case matters
/// even under <c>PropertyNameCaseInsensitive</c>), and it must be the object's first property unless the options allow
/// out-of-order metadata (<see cref="JsonContractOptions.OutOfOrderMetadata"/>); it may appear once;</item>
/// <item>its value is a JSON string equal to a string discriminator, or a JSON number whose text is an int
/// discriminator ("1" for 1, or 1.0, is refused), nothing else (null, true, objects are refused);</item>
/// <item>an unknown discriminator is refused: by System.Text.Json, and, even where
/// [JsonPolymorphic(IgnoreUnrecognizedTypeDiscriminators = true)] on a concrete base would let it read the base type, by
/// the run-time validator, whose schema (<c>anyOf</c>) names only the listed discriminators;
/// <c>UnknownDerivedTypeHandling</c> is about writing and changes nothing here;</item>
/// <item>without a discriminator a concrete base type is read as itself; an abstract one or an interface is refused,
/// even when a [JsonDerivedType] without a discriminator is listed (that one is only ever written);</item>
/// <item>any other property starting with <c>$</c> (<c>$id</c>, <c>$type</c> beside a custom discriminator) is refused
/// as metadata the type does not support.</item>
/// </list>
/// </summary>
internal static partial class JsonFit
{
    /// <summary>Checks a polymorphic type's object; false when the type has no [JsonDerivedType] (an ordinary object).</summary>
    private static bool CheckPolymorphic(JsonValue value, JsonContract contract, JsonContracts contracts, List<JsonMismatch> problems, int depth, string root)
    {
        var type = contract.Type;
        var derived = type.GetAttributes().Where(a => JsonContract.Is(a, JsonContract.JsonDerivedTypeAttribute)).ToList();
        if (derived.Count == 0)
        {
            return false;
        }

        var polymorphic = type.GetAttributes().FirstOrDefault(a => JsonContract.Is(a, JsonContract.JsonPolymorphicAttribute));
        var property = polymorphic?.NamedArguments.FirstOrDefault(n => n.Key == "TypeDiscriminatorPropertyName").Value.Value as string ?? "$type";
        var options = new List<(string Discriminator, bool IsText, INamedTypeSymbol Type)>();
        foreach (var attribute in derived)
        {
            if (attribute.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol subtype && attribute.ConstructorArguments.Length > 1)
            {
                switch (attribute.ConstructorArguments[1].Value)
                {
                    case string text:
                        options.Add((text, true, subtype));
                        break;
                    case int number:
                        options.Add((number.ToString(CultureInfo.InvariantCulture), false, subtype));
                        break;
                }
            }
        }

        var display = DisplayNames.Of(type);
        var concrete = !type.IsAbstract && type.TypeKind != TypeKind.Interface;
        var known = string.Join(", ", options.Select(o => o.IsText ? "\"" + o.Discriminator + "\"" : o.Discriminator));

        // Metadata: every '$' property but the discriminator is refused; the discriminator once, and first.
        var tags = new List<(string Name, int NameStart, int NameLength, JsonValue Value)>();
        for (var i = 0; i < value.Members.Count; i++)
        {
            var member = value.Members[i];
            if (member.Name == property)
            {
                if (tags.Count > 0)
                {
                    problems.Add(new JsonMismatch($"\"{property}\" appears twice; System.Text.Json reads a polymorphic type's discriminator once", member.NameStart, member.NameLength));
                }
                else if (i > 0 && !contracts.Options.OutOfOrderMetadata)
                {
                    problems.Add(new JsonMismatch(
                        $"\"{property}\" comes after \"{Shorten(value.Members[0].Name)}\", but System.Text.Json reads the discriminator of '{display}' only as the first property; move it first (or set AllowOutOfOrderMetadataProperties = true in the JsonContext's [JsonSourceGenerationOptions])",
                        member.NameStart, member.NameLength));
                }

                tags.Add(member);
            }
            else if (member.Name.StartsWith("$", System.StringComparison.Ordinal))
            {
                problems.Add(new JsonMismatch($"\"{Shorten(member.Name)}\" cannot appear in '{display}': System.Text.Json reads a property starting with '$' in a polymorphic type as metadata it does not support; remove it", member.NameStart, member.NameLength));
            }
        }

        if (tags.Count > 0)
        {
            var tag = tags[0].Value;
            if (tag.Kind is not (JsonKind.String or JsonKind.Number))
            {
                problems.Add(new JsonMismatch($"{tag.Describe()} cannot be the \"{property}\" of '{display}', which System.Text.Json reads only as a string or a number (it must be one of {known})", tag.Start, tag.Length));
                return true;
            }

            var chosen = options.FirstOrDefault(o => o.Discriminator == tag.Text && (o.IsText ? tag.Kind == JsonKind.String : tag.Kind == JsonKind.Number));
            if (chosen.Type is not null)
            {
                CheckObject(value, contracts.Of(chosen.Type), DisplayNames.Of(chosen.Type), contracts, problems, depth, property, root);
                return true;
            }

            var shown = tag.Kind == JsonKind.String ? "\"" + Shorten(tag.Text!) + "\"" : tag.Text;
            problems.Add(new JsonMismatch($"{shown} is not a \"{property}\" of '{display}' (it must be one of {known})", tag.Start, tag.Length));
            return true;
        }

        if (concrete)
        {
            CheckObject(value, contract, display, contracts, problems, depth, property, root);
            return true;
        }

        problems.Add(new JsonMismatch($"{(depth == 0 ? root : "'" + display + "'")} requires \"{property}\" as its first property to say which type it is (one of {known})", value.Start, 1));
        return true;
    }
}
