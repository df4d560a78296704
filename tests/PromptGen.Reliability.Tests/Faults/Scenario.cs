using System.Collections.Concurrent;
using PromptGen.Reliability.Tests.Secrets;
using Xunit;

namespace PromptGen.Reliability.Tests.Faults;

/// <summary>What the fault server does for one request of a scenario.</summary>
public delegate Task Responder(ScenarioContext context, FaultExchange exchange);

/// <summary>One call of one scenario: its mode, its token, and the waits its retry policy recorded.</summary>
public sealed class ScenarioContext
{
    public ScenarioContext(CallMode mode, string token, RecordedWaits waits)
    {
        Mode = mode;
        Token = token;
        Waits = waits;
    }

    public CallMode Mode { get; }

    public string Token { get; }

    public RecordedWaits Waits { get; }

    /// <summary>The reply content this call's mode expects.</summary>
    public string Content => Bodies.Content(Mode, Token);
}

/// <summary>
/// One fault: what the server does, which call modes it applies to, and what every one of those calls must end with.
/// </summary>
/// <param name="Name">A short kebab-case name; the test case's display name.</param>
/// <param name="Modes">The call modes the scenario runs in.</param>
/// <param name="Respond">The server's behaviour.</param>
/// <param name="Expected">The outcome.</param>
public sealed record Scenario(string Name, CallMode[] Modes, Responder Respond, Outcome Expected)
{
    /// <summary>The part of the matrix the scenario belongs to (one test class each, so that groups run in parallel).</summary>
    public string Group { get; init; } = "";

    /// <summary>Options on top of the defaults (timeouts, retries).</summary>
    public Action<ChatClientOptions>? Configure { get; init; }

    /// <summary>
    /// The longest the call may take before the scenario fails as hung. Not a speed measure: each limit is several times
    /// what the configured timeouts allow.
    /// </summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole-call timeout the client is given (the library default is 10 minutes).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>When set, the caller cancels its token after this long.</summary>
    public TimeSpan? CancelAfter { get; init; }

    /// <summary>The call's token; defaults to one made from the name.</summary>
    public string? Token { get; init; }

    /// <summary>Point the client at a port where nothing listens instead of at the server.</summary>
    public bool NothingListening { get; init; }
}

/// <summary>What a scenario's call must end with.</summary>
public abstract record Outcome
{
    /// <summary>The number of requests the server must have read in full; -1 leaves it unchecked (the secret scan).</summary>
    public int Requests { get; init; } = 1;

    /// <summary>The waits the retry policy was asked for, in seconds, when the scenario checks them.</summary>
    public double[]? Waits { get; init; }

    /// <summary>When set, exactly one wait, between these bounds in seconds (for waits computed from the clock).</summary>
    public (double Min, double Max)? WaitBetween { get; init; }

    public abstract void Check(ScenarioContext context, string? value, Exception? thrown);
}

/// <summary>The call returns the token (or <see cref="Value"/>).</summary>
public sealed record Succeeds : Outcome
{
    public string? Value { get; init; }

    public override void Check(ScenarioContext context, string? value, Exception? thrown)
    {
        Assert.True(thrown is null, $"Expected the call to succeed, but it threw:\n{thrown}");
        Assert.Equal(Value ?? context.Token, value);
    }
}

/// <summary>The call throws <see cref="Type"/> (or a subclass when <see cref="OrSubclass"/>) whose message holds every part.</summary>
public sealed record Throws(Type Type, params string[] Parts) : Outcome
{
    public bool OrSubclass { get; init; }

    /// <summary>Parts the message must NOT hold (a misleading hint, for example).</summary>
    public string[] Not { get; init; } = Array.Empty<string>();

    /// <summary>Further checks of the exception's properties.</summary>
    public Action<ScenarioContext, Exception>? Then { get; init; }

    public override void Check(ScenarioContext context, string? value, Exception? thrown)
    {
        Assert.True(thrown is not null, $"Expected {Type.Name}, but the call returned '{value}'.");
        if (OrSubclass)
        {
            Assert.True(Type.IsInstanceOfType(thrown), $"Expected {Type.Name} (or a subclass), got:\n{thrown}");
        }
        else
        {
            Assert.True(thrown!.GetType() == Type, $"Expected {Type.Name}, got:\n{thrown}");
        }

        foreach (var part in Parts)
        {
            Assert.True(thrown!.Message.Contains(part, StringComparison.Ordinal), $"The message lacks '{part}':\n{thrown.Message}");
        }

        foreach (var part in Not)
        {
            Assert.False(thrown!.Message.Contains(part, StringComparison.Ordinal), $"The message should not say '{part}':\n{thrown.Message}");
        }

        Then?.Invoke(context, thrown!);
    }
}

/// <summary>
/// Anything but a leak: the call returns, or throws one of the runtime's typed exceptions. The secret scan's outcome
/// (the runner scans every exception for the key before any outcome is checked).
/// </summary>
public sealed record TypedOrSuccess : Outcome
{
    public static readonly Type[] Typed =
    {
        typeof(ChatApiException), typeof(ChatResponseException), typeof(ChatTimeoutException), typeof(PromptException), typeof(HttpRequestException),
    };

    public TypedOrSuccess() => Requests = -1;

    public override void Check(ScenarioContext context, string? value, Exception? thrown) =>
        Assert.True(thrown is null || Typed.Any(t => t.IsInstanceOfType(thrown)), $"Untyped failure:\n{thrown}");
}

/// <summary>Runs scenarios: a fresh fault server and client per call, the outcome, the request count, the limit and the secret scan.</summary>
public static class ScenarioRunner
{
    /// <summary>One good call per mode, made before the first scenario of that mode in this process.</summary>
    private static readonly ConcurrentDictionary<CallMode, Lazy<Task>> Warm = new();

    /// <summary>
    /// Runs <paramref name="scenario"/> in <paramref name="mode"/>, after a good call in that mode has been made once in this
    /// process. Several scenarios give a limit of 300 ms to the phase before the headers; a mode's first call in a process
    /// (with every test class starting at once on 2 cores) can spend that much in JIT and first-use set-up before its
    /// request leaves, and the limit then fires for the wrong reason. The warm call takes that out of the measurement;
    /// each scenario still makes its own call with its own client, server and options.
    /// </summary>
    public static async Task RunAsync(Scenario scenario, CallMode mode)
    {
        await Warm.GetOrAdd(mode, m => new Lazy<Task>(() => RunOnceAsync(FaultCatalog.Get("ok"), m))).Value;
        await RunOnceAsync(scenario, mode);
    }

    private static async Task RunOnceAsync(Scenario scenario, CallMode mode)
    {
        var token = scenario.Token ?? "tok-" + scenario.Name;
        var waits = new RecordedWaits();
        var context = new ScenarioContext(mode, token, waits);
        await using var server = FaultServer.Start(exchange => scenario.Respond(context, exchange));
        var options = new ChatClientOptions
        {
            BaseUrl = scenario.NothingListening ? new Uri($"http://127.0.0.1:{UnusedPort()}/v1") : server.BaseUrl,
            ApiKey = Secret.Key,
            Model = "fault-model",
            Retry = waits.Policy,
            Timeout = scenario.CallTimeout,
        };
        scenario.Configure?.Invoke(options);
        using var client = new ChatClient(options);
        using var cancel = new CancellationTokenSource();
        if (scenario.CancelAfter is { } after)
        {
            cancel.CancelAfter(after);
        }

        var call = Task.Run(() => client.CallAsync(mode, token, cancel.Token));
        var finished = await Task.WhenAny(call, Task.Delay(scenario.Limit));
        Assert.True(finished == call, $"{scenario.Name} ({mode}) did not finish within {scenario.Limit.TotalSeconds} s: the call hangs.");

        string? value = null;
        Exception? thrown = null;
        try
        {
            value = await call;
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        Secret.AssertNotIn(thrown, $" in {scenario.Name} ({mode})");
        scenario.Expected.Check(context, value, thrown);
        Assert.True(scenario.Expected.Requests < 0 || scenario.Expected.Requests == server.RequestCount,
            $"Expected the server to see {scenario.Expected.Requests} request(s), it saw {server.RequestCount}. Outcome: {(thrown is null ? "returned '" + value + "'" : thrown.ToString())}");
        if (scenario.Expected.Waits is { } expectedWaits)
        {
            Assert.Equal(expectedWaits.Select(s => TimeSpan.FromSeconds(s)).ToArray(), waits.Waits.ToArray());
        }

        if (scenario.Expected.WaitBetween is { } between)
        {
            var wait = Assert.Single(waits.Waits);
            Assert.InRange(wait, TimeSpan.FromSeconds(between.Min), TimeSpan.FromSeconds(between.Max));
        }
    }

    /// <summary>A loopback port nothing listens on (taken and released at once).</summary>
    public static int UnusedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A retry policy that records the waits instead of sleeping (jitter pinned to 1, so a backoff is its full base).</summary>
public sealed class RecordedWaits
{
    private readonly List<TimeSpan> _waits = new();

    public RecordedWaits()
    {
        Policy = new RetryPolicy
        {
            Delay = (wait, _) =>
            {
                lock (_waits)
                {
                    _waits.Add(wait);
                }

                return Task.CompletedTask;
            },
            Jitter = () => 1.0,
        };
    }

    public RetryPolicy Policy { get; }

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return _waits.ToArray();
            }
        }
    }
}
