using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PromptGen.Generator.Templates
{
    /// <summary>How a delimiter trims the whitespace next to it (outside the code block).</summary>
    internal enum TrimMode
    {
        None,

        /// <summary><c>{{~</c> / <c>~}}</c>: spaces and tabs, and on the right side also the first line break.</summary>
        NonGreedy,

        /// <summary><c>{{-</c> / <c>-}}</c>: all whitespace, line breaks included.</summary>
        Greedy,
    }

    internal enum TokenKind
    {
        Identifier,
        Integer,
        Decimal,
        String,

        /// <summary>Operators and punctuation, supported or not (the parser explains the unsupported ones).</summary>
        Punctuation,

        /// <summary>Something number-like that is not a number of the subset (<c>1e3</c>, <c>0x1F</c>, <c>12abc</c>).</summary>
        BadNumber,

        /// <summary><c>$name</c>: a Scriban local variable.</summary>
        LocalVariable,

        /// <summary><c>`…`</c>: a Scriban verbatim string.</summary>
        BacktickString,

        /// <summary>A character that starts nothing in Scriban's syntax.</summary>
        Unknown,

        /// <summary>The end of a code block: its closing delimiter, or an empty span where the block stops unclosed.</summary>
        EndOfBlock,
    }

    internal readonly struct TemplateToken
    {
        public TemplateToken(TokenKind kind, string text, TemplateSpan span, string? stringValue = null, bool hasError = false)
        {
            Kind = kind;
            Text = text;
            Span = span;
            StringValue = stringValue;
            HasError = hasError;
        }

        public TokenKind Kind { get; }

        /// <summary>The token's source text.</summary>
        public string Text { get; }

        public TemplateSpan Span { get; }

        /// <summary>For <see cref="TokenKind.String"/>, the unescaped value.</summary>
        public string? StringValue { get; }

        /// <summary>The lexer already reported an error for this token; the parser must not add another for its block.</summary>
        public bool HasError { get; }

        public bool Is(string punctuation) => Kind == TokenKind.Punctuation && Text == punctuation;

        public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text == keyword;
    }

    /// <summary>One piece of the template as the lexer cuts it: text, an escape block, or a code block.</summary>
    internal abstract class TemplateSegment
    {
        public TrimMode TrimBefore { get; set; }

        public TrimMode TrimAfter { get; set; }
    }

    internal sealed class TextSegment : TemplateSegment
    {
        public TextSegment(int start, int end)
        {
            Start = start;
            End = end;
        }

        public int Start { get; }

        public int End { get; }
    }

    /// <summary><c>{%{…}%}</c>: content output as is; its <see cref="TemplateSegment.TrimBefore"/>/<see cref="TemplateSegment.TrimAfter"/> act on the neighbours.</summary>
    internal sealed class EscapeSegment : TemplateSegment
    {
        public EscapeSegment(int start, int contentStart, int contentEnd)
        {
            Start = start;
            ContentStart = contentStart;
            ContentEnd = contentEnd;
        }

        /// <summary>Where the opening <c>{%{</c> starts.</summary>
        public int Start { get; }

        public int ContentStart { get; }

        public int ContentEnd { get; }
    }

    internal sealed class CodeSegment : TemplateSegment
    {
        public CodeSegment(TemplateSpan span, IReadOnlyList<TemplateToken> tokens, bool closed, bool hasLexError)
        {
            Span = span;
            Tokens = tokens;
            Closed = closed;
            HasLexError = hasLexError;
        }

        /// <summary>From the <c>{{</c> to past the <c>}}</c> (or to where the unclosed block stops).</summary>
        public TemplateSpan Span { get; }

        /// <summary>The block's tokens, comments dropped, always ending with one <see cref="TokenKind.EndOfBlock"/>.</summary>
        public IReadOnlyList<TemplateToken> Tokens { get; }

        public bool Closed { get; }

        public bool HasLexError { get; }
    }

    /// <summary>
    /// Cuts a template into text, escape blocks and code blocks, and code blocks into tokens. Reports the errors
    /// that only the lexer can see (unclosed delimiters, stray <c>}}</c>, unterminated strings, bad escapes).
    /// </summary>
    internal sealed class TemplateLexer
    {
        private static readonly string[] s_punctuation =
        {
            // Longest first.
            "..<", "==", "!=", "<=", ">=", "&&", "||", "..", "??", "?.", "|>", "//", "<<", ">>", "++", "--",
            "<", ">", "!", "(", ")", ".", "|", "=", "+", "-", "*", "/", "%", "[", "]", "{", "}", ",", ";", ":", "?", "@", "^", "&",
        };

        private readonly string _text;
        private readonly List<TemplateError> _errors;
        private int _position;
        private bool _stringRanToEnd;

        private TemplateLexer(string text, List<TemplateError> errors)
        {
            _text = text;
            _errors = errors;
        }

        public static List<TemplateSegment> Lex(string text, List<TemplateError> errors)
        {
            var lexer = new TemplateLexer(text, errors);
            return lexer.LexSegments();
        }

        private List<TemplateSegment> LexSegments()
        {
            var segments = new List<TemplateSegment>();
            int textStart = 0;
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (c == '{' && Peek(1) == '{')
                {
                    AddText(segments, textStart, _position);
                    segments.Add(LexCodeBlock());
                    textStart = _position;
                }
                else if (c == '{' && Peek(1) == '%' && TryLexEscapeBlock(out EscapeSegment? escape))
                {
                    AddText(segments, textStart, escape!.Start);
                    segments.Add(escape);
                    textStart = _position;
                }
                else if (c == '}' && Peek(1) == '}')
                {
                    _errors.Add(new TemplateError(
                        "'}}' has no matching '{{': add '{{' before the expression, or write {{ \"}}\" }} for a literal '}}'",
                        new TemplateSpan(_position, 2)));
                    _position += 2;
                }
                else
                {
                    _position++;
                }
            }

            AddText(segments, textStart, _text.Length);
            return segments;
        }

        private void AddText(List<TemplateSegment> segments, int start, int end)
        {
            if (end > start)
            {
                segments.Add(new TextSegment(start, end));
            }
        }

        private char Peek(int offset)
        {
            int index = _position + offset;
            return index < _text.Length ? _text[index] : '\0';
        }

        private static TrimMode TrimModeOf(char c) => c == '~' ? TrimMode.NonGreedy : c == '-' ? TrimMode.Greedy : TrimMode.None;

        /// <summary>At <c>{%</c>: an escape block <c>{%…%{ content }%…%}</c> with as many <c>%</c> on both sides.</summary>
        private bool TryLexEscapeBlock(out EscapeSegment? escape)
        {
            escape = null;
            int start = _position;
            int i = start + 1;
            while (i < _text.Length && _text[i] == '%')
            {
                i++;
            }

            if (i >= _text.Length || _text[i] != '{')
            {
                return false;
            }

            int percents = i - start - 1;
            int contentStart = i + 1;
            TrimMode trimBefore = contentStart < _text.Length ? TrimModeOf(_text[contentStart]) : TrimMode.None;
            if (trimBefore != TrimMode.None)
            {
                contentStart++;
            }

            string closer = "}" + new string('%', percents) + "}";
            int closerIndex = _text.IndexOf(closer, contentStart, System.StringComparison.Ordinal);
            int contentEnd;
            TrimMode trimAfter = TrimMode.None;
            if (closerIndex < 0)
            {
                string opener = "{" + new string('%', percents) + "{";
                _errors.Add(new TemplateError(
                    "'" + opener + "' is never closed: add '" + closer + "' after the text to escape",
                    new TemplateSpan(start, percents + 2)));
                contentEnd = _text.Length;
                _position = _text.Length;
            }
            else
            {
                contentEnd = closerIndex;
                if (contentEnd > contentStart && TrimModeOf(_text[contentEnd - 1]) != TrimMode.None)
                {
                    trimAfter = TrimModeOf(_text[contentEnd - 1]);
                    contentEnd--;
                }

                _position = closerIndex + closer.Length;
            }

            escape = new EscapeSegment(start, contentStart, contentEnd) { TrimBefore = trimBefore, TrimAfter = trimAfter };
            return true;
        }

        /// <summary>At <c>{{</c>: the code block up to its <c>}}</c>.</summary>
        private CodeSegment LexCodeBlock()
        {
            int start = _position;
            _position += 2;
            TrimMode trimBefore = TrimModeOf(Peek(0));
            if (trimBefore != TrimMode.None)
            {
                _position++;
            }

            var tokens = new List<TemplateToken>();
            bool hasLexError = false;
            _stringRanToEnd = false;
            while (true)
            {
                SkipWhitespaceAndComments();
                if (_position >= _text.Length)
                {
                    return Unclosed(start, tokens, trimBefore, _text.Length);
                }

                char c = _text[_position];
                TrimMode trimAfter = TrimModeOf(c);
                if (c == '}' && Peek(1) == '}' || trimAfter != TrimMode.None && Peek(1) == '}' && Peek(2) == '}')
                {
                    int closerLength = trimAfter == TrimMode.None ? 2 : 3;
                    tokens.Add(new TemplateToken(TokenKind.EndOfBlock, _text.Substring(_position, closerLength), new TemplateSpan(_position, closerLength)));
                    _position += closerLength;
                    return new CodeSegment(TemplateSpan.FromBounds(start, _position), tokens, closed: true, hasLexError)
                    {
                        TrimBefore = trimBefore,
                        TrimAfter = trimAfter,
                    };
                }

                if (c == '{' && Peek(1) == '{')
                {
                    // A new block starts before this one closed: close this one here and let the caller lex the next.
                    return Unclosed(start, tokens, trimBefore, _position);
                }

                TemplateToken token = LexToken();
                hasLexError |= token.HasError;
                tokens.Add(token);
            }
        }

        private CodeSegment Unclosed(int start, List<TemplateToken> tokens, TrimMode trimBefore, int end)
        {
            if (!_stringRanToEnd)
            {
                // (An unterminated string that ran to the end was reported already; one error is enough.)
                _errors.Add(new TemplateError(
                    "'{{' is never closed: add '}}' after the expression, or write {{ \"{{\" }} for a literal '{{'",
                    new TemplateSpan(start, 2)));
            }

            tokens.Add(new TemplateToken(TokenKind.EndOfBlock, string.Empty, new TemplateSpan(end, 0)));
            return new CodeSegment(TemplateSpan.FromBounds(start, end), tokens, closed: false, hasLexError: true) { TrimBefore = trimBefore };
        }

        private bool AtCloser()
        {
            char c = Peek(0);
            return (c == '}' && Peek(1) == '}') || ((c == '~' || c == '-') && Peek(1) == '}' && Peek(2) == '}');
        }

        /// <summary>Whitespace, <c># to end of line</c> and <c>## … ##</c>; a comment also ends at the block's closer.</summary>
        private void SkipWhitespaceAndComments()
        {
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (char.IsWhiteSpace(c))
                {
                    _position++;
                }
                else if (c == '#')
                {
                    bool multiline = Peek(1) == '#';
                    _position += multiline ? 2 : 1;
                    while (_position < _text.Length && !AtCloser() && !(Peek(0) == '{' && Peek(1) == '{'))
                    {
                        if (multiline ? (Peek(0) == '#' && Peek(1) == '#') : (Peek(0) == '\n' || Peek(0) == '\r'))
                        {
                            _position += multiline ? 2 : 0;
                            break;
                        }

                        _position++;
                    }
                }
                else
                {
                    return;
                }
            }
        }

        private TemplateToken LexToken()
        {
            int start = _position;
            char c = _text[_position];

            if (IsIdentifierStart(c))
            {
                _position++;
                while (_position < _text.Length && IsIdentifierPart(_text[_position]))
                {
                    _position++;
                }

                return Token(TokenKind.Identifier, start);
            }

            if (c >= '0' && c <= '9')
            {
                return LexNumber();
            }

            if (c == '"' || c == '\'')
            {
                return LexString();
            }

            if (c == '$')
            {
                _position++;
                while (_position < _text.Length && IsIdentifierPart(_text[_position]))
                {
                    _position++;
                }

                return Token(TokenKind.LocalVariable, start);
            }

            if (c == '`')
            {
                int close = _text.IndexOf('`', start + 1);
                _position = close < 0 ? _text.Length : close + 1;
                return Token(TokenKind.BacktickString, start);
            }

            foreach (string punctuation in s_punctuation)
            {
                if (string.CompareOrdinal(_text, start, punctuation, 0, punctuation.Length) == 0)
                {
                    _position += punctuation.Length;
                    return Token(TokenKind.Punctuation, start);
                }
            }

            _position += char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(1)) ? 2 : 1;
            return Token(TokenKind.Unknown, start);
        }

        private TemplateToken Token(TokenKind kind, int start) =>
            new TemplateToken(kind, _text.Substring(start, _position - start), TemplateSpan.FromBounds(start, _position));

        internal static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

        internal static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

        private TemplateToken LexNumber()
        {
            int start = _position;
            SkipDigits();
            TokenKind kind = TokenKind.Integer;
            if (Peek(0) == '.' && char.IsDigit(Peek(1)))
            {
                _position++;
                SkipDigits();
                kind = TokenKind.Decimal;
            }

            if (_position < _text.Length && (IsIdentifierPart(_text[_position]) || (_text[_position] == '.' && char.IsDigit(Peek(1)))))
            {
                // 1e3, 0x1F, 12abc, 1.2.3: one bad token rather than a number followed by surprises.
                while (_position < _text.Length && (IsIdentifierPart(_text[_position]) || (_text[_position] == '.' && char.IsDigit(Peek(1)))))
                {
                    _position++;
                }

                return Token(TokenKind.BadNumber, start);
            }

            return Token(kind, start);
        }

        private void SkipDigits()
        {
            while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
            {
                _position++;
            }
        }

        /// <summary>
        /// A quoted string with Scriban's escapes. Unterminated: reported at the quote, and the string is taken to
        /// stop before the next <c>}}</c> so that the rest of the template still parses.
        /// </summary>
        private TemplateToken LexString()
        {
            int start = _position;
            char quote = _text[start];
            var value = new StringBuilder();
            bool hasError = false;
            _position++;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    return Unterminated(start, quote);
                }

                char c = _text[_position];
                if (c == quote)
                {
                    _position++;
                    break;
                }

                if (c != '\\')
                {
                    value.Append(c);
                    _position++;
                    continue;
                }

                int escapeStart = _position;
                char e = Peek(1);
                _position += 2;
                switch (e)
                {
                    case '\'': value.Append('\''); break;
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'u':
                    case 'x':
                        int digits = e == 'u' ? 4 : 2;
                        if (TryReadHex(digits, out int code))
                        {
                            value.Append((char)code);
                        }
                        else
                        {
                            hasError = true;
                            _errors.Add(new TemplateError(
                                "'\\" + e + "' must be followed by exactly " + digits.ToString(CultureInfo.InvariantCulture) + " hexadecimal digits, as in " + (e == 'u' ? "\\u00e9" : "\\x41"),
                                TemplateSpan.FromBounds(escapeStart, System.Math.Min(_position, _text.Length))));
                        }

                        break;
                    case '\0' when escapeStart + 1 >= _text.Length:
                        _position = _text.Length;
                        return Unterminated(start, quote);
                    default:
                        hasError = true;
                        _errors.Add(new TemplateError(
                            "'\\" + e + "' is not an escape sequence: use \\\" \\' \\\\ \\n \\r \\t \\b \\f \\uXXXX or \\xXX, or write '\\\\' for a backslash",
                            new TemplateSpan(escapeStart, 2)));
                        break;
                }
            }

            return new TemplateToken(TokenKind.String, _text.Substring(start, _position - start), TemplateSpan.FromBounds(start, _position), value.ToString(), hasError);
        }

        private TemplateToken Unterminated(int start, char quote)
        {
            _errors.Add(new TemplateError(
                "This string is never closed: add a closing " + quote + " before '}}'",
                new TemplateSpan(start, 1)));
            int closer = _text.IndexOf("}}", start + 1, System.StringComparison.Ordinal);
            if (closer < 0)
            {
                _position = _text.Length;
                _stringRanToEnd = true;
            }
            else
            {
                _position = closer > start + 1 && (_text[closer - 1] == '~' || _text[closer - 1] == '-') ? closer - 1 : closer;
            }

            return new TemplateToken(TokenKind.String, _text.Substring(start, _position - start), TemplateSpan.FromBounds(start, _position), string.Empty, hasError: true);
        }

        private bool TryReadHex(int digits, out int code)
        {
            code = 0;
            for (int i = 0; i < digits; i++)
            {
                if (_position >= _text.Length)
                {
                    return false;
                }

                int digit = HexValue(_text[_position]);
                if (digit < 0)
                {
                    return false;
                }

                code = (code * 16) + digit;
                _position++;
            }

            return true;
        }

        private static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1;
    }
}
