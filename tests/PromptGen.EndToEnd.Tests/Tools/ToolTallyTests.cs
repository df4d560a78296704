using System.Diagnostics;
using System.Text.Json;
using PromptGen.Telemetry;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

/// <summary>Tools that count, and fail on the call the test chooses (the failure reaches the caller).</summary>
[PromptTools]
[RethrowToolExceptions]
public interface ICountingTools
{
    /// <summary>Counts one more.</summary>
    /// <param name="step">By how much.</param>
    int Count(int step);
}

[PromptClient]
public partial interface ITallyAssistant
{
    [UserPrompt("{{ question }}")]
    Task<ChatResult<string>> AskAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    Task<string> CountAsync(string question, ICountingTools tools, CancellationToken cancellationToken = default);
}

/// <summary>
/// The tool loop keeps the call's <c>CallTally</c>: a result, a failure and the method's span all report usage and cost
/// summed over every round, not the last request's.
/// </summary>
public sealed class ToolTallyTests : IDisposable
{
    // gpt-4o-mini-2024-07-18: $0.15 per 1M input tokens, $0.60 per 1M output tokens.
    private const decimal Round1 = 0.0000075m;  // 30 in, 5 out
    private const decimal Round2 = 0.0000096m;  // 40 in, 6 out
    private const decimal Round3 = 0.00000705m; // 11 in, 9 out

    private readonly List<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public ToolTallyTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ChatTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.DisplayName.StartsWith(typeof(ITallyAssistant).FullName!, StringComparison.Ordinal))
                {
                    lock (_spans)
                    {
                        _spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private static Reply Calls(string name, string arguments, int input, int output) =>
        Reply.Json($$$"""{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_{{{input}}}","type":"function","function":{"name":"{{{name}}}","arguments":{{{JsonSerializer.Serialize(arguments)}}}}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":{{{input}}},"completion_tokens":{{{output}}},"total_tokens":{{{input + output}}}}}""");

    private static Reply Refusal() =>
        Reply.Json("""{"id":"r","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I cannot say."},"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":9,"total_tokens":20}}""");

    private static Task<Harness> StartAsync() => Harness.StartAsync(options => options.Prices = PriceTable.CreateOpenAI());

    private Activity Span(string method)
    {
        lock (_spans)
        {
            return Assert.Single(_spans, s => s.DisplayName == typeof(ITallyAssistant).FullName + "." + method);
        }
    }

    [Fact]
    public async Task ASuccessfulCallSumsUsageAndCostOverThreeRoundsOnTheResultAndTheSpan()
    {
        await using var harness = await StartAsync();
        harness.Server.Enqueue(
            Calls("get_time", """{"city":"Oslo"}""", 30, 5),
            Calls("get_time", """{"city":"Rome"}""", 40, 6),
            Harness.Completion("Noon in both."));
        ITallyAssistant assistant = new ITallyAssistant.Client(harness.Client);

        var result = await assistant.AskAsync("Time in Oslo and Rome?", new WeatherTools());

        Assert.Equal("Noon in both.", result.Value);
        Assert.Equal(3, result.Rounds);
        Assert.Equal((81, 20, 101), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens));
        Assert.Equal(Round1 + Round2 + Round3, result.Cost);
        var span = Span("AskAsync");
        Assert.Equal(3, span.GetTagItem("promptgen.requests"));
        Assert.Equal(81L, span.GetTagItem("promptgen.usage.input_tokens"));
        Assert.Equal(20L, span.GetTagItem("promptgen.usage.output_tokens"));
    }

    [Fact]
    public async Task AFailureOfTheLastReplyCarriesUsageAndCostOfEveryRound()
    {
        await using var harness = await StartAsync();
        harness.Server.Enqueue(
            Calls("get_time", """{"city":"Oslo"}""", 30, 5),
            Calls("get_time", """{"city":"Rome"}""", 40, 6),
            Refusal());
        ITallyAssistant assistant = new ITallyAssistant.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => assistant.AskAsync("Time in Oslo and Rome?", new WeatherTools()));

        Assert.Equal("I cannot say.", error.Refusal);
        Assert.Equal((81, 20, 101), (error.Usage!.PromptTokens, error.Usage.CompletionTokens, error.Usage.TotalTokens));
        Assert.Equal(Round1 + Round2 + Round3, error.Cost);
        Assert.Equal(3, error.Attempts);
        var span = Span("AskAsync");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(3, span.GetTagItem("promptgen.requests"));
        Assert.Equal(81L, span.GetTagItem("promptgen.usage.input_tokens"));
    }

    [Fact]
    public async Task ARequestThatFailsAfterToolRoundsLeavesTheAnsweredRoundsOnTheSpan()
    {
        await using var harness = await StartAsync();
        harness.Server.Enqueue(
            Calls("get_time", """{"city":"Oslo"}""", 30, 5),
            Calls("get_time", """{"city":"Rome"}""", 40, 6),
            Reply.Error(500, "The server had an error."));
        ITallyAssistant assistant = new ITallyAssistant.Client(harness.Client);

        await Assert.ThrowsAsync<ChatApiException>(() => assistant.AskAsync("Time in Oslo and Rome?", new WeatherTools()));

        // The two answered rounds; the failed request's own span carries its error.
        var span = Span("AskAsync");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(2, span.GetTagItem("promptgen.requests"));
        Assert.Equal(70L, span.GetTagItem("promptgen.usage.input_tokens"));
        Assert.Equal(11L, span.GetTagItem("promptgen.usage.output_tokens"));
    }

    [Fact]
    public async Task AToolExceptionThatReachesTheCallerLeavesTheSumsOnTheSpanAndTheClient()
    {
        await using var harness = await StartAsync();
        harness.Server.Enqueue(
            Calls("count", """{"step":1}""", 30, 5),
            Calls("count", """{"step":2}""", 40, 6),
            Calls("count", """{"step":3}""", 11, 9));
        ITallyAssistant assistant = new ITallyAssistant.Client(harness.Client);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => assistant.CountAsync("Count to three.", new Counter(failAt: 3)));

        Assert.Equal("Step 3 is one too many.", error.Message);
        Assert.Equal(3, harness.Server.Requests.Count);
        var span = Span("CountAsync");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(3, span.GetTagItem("promptgen.requests"));
        Assert.Equal(81L, span.GetTagItem("promptgen.usage.input_tokens"));
        Assert.Equal(20L, span.GetTagItem("promptgen.usage.output_tokens"));
        Assert.Equal(Round1 + Round2 + Round3, harness.Client.Totals.Cost);
    }

    private sealed class Counter(int failAt) : ICountingTools
    {
        private int _total;

        public int Count(int step) => step == failAt ? throw new InvalidOperationException($"Step {step} is one too many.") : _total += step;
    }
}
