using System;

namespace PromptGen;

/// <summary>
/// One retry <see cref="ChatClient"/> is about to make, as <see cref="RetryPolicy.OnRetry"/> reports it: which attempt
/// failed, how, and how long the client waits before the next one.
/// </summary>
public sealed class ChatRetry
{
    internal ChatRetry(int attempt, Exception failure, TimeSpan wait, bool serverAskedWait)
    {
        Attempt = attempt;
        Failure = failure;
        Wait = wait;
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
