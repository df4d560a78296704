using System;
using System.Globalization;
using System.Text;

namespace PromptGen;

/// <summary>
/// The server answered a chat call with an error: an HTTP error status after any retries, or an error object inside a
/// streamed reply (then <see cref="StatusCode"/> is 200). The message names the status, the server's message and code,
/// and what to do; it never contains the API key.
/// </summary>
public sealed class ChatApiException : Exception
{
    /// <summary>Creates the exception with a message built from the other values.</summary>
    /// <param name="statusCode">The HTTP status; 200 for an error inside a stream.</param>
    /// <param name="errorMessage">The server's message.</param>
    /// <param name="errorType">The server's error type.</param>
    /// <param name="errorCode">The server's error code.</param>
    /// <param name="param">The request parameter at fault.</param>
    /// <param name="requestId">The <c>x-request-id</c> response header.</param>
    public ChatApiException(int statusCode, string? errorMessage, string? errorType = null, string? errorCode = null, string? param = null, string? requestId = null)
        : this(statusCode, errorMessage, errorType, errorCode, param, requestId, rawBody: null, retryAfter: null, attempts: 1, advice: null, innerException: null)
    {
    }

    internal ChatApiException(
        int statusCode,
        string? errorMessage,
        string? errorType,
        string? errorCode,
        string? param,
        string? requestId,
        string? rawBody,
        TimeSpan? retryAfter,
        int attempts,
        string? advice,
        Exception? innerException)
        : base(BuildMessage(statusCode, errorMessage, errorType, errorCode, param, requestId, rawBody, attempts, advice), innerException)
    {
        StatusCode = statusCode;
        ErrorMessage = errorMessage;
        ErrorType = errorType;
        ErrorCode = errorCode;
        Param = param;
        RequestId = requestId;
        RawBody = rawBody;
        RetryAfter = retryAfter;
        Attempts = attempts;
        _advice = advice;
    }

    private readonly string? _advice;

    /// <summary>The HTTP status; 200 when the error arrived inside a streamed reply.</summary>
    public int StatusCode { get; }

    /// <summary>The server's own message (<c>error.message</c>), when it sent one.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The error type (<c>error.type</c>), for example <c>invalid_request_error</c>; <see langword="null"/> on some servers (Azure).</summary>
    public string? ErrorType { get; }

    /// <summary>The error code (<c>error.code</c>), for example <c>invalid_api_key</c>; numbers some servers send are kept as text.</summary>
    public string? ErrorCode { get; }

    /// <summary>The request parameter at fault (<c>error.param</c>), when there is one.</summary>
    public string? Param { get; }

    /// <summary>The <c>x-request-id</c> response header, to quote when asking the provider for help.</summary>
    public string? RequestId { get; }

    /// <summary>The start of the response body (at most 2,000 characters) when it was not an error object; else <see langword="null"/>.</summary>
    public string? RawBody { get; }

    /// <summary>How long the server asked the client to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>How many attempts were made, the first included.</summary>
    public int Attempts { get; }

    /// <summary>The same exception with <paramref name="redact"/> applied to the server's text.</summary>
    internal ChatApiException Redacted(Func<string?, string?> redact) =>
        new(StatusCode, redact(ErrorMessage), ErrorType, ErrorCode, Param, RequestId, redact(RawBody), RetryAfter, Attempts, _advice, InnerException);

    /// <summary>The same exception with <paramref name="advice"/> in place of the usual advice.</summary>
    internal ChatApiException WithAdvice(string advice) =>
        new(StatusCode, ErrorMessage, ErrorType, ErrorCode, Param, RequestId, RawBody, RetryAfter, Attempts, advice, InnerException);

    /// <summary>Whether an error type or code equals <paramref name="value"/> (ordinal).</summary>
    internal bool Is(string value) => ErrorCode == value || ErrorType == value;

    private static string BuildMessage(int status, string? message, string? type, string? code, string? param, string? requestId, string? rawBody, int attempts, string? advice)
    {
        var text = new StringBuilder();
        text.Append(status == 200 ? "The server reported an error inside the streamed reply" : "The chat endpoint returned HTTP " + status.ToString(CultureInfo.InvariantCulture) + ReasonSuffix(status));
        if (attempts > 1)
        {
            text.Append(" (after ").Append(attempts).Append(" attempts)");
        }

        text.Append(": ").Append(string.IsNullOrEmpty(message) ? (rawBody is null ? "(no error message)" : "(body is not an error object) " + rawBody) : message);
        var details = new StringBuilder();
        AppendDetail(details, "type", type);
        AppendDetail(details, "code", code);
        AppendDetail(details, "param", param);
        AppendDetail(details, "request id", requestId);
        if (details.Length > 0)
        {
            text.Append(" [").Append(details).Append(']');
        }

        advice ??= Advice(status, type, code, param);
        if (advice.Length > 0)
        {
            text.Append(' ').Append(advice);
        }

        return text.ToString();
    }

    private static void AppendDetail(StringBuilder details, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (details.Length > 0)
        {
            details.Append(", ");
        }

        details.Append(name).Append(' ').Append(value);
    }

    private static string ReasonSuffix(int status) => status switch
    {
        400 => " (Bad Request)",
        401 => " (Unauthorized)",
        403 => " (Forbidden)",
        404 => " (Not Found)",
        408 => " (Request Timeout)",
        409 => " (Conflict)",
        413 => " (Payload Too Large)",
        422 => " (Unprocessable Entity)",
        429 => " (Too Many Requests)",
        500 => " (Internal Server Error)",
        502 => " (Bad Gateway)",
        503 => " (Service Unavailable)",
        504 => " (Gateway Timeout)",
        _ => "",
    };

    internal static string Advice(int status, string? type, string? code, string? param)
    {
        if (code == "insufficient_quota" || type == "insufficient_quota")
        {
            return "The account has no quota or credit left; check the plan and billing. Not retried.";
        }

        return status switch
        {
            200 => "The reply so far is incomplete; the call can be retried.",
            400 or 422 => param is null
                ? "The server rejected the request; fix it before trying again. Not retried."
                : $"The server rejected the request parameter '{param}'; fix it before trying again. Not retried.",
            401 => "Check the API key (ChatClientOptions.ApiKey or the OPENAI_API_KEY environment variable). Not retried.",
            403 => "The key is not allowed to do this; check its permissions, ChatClientOptions.Organization and Project. Not retried.",
            404 => "Check the model name and ChatClientOptions.BaseUrl. Not retried.",
            429 => "Rate limited; slow down, or allow more retries or a longer wait in ChatClientOptions.Retry.",
            >= 500 => "The server failed; try again later.",
            _ => "Not retried.",
        };
    }
}
