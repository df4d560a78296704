using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Shared;

namespace PromptGen.Generator.Json;

/// <summary>
/// How a [Flags] enum read by name is described: System.Text.Json's <c>JsonStringEnumConverter</c> writes a combination
/// as its names joined by <c>", "</c> (<c>"Read, Write"</c>) and reads it back with or without the space, so the schema
/// is a string <c>pattern</c> of one or more names joined that way, or the zero name alone. The run-time validator and
/// the tool dispatcher (ToolJson) accept the same text.
/// <para>
/// Two more places System.Text.Json combines flags, checked against it by FlagsEnumTests: as a dictionary key a [Flags]
/// enum is always written by name (with or without <c>JsonStringEnumConverter</c>: <c>{"Read, Write": 1}</c>), so a key
/// is described by the same pattern (<see cref="KeyNames"/>); and read by number (no <c>JsonStringEnumConverter</c>)
/// it is written as the number of the combination (<c>3</c>), so the numbers a reply may hold are every combination of
/// the members' numbers (<see cref="Combinations"/>), not only the members'.
/// </para>
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

    /// <summary>At most this many combinations are listed in a schema's <c>enum</c>; beyond, any whole number is allowed.</summary>
    public const int MaxCombinations = 256;

    /// <summary>Whether <paramref name="type"/> is an enum marked [Flags].</summary>
    public static bool IsFlags(ITypeSymbol type) => type.TypeKind == TypeKind.Enum && FullNames.Attribute(type, "System.FlagsAttribute") is not null;

    /// <summary>
    /// The names System.Text.Json writes a [Flags] enum's key by (<c>EnumConverter.WriteAsPropertyName</c>: the member
    /// names, renamed by [JsonStringEnumMemberName], whatever converter reads its values), and the zero member's name.
    /// </summary>
    public static (string? Zero, IReadOnlyList<object> Names) KeyNames(ITypeSymbol type)
    {
        string? zero = null;
        var names = new List<object>();
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            var renamed = field.GetAttributes().FirstOrDefault(a => FullNames.Is(a.AttributeClass, "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute"));
            var name = renamed?.ConstructorArguments.FirstOrDefault().Value as string ?? field.Name;
            names.Add(name);
            if (zero is null && Convert.ToDecimal(field.ConstantValue, CultureInfo.InvariantCulture) == 0m)
            {
                zero = name;
            }
        }

        return (zero, names);
    }

    /// <summary>
    /// Every value a combination of the members' numbers makes (each member alone, and every OR of several), ascending,
    /// as System.Text.Json writes a [Flags] enum read by number; null when there are more than
    /// <see cref="MaxCombinations"/> (then any whole number is allowed, as System.Text.Json reads any).
    /// </summary>
    public static List<object>? Combinations(IEnumerable<object> members)
    {
        var all = new HashSet<ulong>();
        foreach (var member in members)
        {
            var bits = member is ulong big ? big : unchecked((ulong)Convert.ToInt64(member, CultureInfo.InvariantCulture));
            foreach (var known in all.ToList())
            {
                all.Add(known | bits);
            }

            all.Add(bits);
            if (all.Count > MaxCombinations)
            {
                return null;
            }
        }

        // Back to the contract's numbers: long, or ulong above long.MaxValue for an unsigned enum (as JsonContract reads
        // members); a signed enum's negative members make negative combinations.
        var signed = members.Any(m => m is long l && l < 0);
        return all.Select(bits => bits <= long.MaxValue || signed ? (object)unchecked((long)bits) : bits)
            .OrderBy(v => Convert.ToDecimal(v, CultureInfo.InvariantCulture))
            .ToList();
    }
}
