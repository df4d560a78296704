using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PromptGen.Telemetry;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.Extensions.Tests;

/// <summary>
/// The client's own API key never reaches a span, a metric or a log line, though nobody lists it in
/// <see cref="ChatTelemetryOptions.Secrets"/>: a loopback server echoes it in every value it sends (error bodies,
/// headers, model, id, fingerprint, finish_reason, tool arguments, streamed chunks) and the caller sends it in stop
/// sequences, the model name and tool messages. Read back through OpenTelemetry's in-memory exporters and a capturing
/// logger, at Trace with content capture on.
/// </summary>
public sealed class ApiKeyTelemetryTests : IAsyncLifetime
{
    private const string Key = "sk-proj-LEAKY0123456789abcdefXYZ";

    private readonly List<Activity> _spans = new();
    private readonly List<Metric> _metrics = new();
    private readonly FakeLogCollector _logs = new();
    private TracerProvider _tracing = null!;
    private MeterProvider _meters = null!;
    private ILoggerFactory _factory = null!;
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(ChatTelemetry.SourceName).AddInMemoryExporter(_spans).Build()!;
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(ChatTelemetry.SourceName).AddInMemoryExporter(_metrics).Build()!;
        _factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        _server = await LoopbackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _tracing.Dispose();
        _meters.Dispose();
        _factory.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ServerEchoesOfTheKeyInAReplyReachNoSpanMetricOrLog()
    {
        var (telemetry, chat) = Instrumented();
        using var _ = chat;
        _server.Enqueue(Reply.Json(Completion(
            model: Key.ToUpperInvariant(), id: "chatcmpl-" + Key, fingerprint: "fp_" + Key.ToLowerInvariant(), finishReason: Key,
            message: "{\"role\":\"assistant\",\"content\":\"Your key is " + Key + "\",\"tool_calls\":[{\"id\":\"call_" + Key + "\",\"type\":\"function\",\"function\":{\"name\":\"echo\",\"arguments\":\"{\\\"key\\\":\\\"" + Key + "\\\"}\"}}]}")));

        var completion = await telemetry.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Echo my key.") } });

        Assert.Equal(Key.ToUpperInvariant(), completion.Model); // the reply itself is the caller's, unchanged
        var span = Assert.Single(OurSpans());
        Assert.Equal("[redacted]", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("chatcm[redacted]", span.GetTagItem("gen_ai.response.id")); // "pl-" are letters of the key: the whole token goes
        Assert.Equal(new[] { "[redacted]" }, span.GetTagItem("gen_ai.response.finish_reasons"));
        _meters.ForceFlush();
        Assert.Contains(MetricTagValues(), value => value == "[redacted]"); // gen_ai.response.model on every measurement
        AssertNoKeyAnywhere();
    }

    [Fact]
    public async Task TheCallersKeyInTheModelStopSequencesAndToolMessagesIsMaskedFromTheFirstSpanTag()
    {
        var (telemetry, chat) = Instrumented();
        using var _ = chat;
        _server.Enqueue(Reply.Json(Completion(model: "gpt-4o-mini", id: "chatcmpl-1", fingerprint: "fp_1", finishReason: "stop", message: "{\"role\":\"assistant\",\"content\":\"ok\"}")));
        var request = new ChatRequest
        {
            Model = "ft:" + Key,
            Stop = new List<string> { "END", Key },
            Messages =
            {
                ChatMessage.User("Call the tool."),
                new ChatMessage(ChatRole.Assistant, (ChatContent?)null)
                {
                    ToolCalls = new List<ChatToolCall> { new() { Id = "call_1", Function = new ChatFunctionCall { Name = "lookup", Arguments = "{\"token\":\"" + Key + "\"}" } } },
                },
                ChatMessage.Tool("call_1", "The token " + Key.ToLowerInvariant() + " is valid."),
            },
        };

        await telemetry.CompleteAsync(request);

        Assert.Contains(Key, _server.Requests[0].BodyText, StringComparison.Ordinal); // sent as asked: only records are masked
        var span = Assert.Single(OurSpans());
        Assert.Equal("chat ft:[redacted]", span.DisplayName);
        Assert.Equal("ft:[redacted]", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(new[] { "END", "[redacted]" }, span.GetTagItem("gen_ai.request.stop_sequences"));
        Assert.Contains("[redacted]", (string)span.GetTagItem("gen_ai.input.messages")!, StringComparison.Ordinal);
        AssertNoKeyAnywhere();
    }

    [Fact]
    public async Task ErrorBodiesErrorCodesRequestIdsAndRetriesCarryNoKey()
    {
        var (telemetry, chat) = Instrumented(retries: 1);
        using var _ = chat;
        _server.Enqueue(
            Reply.Error(503, "Overloaded for " + Key, type: "server_error", code: "busy_" + Key).WithHeader("x-request-id", "req_" + Key),
            Reply.Error(401, "Incorrect API key provided: " + Key, code: Key).WithHeader("x-request-id", Key.ToUpperInvariant()));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => telemetry.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Hi") } }));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains(Lines(), line => line.StartsWith("4 ChatRequestRetried Warning: Retrying request to 127.0.0.1: attempt 1 failed with HTTP 503 (busy_[redacted])", StringComparison.Ordinal));
        Assert.Contains(Lines(), line => line.StartsWith("5 ChatRequestFailed Error:", StringComparison.Ordinal) && line.EndsWith("(status 401, code [redacted], request id [redacted])", StringComparison.Ordinal));
        var span = Assert.Single(OurSpans());
        Assert.Contains(span.Events, e => e.Name == "retry");
        AssertNoKeyAnywhere();
    }

    [Fact]
    public async Task StreamedChunksEchoingTheKeyReachNoRecord()
    {
        var (telemetry, chat) = Instrumented();
        using var _ = chat;
        var reply = Reply.Sse();
        reply.Data(Chunk(Key, "{\"role\":\"assistant\",\"content\":\"Key: \"}", null));
        reply.Data(Chunk(Key, "{\"content\":" + JsonSerializer.Serialize(Key.Substring(3, 16)) + "}", null));
        reply.Data(Chunk(Key, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"echo\",\"arguments\":\"{\\\"k\\\":\\\"" + Key + "\\\"}\"}}]}", null));
        reply.Data(Chunk(Key, "{}", "\"" + Key + "\""));
        reply.Data("{\"id\":\"" + Key + "\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + Key + "\",\"system_fingerprint\":\"" + Key + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}");
        _server.Enqueue(reply.Done());

        var text = "";
        await foreach (var chunk in telemetry.StreamAsync(new ChatRequest { Messages = { ChatMessage.User("Stream my key.") } }))
        {
            text += chunk.Choices.Count > 0 ? chunk.Choices[0].Delta?.Content : "";
        }

        Assert.Equal("Key: " + Key.Substring(3, 16), text);
        Assert.Contains("8 ChatReplyContent Trace: Reply text of choice 0: Key: [redacted]", Lines());
        var span = Assert.Single(OurSpans());
        Assert.Equal("[redacted]", span.GetTagItem("gen_ai.response.id"));
        AssertNoKeyAnywhere();
    }

    [Fact]
    public async Task TheKeyOfAClientInsideAToolLoopIsFoundToo()
    {
        var (chat, observer) = Client(retries: 0);
        using var _ = chat;
        var telemetry = observer.Instrument(new ToolLoop(chat, null));
        _server.Enqueue(Reply.Json(Completion(model: "gpt-4o-mini", id: "chatcmpl-1", fingerprint: "fp_1", finishReason: "stop", message: "{\"role\":\"assistant\",\"content\":\"ok\"}")));

        await telemetry.CompleteAsync(new ChatRequest { Stop = new List<string> { Key }, Messages = { ChatMessage.User("Hi") } });

        // The stop sequences are tagged when the span starts, before any reply: the key came from the client itself.
        Assert.Equal(new[] { "[redacted]" }, Assert.Single(OurSpans()).GetTagItem("gen_ai.request.stop_sequences"));
        AssertNoKeyAnywhere();
    }

    [Fact]
    public async Task TheKeyOfAClientBehindAnUnknownWrapperIsLearnedFromItsReplies()
    {
        var (chat, observer) = Client(retries: 0);
        using var _ = chat;
        var telemetry = observer.Instrument(new Wrapper(chat));
        _server.Enqueue(Reply.Json(Completion(model: Key, id: Key, fingerprint: Key, finishReason: Key, message: "{\"role\":\"assistant\",\"content\":\"" + Key + "\"}")));

        await telemetry.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Hi") } });

        Assert.Equal("[redacted]", Assert.Single(OurSpans()).GetTagItem("gen_ai.response.model"));
        AssertNoKeyAnywhere();
    }

    private (IChatTransport Telemetry, ChatClient Chat) Instrumented(int retries = 0)
    {
        var (chat, telemetry) = Client(retries);
        return (telemetry.Instrument(chat), chat);
    }

    /// <summary>A client with the key, reporting retries to telemetry whose options do NOT list the key in Secrets.</summary>
    private (ChatClient Chat, ChatTelemetry Telemetry) Client(int retries)
    {
        var telemetry = new ChatTelemetry(new ChatTelemetryOptions { LoggerFactory = _factory, CaptureContent = true });
        var retry = retries == 0 ? RetryPolicy.None : new RetryPolicy { MaxRetries = retries, InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
        retry.OnRetry = telemetry.OnRetry;
        var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = Key, Model = "gpt-4o-mini", Retry = retry });
        return (chat, telemetry);
    }

    private static string Completion(string model, string id, string fingerprint, string finishReason, string message) =>
        "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model + "\",\"system_fingerprint\":\"" + fingerprint + "\",\"choices\":[{\"index\":0,\"message\":" + message +
        ",\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}";

    private static string Chunk(string echo, string delta, string? finishReason) =>
        "{\"id\":\"" + echo + "\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + echo + "\",\"system_fingerprint\":\"" + echo + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finishReason ?? "null") + "}]}";

    /// <summary>This test's request spans (the assembly's tests run one at a time, so every exported span is this test's).</summary>
    private List<Activity> OurSpans()
    {
        lock (_spans)
        {
            return _spans.Where(span => span.Kind == ActivityKind.Client).ToList();
        }
    }

    private List<string> Lines() =>
        _logs.GetSnapshot().Select(record => $"{record.Id.Id} {record.Id.Name} {record.Level}: {record.Message}").ToList();

    private IEnumerable<string> MetricTagValues()
    {
        foreach (var metric in _metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    yield return Text(tag.Value);
                }
            }
        }
    }

    /// <summary>Every recorded text: span names, status, tags and events; metric tags; log messages, state and exceptions.</summary>
    private void AssertNoKeyAnywhere()
    {
        _tracing.ForceFlush();
        _meters.ForceFlush();
        var texts = new List<(string Where, string Text)>();
        lock (_spans)
        {
            foreach (var span in _spans)
            {
                texts.Add(("span name", span.DisplayName));
                texts.Add(("span status", span.StatusDescription ?? ""));
                texts.AddRange(span.TagObjects.Select(tag => ("span tag " + tag.Key, Text(tag.Value))));
                foreach (var e in span.Events)
                {
                    texts.Add(("event", e.Name));
                    texts.AddRange(e.Tags.Select(tag => ("event tag " + tag.Key, Text(tag.Value))));
                }
            }
        }

        texts.AddRange(MetricTagValues().Select(value => ("metric tag", value)));
        foreach (var record in _logs.GetSnapshot())
        {
            texts.Add(("log " + record.Id.Name, record.Message));
            texts.Add(("log exception", record.Exception?.ToString() ?? ""));
            texts.AddRange((record.StructuredState ?? []).Select(pair => ("log value " + pair.Key, pair.Value ?? "")));
        }

        Assert.NotEmpty(_logs.GetSnapshot());
        foreach (var (where, text) in texts)
        {
            Assert.False(HasPieceOfKey(text), $"The key (or 8 of its characters) is in the {where}: {text}");
        }
    }

    /// <summary>Whether <paramref name="text"/> holds any 8 consecutive characters of the key, in any letter case.</summary>
    private static bool HasPieceOfKey(string text)
    {
        for (var i = 0; i + 8 <= Key.Length; i++)
        {
            if (text.Contains(Key.Substring(i, 8), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Text)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A transport of the app's own around the client: telemetry cannot look through it.</summary>
    private sealed class Wrapper(IChatTransport inner) : IChatTransport
    {
        public Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default) => inner.CompleteAsync(request, cancellationToken);

        public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default) => inner.StreamAsync(request, cancellationToken);
    }
}
