using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>
/// The file names of generated sources. <see cref="For"/> names a type's file. Roslyn compares hint names ignoring case, so <c>Demo.ITutor.g.cs</c> and <c>Demo.Itutor.g.cs</c> would collide
/// although the interfaces differ. Such client files carry their case in the name:
/// <c>Demo.ITutor.U0-5-6.g.cs</c>, the positions of the upper-case letters, which tells the two apart.
/// </summary>
internal static class HintNames
{
    /// <summary>
    /// The file name of a type's generated source: <c>Demo.ITutor.g.cs</c>. Unique by construction: names are the
    /// symbols' own (no <c>@</c>, so <c>@class</c> gives <c>class</c> and <c>_class</c> stays <c>_class</c>), namespaces
    /// are joined by <c>.</c>, nested types by <c>+</c> and generic arity follows a <c>`</c> as in metadata names
    /// (<c>Outer`1+IHeld.g.cs</c>) — characters no identifier contains. Non-ASCII letters are kept as they are.
    /// </summary>
    public static string For(INamedTypeSymbol type)
    {
        var types = new List<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            types.Insert(0, current.MetadataName);
        }

        var ns = SymbolText.Namespace(type) is { } name ? name.Replace("@", "") + "." : "";
        return ns + string.Join("+", types) + ".g.cs";
    }

    /// <summary>The names that equal another name of <paramref name="all"/> but for case, sorted.</summary>
    public static EquatableArray<string> CaseClashes(EquatableArray<string> all) =>
        all.Distinct(StringComparer.Ordinal)
            .GroupBy(static name => name, StringComparer.OrdinalIgnoreCase)
            .Where(static same => same.Count() > 1)
            .SelectMany(static same => same)
            .OrderBy(static name => name, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary><c>Demo.ITutor.g.cs</c> → <c>Demo.ITutor.U0-5-6.g.cs</c>.</summary>
    public static string WithCase(string hintName)
    {
        var stem = hintName.Substring(0, hintName.Length - ".g.cs".Length);
        var upper = new StringBuilder("U");
        for (var i = 0; i < stem.Length; i++)
        {
            if (char.IsUpper(stem[i]))
            {
                upper.Append(upper.Length > 1 ? "-" : "").Append(i.ToString(CultureInfo.InvariantCulture));
            }
        }

        return stem + "." + upper + ".g.cs";
    }
}
