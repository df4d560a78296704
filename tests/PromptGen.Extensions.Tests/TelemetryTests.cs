using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PromptGen.Sample;
using PromptGen.Telemetry;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.Extensions.Tests;

/// <summary>
/// Spans and metrics of requests through <see cref="ChatTelemetry"/>, read back through the OpenTelemetry SDK's in-memory
/// exporter. PromptGen's source and meter are process-wide, so each test uses a model name of its own and reads only
/// what carries it.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = new();
    private readonly List<Metric> _metrics = new();
    private TracerProvider _tracing = null!;
    private MeterProvider _meters = null!;
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(ChatTelemetry.SourceName).AddInMemoryExporter(_spans).Build()!;
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(ChatTelemetry.SourceName).AddInMemoryExporter(_metrics).Build()!;
        _server = await LoopbackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _tracing.Dispose();
        _meters.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TextCallIsOneClientSpanWithTheGenAiAttributes()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Recursion is self-reference.", model: "otel-text-2024", id: "chatcmpl-text")));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "otel-text" });
        ITutor tutor = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-text" }).Instrument(chat));

        Assert.Equal("Recursion is self-reference.", await tutor.ExplainAsync("recursion", 30));

        var span = Assert.Single(Spans("otel-text"));
        Assert.Equal("chat otel-text", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["gen_ai.operation.name"] = "chat",
                ["gen_ai.provider.name"] = "openai",
                ["gen_ai.request.model"] = "otel-text",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = _server.BaseUrl.Port,
                ["gen_ai.request.temperature"] = 0.2,
                ["gen_ai.response.id"] = "chatcmpl-text",
                ["gen_ai.response.model"] = "otel-text-2024",
                ["gen_ai.response.finish_reasons"] = new[] { "stop" },
                ["gen_ai.usage.input_tokens"] = 42L,
                ["gen_ai.usage.output_tokens"] = 12L,
                ["openai.response.system_fingerprint"] = "fp_1",
            },
            Tags(span));

        _meters.ForceFlush();
        Assert.Equal(new[] { ("input", 42L), ("output", 12L) }, TokenPoints("otel-text"));
        var duration = Assert.Single(Points("gen_ai.client.operation.duration", "otel-text"));
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["gen_ai.operation.name"] = "chat",
                ["gen_ai.provider.name"] = "openai",
                ["gen_ai.request.model"] = "otel-text",
                ["gen_ai.response.model"] = "otel-text-2024",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = _server.BaseUrl.Port,
            },
            Tags(duration));
        Assert.Empty(Points("gen_ai.client.operation.time_to_first_chunk", "otel-text"));

        // The method call is the request span's parent and carries the call's totals (not as gen_ai.usage.*).
        var method = Parent(span);
        Assert.Equal("PromptGen.Sample.ITutor.ExplainAsync", method.DisplayName);
        Assert.Equal(ActivityKind.Internal, method.Kind);
        Assert.Equal(ActivityStatusCode.Unset, method.Status);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["code.function.name"] = "PromptGen.Sample.ITutor.ExplainAsync",
                ["promptgen.prompt.version"] = ITutor.Client.ExplainAsyncPromptVersion,
                ["promptgen.requests"] = 1,
                ["promptgen.usage.input_tokens"] = 42L,
                ["promptgen.usage.output_tokens"] = 12L,
            },
            Tags(method));
        Assert.Equal("s", Metric("gen_ai.client.operation.duration").Unit);
        Assert.Equal("{token}", Metric("gen_ai.client.token.usage").Unit);
    }

    [Fact]
    public async Task StreamedCallRecordsFinishReasonUsageAndTimeToFirstChunk()
    {
        _server.Enqueue(Bodies.Stream("otel-stream-2024", "Once", " upon", " a time."));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "otel-stream" });
        ITutor tutor = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-stream" }).Instrument(chat));

        var text = string.Concat(await tutor.TellStoryAsync("a fox").ToListAsync());

        Assert.Equal("Once upon a time.", text);
        var span = Assert.Single(Spans("otel-stream"));
        Assert.Equal("chat otel-stream", span.DisplayName);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["gen_ai.operation.name"] = "chat",
                ["gen_ai.provider.name"] = "openai",
                ["gen_ai.request.model"] = "otel-stream",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = _server.BaseUrl.Port,
                ["gen_ai.request.max_tokens"] = 120,
                ["gen_ai.response.id"] = "chatcmpl-s",
                ["gen_ai.response.model"] = "otel-stream-2024",
                ["gen_ai.response.finish_reasons"] = new[] { "stop" },
                ["gen_ai.usage.input_tokens"] = 20L,
                ["gen_ai.usage.output_tokens"] = 7L,
            },
            Tags(span));

        _meters.ForceFlush();
        Assert.Equal(new[] { ("input", 20L), ("output", 7L) }, TokenPoints("otel-stream"));
        var first = Assert.Single(Points("gen_ai.client.operation.time_to_first_chunk", "otel-stream"));
        Assert.Equal(1, first.GetHistogramCount());
        Assert.Equal("s", Metric("gen_ai.client.operation.time_to_first_chunk").Unit);

        // The method's span lasts the whole enumeration and has the stream's usage.
        var method = Parent(span);
        Assert.Equal("PromptGen.Sample.ITutor.TellStoryAsync", method.DisplayName);
        Assert.True(method.StartTimeUtc <= span.StartTimeUtc && method.StartTimeUtc + method.Duration >= span.StartTimeUtc + span.Duration);
        Assert.Equal(ITutor.Client.TellStoryAsyncPromptVersion, method.GetTagItem("promptgen.prompt.version"));
        Assert.Equal(1, method.GetTagItem("promptgen.requests"));
        Assert.Equal(20L, method.GetTagItem("promptgen.usage.input_tokens"));
        Assert.Equal(7L, method.GetTagItem("promptgen.usage.output_tokens"));
    }

    [Fact]
    public async Task FailedCallSetsErrorTypeAndErrorStatusAndCountsNoTokens()
    {
        _server.Enqueue(Reply.Error(400, "Invalid value for 'temperature'.", code: "invalid_value", param: "temperature"));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "otel-failed" });
        ITutor tutor = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-failed" }).Instrument(chat));

        var exception = await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("recursion", 30));

        Assert.Equal(400, exception.StatusCode);
        var span = Assert.Single(Spans("otel-failed"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("400", span.StatusDescription);
        Assert.Equal("400", span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("gen_ai.usage.input_tokens"));
        _meters.ForceFlush();
        Assert.Empty(TokenPoints("otel-failed"));
        var duration = Assert.Single(Points("gen_ai.client.operation.duration", "otel-failed"));
        Assert.Equal("400", Tags(duration)["error.type"]);
        var method = Parent(span);
        Assert.Equal(ActivityStatusCode.Error, method.Status);
        Assert.Equal("400", method.StatusDescription);
        Assert.Equal("400", method.GetTagItem("error.type"));
        Assert.Null(method.GetTagItem("promptgen.usage.input_tokens"));
    }

    [Fact]
    public async Task TimeoutIsErrorTypeTimeout()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("late")).HangBeforeHeaders());
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "otel-timeout", ResponseTimeout = TimeSpan.FromMilliseconds(200), Retry = RetryPolicy.None });
        ITutor tutor = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-timeout" }).Instrument(chat));

        await Assert.ThrowsAsync<ChatTimeoutException>(() => tutor.ExplainAsync("recursion", 30));

        Assert.Equal("timeout", Assert.Single(Spans("otel-timeout")).GetTagItem("error.type"));
    }

    [Fact]
    public async Task RetriedCallIsOneSpanWithARetryEventPerRetry()
    {
        // ChatClient's retry loop does not call the observer yet (the hook is the transport owner's); this drives the
        // observer as the hook will: from inside the instrumented call, before each wait.
        var telemetry = new ChatTelemetry(new() { DefaultModel = "otel-retried" });
        var inner = new RetryingTransport(telemetry);
        ITutor tutor = new ITutor.Client(telemetry.Instrument(inner));

        Assert.Equal("done", await tutor.ExplainAsync("recursion", 30));

        var span = Assert.Single(Spans("otel-retried"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        var events = span.Events.Select(e => (e.Name, Tags(e.Tags))).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("retry", events[0].Name);
        Assert.Equal(new Dictionary<string, object?> { ["promptgen.retry.attempt"] = 1, ["promptgen.retry.wait_ms"] = 500.0, ["http.response.status_code"] = 503 }, events[0].Item2);
        Assert.Equal(new Dictionary<string, object?> { ["promptgen.retry.attempt"] = 2, ["promptgen.retry.wait_ms"] = 1000.0, ["error.type"] = "System.Net.Http.HttpRequestException" }, events[1].Item2);
    }

    [Fact]
    public async Task RetriesOfChatClientStayInsideOneSpan()
    {
        _server.Enqueue(Reply.Error(503, "Overloaded", type: "server_error"), Reply.Json(Bodies.Completion("after retry", model: "otel-chat-retry-2024")));
        var retry = new RetryPolicy { Delay = static (_, _) => Task.CompletedTask };
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "otel-chat-retry", Retry = retry });
        ITutor tutor = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-chat-retry" }).Instrument(chat));

        Assert.Equal("after retry", await tutor.ExplainAsync("recursion", 30));

        Assert.Equal(2, _server.Requests.Count);
        var span = Assert.Single(Spans("otel-chat-retry"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("otel-chat-retry-2024", span.GetTagItem("gen_ai.response.model"));
    }

    [Fact]
    public async Task ContentIsRecordedOnlyWhenCaptureContentIsOn()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Ja, \"rekursjon\".")), Reply.Json(Bodies.Completion("Ja.")));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "gpt-4o-mini" });
        ITutor capturing = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-content-on", CaptureContent = true }).Instrument(chat));
        ITutor quiet = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-content-off" }).Instrument(chat));

        await capturing.ExplainAsync("rekursjon på norsk", 10);
        await quiet.ExplainAsync("rekursjon på norsk", 10);

        var captured = Assert.Single(Spans("otel-content-on"));
        Assert.Equal(
            """[{"role":"system","parts":[{"type":"text","content":"You are a concise Python tutor."}]},{"role":"user","parts":[{"type":"text","content":"What is rekursjon på norsk? Answer in at most 10 words."}]}]""",
            captured.GetTagItem("gen_ai.input.messages"));
        Assert.Equal("""[{"role":"assistant","parts":[{"type":"text","content":"Ja, \"rekursjon\"."}],"finish_reason":"stop"}]""", captured.GetTagItem("gen_ai.output.messages"));
        var quietSpan = Assert.Single(Spans("otel-content-off"));
        Assert.Null(quietSpan.GetTagItem("gen_ai.input.messages"));
        Assert.Null(quietSpan.GetTagItem("gen_ai.output.messages"));
    }

    [Fact]
    public async Task EachRepairRequestIsItsOwnSpanSoTokensAreCountedOnce()
    {
        // The sample's ExtractAsync has [Repair(1)]: a reply breaking Person's [Range(0, 150)] is sent back once.
        _server.Enqueue(
            Reply.Json(Bodies.Completion("""{"name":"Ola","age":350,"city":"Bergen"}""", prompt: 100, completion: 10)),
            Reply.Json(Bodies.Completion("""{"name":"Ola","age":35,"city":"Bergen"}""", prompt: 130, completion: 10)));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "gpt-4o-mini" });
        ITutor tutor = new ITutor.Client(new ChatTelemetry(new() { DefaultModel = "otel-repair" }).Instrument(chat));

        var result = await tutor.ExtractAsync("Ola is 35 and lives in Bergen.");

        Assert.Equal(2, result.Attempts);
        Assert.Equal(230, result.Usage!.PromptTokens);
        var spans = Spans("otel-repair");
        Assert.Equal(new object?[] { 100L, 130L }, spans.Select(s => s.GetTagItem("gen_ai.usage.input_tokens")));
        Assert.All(spans, s => Assert.Equal("json", s.GetTagItem("gen_ai.output.type")));
        _meters.ForceFlush();
        Assert.Equal(new[] { ("input", 230L), ("output", 20L) }, TokenPoints("otel-repair"));

        // One method span is the parent of both requests and holds the totals; result and span name one prompt version.
        var method = Parent(spans[0]);
        Assert.Equal(method.SpanId, spans[1].ParentSpanId);
        Assert.Equal("PromptGen.Sample.ITutor.ExtractAsync", method.DisplayName);
        Assert.Equal(ITutor.Client.ExtractAsyncPromptVersion, result.PromptVersion);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["code.function.name"] = "PromptGen.Sample.ITutor.ExtractAsync",
                ["promptgen.prompt.version"] = result.PromptVersion,
                ["promptgen.requests"] = 2,
                ["promptgen.usage.input_tokens"] = 230L,
                ["promptgen.usage.output_tokens"] = 20L,
            },
            Tags(method));
    }

    [Fact]
    public async Task NoMethodSpanForARequestBuiltByHand()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("hi")));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "otel-by-hand" });
        var transport = new ChatTelemetry(new() { DefaultModel = "otel-by-hand" }).Instrument(chat);
        var request = new ChatRequest { Messages = [ChatMessage.User("hi")] };

        Assert.Equal("hi", await PromptReply.TextAsync(transport, request));

        var span = Assert.Single(Spans("otel-by-hand"));
        lock (_spans)
        {
            Assert.DoesNotContain(_spans, s => s.SpanId == span.ParentSpanId);
        }
    }

    private List<Activity> Spans(string model)
    {
        lock (_spans)
        {
            return _spans.Where(span => (span.GetTagItem("gen_ai.request.model") as string) == model).ToList();
        }
    }

    /// <summary>The exported span that is <paramref name="span"/>'s parent.</summary>
    private Activity Parent(Activity span)
    {
        lock (_spans)
        {
            return Assert.Single(_spans, s => s.SpanId == span.ParentSpanId);
        }
    }

    private Metric Metric(string name) => _metrics.First(metric => metric.Name == name);

    private List<MetricPoint> Points(string metric, string model)
    {
        var points = new List<MetricPoint>();
        foreach (var exported in _metrics.Where(m => m.Name == metric))
        {
            foreach (ref readonly var point in exported.GetMetricPoints())
            {
                if (Tags(point).TryGetValue("gen_ai.request.model", out var value) && (string?)value == model)
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    /// <summary>The token histogram's points for a model as (token type, sum), in type order; cumulative, so the last export's.</summary>
    private List<(string, long)> TokenPoints(string model) =>
        Points("gen_ai.client.token.usage", model)
            .Select(point => ((string)Tags(point)["gen_ai.token.type"]!, (long)point.GetHistogramSum()))
            .Distinct()
            .OrderBy(point => point.Item1, StringComparer.Ordinal)
            .ToList();

    private static Dictionary<string, object?> Tags(Activity span) => span.TagObjects.ToDictionary(tag => tag.Key, tag => tag.Value);

    private static Dictionary<string, object?> Tags(IEnumerable<KeyValuePair<string, object?>> tags) => tags.ToDictionary(tag => tag.Key, tag => tag.Value);

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    /// <summary>Stands in for ChatClient with the retry hook wired: reports two retries, then answers.</summary>
    private sealed class RetryingTransport(ChatTelemetry observer) : IChatTransport
    {
        public Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            observer.OnRetry(new ChatRetry(1, new ChatApiException(503, "Service unavailable"), TimeSpan.FromMilliseconds(500)));
            observer.OnRetry(new ChatRetry(2, new HttpRequestException("Connection refused"), TimeSpan.FromSeconds(1)));
            return Task.FromResult(new ChatCompletion
            {
                Id = "chatcmpl-r",
                Model = "otel-retried-2024",
                Choices = [new ChatChoice { Message = new ChatReplyMessage { Role = "assistant", Content = "done" }, FinishReason = "stop" }],
            });
        }

        public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
