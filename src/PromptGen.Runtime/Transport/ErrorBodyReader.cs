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
    public async Task<ChatApiException> ReadAsync(HttpResponseMessage response, Stream body, int attempt, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            bytes = Array.Empty<byte>();
        }

        return Create((int)response.StatusCode, bytes, response, attempt);
    }

    /// <summary>
    /// The exception for an error status whose body (<paramref name="bytes"/>) was read: a
    /// <see cref="ContextLengthExceededException"/> for a prompt over the context window, else a <see cref="ChatApiException"/>.
    /// </summary>
    public ChatApiException Create(int status, byte[] bytes, HttpResponseMessage response, int attempt)
    {
        // Redact the whole text first: everything kept (raw body, error object, message) comes from the redacted text,
        // so no cut can leave a piece of the key behind.
        var text = _redactor.Redact(Encoding.UTF8.GetString(bytes))!;
        var error = text.Length == 0 ? null : ChatErrors.Parse(Encoding.UTF8.GetBytes(text));
        return Build(status, error, text, RequestId(response), ServerWait(response), attempt, insideSuccessfulResponse: false);
    }

    /// <summary>
    /// The exception for an error that arrived inside a successful (HTTP 200) response: in its JSON body or in a streamed
    /// event (<paramref name="raw"/> is that body or the event's data). Its status is the one the error object carries,
    /// else 200.
    /// </summary>
    public ChatApiException InsideSuccess(ChatError error, string raw, string? requestId, int attempt) =>
        Build(error.CarriedStatus() ?? 200, error, _redactor.Redact(raw)!, requestId, retryAfter: null, attempt, insideSuccessfulResponse: true);

    /// <summary>The key remover everything read goes through.</summary>
    public Redactor Redactor => _redactor;

    /// <summary>The header value <paramref name="name"/> with the key removed, or <see langword="null"/>.</summary>
    public string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? _redactor.Redact(values.FirstOrDefault()) : null;

    /// <summary>The <c>x-request-id</c> response header, with the key removed.</summary>
    public string? RequestId(HttpResponseMessage response) => Header(response, "x-request-id");

    /// <summary>Cuts already-redacted <paramref name="text"/> to <see cref="MaxRawBody"/> characters.</summary>
    public static string? Cap(string? text) =>
        string.IsNullOrEmpty(text) ? null : text!.Length > MaxRawBody ? text.Substring(0, MaxRawBody) + "…" : text;

    private ChatApiException Build(int status, ChatError? error, string redactedBody, string? requestId, TimeSpan? retryAfter, int attempt, bool insideSuccessfulResponse)
    {
        // Everything the server sent is redacted once, here; the two exceptions take the same values.
        var facts = new ApiErrorFacts(
            status, _redactor.Redact(error?.Message), _redactor.Redact(error?.Type), _redactor.Redact(error?.Code), _redactor.Redact(error?.Param), _redactor.Redact(requestId),
            Cap(redactedBody), retryAfter, attempt, Advice: null, InnerException: null, _redactor.Redact(error?.Json), insideSuccessfulResponse);
        return ContextLengthExceededException.Matches(error?.Type, error?.Code, error?.Message)
            ? new ContextLengthExceededException(facts)
            : new ChatApiException(facts);
    }

    /// <summary>Reads at most <see cref="MaxBytes"/> bytes of a (small) error or unexpected body, and disposes it.</summary>
    public static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var stream = body;
        using var bytes = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while (bytes.Length < MaxBytes && (read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }

    /// <summary>
    /// The wait the server asked for: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP date. A wait
    /// too long for <see cref="TimeSpan"/> (or a 32-bit number) saturates to <see cref="TimeSpan.MaxValue"/> rather than
    /// being dropped, so that it still fails the call at once under <see cref="RetryPolicy.MaxServerWait"/>.
    /// </summary>
    private TimeSpan? ServerWait(HttpResponseMessage response)
    {
        if (RawHeader(response, "retry-after-ms") is { } msText
            && double.TryParse(msText, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            return milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));
        }

        if (RawHeader(response, "Retry-After") is not { } text)
        {
            return null;
        }

        text = text.Trim();
        if (text.Length > 0 && text.All(static c => c is >= '0' and <= '9'))
        {
            // Digits only: delay-seconds, however many.
            return decimal.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond
                ? TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : TimeSpan.MaxValue;
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date))
        {
            var wait = date - _utcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>A response header's first value as sent, even when it does not parse as the typed header.</summary>
    private static string? RawHeader(HttpResponseMessage response, string name)
    {
#if NET
        return response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
#else
        return response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
#endif
    }
}
