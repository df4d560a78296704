using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// A read-only view of a response body that arms the call's wait timer around every read (so the timeouts measure the
/// gaps between received bytes, not the caller's own pace) and keeps the first bytes for error messages.
/// </summary>
/// <remarks>
/// For an event stream it reads as if the body ended with a blank line: the SSE rules (which <c>SseParser</c> follows)
/// drop a last event that no blank line closes, but servers do end with <c>data: [DONE]</c> and no newline. A last event
/// that was cut off mid-way is then dispatched too, and fails to parse with an excerpt instead of vanishing.
/// </remarks>
internal sealed class ObservedStream : Stream
{
    private const int PrefixSize = 512;

    private readonly Stream _inner;
    private readonly CallScope _scope;
    private readonly TimeSpan? _firstByteLimit;
    private readonly TimeSpan? _nextByteLimit;
    private readonly string _firstWhat;
    private byte[]? _prefix;
    private int _prefixLength;
    private long _received;
    private bool _terminate;

    private ObservedStream(Stream inner, CallScope scope, TimeSpan? firstByteLimit, TimeSpan? nextByteLimit, string firstWhat, bool keepPrefix, bool closeLastEvent)
    {
        _terminate = closeLastEvent;
        _inner = inner;
        _scope = scope;
        _firstByteLimit = firstByteLimit;
        _nextByteLimit = nextByteLimit;
        _firstWhat = firstWhat;
        _prefix = keepPrefix ? ArrayPool<byte>.Shared.Rent(PrefixSize) : null;
    }

    /// <summary>A whole reply body (JSON): the first bytes are kept for <see cref="Excerpt"/>; no wait limits.</summary>
    public static ObservedStream ForReply(Stream inner, CallScope scope) =>
        new(inner, scope, null, null, "", keepPrefix: true, closeLastEvent: false);

    /// <summary>
    /// An event stream: <paramref name="firstEventLimit"/> covers the wait for the first byte, <paramref name="idleLimit"/>
    /// every later gap, and the body reads as if it ended with a blank line.
    /// </summary>
    public static ObservedStream ForEventStream(Stream inner, CallScope scope, TimeSpan? firstEventLimit, TimeSpan? idleLimit) =>
        new(inner, scope, firstEventLimit, idleLimit, "waiting for the first streamed event", keepPrefix: false, closeLastEvent: true);

    /// <summary>How many bytes were read so far.</summary>
    public long Received => _received;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _received;
        set => throw new NotSupportedException();
    }

    /// <summary>The start of the body as text, shortened, or <see langword="null"/> when nothing was kept.</summary>
    public string? Excerpt() => _prefix is null ? null : ChatText.Excerpt(_prefix.AsSpan(0, _prefixLength), _received > _prefixLength);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        if (read == 0)
        {
            return Terminate(buffer.AsSpan(offset, count));
        }

        Observe(buffer.AsSpan(offset, read));
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Arm();
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scope.Disarm();
        }

        if (read == 0)
        {
            return Terminate(buffer.AsSpan(offset, count));
        }

        Observe(buffer.AsSpan(offset, read));
        return read;
    }

#if NET
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Arm();
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scope.Disarm();
        }

        if (read == 0)
        {
            return Terminate(buffer.Span);
        }

        Observe(buffer.Span.Slice(0, read));
        return read;
    }
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            var prefix = _prefix;
            _prefix = null;
            if (prefix is not null)
            {
                ArrayPool<byte>.Shared.Return(prefix);
            }

            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>At the end of the body: the closing blank line once (when asked for and there is room), then nothing.</summary>
    private int Terminate(Span<byte> destination)
    {
        if (!_terminate || destination.Length < 2)
        {
            return 0;
        }

        _terminate = false;
        destination[0] = (byte)'\n';
        destination[1] = (byte)'\n';
        return 2;
    }

    private void Arm()
    {
        if (_received == 0)
        {
            _scope.Arm("ChatClientOptions.ResponseTimeout", _firstByteLimit, _firstWhat);
        }
        else
        {
            _scope.Arm("ChatClientOptions.StreamIdleTimeout", _nextByteLimit, "waiting for the next streamed event");
        }
    }

    private void Observe(ReadOnlySpan<byte> read)
    {
        if (_prefix is not null && _prefixLength < PrefixSize && read.Length > 0)
        {
            var take = Math.Min(PrefixSize - _prefixLength, read.Length);
            read.Slice(0, take).CopyTo(_prefix.AsSpan(_prefixLength));
            _prefixLength += take;
        }

        _received += read.Length;
    }
}

/// <summary>Text helpers for messages: short, safe excerpts of received bytes.</summary>
internal static class ChatText
{
    /// <summary>The most characters of received text an exception message quotes.</summary>
    public const int MaxExcerpt = 300;

    /// <summary>The start of <paramref name="bytes"/> as quoted text, shortened to <see cref="MaxExcerpt"/> characters.</summary>
    public static string Excerpt(ReadOnlySpan<byte> bytes, bool more = false)
    {
        if (bytes.IsEmpty)
        {
            return more ? "\"…\"" : "(empty)";
        }

        var take = Math.Min(bytes.Length, MaxExcerpt * 4);
        var text = Encoding.UTF8.GetString(bytes.Slice(0, take).ToArray());
        return Quote(text, more || take < bytes.Length);
    }

    /// <summary><paramref name="text"/> quoted and shortened to <paramref name="max"/> characters.</summary>
    public static string Quote(string text, bool more = false, int max = MaxExcerpt)
    {
        if (text.Length > max)
        {
            text = text.Substring(0, max);
            more = true;
        }

        return "\"" + text.Replace("\r", "\\r").Replace("\n", "\\n") + (more ? "…\"" : "\"");
    }
}
