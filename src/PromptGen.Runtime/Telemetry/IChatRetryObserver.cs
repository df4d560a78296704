using System;

namespace PromptGen.Telemetry;

/// <summary>
/// Told about each retry a transport makes, before it waits: <see cref="ChatTelemetry"/> implements it to log the retry
/// and mark it on the call's span. A transport that retries (<see cref="ChatClient"/>) calls it once per retry.
/// </summary>
public interface IChatRetryObserver
{
    /// <summary>Called when attempt <see cref="ChatRetry.Attempt"/> failed and the call will be sent again after <see cref="ChatRetry.Wait"/>.</summary>
    /// <param name="retry">What failed and how long the transport waits.</param>
    void OnRetry(ChatRetry retry);
}

/// <summary>One retry: which attempt failed, why, and the wait before the next.</summary>
public sealed class ChatRetry
{
    /// <summary>Describes a retry.</summary>
    /// <param name="attempt">The attempt that failed, 1 for the first request.</param>
    /// <param name="wait">The wait before the next attempt (the server's <c>Retry-After</c>, or the backoff).</param>
    /// <param name="statusCode">The HTTP status of the failed attempt, or <see langword="null"/> when no response arrived.</param>
    /// <param name="errorCode">The error body's <c>code</c>, when there was one (for example <c>rate_limit_exceeded</c>).</param>
    /// <param name="exception">The connection failure, when no response arrived.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is less than 1, or <paramref name="wait"/> is negative.</exception>
    public ChatRetry(int attempt, TimeSpan wait, int? statusCode = null, string? errorCode = null, Exception? exception = null)
    {
        Attempt = attempt >= 1 ? attempt : throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "The failed attempt is 1 or more.");
        Wait = wait >= TimeSpan.Zero ? wait : throw new ArgumentOutOfRangeException(nameof(wait), wait, "The wait cannot be negative.");
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Exception = exception;
    }

    /// <summary>The attempt that failed, 1 for the first request; the next attempt is <c>Attempt + 1</c>.</summary>
    public int Attempt { get; }

    /// <summary>The wait before the next attempt.</summary>
    public TimeSpan Wait { get; }

    /// <summary>The HTTP status of the failed attempt; <see langword="null"/> when no response arrived (a connection failure).</summary>
    public int? StatusCode { get; }

    /// <summary>The error body's <c>code</c>, when the server sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The connection failure, when no response arrived.</summary>
    public Exception? Exception { get; }
}
