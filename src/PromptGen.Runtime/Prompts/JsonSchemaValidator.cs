using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptGen;

/// <summary>
/// Checks a reply against the JSON Schema PromptGen generated for the return type, and says exactly what is wrong, with
/// the JSON path of each error. It knows the keywords the generator writes: <c>type</c>, <c>properties</c>,
/// <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>const</c>, <c>anyOf</c>, <c>$ref</c>
/// (<c>#</c> and <c>#/$defs/…</c>), <c>minimum</c>, <c>maximum</c>, <c>minLength</c>, <c>maxLength</c>,
/// <c>pattern</c>, <c>minItems</c>, <c>maxItems</c>, <c>format</c> (dates, <c>uuid</c>, and the .NET number types:
/// see <see cref="NumberProblem"/>), <c>contentEncoding: base64</c>, <c>propertyNames</c>. Anything else is ignored.
/// </summary>
/// <remarks>
/// It also accepts what the deserialiser's options let System.Text.Json read beyond the schema, so that a reply the
/// deserialiser reads is not refused first: property names in any case under <c>PropertyNameCaseInsensitive</c>, and
/// a string holding a number where a number is expected under <c>JsonNumberHandling.AllowReadingFromString</c>
/// (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> too under <c>AllowNamedFloatingPointLiterals</c>). The
/// generator's few-shot check (PG0027) applies the same options.
/// </remarks>
internal static partial class JsonSchemaValidator
{
    private const int MaxErrors = 20;

    /// <summary>Checks <paramref name="value"/> against <paramref name="schema"/> by the letter of the schema.</summary>
    public static List<string> Validate(JsonElement schema, JsonElement value) => Validate(schema, value, null);

    /// <summary>Checks <paramref name="value"/> against <paramref name="schema"/>, with the leniencies <paramref name="options"/> give System.Text.Json (null: none).</summary>
    public static List<string> Validate(JsonElement schema, JsonElement value, JsonSerializerOptions? options)
    {
        var errors = new List<string>();
        var context = new Context(schema, options);
        Check(context, schema, value, "$", errors);
        return errors;
    }

    /// <summary>
    /// Checks tool-call arguments: as <see cref="Validate(JsonElement, JsonElement)"/>, and a string <c>enum</c> value
    /// also matches in another case, as the tool dispatcher reads enum names (ToolJson).
    /// </summary>
    public static List<string> ValidateArguments(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(new Context(schema, null) { EnumNamesIgnoreCase = true }, schema, value, "$", errors);
        return errors;
    }

    /// <summary>
    /// Checks <paramref name="value"/> against <paramref name="schema"/>, a part of <paramref name="root"/> (its <c>$ref</c>s
    /// resolve against the root), naming errors from <paramref name="path"/> (a streamed item: <c>$.items[3]</c>).
    /// </summary>
    public static List<string> Validate(JsonElement root, JsonElement schema, JsonElement value, JsonSerializerOptions? options, string path)
    {
        var errors = new List<string>();
        Check(new Context(root, options), schema, value, path, errors);
        return errors;
    }

    /// <summary>The schema's root (for <c>$ref</c>) and what the deserialiser's options allow.</summary>
    private sealed class Context
    {
        public Context(JsonElement root, JsonSerializerOptions? options)
        {
            Root = root;
            IgnoreCase = options?.PropertyNameCaseInsensitive ?? false;
            var handling = options?.NumberHandling ?? System.Text.Json.Serialization.JsonNumberHandling.Strict;
            NumbersFromStrings = (handling & System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString) != 0;
            NamedLiterals = (handling & System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0;
            OutOfOrderMetadata = AllowsOutOfOrderMetadata(options);
        }

        /// <summary>Whether a polymorphic object's discriminator may come after other properties (<c>AllowOutOfOrderMetadataProperties</c>).</summary>
        public bool OutOfOrderMetadata { get; }

        public JsonElement Root { get; }

        public bool IgnoreCase { get; }

        public bool NumbersFromStrings { get; }

        public bool NamedLiterals { get; }

        /// <summary>Whether a string matches a string <c>enum</c> entry in any case (tool arguments).</summary>
        public bool EnumNamesIgnoreCase { get; set; }
    }

    /// <summary>Whether <paramref name="value"/> matches, without collecting errors (for <c>anyOf</c>).</summary>
    private static bool Matches(Context root, JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(root, schema, value, "$", errors);
        return errors.Count == 0;
    }

    private static void Check(Context root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (errors.Count >= MaxErrors || schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target)
        {
            if (Resolve(root, target) is { } resolved)
            {
                Check(root, resolved, value, path, errors);
            }

            return;
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            if (value.ValueKind == JsonValueKind.Object && Polymorphic.Read(root.Root, anyOf) is { } polymorphic)
            {
                CheckPolymorphic(root, polymorphic, anyOf, value, path, errors); // JsonSchemaValidator.Polymorphism.cs
                return;
            }

            var options = new List<JsonElement>();
            foreach (var option in anyOf.EnumerateArray())
            {
                if (Matches(root, option, value))
                {
                    return;
                }

                options.Add(option);
            }

            // Report against the option of the same JSON type, when there is exactly one; else say what was expected.
            // Loops, not lambdas: a lambda capturing root and value would allocate its closure on every Check.
            var sameType = new List<JsonElement>();
            var expected = new List<string>();
            foreach (var option in options)
            {
                if (TypeMatches(root, option, value))
                {
                    sameType.Add(option);
                }

                var shape = Expected(root, option);
                if (!expected.Contains(shape))
                {
                    expected.Add(shape); // the options of a polymorphic type are all "an object": say it once
                }
            }

            if (sameType.Count == 1)
            {
                Check(root, sameType[0], value, path, errors);
            }
            else if (value.ValueKind == JsonValueKind.Object && Discriminated(root, sameType, value, path, errors))
            {
            }
            else
            {
                errors.Add(expected.Count == 1
                    ? $"{path}: {Describe(value)} is not {expected[0]}."
                    : $"{path}: {Describe(value)} matches none of the allowed shapes ({string.Join(" or ", expected)}).");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeAllows(type, value))
        {
            if (NumberInString(root, type, value, out var number))
            {
                using (number)
                {
                    if (number is not null)
                    {
                        CheckNumber(schema, number.RootElement, path, errors);
                    }
                }

                return;
            }

            errors.Add($"{path}: expected {TypeText(type)}, got {Describe(value)}.");
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, value))
        {
            errors.Add($"{path}: must be {constant.GetRawText()}, got {Describe(value)}.");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array)
        {
            var found = false;
            foreach (var option in allowed.EnumerateArray())
            {
                found |= JsonEquals(option, value)
                    || (root.EnumNamesIgnoreCase && option.ValueKind == JsonValueKind.String && value.ValueKind == JsonValueKind.String
                        && string.Equals(option.GetString(), value.GetString(), StringComparison.OrdinalIgnoreCase));
            }

            if (!found)
            {
                var list = new List<string>();
                foreach (var option in allowed.EnumerateArray())
                {
                    list.Add(option.GetRawText());
                }

                errors.Add($"{path}: {Describe(value)} is not one of the allowed values {string.Join(", ", list)}.");
                return;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(root, schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(root, schema, value, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors, root.EnumNamesIgnoreCase);
                CheckNumberInString(schema, value.GetString()!, path, errors);
                if (!IsBase64(schema, value))
                {
                    errors.Add($"{path}: {Describe(value)} is not base64 (System.Text.Json reads bytes from standard base64 with '=' padding).");
                }

                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value, path, errors);
                break;
        }
    }

    private static void CheckObject(Context root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.GetString() is { } n && !TryGetProperty(root, value, n, out _))
                {
                    errors.Add($"{Child(path, n)}: required property is missing.");
                }
            }
        }

        schema.TryGetProperty("additionalProperties", out var additional);
        var keys = schema.TryGetProperty("propertyNames", out var propertyNames) && propertyNames.ValueKind == JsonValueKind.Object ? propertyNames : default;
        foreach (var property in value.EnumerateObject())
        {
            if (keys.ValueKind == JsonValueKind.Object)
            {
                CheckName(root, keys, property.Name, Child(path, property.Name), errors);
            }

            if (properties.ValueKind == JsonValueKind.Object && TryGetProperty(root, properties, property.Name, out var propertySchema))
            {
                Check(root, propertySchema, property.Value, Child(path, property.Name), errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{Child(path, property.Name)}: no such property is allowed here.");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(root, additional, property.Value, Child(path, property.Name), errors);
            }
        }
    }

    /// <summary>
    /// A dictionary's key against <c>propertyNames</c> (the generator writes it for keys System.Text.Json reads from a
    /// property name: enum names, numbers, Guids, dates…): "$.Blue: the key "Blue" is not one of the allowed values …".
    /// </summary>
    private static void CheckName(Context root, JsonElement names, string name, string path, List<string> errors)
    {
        var text = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(text))
        {
            writer.WriteStringValue(name);
        }

        using var key = JsonDocument.Parse(text.ToArray());
        var found = new List<string>();
        Check(root, names, key.RootElement, "", found);
        foreach (var error in found)
        {
            errors.Add($"{path}: the key {error.Substring(2)}");
        }
    }

    /// <summary>A property by name: exactly, or in any case under <c>PropertyNameCaseInsensitive</c>.</summary>
    private static bool TryGetProperty(Context root, JsonElement element, string name, out JsonElement found)
    {
        if (element.TryGetProperty(name, out found))
        {
            return true;
        }

        if (root.IgnoreCase)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    found = property.Value;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Under <c>AllowReadingFromString</c>, whether <paramref name="value"/> is a string holding a number where the
    /// schema asks for a number (a whole one for <c>integer</c>), as System.Text.Json's number converters read it:
    /// <paramref name="number"/> is that number, to check against the schema's range (null for a named literal).
    /// </summary>
    private static bool NumberInString(Context root, JsonElement type, JsonElement value, out JsonDocument? number)
    {
        number = null;
        if (value.ValueKind != JsonValueKind.String || !root.NumbersFromStrings)
        {
            return false;
        }

        var names = TypeNames(type);
        var integer = names.Contains("integer");
        if (!integer && !names.Contains("number"))
        {
            return false;
        }

        var text = value.GetString()!;
        if (!integer && root.NamedLiterals && text is "NaN" or "Infinity" or "-Infinity")
        {
            return true;
        }

        number = TryParseNumber(text);
        if (number is not null && (!integer || IsWhole(number.RootElement)))
        {
            return true;
        }

        number?.Dispose();
        number = null;
        return false;
    }

    /// <summary>Whether a JSON number is whole, at any size (<c>Int128</c>, <c>UInt128</c>): <c>5</c>, <c>5.0</c>, <c>5e3</c>.</summary>
    private static bool IsWhole(JsonElement number)
    {
        if (number.TryGetInt64(out _) || number.TryGetUInt64(out _))
        {
            return true;
        }

        var text = number.GetRawText();
        var exponent = text.IndexOfAny(new[] { 'e', 'E' });
        if (exponent < 0 && text.IndexOf('.') < 0)
        {
            return true; // Digits only, beyond 64 bits.
        }

        return number.TryGetDouble(out var value) && !double.IsInfinity(value) && Math.Floor(value) == value;
    }

    private static JsonDocument? TryParseNumber(string text)
    {
        if (text.Length == 0 || text.Trim().Length != text.Length)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Number)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> TypeNames(JsonElement type)
    {
        var names = new List<string>();
        if (type.ValueKind == JsonValueKind.String)
        {
            names.Add(type.GetString()!);
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    names.Add(item.GetString()!);
                }
            }
        }

        return names;
    }

    private static void CheckArray(Context root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var count = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var min) && min.TryGetInt32(out var minItems) && count < minItems)
        {
            errors.Add($"{path}: has {count} items, fewer than the minimum {minItems}.");
        }

        if (schema.TryGetProperty("maxItems", out var max) && max.TryGetInt32(out var maxItems) && count > maxItems)
        {
            errors.Add($"{path}: has {count} items, more than the maximum {maxItems}.");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(root, items, item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", errors);
                index++;
            }
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<string> errors, bool enumNamesIgnoreCase = false)
    {
        var length = text.Length;
        if (schema.TryGetProperty("minLength", out var min) && min.TryGetInt32(out var minLength) && length < minLength)
        {
            errors.Add(minLength == 1 ? $"{path}: must not be empty." : $"{path}: has {length} characters, fewer than the minimum {minLength}.");
        }

        if (schema.TryGetProperty("maxLength", out var max) && max.TryGetInt32(out var maxLength) && length > maxLength)
        {
            errors.Add($"{path}: has {length} characters, more than the maximum {maxLength}.");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && pattern.GetString() is { } regex)
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(text, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                matches = true; // A pattern .NET cannot run is the server's to enforce.
            }
            catch (RegexMatchTimeoutException)
            {
                matches = true;
            }

            if (!matches && FlagsNames.Parse(regex) is { } flags)
            {
                // A [Flags] enum's names: as ToolJson reads them for tool arguments (any case), named in the message.
                if (!(enumNamesIgnoreCase && flags.Matches(text, ignoreCase: true)))
                {
                    errors.Add($"{path}: \"{Shorten(text)}\" is not {flags.Allowed()}.");
                }
            }
            else if (!matches)
            {
                errors.Add($"{path}: \"{Shorten(text)}\" does not match the pattern {regex}.");
            }
        }

        if (schema.TryGetProperty("format", out var format))
        {
            var ok = format.GetString() switch
            {
                "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
                "date" => DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "uuid" => Guid.TryParseExact(text, "D", out _), // what System.Text.Json reads: the 'D' form only
                _ => true,
            };
            if (!ok)
            {
                errors.Add($"{path}: \"{Shorten(text)}\" is not a valid {format.GetString()}.");
            }
        }
    }

    private static void CheckNumber(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
            && NumberProblem(format.GetString()!, value) is { } problem)
        {
            errors.Add($"{path}: {problem}.");
            return; // Its minimum and maximum say less than the type's own range.
        }

        var number = value.GetDouble();
        if (schema.TryGetProperty("minimum", out var min) && min.ValueKind == JsonValueKind.Number && number < min.GetDouble())
        {
            errors.Add($"{path}: {value.GetRawText()} is less than the minimum {min.GetRawText()}.");
        }

        if (schema.TryGetProperty("maximum", out var max) && max.ValueKind == JsonValueKind.Number && number > max.GetDouble())
        {
            errors.Add($"{path}: {value.GetRawText()} is more than the maximum {max.GetRawText()}.");
        }
    }

    private static JsonElement? Resolve(Context context, string reference)
    {
        var root = context.Root;
        if (reference == "#")
        {
            return root;
        }

        const string prefix = "#/$defs/";
        if (reference.StartsWith(prefix, StringComparison.Ordinal)
            && root.TryGetProperty("$defs", out var defs)
            && defs.TryGetProperty(reference.Substring(prefix.Length), out var definition))
        {
            return definition;
        }

        return null;
    }

    /// <summary>
    /// For the options of a [JsonDerivedType] hierarchy — objects that each name their type in one property with a single
    /// allowed value (<c>{"kind": "circle"}</c>), as the generator writes them, plus at most one option without it (a
    /// concrete base type) — reports against the option the value names, or says which names are allowed. False when
    /// the options are not of that shape.
    /// </summary>
    private static bool Discriminated(Context root, List<JsonElement> options, JsonElement value, string path, List<string> errors)
    {
        string? name = null;
        var named = new List<(JsonElement Option, JsonElement Tag)>();
        JsonElement? untagged = null;
        foreach (var candidate in options)
        {
            var option = candidate.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target && Resolve(root, target) is { } resolved ? resolved : candidate;
            if (option.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.Object } first
                && first.Value.TryGetProperty("enum", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() == 1
                && (name is null || name == first.Name))
            {
                name = first.Name;
                named.Add((option, tags[0]));
            }
            else if (untagged is null)
            {
                untagged = option;
            }
            else
            {
                return false;
            }
        }

        if (name is null || named.Count == 0)
        {
            return false;
        }

        if (!value.TryGetProperty(name, out var given))
        {
            if (untagged is { } baseOption)
            {
                Check(root, baseOption, value, path, errors);
            }
            else
            {
                errors.Add($"{Child(path, name)}: required property is missing (it names the object's type: one of {string.Join(", ", named.Select(n => n.Tag.GetRawText()))}).");
            }

            return true;
        }

        foreach (var (option, tag) in named)
        {
            if (JsonEquals(tag, given))
            {
                Check(root, option, value, path, errors);
                return true;
            }
        }

        errors.Add($"{Child(path, name)}: {Describe(given)} is not one of the allowed values {string.Join(", ", named.Select(n => n.Tag.GetRawText()))} (it names the object's type).");
        return true;
    }

    private static bool TypeMatches(Context root, JsonElement schema, JsonElement value)
    {
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target && Resolve(root, target) is { } resolved)
        {
            schema = resolved;
        }

        return !schema.TryGetProperty("type", out var type) || TypeAllows(type, value);
    }

    private static bool TypeAllows(JsonElement type, JsonElement value)
    {
        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (TypeAllows(item, value))
                {
                    return true;
                }
            }

            return false;
        }

        return type.GetString() switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && IsWhole(value),
            _ => true,
        };
    }

    private static string TypeText(JsonElement type)
    {
        if (type.ValueKind != JsonValueKind.Array)
        {
            return Article(type.GetString() ?? "value");
        }

        var names = new List<string>();
        foreach (var item in type.EnumerateArray())
        {
            names.Add(item.GetString() == "null" ? "null" : Article(item.GetString() ?? "value"));
        }

        return string.Join(" or ", names);
    }

    private static string Expected(Context root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target && Resolve(root, target) is { } resolved)
        {
            schema = resolved;
        }

        return schema.TryGetProperty("type", out var type) ? TypeText(type) : "any value";
    }

    private static string Article(string type) => type switch
    {
        "object" or "array" or "integer" => "an " + type,
        "null" => "null",
        _ => "a " + type,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "\"" + Shorten(value.GetString()!) + "\"",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 60) + "…";

    private static string Child(string path, string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return path + "[\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"]";
            }
        }

        return path + "." + name;
    }

    private static bool JsonEquals(JsonElement left, JsonElement right)
    {
        if (left.ValueKind == JsonValueKind.Number && right.ValueKind == JsonValueKind.Number)
        {
            return left.GetDouble() == right.GetDouble();
        }

        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        return left.ValueKind switch
        {
            JsonValueKind.String => left.GetString() == right.GetString(),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
            _ => left.GetRawText() == right.GetRawText(),
        };
    }
}
