using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PromptGen.Generator.Templates
{
    /// <summary>The kinds of C# string literal <see cref="LiteralSpanMap"/> understands.</summary>
    internal enum StringLiteralKind
    {
        /// <summary><c>"…"</c> with escapes (<c>\n</c>, <c>\"</c>, <c>\u0041</c>, <c>\x41</c>, <c>\U0001F600</c>, …).</summary>
        Regular,

        /// <summary><c>@"…"</c> with <c>""</c> for a quote.</summary>
        Verbatim,

        /// <summary><c>"""…"""</c> on one line.</summary>
        RawSingleLine,

        /// <summary><c>"""</c>, lines, <c>"""</c>, with the closing line's indentation removed from every line.</summary>
        RawMultiLine,
    }

    /// <summary>
    /// Maps offsets in a C# string literal's <em>value</em> to offsets in its source <em>text</em>, so that a
    /// diagnostic about a template lands on the exact characters of the attribute argument.
    /// </summary>
    /// <remarks>
    /// Works on the token text alone (Roslyn's <c>SyntaxToken.Text</c> of a <c>StringLiteralToken</c> or a
    /// single-/multi-line raw string literal token); add the token's <c>SpanStart</c> to the result to get a
    /// position in the file. Interpolated strings, UTF-8 (<c>u8</c>) literals, character literals and malformed
    /// tokens are not supported: <see cref="Create"/> returns <see langword="null"/> and callers fall back to the
    /// whole argument. A value character produced by an escape maps to the whole escape (<c>\n</c> → two
    /// characters); characters from <c>\U0001F600</c> (a surrogate pair) both map to the whole escape.
    /// </remarks>
    internal sealed class LiteralSpanMap
    {
        // For value character i: the source text range [_starts[i], _ends[i]) that produced it.
        private readonly int[] _starts;
        private readonly int[] _ends;

        // Where the closing delimiter starts: the text position of the value's end.
        private readonly int _contentEnd;

        private LiteralSpanMap(StringLiteralKind kind, string value, int[] starts, int[] ends, int contentEnd)
        {
            Kind = kind;
            Value = value;
            _starts = starts;
            _ends = ends;
            _contentEnd = contentEnd;
        }

        public StringLiteralKind Kind { get; }

        /// <summary>The literal's value, as the compiler reads it (equal to Roslyn's <c>ValueText</c>).</summary>
        public string Value { get; }

        /// <summary>
        /// The text span (relative to the token's start) of the value range <paramref name="valueStart"/> ..
        /// +<paramref name="valueLength"/>, or <see langword="null"/> when the token is not a literal this map
        /// supports. A range that overruns the value is clamped to it.
        /// </summary>
        public static TemplateSpan? Map(string tokenText, int valueStart, int valueLength) =>
            Create(tokenText)?.Map(new TemplateSpan(valueStart, valueLength));

        /// <summary>The map of a literal's token text, or <see langword="null"/> when the literal kind is unsupported or the token malformed.</summary>
        public static LiteralSpanMap? Create(string tokenText)
        {
            if (tokenText is null)
            {
                return null;
            }

            if (tokenText.StartsWith("@\"", StringComparison.Ordinal))
            {
                return CreateVerbatim(tokenText);
            }

            if (tokenText.StartsWith("\"\"\"", StringComparison.Ordinal))
            {
                return CreateRaw(tokenText);
            }

            if (tokenText.StartsWith("\"", StringComparison.Ordinal))
            {
                return CreateRegular(tokenText);
            }

            return null;
        }

        /// <summary>The text span (relative to the token's start) that produced the value range <paramref name="valueSpan"/>.</summary>
        /// <remarks>An empty range maps to an empty span at the matching position; out-of-range input is clamped.</remarks>
        public TemplateSpan Map(TemplateSpan valueSpan)
        {
            int length = Value.Length;
            int start = Math.Max(0, Math.Min(valueSpan.Start, length));
            int end = Math.Max(start, Math.Min(valueSpan.Start + Math.Max(0, valueSpan.Length), length));
            int textStart = MapOffset(start);
            int textEnd = end == start ? textStart : _ends[end - 1];
            return TemplateSpan.FromBounds(textStart, textEnd);
        }

        /// <summary>The text position (relative to the token's start) of value position <paramref name="valueOffset"/> (0..Value.Length).</summary>
        public int MapOffset(int valueOffset) =>
            valueOffset >= Value.Length ? _contentEnd : _starts[Math.Max(0, valueOffset)];

        private static LiteralSpanMap? CreateRegular(string text)
        {
            if (text.Length < 2 || text[text.Length - 1] != '"')
            {
                return null; // unterminated, or a u8 suffix
            }

            int contentEnd = text.Length - 1;
            var builder = new Builder();
            int i = 1;
            while (i < contentEnd)
            {
                char c = text[i];
                if (c != '\\')
                {
                    if (c == '"' || IsNewline(c))
                    {
                        return null;
                    }

                    builder.Add(c, i, i + 1);
                    i++;
                    continue;
                }

                if (i + 1 >= contentEnd)
                {
                    return null;
                }

                int start = i;
                char e = text[i + 1];
                i += 2;
                char? simple = e switch
                {
                    '\'' => '\'',
                    '"' => '"',
                    '\\' => '\\',
                    '0' => '\0',
                    'a' => '\a',
                    'b' => '\b',
                    'e' => '\u001b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\v',
                    _ => null,
                };
                if (simple is char s)
                {
                    builder.Add(s, start, i);
                    continue;
                }

                switch (e)
                {
                    case 'u':
                        if (!TryHex(text, i, contentEnd, 4, 4, out int u, out int uLength))
                        {
                            return null;
                        }

                        i += uLength;
                        builder.Add((char)u, start, i);
                        break;
                    case 'x':
                        if (!TryHex(text, i, contentEnd, 1, 4, out int x, out int xLength))
                        {
                            return null;
                        }

                        i += xLength;
                        builder.Add((char)x, start, i);
                        break;
                    case 'U':
                        if (!TryHex(text, i, contentEnd, 8, 8, out int scalar, out int bigLength) || scalar > 0x10FFFF)
                        {
                            return null;
                        }

                        i += bigLength;
                        string chars = char.ConvertFromUtf32(scalar);
                        foreach (char part in chars)
                        {
                            builder.Add(part, start, i);
                        }

                        break;
                    default:
                        return null;
                }
            }

            return builder.Build(StringLiteralKind.Regular, contentEnd);
        }

        private static bool TryHex(string text, int start, int limit, int minDigits, int maxDigits, out int value, out int length)
        {
            value = 0;
            length = 0;
            while (length < maxDigits && start + length < limit && Uri.IsHexDigit(text[start + length]))
            {
                value = (value * 16) + int.Parse(text[start + length].ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                length++;
            }

            return length >= minDigits;
        }

        private static LiteralSpanMap? CreateVerbatim(string text)
        {
            if (text.Length < 3 || text[text.Length - 1] != '"')
            {
                return null;
            }

            int contentEnd = text.Length - 1;
            var builder = new Builder();
            int i = 2;
            while (i < contentEnd)
            {
                if (text[i] == '"')
                {
                    if (i + 1 >= contentEnd || text[i + 1] != '"')
                    {
                        return null;
                    }

                    builder.Add('"', i, i + 2);
                    i += 2;
                }
                else
                {
                    builder.Add(text[i], i, i + 1);
                    i++;
                }
            }

            return builder.Build(StringLiteralKind.Verbatim, contentEnd);
        }

        private static LiteralSpanMap? CreateRaw(string text)
        {
            int quotes = 0;
            while (quotes < text.Length && text[quotes] == '"')
            {
                quotes++;
            }

            int contentStart = quotes;
            int contentEnd = text.Length - quotes;
            if (contentEnd < contentStart || !EndsWithQuotes(text, quotes))
            {
                return null; // unterminated, or a u8 suffix
            }

            int firstNewline = IndexOfNewline(text, contentStart, contentEnd);
            var builder = new Builder();
            if (firstNewline < 0)
            {
                for (int i = contentStart; i < contentEnd; i++)
                {
                    builder.Add(text[i], i, i + 1);
                }

                return builder.Build(StringLiteralKind.RawSingleLine, contentEnd);
            }

            // Multi-line: the opening line holds only whitespace; the closing line only the indentation.
            for (int i = contentStart; i < firstNewline; i++)
            {
                if (!IsRawWhitespace(text[i]))
                {
                    return null;
                }
            }

            int closingLineStart = contentEnd;
            while (closingLineStart > contentStart && IsRawWhitespace(text[closingLineStart - 1]))
            {
                closingLineStart--;
            }

            if (closingLineStart == contentStart || !IsNewline(text[closingLineStart - 1]))
            {
                return null;
            }

            int indentationLength = contentEnd - closingLineStart;
            string indentation = text.Substring(closingLineStart, indentationLength);

            // The lines between the opening line and the closing line, with the line breaks between them.
            var lines = new List<(int Start, int End)>();
            int lineStart = firstNewline + NewlineLength(text, firstNewline);
            int lastNewline = closingLineStart - (text[closingLineStart - 1] == '\n' && closingLineStart - 2 >= 0 && text[closingLineStart - 2] == '\r' ? 2 : 1);
            if (lineStart > lastNewline)
            {
                // """ on one line and """ on the next: the empty string.
                return builder.Build(StringLiteralKind.RawMultiLine, lastNewline);
            }

            int position = lineStart;
            while (true)
            {
                int newline = IndexOfNewline(text, position, lastNewline);
                if (newline < 0)
                {
                    lines.Add((position, lastNewline));
                    break;
                }

                lines.Add((position, newline));
                position = newline + NewlineLength(text, newline);
            }

            for (int l = 0; l < lines.Count; l++)
            {
                (int start, int end) = lines[l];
                if (end - start >= indentationLength && string.CompareOrdinal(text, start, indentation, 0, indentationLength) == 0)
                {
                    start += indentationLength;
                }
                else if (IsAllRawWhitespace(text, start, end))
                {
                    start = end; // a whitespace-only line may be shorter than the indentation; it is empty
                }
                else
                {
                    return null; // the compiler reports this line's indentation as an error
                }

                for (int i = start; i < end; i++)
                {
                    builder.Add(text[i], i, i + 1);
                }

                if (l + 1 < lines.Count)
                {
                    int next = end + NewlineLength(text, end);
                    for (int i = end; i < next; i++)
                    {
                        builder.Add(text[i], i, i + 1);
                    }
                }
            }

            return builder.Build(StringLiteralKind.RawMultiLine, lastNewline);
        }

        private static bool EndsWithQuotes(string text, int quotes)
        {
            if (text.Length < 2 * quotes)
            {
                return false;
            }

            for (int i = text.Length - quotes; i < text.Length; i++)
            {
                if (text[i] != '"')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsNewline(char c) => c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085';

        private static bool IsRawWhitespace(char c) => !IsNewline(c) && char.IsWhiteSpace(c);

        private static bool IsAllRawWhitespace(string text, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (!IsRawWhitespace(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static int IndexOfNewline(string text, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (IsNewline(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        private static int NewlineLength(string text, int index) =>
            text[index] == '\r' && index + 1 < text.Length && text[index + 1] == '\n' ? 2 : 1;

        private sealed class Builder
        {
            private readonly StringBuilder _value = new StringBuilder();
            private readonly List<int> _starts = new List<int>();
            private readonly List<int> _ends = new List<int>();

            public void Add(char c, int start, int end)
            {
                _value.Append(c);
                _starts.Add(start);
                _ends.Add(end);
            }

            public LiteralSpanMap Build(StringLiteralKind kind, int contentEnd) =>
                new LiteralSpanMap(kind, _value.ToString(), _starts.ToArray(), _ends.ToArray(), contentEnd);
        }
    }
}
