using System;

namespace PromptGen;

/// <summary>
/// One retry <see cref="ChatClient"/> is about to make, as <see cref="RetryPolicy.OnRetry"/> reports it: which attempt
/// failed, how, and how long the client waits before the next one.
/// </summary>
public sealed class ChatRetry
{
    /// <summary>Describes a retry (the transport creates these; tests of an <see cref="RetryPolicy.OnRetry"/> handler may too).</summary>
    /// <param name="attempt">The attempt that failed, 1 for the first request.</param>
    /// <param name="failure">Why it failed: a <see cref="ChatApiException"/> or a connection failure.</param>
    /// <param name="wait">The wait before the next attempt.</param>
    /// <param name="serverAskedWait">Whether the server asked for <paramref name="wait"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is less than 1, or <paramref name="wait"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is <see langword="null"/>.</exception>
    public ChatRetry(int attempt, Exception failure, TimeSpan wait, bool serverAskedWait = false)
    {
        Attempt = attempt >= 1 ? attempt : throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "The failed attempt is 1 or more.");
        Failure = failure ?? throw new ArgumentNullException(nameof(failure));
        Wait = wait >= TimeSpan.Zero ? wait : throw new ArgumentOutOfRangeException(nameof(wait), wait, "The wait cannot be negative.");
        ServerAskedWait = serverAskedWait;
    }

    /// <summary>The attempt that failed, 1-based (1 is the first request); the next attempt is <c>Attempt + 1</c>.</summary>
    public int Attempt { get; }

    /// <summary>The HTTP status of the failed attempt (429, 503…), or <see langword="null"/> when no response arrived (the connection failed).</summary>
    public int? StatusCode => (Failure as ChatApiException)?.StatusCode;

    /// <summary>
    /// Why the attempt failed: a <see cref="ChatApiException"/> for an error status, an
    /// <see cref="System.Net.Http.HttpRequestException"/> for a connection failure. Its message never contains the API key.
    /// </summary>
    public Exception Failure { get; }

    /// <summary>How long the client waits before the next attempt.</summary>
    public TimeSpan Wait { get; }

    /// <summary>Whether <see cref="Wait"/> is what the server asked for (<c>Retry-After</c>, <c>retry-after-ms</c>) rather than the backoff.</summary>
    public bool ServerAskedWait { get; }

    /// <summary>Describes the retry: <c>retry after attempt 1 (HTTP 503), waiting 500 ms</c>.</summary>
    public override string ToString() =>
        $"retry after attempt {Attempt} ({(StatusCode is { } status ? "HTTP " + status : "connection failed")}), waiting {CallScope.Describe(Wait)}{(ServerAskedWait ? " as the server asked" : "")}";
}
