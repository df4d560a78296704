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
    /// Why <paramref name="members"/> (each field with the name it travels by, in declaration order) cannot all travel,
    /// phrased to follow "'T' is …", or null when every member has a name of its own. The phrase says what the names do,
    /// not where the enum is used: the diagnostic's own text names the role (the reply, a tool's parameters, a tool's
    /// result, a dictionary key), and one phrase serves them all.
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

            return $"an enum whose members '{first.Name}' and '{field.Name}' both have the JSON name \"{name}\"{Renamed(first, field)}, so JSON cannot tell them apart (\"{name}\" is always read as '{first.Name}'); give each member a JSON name of its own";
        }

        return null;
    }

    /// <summary>
    /// The names System.Text.Json writes and reads for <paramref name="type"/>'s members as dictionary keys, in declaration
    /// order, each once: the [JsonStringEnumMemberName] name, else the C# name. A key is written by name whether or not
    /// the enum's values travel as names (checked on .NET 10: a <c>Dictionary&lt;Hue, int&gt;</c> without
    /// <c>JsonStringEnumConverter</c> writes <c>{"bl":1}</c> for <c>[JsonStringEnumMemberName("bl")] Blue</c>, and reading
    /// <c>{"Blue":1}</c> throws JsonException).
    /// </summary>
    public static List<object> KeyNames(ITypeSymbol type)
    {
        var names = new List<object>();
        foreach (var (_, name) in Members(type))
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>
    /// Why <paramref name="type"/>'s members cannot all be dictionary keys (two of them write one key, see
    /// <see cref="KeyNames"/>), phrased as <see cref="Collision"/>; null when each has a key of its own or the type is no enum.
    /// </summary>
    public static string? KeyCollision(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum ? Collision(Members(type)) : null;

    /// <summary>Each member with the name it has as a key, in declaration order.</summary>
    private static List<(IFieldSymbol Field, string Name)> Members(ITypeSymbol type)
    {
        var members = new List<(IFieldSymbol, string)>();
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field)
            {
                members.Add((field, RenamedTo(field) ?? field.Name));
            }
        }

        return members;
    }

    private static string? RenamedTo(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == JsonStringEnumMemberNameAttribute)
            {
                return attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            }
        }

        return null;
    }

    private const string JsonStringEnumMemberNameAttribute = "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute";

    /// <summary>Which of the two carries the [JsonStringEnumMemberName] that makes the names meet.</summary>
    private static string Renamed(IFieldSymbol first, IFieldSymbol second)
    {
        var renamed = new List<string>();
        foreach (var field in new[] { first, second })
        {
            foreach (var attribute in field.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == JsonStringEnumMemberNameAttribute)
                {
                    renamed.Add("'" + field.Name + "'");
                }
            }
        }

        return renamed.Count == 0 ? "" : $" ([JsonStringEnumMemberName] on {string.Join(" and ", renamed)})";
    }
}
