using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PromptGen.Sample;
using PromptGen.Telemetry;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.Extensions.Tests;

/// <summary>PromptGen's log events: ids, levels and messages, content only on request, and never the API key.</summary>
public sealed class LoggingTests : IAsyncLifetime
{
    private const string Key = "sk-proj-SECRET0123456789abcdef";
    private readonly FakeLogCollector _logs = new();
    private ILoggerFactory _factory = null!;
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        _server = await LoopbackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TextCallLogsRequestSentThenCompletedWithModelTokensAndFinishReason()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Recursion.", model: "gpt-4o-mini-2024-07-18", id: "chatcmpl-log")));
        var tutor = Tutor(captureContent: false);

        await tutor.ExplainAsync("recursion", 30);

        Assert.Equal(
            new[]
            {
                "1 ChatRequestSent Debug: Sending Chat request to 127.0.0.1: model gpt-4o-mini, 2 messages, output text, method PromptGen.Sample.ITutor.ExplainAsync, prompt version " + ITutor.Client.ExplainAsyncPromptVersion,
                "2 ChatRequestCompleted Information: Chat request to 127.0.0.1 completed in N ms: model gpt-4o-mini-2024-07-18, 42 input and 12 output tokens, finish reasons stop, response id chatcmpl-log",
            },
            Lines());
        Assert.All(_logs.GetSnapshot(), record => Assert.Equal(ChatTelemetry.LoggerCategory, record.Category));
    }

    [Fact]
    public async Task StreamedCallLogsTheFirstChunk()
    {
        _server.Enqueue(Bodies.Stream("gpt-4o-mini-2024-07-18", "Once", " upon a time."));
        var tutor = Tutor(captureContent: false);

        await foreach (var _ in tutor.TellStoryAsync("a fox"))
        {
        }

        Assert.Equal(
            new[]
            {
                "1 ChatRequestSent Debug: Sending Streamed chat request to 127.0.0.1: model gpt-4o-mini, 2 messages, output text, method PromptGen.Sample.ITutor.TellStoryAsync, prompt version " + ITutor.Client.TellStoryAsyncPromptVersion,
                "3 ChatStreamFirstChunk Debug: First streamed chunk from 127.0.0.1 after N ms",
                "2 ChatRequestCompleted Information: Streamed chat request to 127.0.0.1 completed in N ms: model gpt-4o-mini-2024-07-18, 20 input and 7 output tokens, finish reasons stop, response id chatcmpl-s",
            },
            Lines());
    }

    [Fact]
    public async Task FailedCallLogsTheErrorTypeStatusCodeAndRequestIdButNotTheServerMessage()
    {
        _server.Enqueue(Reply.Error(401, "Incorrect API key provided: " + Key + ".", code: "invalid_api_key").WithHeader("x-request-id", "req_123"));
        var tutor = Tutor(captureContent: true);

        await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("recursion", 30));

        Assert.Equal(
            "5 ChatRequestFailed Error: Chat request to 127.0.0.1 failed after N ms: 401 (status 401, code invalid_api_key, request id req_123)",
            Lines().Last());
        AssertNoKey();
    }

    [Fact]
    public async Task CancelledCallIsLoggedAsCancelledNotFailed()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("late")).HangBeforeHeaders());
        var tutor = Tutor(captureContent: false);
        using var cancel = new CancellationTokenSource();
        var call = tutor.ExplainAsync("recursion", 30, cancel.Token);
        await _server.WaitForRequestAsync(0);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal("6 ChatRequestCancelled Information: Chat request to 127.0.0.1 was cancelled by the caller after N ms", Lines().Last());
    }

    [Fact]
    public void RetryIsLoggedAsAWarningWithStatusWaitAndAttempt()
    {
        var telemetry = new ChatTelemetry(new() { LoggerFactory = _factory, Endpoint = new Uri("https://api.openai.com/v1/chat/completions") });

        telemetry.OnRetry(new ChatRetry(1, new ChatApiException(429, "Rate limit reached", errorCode: "rate_limit_exceeded"), TimeSpan.FromMilliseconds(750)));
        telemetry.OnRetry(new ChatRetry(2, new HttpRequestException("Connection refused"), TimeSpan.FromSeconds(2)));

        Assert.Equal(
            new[]
            {
                "4 ChatRequestRetried Warning: Retrying request to api.openai.com: attempt 1 failed with HTTP 429 (rate_limit_exceeded); attempt 2 in 750 ms",
                "4 ChatRequestRetried Warning: Retrying request to api.openai.com: attempt 2 failed with System.Net.Http.HttpRequestException; attempt 3 in 2000 ms",
            },
            _logs.GetSnapshot().Select(record => $"{record.Id.Id} {record.Id.Name} {record.Level}: {record.Message}"));
    }

    [Fact]
    public async Task PromptAndReplyTextAreLoggedOnlyWhenCaptureContentIsOn()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Private reply.")), Reply.Json(Bodies.Completion("Private reply.")));

        await Tutor(captureContent: false).ExplainAsync("my private topic", 30);
        Assert.DoesNotContain(_logs.GetSnapshot(), record => record.Message.Contains("private", StringComparison.OrdinalIgnoreCase));

        _logs.Clear();
        await Tutor(captureContent: true).ExplainAsync("my private topic", 30);
        var lines = Lines();
        Assert.Contains(
            """7 ChatRequestContent Trace: Request body (model default and stream settings not yet filled in): {"messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"What is my private topic? Answer in at most 30 words."}],"temperature":0.2}""",
            lines);
        Assert.Contains("8 ChatReplyContent Trace: Reply text of choice 0: Private reply.", lines);
    }

    [Fact]
    public async Task TheApiKeyAppearsInNoLogLineAtAnyLevelThroughDependencyInjection()
    {
        // Everything at Trace, PromptGen's content capture on; the server echoes the key in an error body and the stream.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PromptGen:BaseUrl"] = _server.BaseUrl.ToString(),
            ["PromptGen:ApiKey"] = Key,
            ["PromptGen:Model"] = "gpt-4o-mini",
            ["PromptGen:CaptureContent"] = "true",
            ["PromptGen:MaxRetries"] = "1",
            ["PromptGen:RetryInitialDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddPromptGen(configuration.GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        await using var provider = services.BuildServiceProvider();
        var tutor = provider.GetRequiredService<ITutor>();
        _server.Enqueue(
            Reply.Json(Bodies.Completion("ok")),
            Reply.Error(503, "Overloaded for key " + Key, type: "server_error"),
            Reply.Error(401, "Incorrect API key provided: " + Key, code: "invalid_api_key"),
            Bodies.Stream("gpt-4o-mini", "Key? ", Key));

        await tutor.ExplainAsync("recursion", 30);
        await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("recursion", 30));
        await foreach (var _ in tutor.TellStoryAsync("a fox"))
        {
        }

        Assert.Equal("Bearer " + Key, _server.Requests[0].Header("Authorization"));
        var records = provider.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, record => record.Level == LogLevel.Trace && record.Category == ChatTelemetry.LoggerCategory);
        // HttpClientFactory's loggers are removed for PromptGen's client: their Trace state held the raw Authorization header.
        Assert.DoesNotContain(records, record => record.Category?.StartsWith("System.Net.Http.HttpClient.PromptGen", StringComparison.Ordinal) == true);
        foreach (var record in records)
        {
            Assert.DoesNotContain(Key, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, record.Exception?.ToString() ?? "", StringComparison.Ordinal);
            Assert.All(record.StructuredState ?? [], pair => Assert.True(!(pair.Value ?? "").Contains(Key, StringComparison.Ordinal), record.Category + " " + record.Id + " " + record.Message));
        }
    }

    [Fact]
    public async Task TheApiKeyAppearsInNoLogLineOfADirectlyInstrumentedClient()
    {
        _server.Enqueue(
            Reply.Json(Bodies.Completion("ok " + "sk-proj")),
            Reply.Error(401, "Incorrect API key provided: " + Key, code: "invalid_api_key"),
            Bodies.Stream("gpt-4o-mini", "Key? ", Key));
        var tutor = Tutor(captureContent: true);

        await tutor.ExplainAsync("recursion", 30);
        await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("recursion", 30));
        await foreach (var _ in tutor.TellStoryAsync("a fox"))
        {
        }

        Assert.Contains(_logs.GetSnapshot(), record => record.Level == LogLevel.Trace);
        Assert.Contains("8 ChatReplyContent Trace: Reply text of choice 0: Key? [redacted]", Lines());
        AssertNoKey();
    }

    [Fact]
    public async Task CapturedContentMasksAPieceOfTheKeyAsTheTransportDoes()
    {
        // Any run of 8 or more of the key's characters is the key (the transport's Redactor rule), in logs too.
        _server.Enqueue(Bodies.Stream("gpt-4o-mini", "Key? ", Key.Substring(4, 12)));
        var tutor = Tutor(captureContent: true);

        await foreach (var _ in tutor.TellStoryAsync("a fox"))
        {
        }

        Assert.Contains("8 ChatReplyContent Trace: Reply text of choice 0: Key? [redacted]", Lines());
    }

    [Fact]
    public async Task TheServersModelIdAndFinishReasonAreLoggedWithTheKeyMaskedInAnyLetterCase()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Recursion.", model: Key.ToUpperInvariant(), id: "chatcmpl-" + Key.ToLowerInvariant())));
        var tutor = Tutor(captureContent: false);

        await tutor.ExplainAsync("recursion", 30);

        Assert.Equal(
            "2 ChatRequestCompleted Information: Chat request to 127.0.0.1 completed in N ms: model [redacted], 42 input and 12 output tokens, finish reasons stop, response id chatcmpl[redacted]",
            Lines()[1]);
        foreach (var record in _logs.GetSnapshot())
        {
            Assert.DoesNotContain("SECRET0123456789", record.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    private ITutor Tutor(bool captureContent)
    {
        var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = Key, Model = "gpt-4o-mini", Retry = RetryPolicy.None });
        var telemetry = new ChatTelemetry(new() { LoggerFactory = _factory, DefaultModel = "gpt-4o-mini", CaptureContent = captureContent, Secrets = { Key } });
        return new ITutor.Client(telemetry.Instrument(chat));
    }

    private void AssertNoKey()
    {
        foreach (var record in _logs.GetSnapshot())
        {
            Assert.DoesNotContain(Key, record.Message, StringComparison.Ordinal);
            Assert.All(record.StructuredState ?? [], pair => Assert.DoesNotContain(Key, pair.Value ?? "", StringComparison.Ordinal));
        }
    }

    private List<string> Lines() => _logs.GetSnapshot().Select(Line).ToList();

    private static string Line(FakeLogRecord record) =>
        $"{record.Id.Id} {record.Id.Name} {record.Level}: " + Regex.Replace(record.Message, @"[0-9.]+ ms", "N ms");
}
