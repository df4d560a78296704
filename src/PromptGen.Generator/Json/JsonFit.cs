using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>One way a JSON text does not fit a type, with the offsets of the JSON it is about.</summary>
internal sealed record JsonMismatch(string Message, int Start, int Length);

/// <summary>
/// Whether a JSON value fits a type as System.Text.Json's web defaults read it: property names match
/// case-insensitively ([JsonPropertyName] wins), numbers may also be strings, enums are strings or numbers.
/// Unknown properties are reported too, although the deserialiser skips them: an example that teaches the model a
/// property the type lacks teaches it to waste tokens on data that is dropped.
/// </summary>
internal static class JsonFit
{
    public static List<JsonMismatch> Check(JsonValue value, ITypeSymbol type)
    {
        // A reply whose value is not an object travels wrapped as {"value": …} (a schema's root is an object); both forms are read.
        if (value is { Kind: JsonKind.Object, Members.Count: 1 } && value.Members[0].Name == "value"
            && JsonTypes.Classify(type, out _) is not (JsonShapeKind.Object or JsonShapeKind.Dictionary or JsonShapeKind.Any))
        {
            value = value.Members[0].Value;
        }

        var problems = new List<JsonMismatch>();
        Check(value, type, problems, 0);
        return problems;
    }

    private static void Check(JsonValue value, ITypeSymbol type, List<JsonMismatch> problems, int depth)
    {
        if (depth > 32)
        {
            return;
        }

        var inner = JsonTypes.UnwrapNullable(type, out var isNullable);
        var display = inner.ToDisplayString();
        if (value.Kind == JsonKind.Null)
        {
            if (inner.IsValueType && !isNullable && inner.TypeKind != TypeKind.Error)
            {
                problems.Add(new JsonMismatch($"null cannot be a '{display}'; give a value, or make it '{display}?'", value.Start, value.Length));
            }

            return;
        }

        var kind = JsonTypes.Classify(inner, out var element);
        var fits = kind switch
        {
            JsonShapeKind.Any => true,
            JsonShapeKind.String => value.Kind == JsonKind.String,
            JsonShapeKind.Number => value.Kind == JsonKind.Number || (value.Kind == JsonKind.String && IsNumber(value.Text)),
            JsonShapeKind.Boolean => value.Kind is JsonKind.True or JsonKind.False,
            JsonShapeKind.Enum => value.Kind is JsonKind.String or JsonKind.Number,
            JsonShapeKind.Array => value.Kind == JsonKind.Array,
            _ => value.Kind == JsonKind.Object,
        };

        if (!fits)
        {
            problems.Add(new JsonMismatch($"{value.Describe()} cannot be read as '{display}', which expects {Expected(kind)}", value.Start, value.Length));
            return;
        }

        switch (kind)
        {
            case JsonShapeKind.Array when element is not null:
                foreach (var item in value.Items)
                {
                    Check(item, element, problems, depth + 1);
                }

                break;
            case JsonShapeKind.Dictionary when element is not null:
                foreach (var member in value.Members)
                {
                    Check(member.Value, element, problems, depth + 1);
                }

                break;
            case JsonShapeKind.Object:
                CheckObject(value, inner, display, problems, depth);
                break;
        }
    }

    private static void CheckObject(JsonValue value, ITypeSymbol type, string display, List<JsonMismatch> problems, int depth)
    {
        var properties = JsonTypes.Properties(type).ToList();
        var open = JsonTypes.HasExtensionData(type);
        foreach (var (name, nameStart, nameLength, memberValue) in value.Members)
        {
            var match = properties.FirstOrDefault(p => string.Equals(p.JsonName, name, StringComparison.OrdinalIgnoreCase));
            if (match.Property is null)
            {
                if (!open)
                {
                    var known = string.Join(", ", properties.Select(p => CamelCase(p.JsonName, p.Property)));
                    problems.Add(new JsonMismatch(
                        $"'{display}' has no property '{name}'" + (known.Length > 0 ? $" (it has {known})" : ""), nameStart, nameLength));
                }

                continue;
            }

            Check(memberValue, match.Property.Type, problems, depth + 1);
        }
    }

    /// <summary>The name the serialiser writes: the [JsonPropertyName] as given, else the C# name in camelCase.</summary>
    private static string CamelCase(string jsonName, IPropertySymbol property)
    {
        if (!string.Equals(jsonName, property.Name, StringComparison.Ordinal) || jsonName.Length == 0 || !char.IsUpper(jsonName[0]))
        {
            return "'" + jsonName + "'";
        }

        var chars = jsonName.ToCharArray();
        for (var i = 0; i < chars.Length && char.IsUpper(chars[i]); i++)
        {
            if (i > 0 && i + 1 < chars.Length && !char.IsUpper(chars[i + 1]))
            {
                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return "'" + new string(chars) + "'";
    }

    /// <summary>Web defaults read numbers from strings too, when the string holds a number.</summary>
    private static bool IsNumber(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string Expected(JsonShapeKind kind) => kind switch
    {
        JsonShapeKind.String => "a string",
        JsonShapeKind.Number => "a number",
        JsonShapeKind.Boolean => "true or false",
        JsonShapeKind.Enum => "a string naming one of its values",
        JsonShapeKind.Array => "an array",
        _ => "an object",
    };
}
