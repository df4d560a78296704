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
/// Other properties of the root object are read and ignored. A Markdown code fence before the JSON (<c>```json</c>) is
/// skipped, and anything after the root value is ignored. Invalid JSON throws <see cref="JsonException"/>.
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
        if (_stage == Stage.Done || text.Length == 0)
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
        if (_stage == Stage.Done || bytes.IsEmpty)
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
                        throw new JsonException(_properties
                            ? $"Expected an object, but the reply starts with a {Describe(reader.TokenType)}."
                            : $"Expected an object with an \"items\" array, but the reply starts with a {Describe(reader.TokenType)}.");
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
                            throw new JsonException($"Expected \"items\" to be an array, but it is a {Describe(reader.TokenType)}.");
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
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        _ => token.ToString(),
    };

    /// <summary>Skips whitespace and a leading code fence line; false while the fence line is not complete yet.</summary>
    private bool SkipPreamble()
    {
        var span = _buffer.AsSpan(_scan, _length - _scan);
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (i < span.Length && span[i] == (byte)'`')
        {
            var newline = span.Slice(i).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            i += newline + 1;
        }

        _scan += i;
        return true;
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
