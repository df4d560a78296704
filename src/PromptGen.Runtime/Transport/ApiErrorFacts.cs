using System;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// What a <see cref="ChatApiException"/> (or a derived one) is made of: built once where the error is read
/// (<see cref="ErrorBodyReader"/>), and copied with the server's text redacted or other advice. One list of the values, so
/// that every kind of API exception redacts and keeps the same ones. <c>Advice</c> is what to do in place of the advice
/// the status and code give (<see langword="null"/> for that advice).
/// </summary>
internal readonly record struct ApiErrorFacts(
    int StatusCode,
    string? ErrorMessage,
    string? ErrorType,
    string? ErrorCode,
    string? Param,
    string? RequestId,
    string? RawBody,
    TimeSpan? RetryAfter,
    int Attempts,
    string? Advice,
    Exception? InnerException,
    JsonElement? ErrorObject,
    bool InsideSuccessfulResponse)
{
    /// <summary>These facts with the API key removed from every text the server sent by <paramref name="redactor"/>.</summary>
    public ApiErrorFacts Redacted(Redactor redactor) => this with
    {
        ErrorMessage = redactor.Redact(ErrorMessage),
        ErrorType = redactor.Redact(ErrorType),
        ErrorCode = redactor.Redact(ErrorCode),
        Param = redactor.Redact(Param),
        RequestId = redactor.Redact(RequestId),
        RawBody = redactor.Redact(RawBody),
        ErrorObject = redactor.Redact(ErrorObject),
    };
}
