using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PromptGen.Generator.Json;

/// <summary>
/// How a [Flags] enum read by name is described: System.Text.Json's <c>JsonStringEnumConverter</c> writes a combination
/// as its names joined by <c>", "</c> (<c>"Read, Write"</c>) and reads it back with or without the space, so the schema
/// is a string <c>pattern</c> of one or more names joined that way, or the zero name alone. The run-time validator and
/// the tool dispatcher (ToolJson) accept the same text.
/// </summary>
internal static class FlagsEnum
{
    /// <summary>
    /// The pattern, e.g. <c>^(?:None|(?:Read|Write|Exec)(?:, ?(?:Read|Write|Exec))*)$</c>: the names (renamed by
    /// [JsonStringEnumMemberName]) as written, case-sensitive, regex characters escaped.
    /// </summary>
    public static string Pattern(string? zero, IReadOnlyList<object> names)
    {
        var combinable = string.Join("|", names.Cast<string>().Where(n => n != zero).Select(Escape));
        var combination = $"(?:{combinable})(?:, ?(?:{combinable}))*";
        return zero is null ? $"^{combination}$" : $"^(?:{Escape(zero)}|{combination})$";
    }

    /// <summary>Whether <paramref name="text"/> matches <see cref="Pattern"/>.</summary>
    public static bool Fits(string? zero, IReadOnlyList<object> names, string text) =>
        Regex.IsMatch(text, Pattern(zero, names), RegexOptions.CultureInvariant);

    /// <summary>A combination to show in messages: the first two names that are not the zero name.</summary>
    public static string Example(string? zero, IReadOnlyList<object> names) =>
        string.Join(", ", names.Cast<string>().Where(n => n != zero).Take(2));

    // ECMA-262 and .NET agree on these escapes; names are C# identifiers unless renamed.
    private static string Escape(string name) => Regex.Replace(name, @"[\\^$.|?*+()\[\]{}]", m => "\\" + m.Value);
}
