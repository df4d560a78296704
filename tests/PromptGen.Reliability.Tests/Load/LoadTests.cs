using System.Collections.Concurrent;
using System.Text.Json;
using PromptGen.Reliability.Tests.Faults;
using PromptGen.Reliability.Tests.Secrets;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Reliability.Tests.Load;

/// <summary>
/// The bounded load run (issue 12, section 6): many calls at concurrency 64 through ONE generated client and one
/// <see cref="ChatClient"/>, against the fault server injecting about 1% 503s and 1% connection resets (decided per
/// request from a hash of the call's token and attempt, so a run is reproducible). Every call must return its own token
/// (the server echoes the token it read from that call's prompt) or fail with a typed exception; none may be lost, none
/// may send more requests than the retry budget allows, and nothing thrown may carry the API key.
/// </summary>
/// <remarks>
/// CI runs 2,000 calls. The large run is the same test with more calls:
/// <c>RELIABILITY_LOAD_CALLS=10000 dotnet test tests/PromptGen.Reliability.Tests --filter "FullyQualifiedName~LoadTests"</c>.
/// </remarks>
public sealed class LoadTests
{
    private const int Concurrency = 64;
    private const int MaxRetries = 2;

    private readonly ITestOutputHelper _output;

    public LoadTests(ITestOutputHelper output) => _output = output;

    public static int Calls =>
        int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_LOAD_CALLS"), out var calls) && calls > 0 ? calls : 2000;

    [Fact]
    public async Task EveryCallReturnsItsOwnReplyOrFailsTypedUnderInjected503sAndResets()
    {
        var calls = Calls;
        var attempts = new ConcurrentDictionary<string, int>();
        var injected503 = 0;
        var injectedResets = 0;
        var unknown = 0;

        await using var server = FaultServer.Start(async exchange =>
        {
            var token = TokenOf(exchange.Request.BodyText);
            if (token is null)
            {
                Interlocked.Increment(ref unknown);
                await exchange.RespondAsync(400, "application/json", Bodies.Error("no token in the prompt"));
                return;
            }

            var attempt = attempts.AddOrUpdate(token, 1, (_, n) => n + 1);
            var roll = Roll(token, attempt);
            if (roll < 10)
            {
                Interlocked.Increment(ref injected503);
                await exchange.RespondAsync(503, "application/json", Bodies.Error("injected overload", "server_error"));
            }
            else if (roll < 20)
            {
                Interlocked.Increment(ref injectedResets);
                exchange.Reset();
            }
            else
            {
                var mode = ModeOf(token);
                var (type, body) = Bodies.Good(mode, token);
                await exchange.RespondAsync(200, type, body);
            }
        });

        var options = new ChatClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = Secret.Key,
            Model = "fault-model",
            Timeout = TimeSpan.FromSeconds(60),
            ResponseTimeout = TimeSpan.FromSeconds(30),
            Retry = new RetryPolicy { MaxRetries = MaxRetries, Delay = static (_, _) => Task.CompletedTask },
        };
        using var chat = new ChatClient(options);
        IFaultPrompts prompts = new IFaultPrompts.Client(chat);

        var outcomes = new ConcurrentDictionary<string, Exception?>();
        var mismatched = new ConcurrentBag<string>();
        var tokens = Enumerable.Range(0, calls).Select(i => $"load-{i:D6}").ToArray();
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (token, cancellationToken) =>
        {
            try
            {
                var value = await CallAsync(prompts, ModeOf(token), token, cancellationToken);
                if (value != token)
                {
                    mismatched.Add($"{token} got '{value}'");
                }

                outcomes[token] = null;
            }
            catch (Exception exception)
            {
                outcomes[token] = exception;
            }
        });

        var failures = outcomes.Where(o => o.Value is not null).ToArray();
        var untyped = failures.Where(f => f.Value is not (ChatApiException or HttpRequestException or ChatResponseException)).ToArray();
        var overBudget = attempts.Where(a => a.Value > 1 + MaxRetries).ToArray();
        var unseen = tokens.Where(t => !attempts.ContainsKey(t)).ToArray();
        _output.WriteLine($"{calls} calls at concurrency {Concurrency}: {calls - failures.Length} succeeded, {failures.Length} failed typed; " +
            $"{server.RequestCount} requests on {server.ConnectionCount} connections; injected {injected503} 503s and {injectedResets} resets.");

        Assert.Equal(calls, outcomes.Count);
        Assert.Empty(mismatched);
        Assert.True(untyped.Length == 0, "Untyped failures:\n" + string.Join("\n", untyped.Take(5).Select(f => f.Key + ": " + f.Value)));
        Assert.True(overBudget.Length == 0, "Calls beyond the retry budget: " + string.Join(", ", overBudget.Take(10).Select(a => $"{a.Key}={a.Value}")));
        Assert.Empty(unseen);
        Assert.Equal(0, unknown);
        Assert.Equal(attempts.Values.Sum(), server.RequestCount);
        Assert.InRange(injected503, 1, calls / 20);
        Assert.InRange(injectedResets, 1, calls / 20);

        // A call fails only when every one of its attempts was a fault; each failure says so in its own terms.
        foreach (var (token, exception) in failures)
        {
            Assert.Equal(1 + MaxRetries, attempts[token]);
            Secret.AssertNotIn(exception, $" in load call {token}");
        }
    }

    /// <summary>0–999 from the token and attempt (FNV-1a), so that the same run injects the same faults.</summary>
    private static int Roll(string token, int attempt)
    {
        var hash = 2166136261u;
        foreach (var c in token + "#" + attempt)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 1000);
    }

    /// <summary>Spreads the calls over the three generated modes.</summary>
    private static CallMode ModeOf(string token) => (int.Parse(token.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) % 3) switch
    {
        0 => CallMode.Text,
        1 => CallMode.Json,
        _ => CallMode.Stream,
    };

    private static async Task<string> CallAsync(IFaultPrompts prompts, CallMode mode, string token, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case CallMode.Text:
                return await prompts.TextAsync(token, cancellationToken);
            case CallMode.Json:
                return (await prompts.JsonAsync(token, cancellationToken)).Token;
            default:
                var text = new System.Text.StringBuilder();
                await foreach (var delta in prompts.StreamAsync(token, cancellationToken))
                {
                    text.Append(delta);
                }

                return text.ToString();
        }
    }

    /// <summary>The token in the last message of a request body ("Echo load-000042 …").</summary>
    private static string? TokenOf(string body)
    {
        using var document = JsonDocument.Parse(body);
        var messages = document.RootElement.GetProperty("messages");
        var content = messages[messages.GetArrayLength() - 1].GetProperty("content").GetString() ?? "";
        var at = content.IndexOf("load-", StringComparison.Ordinal);
        return at < 0 ? null : content.Substring(at, 11);
    }
}
