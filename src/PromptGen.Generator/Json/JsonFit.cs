using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>One way a JSON text does not fit a type, with the offsets of the JSON it is about.</summary>
internal sealed record JsonMismatch(string Message, int Start, int Length);

/// <summary>
/// Whether a JSON value fits a type as the reply would be read at run time: the type's <see cref="JsonContract"/> under
/// the interface's serializer options (names under the naming policy, case-insensitive only under
/// <c>PropertyNameCaseInsensitive</c>, numbers in strings only under <c>AllowReadingFromString</c>), and the values the
/// schema allows (enum names, one character for a <c>char</c>). Unknown properties are reported too, although the
/// deserialiser skips them: an example that teaches the model a property the type lacks teaches it to waste tokens on
/// data that is dropped (and strict mode rejects them). A type with [JsonExtensionData] takes any property.
/// </summary>
internal static partial class JsonFit
{
    public static List<JsonMismatch> Check(JsonValue value, ITypeSymbol type, JsonContractOptions options) => Check(value, type, new JsonContracts(options));

    /// <summary>
    /// The check with the interface's contracts, each type read once (<see cref="JsonContracts"/>). The value is read
    /// as the type itself: a few-shot reply's envelopes (<c>{"value": …}</c>, <c>{"items": […]}</c>) are taken off by
    /// <see cref="FewShotWire"/>, which knows the reply schema's shape.
    /// </summary>
    /// <param name="root">What the value is, for messages about it as a whole ("the reply requires 'name'"): "the reply", or "this item" for a stream's item.</param>
    public static List<JsonMismatch> Check(JsonValue value, ITypeSymbol type, JsonContracts contracts, string root = "the reply")
    {
        var problems = new List<JsonMismatch>();
        Check(value, type, null, contracts, problems, 0, root);
        return problems;
    }

    private static void Check(JsonValue value, ITypeSymbol type, ISymbol? member, JsonContracts contracts, List<JsonMismatch> problems, int depth, string root)
    {
        if (depth > 32)
        {
            return;
        }

        var contract = contracts.Of(type, member);
        var options = contracts.Options;
        var display = DisplayNames.Of(contract.Type);
        if (value.Kind == JsonKind.Null)
        {
            // The schema allows null only for a nullable type (int?, string?) and any-JSON (the run time refuses the rest).
            if (!contract.IsNullable && contract.Type.TypeKind != TypeKind.Error && contract.Kind is not (JsonShapeKind.Any or JsonShapeKind.Unsupported))
            {
                problems.Add(new JsonMismatch($"null cannot be a '{display}'; give a value, or make it '{display}?'", value.Start, value.Length));
            }

            return;
        }

        var fits = contract.Kind switch
        {
            JsonShapeKind.Any or JsonShapeKind.Unsupported => true,
            JsonShapeKind.AnyObject or JsonShapeKind.Object or JsonShapeKind.Dictionary => value.Kind == JsonKind.Object,
            JsonShapeKind.AnyArray or JsonShapeKind.Array => value.Kind == JsonKind.Array,
            JsonShapeKind.String => value.Kind == JsonKind.String,
            JsonShapeKind.Integer or JsonShapeKind.Number => value.Kind == JsonKind.Number || (value.Kind == JsonKind.String && (options.NumbersFromStrings || contract.NumbersFromStrings) && IsNumber(value.Text)),
            JsonShapeKind.Boolean => value.Kind is JsonKind.True or JsonKind.False,
            JsonShapeKind.Enum => value.Kind == (contract.StringEnum ? JsonKind.String : JsonKind.Number),
            _ => true,
        };

        if (!fits)
        {
            problems.Add(new JsonMismatch($"{value.Describe()} cannot be read as '{display}', which expects {Expected(contract)}", value.Start, value.Length));
            return;
        }

        switch (contract.Kind)
        {
            case JsonShapeKind.Enum when contract.Flags:
                if (!FlagsEnum.Fits(contract.FlagsZero, contract.EnumValues, value.Text!))
                {
                    problems.Add(new JsonMismatch($"\"{value.Text}\" is not a value of '{display}' (it has {string.Join(", ", contract.EnumValues.Select(v => "'" + v + "'"))}, combined as \"{FlagsEnum.Example(contract.FlagsZero, contract.EnumValues)}\")", value.Start, value.Length));
                }

                break;
            case JsonShapeKind.Enum when contract.StringEnum && !contract.EnumValues.Contains(value.Text!):
                problems.Add(new JsonMismatch($"\"{value.Text}\" is not a value of '{display}' (it has {string.Join(", ", contract.EnumValues.Select(v => "'" + v + "'"))})", value.Start, value.Length));
                break;
            case JsonShapeKind.Enum when !contract.StringEnum && !contract.EnumValues.Contains(ToLong(value.Text)):
                problems.Add(new JsonMismatch($"{value.Text} is not a value of '{display}' (it has {string.Join(", ", contract.EnumValues)})", value.Start, value.Length));
                break;
            case JsonShapeKind.Integer or JsonShapeKind.Number when JsonNumbers.Format(contract.Type) is { } format && NumberText(value) is { } number
                                                                  && JsonNumbers.Problem(format, number) is { } outside:
                problems.Add(new JsonMismatch($"{outside}, so it cannot be read as '{display}'", value.Start, value.Length));
                break;
            case JsonShapeKind.String when ScalarProblem(contract.Scalar, value.Text!) is { } expected:
                problems.Add(new JsonMismatch($"\"{Shorten(value.Text!)}\" cannot be read as '{display}', which expects {expected}", value.Start, value.Length));
                break;
            case JsonShapeKind.Array:
                foreach (var item in value.Items)
                {
                    Check(item, contract.Element!, null, contracts, problems, depth + 1, root);
                }

                break;
            case JsonShapeKind.Dictionary:
                var key = contract.Key!.SpecialType == SpecialType.System_String ? null : contracts.Of(contract.Key);
                foreach (var entry in value.Members)
                {
                    if (key is not null && KeyProblem(key, entry.Name) is { } expected)
                    {
                        problems.Add(new JsonMismatch($"the key \"{Shorten(entry.Name)}\" cannot be read as '{DisplayNames.Of(key.Type)}', which expects {expected}", entry.NameStart, entry.NameLength));
                    }

                    Check(entry.Value, contract.Element!, null, contracts, problems, depth + 1, root);
                }

                break;
            case JsonShapeKind.Object when CheckPolymorphic(value, contract, contracts, problems, depth, root):
                break;
            case JsonShapeKind.Object when !contract.Type.IsAbstract && contract.Type.TypeKind != TypeKind.Interface:
                CheckObject(value, contract, display, contracts, problems, depth, null, root);
                break;
        }
    }

    /// <param name="discriminator">For a polymorphic type, its discriminator's property name: it and every other '$' property are metadata (checked by CheckPolymorphic), not members. Null otherwise.</param>
    /// <param name="root">What the value at depth 0 is called (<see cref="Check(JsonValue, ITypeSymbol, JsonContracts, string)"/>).</param>
    private static void CheckObject(JsonValue value, JsonContract contract, string display, JsonContracts contracts, List<JsonMismatch> problems, int depth, string? discriminator, string root)
    {
        var options = contracts.Options;
        foreach (var (name, nameStart, nameLength, memberValue) in value.Members)
        {
            if (discriminator is not null && (name == discriminator || name.StartsWith("$", StringComparison.Ordinal)))
            {
                continue;
            }

            var match = contract.Members.FirstOrDefault(m => options.NameMatches(name, m.JsonName));
            if (match is null)
            {
                if (!contract.HasExtensionData)
                {
                    var known = string.Join(", ", contract.Members.Select(m => "'" + m.JsonName + "'"));
                    problems.Add(new JsonMismatch(
                        $"'{display}' has no property '{name}'" + (known.Length > 0 ? $" (it has {known})" : ""), nameStart, nameLength));
                }

                continue;
            }

            var count = problems.Count;
            Check(memberValue, match.Type, match.Symbol, contracts, problems, depth + 1, root);
            if (problems.Count == count)
            {
                CheckRules(memberValue, match, contracts.Of(match.Type, match.Symbol), display, problems);
            }
        }

        // The schema lists these as required, so the run time refuses a reply without them.
        var missing = contract.Members.Where(m => m.IsRequired && !value.Members.Any(v => options.NameMatches(v.Name, m.JsonName))).Select(m => "'" + m.JsonName + "'").ToList();
        if (missing.Count > 0)
        {
            // At the root the diagnostic already names the type ("does not fit 'Person'"): "the reply" (or "this item"), not an echo.
            problems.Add(new JsonMismatch($"{(depth == 0 ? root : "'" + display + "'")} requires {string.Join(", ", missing)}, which {(missing.Count == 1 ? "is" : "are")} missing", value.Start, 1));
        }
    }

    /// <summary>
    /// What a string scalar's text must look like: the schema's pattern or format (which the run time checks), or
    /// what System.Text.Json's converter parses (base64). Null when the text fits.
    /// </summary>
    private static string? ScalarProblem(string? scalar, string text)
    {
        switch (scalar)
        {
            case "System.Char" when text.Length != 1:
                return "exactly one character";
            case "System.DateTime" or "System.DateTimeOffset" when !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _):
                return "a date and time such as \"2026-11-30T14:05:00Z\"";
            case "System.DateOnly" when !DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                return "a date as yyyy-MM-dd";
            case "System.TimeOnly" when !Regex.IsMatch(text, JsonContract.TimeOnlyPattern, RegexOptions.CultureInvariant):
                return "a time of day as HH:mm:ss[.fffffff]";
            case "System.TimeSpan" when !Regex.IsMatch(text, JsonContract.TimeSpanPattern, RegexOptions.CultureInvariant):
                return "a duration as [-][d.]hh:mm:ss[.fffffff]";
            case "System.Version" when !Regex.IsMatch(text, JsonContract.VersionPattern, RegexOptions.CultureInvariant):
                return "a version such as \"1.2.3\"";
            case "System.Guid" when !Guid.TryParseExact(text, "D", out _): // System.Text.Json reads the 'D' form only
                return "a GUID such as \"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"";
            case "base64" when !IsBase64(text):
                return "base64-encoded bytes";
            default:
                return null;
        }
    }

    /// <summary>
    /// What a dictionary key must look like for System.Text.Json to read it as the key type (as the schema's
    /// <c>propertyNames</c> says it); null when it fits or the key type is not one it reads (PG0050's to report).
    /// </summary>
    private static string? KeyProblem(JsonContract key, string name)
    {
        if (FlagsEnum.IsFlags(key.Type) && key.Kind is JsonShapeKind.Enum or JsonShapeKind.Integer)
        {
            var (zero, flagNames) = FlagsEnum.KeyNames(key.Type);
            return FlagsEnum.Fits(zero, flagNames, name)
                ? null
                : "one of " + string.Join(", ", flagNames.Select(n => "'" + n + "'")) + $" or a combination such as \"{FlagsEnum.Example(zero, flagNames)}\"";
        }

        switch (key.Kind)
        {
            case JsonShapeKind.Enum:
                var names = key.StringEnum
                    ? key.EnumValues.Select(v => v.ToString()).ToList()
                    : EnumNames.KeyNames(key.Type).Select(v => v.ToString()).ToList(); // keys by name, as STJ writes them
                return names.Contains(name) ? null : "one of " + string.Join(", ", names.Select(n => "'" + n + "'"));
            case JsonShapeKind.Integer or JsonShapeKind.Number:
                var integer = key.Kind == JsonShapeKind.Integer;
                if (!Regex.IsMatch(name, integer ? "^-?[0-9]+$" : "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant))
                {
                    return integer ? "a whole number" : "a number";
                }

                return JsonNumbers.Format(key.Type) is { } format && JsonText.Parse(name, out _, out _, out _) is { Kind: JsonKind.Number } number
                    && JsonNumbers.Problem(format, number.Text!) is not null
                    ? (integer ? "a whole number" : "a number") + " within its range"
                    : null;
            case JsonShapeKind.Boolean:
                return name is "true" or "false" or "True" or "False" ? null : "true or false";
            case JsonShapeKind.String:
                return ScalarProblem(key.Scalar, name);
            default:
                return null;
        }
    }

    private static bool IsBase64(string text)
    {
        try
        {
            Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The number a value holds: its JSON text, or (read from a string) the string's text when it is a JSON number.</summary>
    private static string? NumberText(JsonValue value) =>
        value.Kind == JsonKind.Number ? value.Text
        : value.Text is { } text && JsonText.Parse(text, out _, out _, out _) is { Kind: JsonKind.Number } number ? number.Text : null;

    private static object ToLong(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : (object)"";

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";

    /// <summary>What <c>AllowReadingFromString</c> reads: a string holding a number.</summary>
    private static bool IsNumber(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Expected(JsonContract contract) => contract.Kind switch
    {
        JsonShapeKind.String => "a string",
        JsonShapeKind.Integer or JsonShapeKind.Number => "a number",
        JsonShapeKind.Boolean => "true or false",
        JsonShapeKind.Enum => contract.StringEnum ? "a string naming one of its values" : "a number (its enums are read as numbers)",
        JsonShapeKind.Array or JsonShapeKind.AnyArray => "an array",
        _ => "an object",
    };
}
