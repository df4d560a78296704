using System;
using System.IO;
using System.Net.Http;
using System.Security.Authentication;
using System.Text.Json;

namespace PromptGen;

/// <summary>Where in a call a failure happened; decides what the failure means for the caller.</summary>
internal enum CallPhase
{
    /// <summary>Opening a connection: nothing was sent, so the server may not have been reached at all.</summary>
    Connect,

    /// <summary>The connection was open and the request was (being) sent; waiting for the response headers.</summary>
    Send,

    /// <summary>Reading a whole (not streamed) response body.</summary>
    Body,

    /// <summary>Reading the events of a streamed reply.</summary>
    Stream,

    /// <summary>Waiting before a retry.</summary>
    Backoff,
}

/// <summary>What is known about the call when it failed, for the message.</summary>
internal readonly struct FailureFacts
{
    private FailureFacts(int attempt, int status, string? mediaType, ObservedStream? body, int chunks)
    {
        Attempt = attempt;
        Status = status;
        MediaType = mediaType;
        Body = body;
        Chunks = chunks;
    }

    /// <summary>The attempt that failed (1-based).</summary>
    public int Attempt { get; }

    /// <summary>The HTTP status of the response being read, or 0.</summary>
    public int Status { get; }

    /// <summary>The response's media type, when there is a response.</summary>
    public string? MediaType { get; }

    /// <summary>The body being read, for its byte count and excerpt.</summary>
    public ObservedStream? Body { get; }

    /// <summary>How many chunks of a streamed reply were read.</summary>
    public int Chunks { get; }

    /// <summary>Facts while sending attempt <paramref name="attempt"/>.</summary>
    public static FailureFacts Sending(int attempt) => new(attempt, 0, null, null, 0);

    /// <summary>Facts while reading <paramref name="body"/> of a response with <paramref name="status"/>.</summary>
    public static FailureFacts Reading(int status, string? mediaType, ObservedStream? body) => new(0, status, mediaType, body, 0);

    /// <summary>Facts while reading a streamed reply after <paramref name="chunks"/> chunks.</summary>
    public static FailureFacts Streaming(int chunks) => new(0, 200, null, null, chunks);
}

/// <summary>
/// The one place a failure inside <see cref="ChatClient"/> becomes PromptGen's exception for the phase it happened in:
/// a cancellation becomes a <see cref="ChatTimeoutException"/> (or stays an <see cref="OperationCanceledException"/> when
/// the caller cancelled), a network failure an <see cref="HttpRequestException"/> (before a response) or a
/// <see cref="ChatResponseException"/> (while reading one), an unreadable body a <see cref="ChatResponseException"/> quoting
/// it; and the API key is removed from all of them.
/// </summary>
internal sealed class CallFailures
{
    private readonly Uri _endpoint;
    private readonly Redactor _redactor;

    public CallFailures(Uri endpoint, Redactor redactor)
    {
        _endpoint = endpoint;
        _redactor = redactor;
    }

    /// <summary>The key remover every message of the client goes through.</summary>
    public Redactor Redactor => _redactor;

    /// <summary>Whether <see cref="Translate"/> turns <paramref name="exception"/> into something else (use as a catch filter).</summary>
    public static bool Translates(Exception exception) => exception is OperationCanceledException or IOException or HttpRequestException
        or ObjectDisposedException or JsonException or InvalidDataException or ChatApiException or ChatResponseException;

    /// <summary>The exception to throw for <paramref name="exception"/>, raised in <paramref name="phase"/>.</summary>
    public Exception Translate(Exception exception, CallPhase phase, CallScope scope, in FailureFacts facts)
    {
        if (exception is OperationCanceledException
            || (scope.Token.IsCancellationRequested && exception is IOException or ObjectDisposedException or HttpRequestException))
        {
            return (Exception?)scope.TimeoutFor(exception)
                ?? exception as OperationCanceledException
                ?? new OperationCanceledException("The chat call was cancelled.", exception, scope.Token);
        }

        switch (exception)
        {
            case ObjectDisposedException disposed when phase is CallPhase.Connect or CallPhase.Send:
                // HttpClient.SendAsync on a disposed client (or handler): a fault on this side that no retry can mend.
                return new ObjectDisposedException(
                    disposed.ObjectName,
                    "The HttpClient this ChatClient sends through was disposed (the ChatClient itself, or the HttpClient given to it), so the request was not sent and is not retried. Keep the HttpClient alive as long as the ChatClient that uses it; with IHttpClientFactory, do not dispose the client it hands out.");
            case HttpRequestException when phase is CallPhase.Connect && FindTlsFailure(exception) is { } tls:
                return new HttpRequestException(
                    _redactor.Redact($"The TLS (https) connection to the chat endpoint {UrlText.Show(_endpoint)} could not be established{After(facts.Attempt)}: {tls.Message} Not retried: this does not pass by itself. Check that ChatClientOptions.BaseUrl uses https only for a server that speaks TLS (a local server usually wants http://), and that the server's certificate is valid and trusted on this machine."),
                    Safe(exception));
            case ChatApiException api:
                return _redactor.Leaks(api.Message) || _redactor.Leaks(api.RawBody) || _redactor.Leaks(api.ErrorObject?.GetRawText()) ? api.Redacted(_redactor) : api;
            case ChatResponseException response:
                return new ChatResponseException(_redactor.Redact(response.Message)!, _redactor.Redact(response.Excerpt), Safe(response.InnerException)) { IsCutShort = response.IsCutShort };
            case JsonException json when phase == CallPhase.Body:
                var excerpt = _redactor.Redact(facts.Body?.Excerpt());
                return new ChatResponseException(
                    _redactor.Redact($"The chat endpoint answered HTTP {facts.Status} ({facts.MediaType ?? "no content type"}) with a body that is not a chat completion: {JsonFailure.StoppedAt(json, "a chat completion")}. Check ChatClientOptions.BaseUrl: it must be the API's base, such as https://api.openai.com/v1. Received: {excerpt}")!,
                    excerpt,
                    Safe(json));
            case InvalidDataException undecodable when phase is CallPhase.Body or CallPhase.Stream:
                // HttpClient's automatic decompression met a body that does not match its Content-Encoding header.
                return new ChatResponseException(
                    _redactor.Redact($"The chat endpoint answered HTTP {facts.Status} with a body that could not be decompressed ({undecodable.Message}): its Content-Encoding header does not match the bytes sent. Check the server or proxy between you and it.")!,
                    null,
                    Safe(undecodable));
        }

        return phase switch
        {
            CallPhase.Connect => new HttpRequestException(
                _redactor.Redact($"Could not reach the chat endpoint {UrlText.Show(_endpoint)}{After(facts.Attempt)}: {exception.Message} Check ChatClientOptions.BaseUrl and that the server is running."),
                Safe(exception)),
            CallPhase.Send => new HttpRequestException(
                _redactor.Redact($"The connection to the chat endpoint {UrlText.Show(_endpoint)} dropped after the request was sent, before the response headers arrived{After(facts.Attempt)}: {exception.Message} The server was reached; it or a proxy closed the connection. Try the call again."),
                Safe(exception)),
            CallPhase.Body => new ChatResponseException(
                _redactor.Redact($"The connection broke while reading the reply ({facts.Body?.Received ?? 0} bytes received): {exception.Message} Try the call again.")!,
                _redactor.Redact(facts.Body?.Excerpt()),
                Safe(exception)) { IsCutShort = true },
            CallPhase.Stream => new ChatResponseException(
                _redactor.Redact($"The connection broke after {Chunks(facts.Chunks)} of the streamed reply: {exception.Message} What was received is incomplete; try the call again.")!,
                null,
                Safe(exception)) { IsCutShort = true },
            _ => exception,
        };
    }

    /// <summary>
    /// The exception to throw for <paramref name="exception"/>, raised while waiting before <paramref name="retry"/>: a
    /// timeout says the call was waiting to retry, after which failure and for how long, and carries that failure (the
    /// server's <see cref="ChatApiException"/>, or the connection failure) as its inner exception.
    /// </summary>
    public Exception TranslateWait(Exception exception, CallScope scope, ChatRetry retry)
    {
        var translated = Translate(exception, CallPhase.Backoff, scope, FailureFacts.Sending(retry.Attempt));
        if (translated is not ChatTimeoutException timeout)
        {
            return translated;
        }

        var failure = Describe(retry);
        var advice = retry.ServerAskedWait
            ? $"Raise the timeout, or set ChatClientOptions.Retry.MaxServerWait below it, so that a server asking for a wait that long fails the call at once with its {failure}."
            : "Raise the timeout, or wait less between attempts (ChatClientOptions.Retry.MaxDelay) or retry less (MaxRetries).";
        return new ChatTimeoutException(
            timeout.TimeoutName,
            timeout.Timeout,
            $"The chat call did not finish within {timeout.TimeoutName} ({CallScope.Describe(timeout.Timeout)}): it was waiting {CallScope.Describe(retry.Wait)}{(retry.ServerAskedWait ? ", as the server asked," : "")} to retry after {failure} on attempt {retry.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}. {advice}",
            retry.Failure);
    }

    /// <summary>
    /// <paramref name="timeout"/>, which ended attempt <paramref name="attempt"/> after <paramref name="last"/> was retried,
    /// saying so and carrying the failure that was retried as its inner exception (the server's error is what explains the
    /// lost time, not the cancellation).
    /// </summary>
    public static ChatTimeoutException AfterRetry(ChatTimeoutException timeout, ChatRetry last, int attempt)
    {
        // After the first sentence (which names the limit), before the advice.
        var message = timeout.Message;
        var cut = message.IndexOf(". ", StringComparison.Ordinal) is var end and >= 0 ? end + 1 : message.Length;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return new ChatTimeoutException(
            timeout.TimeoutName,
            timeout.Timeout,
            $"{message.Substring(0, cut)} Attempt {attempt.ToString(culture)} had not finished; attempt {last.Attempt.ToString(culture)} failed with {Describe(last)} and was retried after {CallScope.Describe(last.Wait)}.{message.Substring(cut)}",
            last.Failure);
    }

    /// <summary>What ended the attempt <paramref name="retry"/> retries: <c>HTTP 503</c>, or <c>a connection failure</c>.</summary>
    private static string Describe(ChatRetry retry) => retry.Failure is ChatApiException api
        ? "HTTP " + api.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "a connection failure";

    /// <summary>
    /// <paramref name="inner"/> as it may be attached: a parser's exception is re-created without its own inner exceptions
    /// (its text can quote the server's bytes), and any exception whose text holds the API key is re-created redacted.
    /// </summary>
    private Exception? Safe(Exception? inner)
    {
        switch (inner)
        {
            case null:
                return null;
            case JsonException json:
                return new JsonException(_redactor.Redact(json.Message), json.Path, json.LineNumber, json.BytePositionInLine);
            case ChatResponseException or ChatApiException:
                return inner;
        }

        if (!_redactor.Leaks(inner.ToString()))
        {
            return inner;
        }

        var message = _redactor.Redact(inner.Message);
        return inner switch
        {
            HttpRequestException => new HttpRequestException(message),
            IOException => new IOException(message),
            _ => new Exception(message),
        };
    }

    /// <summary>
    /// Whether <paramref name="failure"/> (a translated failure of an attempt) can never succeed when retried: a TLS
    /// handshake the client rejected (an untrusted certificate, https to a server that speaks plain http).
    /// </summary>
    public static bool IsPermanent(Exception failure) => failure is HttpRequestException && FindTlsFailure(failure) is not null;

    /// <summary>The TLS failure (an <see cref="AuthenticationException"/>) somewhere inside <paramref name="exception"/>, if any.</summary>
    private static AuthenticationException? FindTlsFailure(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException tls)
            {
                return tls;
            }
        }

        return null;
    }

    private static string After(int attempt) => attempt > 1 ? $" after {attempt} attempts" : "";

    private static string Chunks(int chunks) => chunks == 1 ? "1 chunk" : chunks + " chunks";
}
