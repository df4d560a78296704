using System;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// Finds the items of <c>{"items": [ … ]}</c> (or of a bare <c>[ … ]</c>) in JSON text that arrives in pieces, and hands
/// out each item's UTF-8 bytes the moment its last byte arrives.
/// </summary>
/// <remarks>
/// <para>
/// Tokens are read once: a <see cref="Utf8JsonReader"/> over the bytes not yet read (<c>isFinalBlock: false</c>) resumes
/// from the <see cref="JsonReaderState"/> the last piece left, so the cost of a piece is the cost of its own bytes (plus
/// a token cut at the piece's end, which is read again when the rest arrives). The buffer keeps only the item being
/// received; bytes before it are dropped. Text is encoded with a stateful <see cref="Encoder"/>, so a surrogate pair
/// split between two pieces is encoded whole.
/// </para>
/// <para>
/// Other properties of the root object are read and ignored. A Markdown code fence around the JSON (<c>```json</c> …
/// <c>```</c>) and whitespace are skipped. Invalid JSON throws <see cref="JsonException"/>; JSON of the wrong shape — a
/// root that is not an object (or, for items, an array), an <c>"items"</c> that is not an array, anything but
/// whitespace or the closing fence after the root — throws <see cref="JsonShapeException"/>, as soon as its first byte
/// arrives.
/// </para>
/// </remarks>
internal sealed class JsonItemReader : IDisposable
{
    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;
    private int _scan;
    private int _itemStart = -1;
    private int _itemDepth = -1;
    private JsonReaderState _state = new(Options);
    private readonly bool _properties;
    private Stage _stage = Stage.BeforeRoot;
    private bool _itemsNext;

    /// <summary>Creates a reader of the items of <c>{"items": […]}</c>, or, with <paramref name="properties"/>, of the root object's property values.</summary>
    public JsonItemReader(bool properties = false) => _properties = properties;

    /// <summary>In property mode: the name of the property whose value <see cref="TryReadItem"/> returned last.</summary>
    public string? PropertyName { get; private set; }

    private enum Stage
    {
        BeforeRoot,
        InRoot,
        InItems,
        AfterItems,
        Done,
    }

    /// <summary>How many items were handed out.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the root value was complete and held an items array.</summary>
    public bool IsComplete => _stage == Stage.Done && _itemDepth >= 0;

    /// <summary>Whether the root value ended (with or without an items array).</summary>
    public bool RootEnded => _stage == Stage.Done;

    /// <summary>How many bytes are held (the item being received and a cut token), for tests of the buffer's bound.</summary>
    public int Held => _length;

    /// <summary>Adds the next piece of text.</summary>
    public void Append(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        Compact();
        Ensure((text.Length * 3) + 4); // at most 3 bytes a char, 4 for a surrogate pair completed by a held high surrogate
#if NET
        _length += _encoder.GetBytes(text.AsSpan(), _buffer.AsSpan(_length), flush: false);
#else
        var chars = text.ToCharArray();
        _length += _encoder.GetBytes(chars, 0, chars.Length, _buffer, _length, flush: false);
#endif
    }

    /// <summary>Adds the next piece of UTF-8 bytes (used by benchmarks and tests that feed bytes directly).</summary>
    public void AppendUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        Compact();
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>
    /// The next complete item's bytes, valid until the next call to any method; <see langword="false"/> when the bytes
    /// received so far hold no further complete item.
    /// </summary>
    public bool TryReadItem(out ReadOnlySpan<byte> item)
    {
        item = default;
        if (_stage == Stage.Done)
        {
            CheckTrailing();
            return false;
        }

        if (_stage == Stage.BeforeRoot && !SkipPreamble())
        {
            return false;
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(_scan, _length - _scan), isFinalBlock: false, _state);
        var found = false;
        while (!found && reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (_stage)
            {
                case Stage.BeforeRoot:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _stage = _properties ? Stage.InItems : Stage.InRoot;
                        _itemDepth = _properties ? 1 : -1;
                    }
                    else if (reader.TokenType == JsonTokenType.StartArray && !_properties)
                    {
                        _stage = Stage.InItems;
                        _itemDepth = 1;
                    }
                    else
                    {
                        throw WrongRoot(Describe(reader.TokenType));
                    }

                    break;
                case Stage.InRoot:
                case Stage.AfterItems:
                    if (depth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        _itemsNext = _stage == Stage.InRoot && reader.ValueTextEquals("items"u8);
                    }
                    else if (depth == 1 && _itemsNext)
                    {
                        _itemsNext = false;
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new JsonShapeException($"The reply's \"items\" must be an array, but it is {Describe(reader.TokenType)}");
                        }

                        _stage = Stage.InItems;
                        _itemDepth = 2;
                    }
                    else if (depth == 0 && reader.TokenType == JsonTokenType.EndObject)
                    {
                        _stage = Stage.Done;
                    }

                    break;
                case Stage.InItems:
                    if (depth == _itemDepth - 1 && reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                    {
                        _stage = _itemDepth == 1 ? Stage.Done : Stage.AfterItems;
                    }
                    else if (_properties && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (depth == _itemDepth)
                        {
                            PropertyName = reader.GetString();
                        }
                    }
                    else if (depth == _itemDepth)
                    {
                        var start = _scan + (int)reader.TokenStartIndex;
                        var end = _scan + (int)reader.BytesConsumed;
                        switch (reader.TokenType)
                        {
                            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                                _itemStart = start;
                                break;
                            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                                item = _buffer.AsSpan(_itemStart, end - _itemStart);
                                _itemStart = -1;
                                found = true;
                                break;
                            default:
                                item = _buffer.AsSpan(start, end - start);
                                found = true;
                                break;
                        }
                    }

                    break;
            }

            if (_stage == Stage.Done)
            {
                break;
            }
        }

        _scan += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (_stage == Stage.Done)
        {
            CheckTrailing();
        }

        if (found)
        {
            Count++;
        }

        return found;
    }

    /// <summary>
    /// A reader in the same state, which continues independently (benchmarks measure chunk N from one reader brought to
    /// it once). Copies the held bytes only; a surrogate the encoder holds is not carried over.
    /// </summary>
    internal JsonItemReader Fork()
    {
        var fork = new JsonItemReader(_properties);
        fork.Ensure(_length);
        Buffer.BlockCopy(_buffer, 0, fork._buffer, 0, _length);
        fork._length = _length;
        fork._scan = _scan;
        fork._itemStart = _itemStart;
        fork._itemDepth = _itemDepth;
        fork._state = _state;
        fork._stage = _stage;
        fork._itemsNext = _itemsNext;
        fork.Count = Count;
        fork.PropertyName = PropertyName;
        return fork;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    /// <summary>What a value starting at <paramref name="span"/> is, from its first bytes (a literal by as much of it as arrived).</summary>
    private static string Describe(ReadOnlySpan<byte> span) => span[0] switch
    {
        (byte)'"' => "a string",
        (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
        (byte)'[' => "an array",
        (byte)'t' when Begins(span, "true"u8) => "a boolean",
        (byte)'f' when Begins(span, "false"u8) => "a boolean",
        (byte)'n' when Begins(span, "null"u8) => "null",
        _ => "text that is not JSON",
    };

    private static bool Begins(ReadOnlySpan<byte> span, ReadOnlySpan<byte> literal) =>
        literal.StartsWith(span.Slice(0, Math.Min(span.Length, literal.Length)));

    /// <summary>
    /// Skips whitespace and a leading code fence line; false while the fence line is not complete yet. The first byte of
    /// the root decides its shape: anything but an object (or, for items, an array) is reported at once.
    /// </summary>
    private bool SkipPreamble()
    {
        var span = _buffer.AsSpan(_scan, _length - _scan);
        var i = SkipWhitespace(span, 0);
        if (i < span.Length && span[i] == (byte)'`')
        {
            var newline = span.Slice(i).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            i = SkipWhitespace(span, i + newline + 1);
        }

        if (i < span.Length && span[i] is not ((byte)'{' or (byte)'/') && (_properties || span[i] != (byte)'['))
        {
            throw WrongRoot(Describe(span.Slice(i)));
        }

        _scan += i;
        return true;
    }

    /// <summary>After the root: only whitespace and the backticks of a closing code fence may follow.</summary>
    private void CheckTrailing()
    {
        var span = _buffer.AsSpan(_scan, _length - _scan);
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'`'))
            {
                throw new JsonShapeException(_properties
                    ? "The reply has more after its JSON object, where nothing may follow"
                    : "The reply has more after its JSON object (the one with \"items\"), where nothing may follow");
            }
        }

        _scan = _length;
    }

    private JsonShapeException WrongRoot(string what) => new(_properties
        ? $"The reply must be a JSON object, but it is {what}"
        : $"The reply must be a JSON object with an \"items\" array ({{\"items\": [ … ]}}), but it is {what}");

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int i)
    {
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>Drops the bytes no longer needed (everything before the current item, or before the unread rest) once they are most of the buffer.</summary>
    private void Compact()
    {
        var keep = _itemStart >= 0 ? _itemStart : _scan;
        if (keep == 0 || (keep < _buffer.Length / 2 && _length < _buffer.Length - 1024))
        {
            return;
        }

        Buffer.BlockCopy(_buffer, keep, _buffer, 0, _length - keep);
        _length -= keep;
        _scan -= keep;
        if (_itemStart >= 0)
        {
            _itemStart -= keep;
        }
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}

/// <summary>
/// JSON that is well formed so far but not the shape a streamed reply must have (<see cref="JsonItemReader"/>): the
/// message says what was expected and what came instead, without the received text (callers add it, redacted).
/// </summary>
internal sealed class JsonShapeException : JsonException
{
    public JsonShapeException(string message)
        : base(message)
    {
    }
}
