using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// Reads Server-Sent Events (the WHATWG event-stream format) from a body, one event at a time, without copying lines:
/// lines end in CR, LF or CRLF; a leading UTF-8 BOM is skipped; <c>data:</c> lines join with a newline; comments
/// (<c>:</c>) and <c>id:</c>/<c>retry:</c> are skipped; a blank line dispatches. Beyond the standard it keeps llama.cpp's
/// non-standard <c>error:</c> field (which a standard parser drops, losing the error), and dispatches a last event the
/// body ends without a blank line for (servers end with <c>data: [DONE]</c> and no newline), marked
/// <see cref="SseEvent.Complete"/> <see langword="false"/> so that an event cut off mid-way is reported as a cut stream, not
/// as a malformed event, and never vanishes.
/// </summary>
internal sealed class SseReader : IDisposable
{
    private const int InitialBuffer = 16 * 1024;

    /// <summary>The longest line accepted; a longer one is not an event stream a chat server sends.</summary>
    private const int MaxLine = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly PooledBufferWriter _data = new(1024);
    private readonly PooledBufferWriter _error = new(256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;
    private bool _eof;
    private bool _afterCr;
    private bool _started;

    public SseReader(Stream stream) => _stream = stream;

    /// <summary>
    /// The next event, or <see langword="null"/> at the end of the body. Its data is valid until the next call.
    /// </summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? eventType = null;
        bool hasData = false, hasError = false;
        _data.Clear();
        _error.Clear();
        while (true)
        {
            var (found, start, length) = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!found)
            {
                // The body ended before the blank line that ends an event: what was read of it is dispatched, marked cut.
                return hasData || hasError ? new SseEvent(eventType, _data.Written, hasError ? _error.Written : (ReadOnlyMemory<byte>?)null, complete: false) : null;
            }

            if (length == 0)
            {
                if (hasData || hasError)
                {
                    return new SseEvent(eventType, _data.Written, hasError ? _error.Written : (ReadOnlyMemory<byte>?)null, complete: true);
                }

                eventType = null;
                continue;
            }

            var line = _buffer.AsSpan(start, length);
            if (line[0] == (byte)':')
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? line : line.Slice(0, colon);
            var value = colon < 0 ? ReadOnlySpan<byte>.Empty : line.Slice(colon + 1);
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value.Slice(1);
            }

            if (name.SequenceEqual("data"u8))
            {
                Append(_data, value, ref hasData);
            }
            else if (name.SequenceEqual("error"u8))
            {
                Append(_error, value, ref hasError);
            }
            else if (name.SequenceEqual("event"u8))
            {
                eventType = Encoding.UTF8.GetString(value.ToArray());
            }
        }
    }

    /// <summary>Disposes the body too (an <see cref="ObservedStream"/> then closes a connection whose body was not read to its end).</summary>
    public void Dispose()
    {
        _stream.Dispose();
        _data.Dispose();
        _error.Dispose();
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Append(PooledBufferWriter target, ReadOnlySpan<byte> value, ref bool has)
    {
        if (has)
        {
            target.Write("\n"u8);
        }

        target.Write(value);
        has = true;
    }

    /// <summary>The next line (without its end) as a range of the buffer, valid until the next read; not found at the end of the body.</summary>
    private async ValueTask<(bool Found, int Start, int Length)> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_afterCr && (_end > _start || _eof))
            {
                if (_end > _start && _buffer[_start] == (byte)'\n')
                {
                    _start++;
                }

                _afterCr = false;
            }

            if (!_afterCr && _started)
            {
                var index = _buffer.AsSpan(_start, _end - _start).IndexOfAny((byte)'\r', (byte)'\n');
                if (index >= 0)
                {
                    var start = _start;
                    _afterCr = _buffer[start + index] == (byte)'\r';
                    _start += index + 1;
                    return (true, start, index);
                }

                if (_eof)
                {
                    if (_end > _start)
                    {
                        var start = _start;
                        _start = _end;
                        return (true, start, _end - start);
                    }

                    return (false, 0, 0);
                }
            }
            else if (_eof)
            {
                _started = true;
                continue;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLine)
            {
                throw new ChatResponseException(
                    $"A streamed event line is longer than {MaxLine / (1024 * 1024)} MB; the body is not an event stream a chat server sends. Received: {ChatText.Excerpt(_buffer.AsSpan(0, Math.Min(_end, 1200)), more: true)}",
                    ChatText.Excerpt(_buffer.AsSpan(0, Math.Min(_end, 1200)), more: true));
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

#if NET
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
#else
        var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
#endif
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        if (!_started && (_end >= 3 || _eof))
        {
            _started = true;
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
            }
        }
    }
}

/// <summary>
/// One dispatched event: its type (<see langword="null"/> for the default <c>message</c>), its data, llama.cpp's
/// <c>error:</c> field when present, and whether a blank line ended it.
/// </summary>
internal readonly struct SseEvent
{
    public SseEvent(string? type, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte>? error, bool complete)
    {
        Type = type;
        Data = data;
        Error = error;
        Complete = complete;
    }

    /// <summary>
    /// Whether a blank line ended the event; <see langword="false"/> when the body ended first (the last event of a body cut
    /// short, or a server that ends with <c>data: [DONE]</c> and no newline).
    /// </summary>
    public bool Complete { get; }

    public string? Type { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public ReadOnlyMemory<byte>? Error { get; }
}
