using System.Collections.Generic;
using System.Linq;

namespace PromptGen.Generator.Json;

/// <summary>
/// A place inside a JSON value, said the way a reader of the message thinks of it: the root's own name ("the result",
/// "the reply"), member paths in JSON names ('address.city'), and "each item of …" / "each value of …" for list items
/// and dictionary values, never C# type names standing in for a place.
/// </summary>
internal static class JsonPaths
{
    /// <summary>Leads a member's JSON name in an encoded path (<see cref="Parse"/>).</summary>
    public const string Member = "\u0002";

    /// <summary>The segment for a list or array item.</summary>
    public const string Item = "\u0001item";

    /// <summary>The segment for a dictionary value.</summary>
    public const string Value = "\u0001value";

    /// <summary>
    /// The phrase for <paramref name="path"/> (JSON member names, <see cref="Item"/>, <see cref="Value"/>) under a root
    /// called <paramref name="root"/>: <c>[]</c> is the root, <c>[address, city]</c> is 'address.city',
    /// <c>[parts, Item, size]</c> is 'size' of each item of 'parts', <c>[Item]</c> is each item of the result.
    /// </summary>
    public static string Phrase(IReadOnlyList<string> path, string root)
    {
        if (path.Count == 0)
        {
            return root;
        }

        var last = path[path.Count - 1];
        if (last is Item or Value)
        {
            return (last == Item ? "each item of " : "each value of ") + Phrase(path.Take(path.Count - 1).ToList(), root);
        }

        var start = path.Count - 1;
        while (start > 0 && path[start - 1] is not (Item or Value))
        {
            start--;
        }

        var members = "'" + string.Join(".", path.Skip(start)) + "'";
        return start == 0 ? members : members + " of " + Phrase(path.Take(start).ToList(), root);
    }

    /// <summary>
    /// An encoded path (a root name, then <see cref="Member"/>+name, <see cref="Item"/> and <see cref="Value"/> in any
    /// order, as the schema builder threads it) as its root name and segments.
    /// </summary>
    public static (string Root, List<string> Segments) Parse(string path)
    {
        var segments = new List<string>();
        var i = 0;
        while (i < path.Length && path[i] is not ('\u0001' or '\u0002'))
        {
            i++;
        }

        var root = path.Substring(0, i);
        while (i < path.Length)
        {
            if (path[i] == '\u0001')
            {
                var marker = path.StartsWith(Item, i) ? Item : Value;
                segments.Add(marker);
                i += marker.Length;
                continue;
            }

            var start = ++i;
            while (i < path.Length && path[i] is not ('\u0001' or '\u0002'))
            {
                i++;
            }

            segments.Add(path.Substring(start, i - start));
        }

        return (root, segments);
    }

    private static bool StartsWith(this string text, string prefix, int at) =>
        string.CompareOrdinal(text, at, prefix, 0, prefix.Length) == 0;
}
