using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PromptGen.Generator.Json;

/// <summary>The kind of a JSON value.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with the offsets of its text, so problems can be located inside the string literal that holds it.</summary>
internal sealed class JsonValue
{
    public JsonValue(JsonKind kind, int start)
    {
        Kind = kind;
        Start = start;
    }

    public JsonKind Kind { get; }

    public int Start { get; }

    public int Length { get; set; }

    /// <summary>An object's members in order: the name (unescaped), the offsets of the name token, the value.</summary>
    public List<(string Name, int NameStart, int NameLength, JsonValue Value)> Members { get; } = new();

    /// <summary>An array's items.</summary>
    public List<JsonValue> Items { get; } = new();

    /// <summary>A string's unescaped value; a number's JSON text.</summary>
    public string? Text { get; set; }

    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Null => "null",
        _ => "a boolean",
    };
}

/// <summary>
/// A strict RFC 8259 reader, as System.Text.Json reads with its defaults (no comments, no trailing commas). The
/// generator cannot load System.Text.Json, and needs offsets anyway. Never throws: returns an error and its offset.
/// </summary>
internal sealed class JsonText
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _position;

    private JsonText(string text) => _text = text;

    public static JsonValue? Parse(string text, out string? error, out int errorStart, out int errorLength)
    {
        var reader = new JsonText(text);
        error = null;
        errorStart = 0;
        errorLength = 0;
        try
        {
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._position < text.Length)
            {
                throw new JsonSyntaxException("unexpected '" + text[reader._position] + "' after the end of the JSON value", reader._position, 1);
            }

            return value;
        }
        catch (JsonSyntaxException exception)
        {
            error = exception.Message;
            errorStart = exception.Start;
            errorLength = exception.Length;
            return null;
        }
    }

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail("the JSON is nested more than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels deep", 1);
        }

        if (_position >= _text.Length)
        {
            throw new JsonSyntaxException("the JSON ends where a value is expected", _text.Length, 0);
        }

        var c = _text[_position];
        switch (c)
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
            {
                var value = new JsonValue(JsonKind.String, _position);
                value.Text = ReadString();
                value.Length = _position - value.Start;
                return value;
            }

            case 't':
                return ReadLiteral("true", JsonKind.True);
            case 'f':
                return ReadLiteral("false", JsonKind.False);
            case 'n':
                return ReadLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                if (char.IsLetter(c))
                {
                    return ReadLiteral("", JsonKind.Null);
                }

                throw Fail(c == '\'' ? "JSON strings use double quotes, not '" : "unexpected '" + c + "' where a value is expected", 1);
        }
    }

    private JsonValue ReadObject(int depth)
    {
        var value = new JsonValue(JsonKind.Object, _position);
        _position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            value.Length = _position - value.Start;
            return value;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw _position >= _text.Length
                    ? new JsonSyntaxException("the JSON ends inside an object: close it with '}'", _text.Length, 0)
                    : Fail(Peek() == '}' ? "a trailing comma before '}' is not allowed" : "expected a property name in double quotes", 1);
            }

            var nameStart = _position;
            var name = ReadString();
            var nameLength = _position - nameStart;
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Fail("expected ':' after the property name", Peek() is null ? 0 : 1);
            }

            _position++;
            SkipWhitespace();
            value.Members.Add((name, nameStart, nameLength, ReadValue(depth + 1)));
            SkipWhitespace();
            var next = Peek();
            _position++;
            if (next == '}')
            {
                value.Length = _position - value.Start;
                return value;
            }

            if (next != ',')
            {
                _position--;
                throw next is null
                    ? new JsonSyntaxException("the JSON ends inside an object: close it with '}'", _text.Length, 0)
                    : Fail("expected ',' or '}' after a property value", 1);
            }
        }
    }

    private JsonValue ReadArray(int depth)
    {
        var value = new JsonValue(JsonKind.Array, _position);
        _position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            value.Length = _position - value.Start;
            return value;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() == ']')
            {
                throw Fail("a trailing comma before ']' is not allowed", 1);
            }

            value.Items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            var next = Peek();
            _position++;
            if (next == ']')
            {
                value.Length = _position - value.Start;
                return value;
            }

            if (next != ',')
            {
                _position--;
                throw next is null
                    ? new JsonSyntaxException("the JSON ends inside an array: close it with ']'", _text.Length, 0)
                    : Fail("expected ',' or ']' after an array item", 1);
            }
        }
    }

    private string ReadString()
    {
        var start = _position;
        _position++;
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '"')
            {
                _position++;
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Fail("a control character (such as a line break) inside a JSON string must be escaped", 1);
            }

            if (c == '\\')
            {
                if (_position + 1 >= _text.Length)
                {
                    break;
                }

                var escape = _text[_position + 1];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 6 > _text.Length
                            || !int.TryParse(_text.Substring(_position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Fail("'\\u' must be followed by four hex digits", 2);
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Fail("'\\" + escape + "' is not a JSON escape", 2);
                }

                _position += 2;
                continue;
            }

            builder.Append(c);
            _position++;
        }

        throw new JsonSyntaxException("a JSON string is never closed: add '\"'", start, 1);
    }

    private JsonValue ReadNumber()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (!ReadDigits())
        {
            throw Fail("expected a digit", Peek() is null ? 0 : 1);
        }

        if (Peek() == '.')
        {
            _position++;
            if (!ReadDigits())
            {
                throw Fail("expected a digit after '.'", Peek() is null ? 0 : 1);
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!ReadDigits())
            {
                throw Fail("expected a digit in the exponent", Peek() is null ? 0 : 1);
            }
        }

        if (Peek() is { } after && (char.IsLetterOrDigit(after) || after == '.'))
        {
            throw new JsonSyntaxException("'" + _text.Substring(start, _position - start + 1) + "' is not a JSON number", start, _position - start + 1);
        }

        return new JsonValue(JsonKind.Number, start) { Length = _position - start, Text = _text.Substring(start, _position - start) };
    }

    private bool ReadDigits()
    {
        var start = _position;
        while (Peek() is >= '0' and <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    private JsonValue ReadLiteral(string literal, JsonKind kind)
    {
        var start = _position;
        if (literal.Length == 0
            || string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0
            || (_position + literal.Length < _text.Length && char.IsLetterOrDigit(_text[_position + literal.Length])))
        {
            var end = _position;
            while (end < _text.Length && char.IsLetter(_text[end]))
            {
                end++;
            }

            throw new JsonSyntaxException("'" + _text.Substring(start, end - start) + "' is not a JSON value (strings need double quotes)", start, end - start);
        }

        _position += literal.Length;
        return new JsonValue(kind, start) { Length = literal.Length };
    }

    private char? Peek() => _position < _text.Length ? _text[_position] : null;

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private JsonSyntaxException Fail(string message, int length) =>
        new(message, _position, _position + length > _text.Length ? _text.Length - _position : length);

    private sealed class JsonSyntaxException : System.Exception
    {
        public JsonSyntaxException(string message, int start, int length)
            : base(message)
        {
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }
    }
}
