using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// The server answered a chat call with an error: an HTTP error status after any retries, or an error inside a
/// successful (HTTP 200) response — an <c>error</c> object in the body or in a streamed event, an <c>event: error</c>, or
/// llama.cpp's <c>error:</c> field (then <see cref="InsideSuccessfulResponse"/> is <see langword="true"/>). The message names
/// the status, the server's message and code, and what to do; it never contains the API key. A prompt too long for the
/// model's context window is the derived <see cref="ContextLengthExceededException"/>.
/// </summary>
public class ChatApiException : Exception
{
    /// <summary>Creates the exception with a message built from the other values.</summary>
    /// <param name="statusCode">The HTTP status; 200 for an error inside a stream.</param>
    /// <param name="errorMessage">The server's message.</param>
    /// <param name="errorType">The server's error type.</param>
    /// <param name="errorCode">The server's error code.</param>
    /// <param name="param">The request parameter at fault.</param>
    /// <param name="requestId">The <c>x-request-id</c> response header.</param>
    public ChatApiException(int statusCode, string? errorMessage, string? errorType = null, string? errorCode = null, string? param = null, string? requestId = null)
        : this(new ApiErrorFacts(statusCode, errorMessage, errorType, errorCode, param, requestId, RawBody: null, RetryAfter: null, Attempts: 1, Advice: null, InnerException: null, ErrorObject: null, InsideSuccessfulResponse: false))
    {
    }

    internal ChatApiException(in ApiErrorFacts facts)
        : base(BuildMessage(facts), facts.InnerException)
    {
        _facts = facts;
    }

    private readonly ApiErrorFacts _facts;

    /// <summary>
    /// The HTTP status. For an error inside a successful response (<see cref="InsideSuccessfulResponse"/>): the status the
    /// error object carries — an integer <c>code</c> or <c>status_code</c> between 400 and 599, or such a number as a
    /// string — else 200.
    /// </summary>
    public int StatusCode => _facts.StatusCode;

    /// <summary>
    /// Whether the error arrived inside a successful (HTTP 200) response — in its JSON body or in its event stream — rather
    /// than as an error status. Such an error is not retried (a stream may already have delivered part of the reply).
    /// </summary>
    public bool InsideSuccessfulResponse => _facts.InsideSuccessfulResponse;

    /// <summary>
    /// The server's error object exactly as sent (the API key removed), for provider details beyond the standard fields:
    /// Azure's <c>innererror</c>, Groq's <c>failed_generation</c>, OpenRouter's <c>metadata.raw</c>. <see langword="null"/>
    /// when the body held no error object. Read it with <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>.
    /// </summary>
    public JsonElement? ErrorObject => _facts.ErrorObject;

    /// <summary>The server's own message (<c>error.message</c>), when it sent one.</summary>
    public string? ErrorMessage => _facts.ErrorMessage;

    /// <summary>The error type (<c>error.type</c>), for example <c>invalid_request_error</c>; <see langword="null"/> on some servers (Azure).</summary>
    public string? ErrorType => _facts.ErrorType;

    /// <summary>The error code (<c>error.code</c>) as the provider sent it, for example <c>invalid_api_key</c> or <c>400</c>; numbers are kept as text.</summary>
    public string? ErrorCode => _facts.ErrorCode;

    /// <summary>The request parameter at fault (<c>error.param</c>), when there is one.</summary>
    public string? Param => _facts.Param;

    /// <summary>The <c>x-request-id</c> response header, to quote when asking the provider for help.</summary>
    public string? RequestId => _facts.RequestId;

    /// <summary>
    /// The response body as received — for an error inside a stream, the event's data — with the API key removed and then
    /// cut to at most 2,000 characters (then ending in <c>…</c>); <see langword="null"/> when the body was empty.
    /// </summary>
    /// <remarks>
    /// What "the API key removed" covers: the key, and any run of 8 or more of its characters in any letter case (with the
    /// token around it, so a masked echo such as <c>sk-ab****wxyz</c> goes whole), written plainly or with JSON escapes
    /// (<c>\u0073\u006b…</c>, <c>\/</c>) — each replaced by <c>[redacted]</c>, which replaces whole escapes so the body stays
    /// JSON. The removal happens before the cut, so the cut never leaves a piece behind. Not recognised: the key in other
    /// encodings (URL-encoded, Base64, hashed), and a key shorter than 6 characters. <see cref="ErrorObject"/>,
    /// <see cref="Exception.Message"/> and the other text properties follow the same rule.
    /// </remarks>
    public string? RawBody => _facts.RawBody;

    /// <summary>How long the server asked the client to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter => _facts.RetryAfter;

    /// <summary>How many attempts were made, the first included.</summary>
    public int Attempts => _facts.Attempts;

    /// <summary>The same exception with the API key removed from the server's text by <paramref name="redactor"/>.</summary>
    internal ChatApiException Redacted(Redactor redactor) => Create(_facts.Redacted(redactor));

    /// <summary>The same exception with <paramref name="advice"/> in place of the usual advice.</summary>
    internal ChatApiException WithAdvice(string advice) => Create(_facts with { Advice = advice });

    /// <summary>An exception of this one's kind made of <paramref name="facts"/> (a derived exception makes its own kind).</summary>
    private protected virtual ChatApiException Create(in ApiErrorFacts facts) => new(facts);

    /// <summary>Whether an error type or code equals <paramref name="value"/> (ordinal).</summary>
    internal bool Is(string value) => ErrorCode == value || ErrorType == value;

    private static string BuildMessage(in ApiErrorFacts facts)
    {
        var (status, message, type, code, param) = (facts.StatusCode, facts.ErrorMessage, facts.ErrorType, facts.ErrorCode, facts.Param);
        var (requestId, attempts, advice, insideSuccessfulResponse) = (facts.RequestId, facts.Attempts, facts.Advice, facts.InsideSuccessfulResponse);
        var rawBody = facts.ErrorObject is null ? facts.RawBody : null; // the body is quoted only when it held no error object
        var text = new StringBuilder();
        text.Append(insideSuccessfulResponse
            ? "The server reported an error inside a successful (HTTP 200) response" + (status == 200 ? "" : ", with status " + status.ToString(CultureInfo.InvariantCulture) + " in its error object")
            : "The chat endpoint returned HTTP " + status.ToString(CultureInfo.InvariantCulture) + ReasonSuffix(status));
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
