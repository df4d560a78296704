using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// [JsonDerivedType] polymorphism as System.Text.Json reads it, checked before System.Text.Json sees the reply so that a
/// reply it would refuse gets PromptGen's own located message instead of its exception text (which [Repair] would send
/// to the model). The same rules as the generator's few-shot check (PG0027, JsonFit.Polymorphism):
/// <list type="bullet">
/// <item>the discriminator is the property of exactly its name (case matters, even under
/// <c>PropertyNameCaseInsensitive</c>), the object's first property unless the options'
/// <c>AllowOutOfOrderMetadataProperties</c> is set, and appears once;</item>
/// <item>its value is exactly one of the listed discriminators: a JSON string for a string one, a JSON number of the
/// same text for an int one (<c>"1"</c> and <c>1.0</c> are refused, whatever the number handling);</item>
/// <item>without it, a concrete base type is read as itself; an abstract one or an interface is refused;</item>
/// <item>any other property starting with <c>$</c> is refused (metadata System.Text.Json does not support here).</item>
/// </list>
/// The schema shape it recognises is the generator's: an <c>anyOf</c> without a <c>null</c> option whose object options
/// each lead with one property of a single allowed value (the discriminator, the same name in each), and at most one
/// object option without it (the concrete base type).
/// </summary>
internal static partial class JsonSchemaValidator
{
    private static readonly PropertyInfo? OutOfOrderMetadataProperty = typeof(JsonSerializerOptions).GetProperty("AllowOutOfOrderMetadataProperties");

    /// <summary>
    /// <c>JsonSerializerOptions.AllowOutOfOrderMetadataProperties</c> (System.Text.Json 9+): read by name, as the runtime
    /// also builds against System.Text.Json 8, which lacks it (and where it is therefore always off).
    /// </summary>
    internal static bool AllowsOutOfOrderMetadata(JsonSerializerOptions? options) =>
        options is not null && OutOfOrderMetadataProperty?.GetValue(options) is true;

    /// <summary>A polymorphic type's <c>anyOf</c>: the discriminator's name, each tagged option's index and tag, the base option's index (-1: none).</summary>
    internal sealed class Polymorphic
    {
        private Polymorphic(string name, List<(int Option, JsonElement Tag)> tagged, int untagged)
        {
            Name = name;
            Tagged = tagged;
            Untagged = untagged;
        }

        public string Name { get; }

        public List<(int Option, JsonElement Tag)> Tagged { get; }

        public int Untagged { get; }

        /// <summary>"circle", "square" or 1, 2: the tags as JSON.</summary>
        public string Allowed()
        {
            var all = new List<string>();
            foreach (var (_, tag) in Tagged)
            {
                all.Add(tag.GetRawText());
            }

            return string.Join(", ", all);
        }

        /// <summary>The option <paramref name="given"/> names: exactly a tag's JSON kind and text; -1 when none.</summary>
        public int Option(JsonElement given)
        {
            foreach (var (option, tag) in Tagged)
            {
                if (tag.ValueKind == given.ValueKind
                    && (tag.ValueKind == JsonValueKind.String ? tag.GetString() == given.GetString() : tag.ValueKind == JsonValueKind.Number && tag.GetRawText() == given.GetRawText()))
                {
                    return option;
                }
            }

            return -1;
        }

        /// <summary>The shape in <paramref name="anyOf"/> (its <c>$ref</c>s resolved against <paramref name="root"/>), or null.</summary>
        public static Polymorphic? Read(JsonElement root, JsonElement anyOf)
        {
            string? name = null;
            var tagged = new List<(int, JsonElement)>();
            var untagged = -1;
            var index = 0;
            foreach (var candidate in anyOf.EnumerateArray())
            {
                var option = candidate.ValueKind == JsonValueKind.Object && candidate.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target
                    ? ResolveIn(root, target) ?? candidate
                    : candidate;
                if (option.ValueKind != JsonValueKind.Object || !option.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
                {
                    return null; // a null option (a nullable type) or anything else: not a [JsonDerivedType] hierarchy
                }

                if (option.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                    && First(properties) is { Value.ValueKind: JsonValueKind.Object } first
                    && first.Value.TryGetProperty("enum", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() == 1
                    && (name is null || name == first.Name))
                {
                    name = first.Name;
                    tagged.Add((index, tags[0]));
                }
                else if (untagged < 0)
                {
                    untagged = index;
                }
                else
                {
                    return null;
                }

                index++;
            }

            return name is null ? null : new Polymorphic(name, tagged, untagged);
        }

        private static JsonProperty? First(JsonElement properties)
        {
            foreach (var property in properties.EnumerateObject())
            {
                return property;
            }

            return null;
        }

        private static JsonElement? ResolveIn(JsonElement root, string reference)
        {
            if (reference == "#")
            {
                return root;
            }

            const string prefix = "#/$defs/";
            return reference.StartsWith(prefix, StringComparison.Ordinal) && root.TryGetProperty("$defs", out var defs) && defs.TryGetProperty(reference.Substring(prefix.Length), out var definition)
                ? definition
                : null;
        }
    }

    /// <summary>
    /// The metadata of <paramref name="value"/> by System.Text.Json's rules (see the type's remarks), then the option it
    /// names (or the base type's) against the value. Errors name the path: <c>$.shape: the discriminator "kind" must come first …</c>.
    /// </summary>
    private static void CheckPolymorphic(Context root, Polymorphic shape, JsonElement anyOf, JsonElement value, string path, List<string> errors)
    {
        var count = errors.Count;
        var index = 0;
        string? firstName = null;
        JsonElement? given = null;
        foreach (var property in value.EnumerateObject())
        {
            firstName ??= property.Name;
            if (property.Name == shape.Name)
            {
                if (given is not null)
                {
                    errors.Add($"{path}: the discriminator \"{shape.Name}\" appears twice; System.Text.Json reads it once.");
                }
                else if (index > 0 && !root.OutOfOrderMetadata)
                {
                    errors.Add($"{path}: the discriminator \"{shape.Name}\" must come first (it comes after \"{Shorten(firstName)}\"); System.Text.Json reads it only as the first property.");
                }

                given ??= property.Value;
            }
            else if (property.Name.StartsWith("$", StringComparison.Ordinal))
            {
                errors.Add($"{Child(path, property.Name)}: a property starting with '$' is metadata System.Text.Json does not support in a polymorphic object; remove it.");
            }

            index++;
        }

        if (errors.Count > count)
        {
            return;
        }

        int chosen;
        if (given is { } tag)
        {
            chosen = shape.Option(tag);
            if (chosen < 0)
            {
                errors.Add($"{Child(path, shape.Name)}: {Describe(tag)} is not one of the allowed values {shape.Allowed()} (it names the object's type).");
                return;
            }
        }
        else if (shape.Untagged >= 0)
        {
            chosen = shape.Untagged;
        }
        else
        {
            errors.Add($"{Child(path, shape.Name)}: required property is missing (it names the object's type, as the first property: one of {shape.Allowed()}).");
            return;
        }

        Check(root, anyOf[chosen], value, path, errors);
    }

    /// <summary>
    /// The index of the <c>anyOf</c> option <paramref name="value"/> names when its metadata is as System.Text.Json reads it
    /// (the rules of <see cref="CheckPolymorphic"/>, without messages); -1 when it is not, or names none.
    /// </summary>
    private static int Choose(Polymorphic shape, JsonElement value, bool outOfOrderMetadata)
    {
        var index = 0;
        JsonElement? given = null;
        foreach (var property in value.EnumerateObject())
        {
            if (property.NameEquals(shape.Name))
            {
                if (given is not null || (index > 0 && !outOfOrderMetadata))
                {
                    return -1;
                }

                given = property.Value;
            }
            else if (property.Name.StartsWith("$", StringComparison.Ordinal))
            {
                return -1;
            }

            index++;
        }

        return given is { } tag ? shape.Option(tag) : shape.Untagged;
    }
}
