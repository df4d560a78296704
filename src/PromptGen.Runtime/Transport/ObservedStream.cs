using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// A read-only view of a response body that arms the call's wait timer around every read (so the timeouts measure the
/// gaps between received bytes, not the caller's own pace), keeps the first bytes for error messages, and when disposed
/// before the end closes the connection instead of letting the handler drain the rest.
/// </summary>
/// <remarks>
/// Closing matters for streamed replies: a handler that drains an unread body to reuse the connection (SocketsHttpHandler
/// drains up to <c>MaxResponseDrainSize</c>, 1 MB, for up to 2 s) keeps the server generating tokens that are paid for.
/// So disposing early starts one more read and cancels it while it is pending, which makes the handler abort the
/// connection at once; data already buffered is read past first (at most <see cref="AbortReads"/> reads).
/// </remarks>
internal sealed class ObservedStream : Stream
{
    private const int PrefixSize = 512;
    private const int AbortReads = 16;

    private readonly Stream _inner;
    private readonly CallScope _scope;
    private readonly TimeSpan? _firstByteLimit;
    private readonly TimeSpan? _nextByteLimit;
    private readonly string _firstWhat;
    private readonly string _nextWhat;
    private readonly Redactor _redactor;
    private byte[]? _prefix;
    private int _prefixLength;
    private long _received;
    private bool _ended;
    private bool _disposed;

    private ObservedStream(Stream inner, CallScope scope, TimeSpan? firstByteLimit, TimeSpan? nextByteLimit, string firstWhat, string nextWhat, bool keepPrefix, Redactor redactor)
    {
        _redactor = redactor;
        _inner = inner;
        _scope = scope;
        _firstByteLimit = firstByteLimit;
        _nextByteLimit = nextByteLimit;
        _firstWhat = firstWhat;
        _nextWhat = nextWhat;
        _prefix = keepPrefix ? ArrayPool<byte>.Shared.Rent(PrefixSize) : null;
    }

    /// <summary>
    /// A whole reply body (JSON): <paramref name="firstByteLimit"/> covers the wait for its first byte,
    /// <paramref name="idleLimit"/> every later gap; the first bytes are kept for <see cref="Excerpt"/>.
    /// </summary>
    /// <remarks><see cref="Excerpt"/> removes the API key with <paramref name="redactor"/> before shortening.</remarks>
    public static ObservedStream ForReply(Stream inner, CallScope scope, TimeSpan? firstByteLimit, TimeSpan? idleLimit, Redactor redactor) =>
        new(inner, scope, firstByteLimit, idleLimit, "waiting for the first byte of the reply body", "waiting for the next bytes of the reply body", keepPrefix: true, redactor);

    /// <summary>An event stream: <paramref name="firstEventLimit"/> covers the wait for the first byte, <paramref name="idleLimit"/> every later gap.</summary>
    public static ObservedStream ForEventStream(Stream inner, CallScope scope, TimeSpan? firstEventLimit, TimeSpan? idleLimit) =>
        new(inner, scope, firstEventLimit, idleLimit, "waiting for the first streamed event", "waiting for the next streamed event", keepPrefix: false, Redactor.None);

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
    public string? Excerpt() => _prefix is null ? null : ChatText.Excerpt(_prefix.AsSpan(0, _prefixLength), _received > _prefixLength, _redactor);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
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
        if (disposing && !_disposed)
        {
            _disposed = true;
            var prefix = _prefix;
            _prefix = null;
            if (prefix is not null)
            {
                ArrayPool<byte>.Shared.Return(prefix);
            }

            if (!_ended)
            {
                AbortUnread();
            }

            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Makes the handler close the connection instead of draining the unread rest of the body.</summary>
    private void AbortUnread()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var returnBuffer = true;
        try
        {
            for (var i = 0; i < AbortReads; i++)
            {
                var cancel = new CancellationTokenSource();
                var read = _inner.ReadAsync(buffer, 0, buffer.Length, cancel.Token);
                if (!read.IsCompleted)
                {
                    // The handler aborts the connection when a pending read is cancelled. The buffer stays with the
                    // abandoned read; the task's failure is observed so that it is not reported as unobserved.
                    returnBuffer = false;
                    cancel.Cancel();
                    read.ContinueWith(static (task, state) => ((CancellationTokenSource)state!).Dispose(), cancel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    return;
                }

                cancel.Dispose();
                if (read.Status != TaskStatus.RanToCompletion || read.Result == 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or NotSupportedException or InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            // The connection is already closed or failed: nothing left to drain.
        }
        finally
        {
            if (returnBuffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Arm()
    {
        if (_received == 0)
        {
            _scope.Arm("ChatClientOptions.ResponseTimeout", _firstByteLimit, _firstWhat);
        }
        else
        {
            _scope.Arm("ChatClientOptions.StreamIdleTimeout", _nextByteLimit, _nextWhat);
        }
    }

    private void Observe(ReadOnlySpan<byte> read)
    {
        if (read.IsEmpty)
        {
            _ended = true;
            return;
        }

        if (_prefix is not null && _prefixLength < PrefixSize)
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

    /// <summary>
    /// The start of <paramref name="bytes"/> as quoted text, shortened to <see cref="MaxExcerpt"/> characters; the API key is
    /// removed by <paramref name="redactor"/> BEFORE the text is shortened, so that no cut leaves a piece of it.
    /// </summary>
    public static string Excerpt(ReadOnlySpan<byte> bytes, bool more = false, Redactor? redactor = null)
    {
        if (bytes.IsEmpty)
        {
            return more ? "\"…\"" : "(empty)";
        }

        var take = Math.Min(bytes.Length, MaxExcerpt * 4);
        var text = Encoding.UTF8.GetString(bytes.Slice(0, take).ToArray());
        return Quote(redactor?.Redact(text) ?? text, more || take < bytes.Length);
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
