using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// The schema keywords beyond a value's JSON kind that the run-time validator (<c>JsonSchemaValidator</c>) checks, so
/// that a few-shot it would refuse is refused at build time too: a member's DataAnnotations as
/// <see cref="DataAnnotations"/> writes them into the schema (<c>minimum</c>/<c>maximum</c> from [Range],
/// <c>minLength</c>/<c>maxLength</c> from [StringLength], [MinLength], [MaxLength] and [Required], <c>pattern</c> from
/// [RegularExpression], <c>minItems</c>/<c>maxItems</c> for lists, no <c>null</c> under [Required]). Polymorphism is
/// JsonFit.Polymorphism.cs's.
/// </summary>
internal static partial class JsonFit
{
    /// <summary>
    /// The member a rule sits on, as messages name members (PG0027, PG0063): what the user edits, the C# member
    /// (<c>'Rating.Stars'</c>), and where its JSON name differs from it other than in case (a [JsonPropertyName], a
    /// snake_case policy), the JSON name the few-shot shows too: <c>'Rating.Stars' (JSON "stars_count")</c>.
    /// </summary>
    internal static string Named(string owner, JsonMember member) => Named(owner, member.Symbol.Name, member.JsonName);

    /// <inheritdoc cref="Named(string, JsonMember)"/>
    internal static string Named(string owner, string memberName, string jsonName) =>
        $"'{owner}.{memberName}'" + (string.Equals(memberName, jsonName, System.StringComparison.OrdinalIgnoreCase) ? "" : $" (JSON \"{jsonName}\")");

    /// <summary>Checks <paramref name="value"/> against the keywords the member's DataAnnotations add to its schema.</summary>
    private static void CheckRules(JsonValue value, JsonMember member, JsonContract contract, string owner, List<JsonMismatch> problems)
    {
        var type = contract.Kind switch
        {
            JsonShapeKind.Integer => "integer",
            JsonShapeKind.Number => "number",
            JsonShapeKind.String => "string",
            JsonShapeKind.Array => "array",
            _ => null,
        };
        var required = JsonContract.HasAttribute(member.Symbol, DataAnnotations.Required) || (member.Parameter is { } p && JsonContract.HasAttribute(p, DataAnnotations.Required));
        if (value.Kind == JsonKind.Null)
        {
            if (required && contract.IsNullable)
            {
                problems.Add(new JsonMismatch($"null is not allowed: {Named(owner, member)} is [Required]", value.Start, value.Length));
            }

            return;
        }

        if (type is null)
        {
            return;
        }

        var schema = new SchemaNode().Set("type", type);
        DataAnnotations.Apply(member.Symbol, member.Type, schema);
        if (member.Parameter is { } parameter)
        {
            DataAnnotations.Apply(parameter, member.Type, schema);
        }

        switch (value.Kind)
        {
            case JsonKind.Number when type is "integer" or "number":
                if (JsonNumbers.Format(contract.Type) is { } format && JsonNumbers.Problem(format, value.Text!) is not null)
                {
                    return; // Outside the type's own range: reported as such.
                }

                var number = double.Parse(value.Text!, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (Bound(schema.Get("minimum")) is { } minimum && number < minimum.Value)
                {
                    problems.Add(new JsonMismatch($"{value.Text} is less than the minimum {minimum.Text} ([Range] on {Named(owner, member)})", value.Start, value.Length));
                }

                if (Bound(schema.Get("maximum")) is { } maximum && number > maximum.Value)
                {
                    problems.Add(new JsonMismatch($"{value.Text} is more than the maximum {maximum.Text} ([Range] on {Named(owner, member)})", value.Start, value.Length));
                }

                break;
            case JsonKind.String when type == "string":
                var text = value.Text!;
                if (schema.Get("minLength") is long minLength && text.Length < minLength)
                {
                    problems.Add(new JsonMismatch(minLength == 1
                        ? $"\"\" is empty, but {Named(owner, member)} must not be"
                        : $"\"{Shorten(text)}\" has {text.Length} characters, fewer than the minimum {minLength} of {Named(owner, member)}", value.Start, value.Length));
                }

                if (schema.Get("maxLength") is long maxLength && text.Length > maxLength)
                {
                    problems.Add(new JsonMismatch($"\"{Shorten(text)}\" has {text.Length} characters, more than the maximum {maxLength} of {Named(owner, member)}", value.Start, value.Length));
                }

                if (schema.Get("pattern") is string pattern && !Matches(text, pattern))
                {
                    problems.Add(new JsonMismatch($"\"{Shorten(text)}\" does not match the pattern {pattern} ([RegularExpression] on {Named(owner, member)})", value.Start, value.Length));
                }

                break;
            case JsonKind.Array when type == "array":
                var count = value.Items.Count;
                if (schema.Get("minItems") is long minItems && count < minItems)
                {
                    problems.Add(new JsonMismatch($"the array has {count} items, fewer than the minimum {minItems} of {Named(owner, member)}", value.Start, 1));
                }

                if (schema.Get("maxItems") is long maxItems && count > maxItems)
                {
                    problems.Add(new JsonMismatch($"the array has {count} items, more than the maximum {maxItems} of {Named(owner, member)}", value.Start, 1));
                }

                break;
        }
    }

    /// <summary>As the run-time validator runs a pattern: .NET's regex, culture-invariant, one second at most; a pattern .NET cannot run passes.</summary>
    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static (double Value, string Text)? Bound(object? bound) => bound switch
    {
        long whole => (whole, whole.ToString(CultureInfo.InvariantCulture)),
        double real => (real, real.ToString("R", CultureInfo.InvariantCulture)),
        _ => null,
    };
}
