using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace PromptGen;

internal static partial class JsonSchemaValidator
{
    /// <summary>
    /// The schema PromptGen's generator writes for a [Flags] enum read by name (FlagsEnum in the generator): a string
    /// <c>pattern</c> <c>^(?:None|(?:Read|Write|Exec)(?:, ?(?:Read|Write|Exec))*)$</c> — the zero name alone, or one or
    /// more names joined by <c>", "</c> or <c>","</c>, as System.Text.Json's <c>JsonStringEnumConverter</c> reads them.
    /// Recognised so a mismatch names the allowed values, and so tool arguments match in any case as the dispatcher reads them.
    /// </summary>
    internal sealed class FlagsNames
    {
        private static readonly Regex Shape = new(
            @"^\^(?:\(\?:(?<zero>(?:[^|()\\]|\\.)+)\|)?\(\?:(?<names>(?:[^()\\]|\\.)+)\)\(\?:, \?\(\?:\k<names>\)\)\*(?<close>\))?\$$",
            RegexOptions.CultureInvariant);

        private readonly string _pattern;
        private readonly string? _zero;
        private readonly string[] _names;

        private FlagsNames(string pattern, string? zero, string[] names)
        {
            _pattern = pattern;
            _zero = zero;
            _names = names;
        }

        /// <summary>The names in <paramref name="pattern"/>, or null when it is not a [Flags] enum's pattern.</summary>
        public static FlagsNames? Parse(string pattern)
        {
            var match = Shape.Match(pattern);
            if (!match.Success || match.Groups["zero"].Success != match.Groups["close"].Success)
            {
                return null;
            }

            var names = new List<string>();
            foreach (var name in Regex.Split(match.Groups["names"].Value, @"(?<!\\)\|"))
            {
                names.Add(Regex.Unescape(name));
            }

            return new FlagsNames(pattern, match.Groups["zero"].Success ? Regex.Unescape(match.Groups["zero"].Value) : null, names.ToArray());
        }

        /// <summary>Whether <paramref name="text"/> matches, in any case when <paramref name="ignoreCase"/>.</summary>
        public bool Matches(string text, bool ignoreCase) =>
            Regex.IsMatch(text, _pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromSeconds(1));

        /// <summary><c>one of the allowed values "None", "Read", "Write" or a combination such as "Read, Write"</c>.</summary>
        public string Allowed()
        {
            var all = new List<string>();
            if (_zero is not null)
            {
                all.Add("\"" + _zero + "\"");
            }

            foreach (var name in _names)
            {
                all.Add("\"" + name + "\"");
            }

            var example = _names.Length > 1 ? _names[0] + ", " + _names[1] : _names[0];
            return $"one of the allowed values {string.Join(", ", all)} or a combination such as \"{example}\"";
        }
    }
}
