using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// The names a string enum travels by must be one per member: two members with one JSON name (<c>[JsonStringEnumMemberName("x")]</c>
/// on both, or on one naming it as another member is named) send <c>"enum":["x","x"]</c>, and the reply <c>"x"</c> is
/// always read as the first of them, so the second can never come back. Members of one value are one value under
/// two names (either reads as it), not a collision.
/// </summary>
internal static class EnumNames
{
    /// <summary>
    /// Why <paramref name="members"/> (each field with the name it travels by, in declaration order) cannot all come back,
    /// phrased to follow "'T' is …", or null when every member has a name of its own.
    /// </summary>
    public static string? Collision(IReadOnlyList<(IFieldSymbol Field, string Name)> members)
    {
        var byName = new Dictionary<string, IFieldSymbol>(System.StringComparer.Ordinal);
        foreach (var (field, name) in members)
        {
            if (!byName.TryGetValue(name, out var first))
            {
                byName.Add(name, field);
                continue;
            }

            if (Equals(first.ConstantValue, field.ConstantValue))
            {
                continue; // one value under one name twice: whichever member the reply names, the value is the same
            }

            return $"an enum whose members '{first.Name}' and '{field.Name}' both travel as \"{name}\"{Renamed(first, field)}, so a reply of \"{name}\" is always '{first.Name}' and '{field.Name}' can never come back; give each member a name of its own";
        }

        return null;
    }

    /// <summary>Which of the two carries the [JsonStringEnumMemberName] that makes the names meet.</summary>
    private static string Renamed(IFieldSymbol first, IFieldSymbol second)
    {
        var renamed = new List<string>();
        foreach (var field in new[] { first, second })
        {
            foreach (var attribute in field.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute")
                {
                    renamed.Add("'" + field.Name + "'");
                }
            }
        }

        return renamed.Count == 0 ? "" : $" ([JsonStringEnumMemberName] on {string.Join(" and ", renamed)})";
    }
}
