using System.Text;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Testing;

/// <summary>A prompt interface that names no model, so the client's default is filled in, and has a token limit and a stream.</summary>
[PromptClient]
public partial interface IPlain
{
    [UserPrompt("Name a colour like {{ hint }}.")]
    [MaxTokens(20)]
    Task<string> ColourAsync(string hint, CancellationToken cancellationToken = default);

    [UserPrompt("Count to {{ n }}.")]
    IAsyncEnumerable<string> CountAsync(int n, CancellationToken cancellationToken = default);
}

/// <summary>
/// The scripted transport under generated clients: each call sends the same bytes through it as through ChatClient to the
/// loopback server, rendering equals what is sent, and queued replies come back through the real reply handling.
/// </summary>
public class ScriptedTransportTests
{
    private const string Completion = """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Fine."},"finish_reason":"stop"}]}""";
    private const string PersonJson = """{"name":"Ola Nordmann","age":35,"city":"Bergen"}""";

    private static readonly Order Order = new()
    {
        Customer = new Customer { Name = "Åsa \"the Bold\"", Age = 70 },
        Lines = { new OrderLine { Product = "Coffee ☕", Quantity = 2 } },
        Express = false,
        Total = 150.5m,
        Placed = new DateTime(2026, 3, 4, 5, 6, 7),
    };

    private static readonly ChatMessage[] History =
    {
        ChatMessage.User("Who won the world series in 2020?"),
        ChatMessage.Assistant("The Los Angeles Dodgers won the World Series in 2020."),
    };

    public static TheoryData<string> Calls => new()
    {
        "explain", "extract", "story", "chat", "titles", "details", "summarise", "classify",
        "default model", "max_completion_tokens", "stream without usage",
    };

    /// <summary>Each case: the options it changes, and the call through a generated client over any transport.</summary>
    private static (Action<ChatClientOptions> Configure, bool Streamed, Func<IChatTransport, Task> Call) Case(string name) => name switch
    {
        "explain" => (_ => { }, false, t => Tutor(t).ExplainAsync("recursion", 30)),
        "extract" => (_ => { }, false, t => Tutor(t).ExtractAsync("Ola Nordmann is 35 and lives in Bergen.")),
        "story" => (_ => { }, true, t => Drain(Tutor(t).TellStoryAsync("a fox"))),
        "chat" => (_ => { }, false, t => Tutor(t).ChatAsync(History, "Where was it played?")),
        "titles" => (_ => { }, false, t => Tutor(t).TitlesAsync("foxes")),
        "details" => (_ => { }, false, t => Tutor(t).ExtractWithDetailsAsync("Ola").AsTask()),
        "summarise" => (_ => { }, false, t => Orders(t).SummariseAsync(Order)),
        "classify" => (_ => { }, false, t => Orders(t).ClassifyAsync("I love it")),
        "default model" => (_ => { }, false, t => Plain(t).ColourAsync("sky")),
        "max_completion_tokens" => (o => o.MaxTokensField = MaxTokensField.MaxCompletionTokens, false, t => Plain(t).ColourAsync("sky")),
        "stream without usage" => (o => o.IncludeStreamUsage = false, true, t => Drain(Plain(t).CountAsync(3))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task TheCapturedRequestIsByteForByteWhatTheHttpClientSends(string name)
    {
        var (configure, streamed, call) = Case(name);
        await using var server = await LoopbackServer.StartAsync();
        var options = new ChatClientOptions { BaseUrl = server.BaseUrl, ApiKey = "sk-e2e-secret", Model = "default-model", Retry = RetryPolicy.None };
        configure(options);
        using var http = new ChatClient(options);
        var scripted = new ScriptedTransport(options);
        var reply = name switch
        {
            "extract" or "details" => PersonJson,
            "classify" => "\"Happy\"",
            _ => "Fine.",
        };
        if (streamed)
        {
            server.Enqueue(Reply.Sse()
                .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Fine."},"finish_reason":"stop"}]}""")
                .Done());
            scripted.Stream("Fine.");
        }
        else if (name == "titles")
        {
            server.Enqueue(Harness.Completion("One", "Two", "Three"));
            scripted.ReplyChoices("One", "Two", "Three");
        }
        else
        {
            server.Enqueue(Harness.Completion(reply));
            scripted.Reply(reply);
        }

        await call(http);
        await call(scripted);

        var sent = Assert.Single(server.Requests).Body;
        var captured = Assert.Single(scripted.Requests);
        Assert.Equal(Encoding.UTF8.GetString(sent), captured.Body);
        Assert.Equal(sent, Encoding.UTF8.GetBytes(captured.Body));
        Assert.Equal(streamed, captured.Request.Stream == true);
    }

    [Fact]
    public async Task RenderingEqualsTheCapturedRequest()
    {
        var transport = new ScriptedTransport().Reply("Fine.");
        await Tutor(transport).ExplainAsync("recursion", 30);

        var rendered = ITutor.Client.CreateExplainAsyncRequest("recursion", 30);

        // ITutor names its model and ExplainAsync sets no token limit: nothing is left for the transport to fill in.
        Assert.Equal(transport.Requests[0].Body, rendered.ToJson());
        Assert.Equal(
            """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"What is recursion? Answer in at most 30 words."}],"temperature":0.2}""",
            rendered.ToJson());
    }

    [Theory]
    [InlineData("story")]
    [InlineData("chat")]
    [InlineData("summarise")]
    [InlineData("default model")]
    [InlineData("max_completion_tokens")]
    public async Task ARenderedRequestSentAsItIsGivesTheSameBytesAsTheCall(string name)
    {
        var (configure, streamed, call) = Case(name);
        var options = new ChatClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "default-model" };
        configure(options);
        var viaCall = new ScriptedTransport(options);
        var viaRendering = new ScriptedTransport(options);
        foreach (var transport in new[] { viaCall, viaRendering })
        {
            if (streamed)
            {
                transport.Stream("Fine.");
            }
            else
            {
                transport.Reply("Fine.");
            }
        }

        await call(viaCall);
        var rendered = name switch
        {
            "story" => ITutor.Client.CreateTellStoryAsyncRequest("a fox"),
            "chat" => ITutor.Client.CreateChatAsyncRequest(History, "Where was it played?"),
            "summarise" => IOrders.Client.CreateSummariseAsyncRequest(Order),
            _ => IPlain.Client.CreateColourAsyncRequest("sky"),
        };
        if (streamed)
        {
            await Drain(viaRendering.StreamAsync(rendered));
        }
        else
        {
            await viaRendering.CompleteAsync(rendered);
        }

        Assert.Equal(viaCall.Requests[0].Body, viaRendering.Requests[0].Body);
        Assert.Null(rendered.Stream);
    }

    [Fact]
    public async Task TextRepliesCarryTheirFinishReasonUsageAndTheRequestsModel()
    {
        var usage = new ChatUsage { PromptTokens = 12, CompletionTokens = 3, TotalTokens = 15 };
        var transport = new ScriptedTransport().Reply("Happy, mostly", finishReason: "length", usage: usage);

        var mood = await Tutor(transport).MoodAsync("What a day!");

        Assert.Equal("Happy, mostly", mood.Value);
        Assert.Equal("length", mood.FinishReason);
        Assert.Same(usage, mood.Usage);
        Assert.Equal("gpt-4o-mini", mood.Model);
    }

    [Fact]
    public async Task JsonRepliesAreDeserialisedByTheGeneratedCode()
    {
        var transport = new ScriptedTransport().Reply(PersonJson);

        var person = await Tutor(transport).ExtractAsync("Ola Nordmann is 35 and lives in Bergen.");

        Assert.Equal(new Person("Ola Nordmann", 35, "Bergen"), person);
        Assert.NotNull(transport.Requests[0].Request.ResponseFormat);
    }

    [Fact]
    public async Task FinishReasonsBecomeTheTypedFailures()
    {
        var transport = new ScriptedTransport()
            .Reply("""{"name":"Ola""", finishReason: "length")
            .Reply("", finishReason: "content_filter")
            .Reply(new ChatCompletion
            {
                Choices = new[] { new ChatChoice { Message = new ChatReplyMessage { Role = "assistant", Refusal = "I can't help with that." }, FinishReason = "stop" } },
            });
        ITutor tutor = new ITutor.Client(transport);

        await Assert.ThrowsAsync<PromptTruncatedException>(() => tutor.ExtractAsync("Ola"));
        await Assert.ThrowsAsync<PromptFilteredException>(() => tutor.ExplainAsync("x", 1));
        var refused = await Assert.ThrowsAsync<PromptRefusedException>(() => tutor.ExtractAsync("Ola"));
        Assert.Equal("I can't help with that.", refused.Refusal);
        Assert.Equal(0, transport.PendingReplies);
    }

    [Fact]
    public async Task AQueuedFailureIsThrownAndTheRequestStillRecorded()
    {
        var transport = new ScriptedTransport()
            .Fail(new ChatApiException(429, "Rate limit reached", errorCode: "rate_limit_exceeded"))
            .Fail(new ChatApiException(503, "Overloaded"));
        ITutor tutor = new ITutor.Client(transport);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("x", 1));
        var streamError = await Assert.ThrowsAsync<ChatApiException>(() => Drain(tutor.TellStoryAsync("a fox")));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(503, streamError.StatusCode);
        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task StreamsYieldTheDeltasAndAFinalUsageChunkWhenTheRequestAskedForIt()
    {
        var usage = new ChatUsage { PromptTokens = 5, CompletionTokens = 2, TotalTokens = 7 };
        var transport = new ScriptedTransport().Stream(new[] { "Once", " upon a time." }, usage: usage);

        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in transport.StreamAsync(ITutor.Client.CreateTellStoryAsyncRequest("a fox")))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(new[] { "", "Once", " upon a time.", null, null }, chunks.Select(c => c.Choices.FirstOrDefault()?.Delta?.Content));
        Assert.Equal("stop", chunks[3].Choices[0].FinishReason);
        Assert.Same(usage, chunks[4].Usage);
        Assert.Empty(chunks[4].Choices);
    }

    [Fact]
    public async Task StreamsCanBeGivenAsChunksAndEndWithTheirFinishReason()
    {
        var transport = new ScriptedTransport().Stream(new[]
        {
            new ChatCompletionChunk { Choices = new[] { new ChatChunkChoice { Delta = new ChatDelta { Content = "Blocked" } } } },
            new ChatCompletionChunk { Choices = new[] { new ChatChunkChoice { Delta = new ChatDelta(), FinishReason = "content_filter" } } },
        });
        var received = new List<string>();

        await Assert.ThrowsAsync<PromptFilteredException>(async () =>
        {
            await foreach (var delta in Tutor(transport).TellStoryAsync("a fox"))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(new[] { "Blocked" }, received);
    }

    [Fact]
    public async Task ACallWithNoReplyQueuedFailsSayingWhatToQueue()
    {
        var transport = new ScriptedTransport();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => Tutor(transport).ExplainAsync("recursion", 30));

        Assert.StartsWith(
            "ScriptedTransport request #0 is a call for a complete reply (CompleteAsync), but no reply is queued. Queue one with Reply(...) or Fail(...) before the call. The request: {\"model\":\"gpt-4o-mini\"",
            exception.Message);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task AReplyOfTheWrongKindFailsSayingHowToQueueIt()
    {
        var transport = new ScriptedTransport().Stream("Once").Reply("Once");
        ITutor tutor = new ITutor.Client(transport);

        var complete = await Assert.ThrowsAsync<InvalidOperationException>(() => tutor.ExplainAsync("x", 1));
        var streamed = await Assert.ThrowsAsync<InvalidOperationException>(() => Drain(tutor.TellStoryAsync("a fox")));

        Assert.Contains("but the next queued reply is a stream. Queue it with Reply(...) instead (ReplyToolCall(...) for a tool call).", complete.Message);
        Assert.Contains("but the next queued reply is a complete reply. Queue it with Stream(...) instead (StreamToolCall(...) for a streamed tool call).", streamed.Message);
    }

    [Fact]
    public async Task ACancelledCallRecordsNothingAndLeavesTheReplyQueued()
    {
        var transport = new ScriptedTransport().Reply("Fine.").Stream("Once", " upon");
        ITutor tutor = new ITutor.Client(transport);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tutor.ExplainAsync("x", 1, cancellation.Token));
        Assert.Empty(transport.Requests);
        Assert.Equal(2, transport.PendingReplies);

        Assert.Equal("Fine.", await tutor.ExplainAsync("x", 1));
        using var midway = new CancellationTokenSource();
        var received = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in tutor.TellStoryAsync("a fox", midway.Token))
            {
                received.Add(delta);
                midway.Cancel();
            }
        });
        Assert.Equal(new[] { "Once" }, received);
    }

    [Fact]
    public async Task WithoutAModelTheCallFailsAsChatClientDoes()
    {
        var options = new ChatClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1") };
        using var http = new ChatClient(options);
        var transport = new ScriptedTransport(options).Reply("Fine.");

        var viaHttp = await Assert.ThrowsAsync<InvalidOperationException>(() => Plain(http).ColourAsync("sky"));
        var viaScript = await Assert.ThrowsAsync<InvalidOperationException>(() => Plain(transport).ColourAsync("sky"));

        Assert.Equal(viaHttp.Message, viaScript.Message);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task TheDefaultOptionsNameTestModelAndSendMaxCompletionTokens()
    {
        var transport = new ScriptedTransport().Reply("Blue.");

        await Plain(transport).ColourAsync("sky");

        Assert.Equal(
            """{"model":"test-model","messages":[{"role":"user","content":"Name a colour like sky."}],"max_completion_tokens":20}""",
            transport.Requests[0].Body);
        Assert.Equal(ScriptedTransport.DefaultModel, transport.Requests[0].Request.Model);
    }

    private static ITutor Tutor(IChatTransport transport) => new ITutor.Client(transport);

    private static IOrders Orders(IChatTransport transport) => new IOrders.Client(transport);

    private static IPlain Plain(IChatTransport transport) => new IPlain.Client(transport);

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
        }
    }
}
