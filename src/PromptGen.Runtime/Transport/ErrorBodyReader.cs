using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// Reads the body of an error status (or an unexpected body) into a <see cref="ChatApiException"/>: the server's error
/// object when the body holds one, else the start of the body as text; with the request id, the wait the server asked
/// for, and the API key removed.
/// </summary>
internal sealed class ErrorBodyReader
{
    /// <summary>The most bytes read of an error body.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The most characters of a body that is not an error object kept in <see cref="ChatApiException.RawBody"/>.</summary>
    public const int MaxRawBody = 2000;

    private readonly Redactor _redactor;
    private readonly Func<DateTimeOffset> _utcNow;

    public ErrorBodyReader(Redactor redactor, Func<DateTimeOffset> utcNow)
    {
        _redactor = redactor;
        _utcNow = utcNow;
    }

    /// <summary>
    /// Reads <paramref name="response"/>'s body (at most <see cref="MaxBytes"/>; a connection that breaks meanwhile leaves
    /// what was read) and returns the exception for it. Cancellation propagates.
    /// </summary>
    public async Task<ChatApiException> ReadAsync(HttpResponseMessage response, int attempt, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            bytes = Array.Empty<byte>();
        }

        return Create((int)response.StatusCode, bytes, response, attempt);
    }

    /// <summary>The exception for an error body already read.</summary>
    public ChatApiException Create(int status, byte[] bytes, HttpResponseMessage response, int attempt)
    {
        var error = ChatErrors.Parse(bytes);
        string? rawBody = null;
        if (error is null && bytes.Length > 0)
        {
            var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxRawBody * 4));
            rawBody = text.Length > MaxRawBody || bytes.Length > MaxRawBody * 4 ? text.Substring(0, Math.Min(text.Length, MaxRawBody)) + "…" : text;
        }

        return new ChatApiException(
            status,
            _redactor.Redact(error?.Message),
            error?.Type,
            error?.Code,
            error?.Param,
            RequestId(response),
            _redactor.Redact(rawBody),
            ServerWait(response),
            attempt,
            advice: null,
            innerException: null);
    }

    /// <summary>The <c>x-request-id</c> response header.</summary>
    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out var values) ? values.FirstOrDefault() : null;

    /// <summary>Reads at most <see cref="MaxBytes"/> bytes of a (small) error or unexpected body.</summary>
    public static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
#if NET
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var bytes = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while (bytes.Length < MaxBytes && (read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }

    /// <summary>The wait the server asked for: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    private TimeSpan? ServerWait(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0 && milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
        {
            return TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - _utcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
