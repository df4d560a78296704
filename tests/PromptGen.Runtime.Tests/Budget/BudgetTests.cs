using System.Text.Json;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Budget;

/// <summary>Counts one token per word of text, one per message and one per tool call: budgets whose arithmetic a test can follow.</summary>
internal sealed class WordCounter : ITokenCounter
{
    public int CountMessage(ChatMessage message, string model) =>
        1 + (message.Content?.Text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0) + (message.ToolCalls?.Count ?? 0);

    public int CountReplyPrimer(string model) => 0;

    public int? ContextWindow(string model) => model == "small-model" ? 20 : null;
}

/// <summary>Issue 16 §2: a request with a <see cref="PromptBudget"/> is trimmed, oldest history turns first, before it is sent.</summary>
public sealed class BudgetTests
{
    // Token counts under WordCounter: 4 | 3 3 | 4 3 3 2 | 3 = 25; fixed parts 13, history (indexes 3 to 6) 12.
    private static ChatRequest Conversation(int? budget, string? model = null, int? maxTokens = null) => new()
    {
        Model = model,
        MaxTokens = maxTokens,
        Messages =
        {
            ChatMessage.System("You are terse."),
            ChatMessage.User("a b"),
            ChatMessage.Assistant("c d"),
            ChatMessage.User("one two three"),
            ChatMessage.Assistant("four five"),
            ChatMessage.User("six seven"),
            ChatMessage.Assistant("eight"),
            ChatMessage.User("now what"),
        },
        Budget = new PromptBudget(budget, 3, 7),
    };

    private static ScriptedTransport Transport(ITokenCounter? counter = null)
    {
        var transport = new ScriptedTransport(new ChatClientOptions(static _ => null) { Model = "test-model", TokenCounter = counter ?? new WordCounter() });
        transport.Reply("ok");
        return transport;
    }

    private static string[] Sent(ScriptedTransport transport) =>
        transport.Requests.Single().Request.Messages.Select(message => message.Role + ": " + message.Content?.Text).ToArray();

    [Fact]
    public async Task TheOldestTurnIsDroppedFirst()
    {
        var transport = Transport();

        var completion = await transport.CompleteAsync(Conversation(20));

        Assert.Equal(["system: You are terse.", "user: a b", "assistant: c d", "user: six seven", "assistant: eight", "user: now what"], Sent(transport));
        Assert.Equal(2, completion.Trim!.MessagesDropped);
        Assert.Equal(25, completion.Trim.TokensBefore);
        Assert.Equal(18, completion.Trim.TokensAfter);
        Assert.Equal(20, completion.Trim.Budget);
        Assert.Equal("dropped 2 messages: 25 → 18 tokens (budget 20)", completion.Trim.ToString());
        Assert.Equal(
            """{"model":"test-model","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"a b"},{"role":"assistant","content":"c d"},{"role":"user","content":"six seven"},{"role":"assistant","content":"eight"},{"role":"user","content":"now what"}]}""",
            transport.Requests.Single().Body);
    }

    [Fact]
    public async Task EveryTurnCanGoButTheSystemFewShotsAndNewMessageStay()
    {
        var transport = Transport();

        var completion = await transport.CompleteAsync(Conversation(14));

        Assert.Equal(["system: You are terse.", "user: a b", "assistant: c d", "user: now what"], Sent(transport));
        Assert.Equal(4, completion.Trim!.MessagesDropped);
        Assert.Equal(13, completion.Trim.TokensAfter);
    }

    [Fact]
    public async Task APromptWithinItsBudgetIsSentAsItIs()
    {
        var transport = Transport();
        var request = Conversation(25);

        var completion = await transport.CompleteAsync(request);

        Assert.Equal(8, Sent(transport).Length);
        Assert.Equal(0, completion.Trim!.MessagesDropped);
        Assert.Equal(25, completion.Trim.TokensAfter);
        Assert.Equal(8, request.Messages.Count); // the caller's request is never changed
    }

    [Fact]
    public async Task FixedPartsOverTheBudgetThrowBeforeAnythingIsSent()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.TokenCounter = new WordCounter();
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<PromptBudgetExceededException>(() => client.CompleteAsync(Conversation(12)));

        Assert.Empty(server.Requests);
        Assert.Equal(13, error.FixedTokens);
        Assert.Equal(12, error.Budget);
        Assert.Equal(4, error.HistoryMessages);
        Assert.Equal(
            "The prompt cannot fit its budget of 12 tokens for model 'gpt-test': the system message, few-shot examples and new user message (with any tool definitions and response format) alone take 13 tokens (4 history messages could be dropped, which is not enough). Nothing was sent. Shorten the fixed parts or the new message, or raise [MaxPromptTokens].",
            error.Message);
    }

    [Fact]
    public async Task AStreamedCallOverItsBudgetThrowsAtOnce()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.TokenCounter = new WordCounter();
        using var client = new ChatClient(options);

        Assert.Throws<PromptBudgetExceededException>(() => client.StreamAsync(Conversation(12)));
        Assert.Empty(server.Requests);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AnAssistantsToolCallsLeaveTogetherWithTheirResults()
    {
        var transport = Transport();
        var request = new ChatRequest
        {
            Messages =
            {
                ChatMessage.User("weather in Oslo"),                                                       // 4
                new ChatMessage(ChatRole.Assistant, (ChatContent?)null)                                    // 2
                {
                    ToolCalls = [new ChatToolCall { Id = "call_1", Type = "function", Function = new ChatFunctionCall { Name = "weather", Arguments = "{\"city\":\"Oslo\"}" } }],
                },
                ChatMessage.Tool("call_1", "rain 9 degrees"),                                              // 4
                ChatMessage.Assistant("It rains."),                                                        // 3
                ChatMessage.User("and tomorrow"),                                                          // 3
                ChatMessage.Assistant("Sun."),                                                             // 2
                ChatMessage.User("thanks"),                                                                // 2
            },
            Budget = new PromptBudget(10, 0, 6),
        };

        var completion = await transport.CompleteAsync(request);

        // One token too many would drop just the first message; the whole first turn goes instead, tool result included.
        Assert.Equal(["user: and tomorrow", "assistant: Sun.", "user: thanks"], Sent(transport));
        Assert.Equal(4, completion.Trim!.MessagesDropped);
        Assert.Equal(20, completion.Trim.TokensBefore);
        Assert.Equal(7, completion.Trim.TokensAfter);
    }

    [Fact]
    public async Task ARepairAttemptIsFittedToo()
    {
        var transport = new ScriptedTransport(new ChatClientOptions(static _ => null) { Model = "test-model", TokenCounter = new WordCounter() });
        transport.Reply("{\"nam\":\"Oslo\"}").Reply("{\"name\":\"Oslo\"}");
        var format = JsonReplyFormat<Cost.City>.Create(ResponseFormatKind.JsonSchema, true, "city", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""", null, false, false, 1, Cost.CostJson.Default.City);

        var result = await PromptReply.JsonResultAsync(transport, Conversation(45), format);

        // The first request fits (25 tokens); the repair adds the bad reply and the list of errors after the new user
        // message, which are never dropped, so the repair request drops the oldest turns instead.
        Assert.Equal(2, result.Attempts);
        Assert.Equal(8, transport.Requests[0].Request.Messages.Count);
        var repair = transport.Requests[1].Request.Messages;
        Assert.Equal(6, repair.Count);
        Assert.Equal(["system", "user", "assistant", "user", "assistant", "user"], repair.Select(message => message.Role));
        Assert.Equal("now what", repair[3].Content?.Text);
        Assert.Equal("{\"nam\":\"Oslo\"}", repair[4].Content?.Text);
        Assert.Equal(4, result.Trim!.MessagesDropped);
        Assert.Equal(result.Trim.TokensAfter, repair.Sum(message => new WordCounter().CountMessage(message, "")));
        Assert.InRange(result.Trim.TokensAfter, 1, 45);
    }

    [Fact]
    public async Task TheContextWindowMinusMaxTokensIsTheDefaultBudget()
    {
        var transport = Transport();

        var completion = await transport.CompleteAsync(Conversation(null, "small-model", maxTokens: 6));

        Assert.Equal(14, completion.Trim!.Budget); // 20 − 6
        Assert.Equal(4, completion.Trim.MessagesDropped);
    }

    [Fact]
    public async Task AnUnknownContextWindowIsAClearErrorBeforeSending()
    {
        var transport = Transport();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.CompleteAsync(Conversation(null, "other-model")));

        Assert.Equal(
            "The method's prompt token budget is the model's context window, but the token counter does not know the context window of 'other-model'. Declare the budget explicitly with [MaxPromptTokens(n)].",
            error.Message);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task ABudgetWithoutATokenCounterIsAClearErrorBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.CompleteAsync(Conversation(20)));

        Assert.Equal(
            "The method declares a prompt token budget ([MaxPromptTokens]) but the client has no token counter, so the prompt cannot be measured. Add the PromptGen.Tokenizers package and set ChatClientOptions.TokenCounter = OpenAITokenCounter.Default (or your own ITokenCounter).",
            error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task TheRealTokenizerTrimsALongHistoryOverHttp()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        var options = Options(server);
        options.Model = "gpt-4o-mini";
        options.TokenCounter = OpenAITokenCounter.Default;
        using var client = new ChatClient(options);
        var request = new ChatRequest { Messages = { ChatMessage.System("You answer in one sentence.") } };
        for (var i = 0; i < 100; i++)
        {
            request.Messages.Add(ChatMessage.User($"Question number {i}: what is {i} squared?"));
            request.Messages.Add(ChatMessage.Assistant($"{i} squared is {i * i}."));
        }

        request.Messages.Add(ChatMessage.User("And 1000 squared?"));
        request.Budget = new PromptBudget(500, 1, 201);

        var completion = await client.CompleteAsync(request);

        var sent = JsonDocument.Parse(server.Requests.Single().Body).RootElement.GetProperty("messages").EnumerateArray()
            .Select(message => new ChatMessage(message.GetProperty("role").GetString()!, message.GetProperty("content").GetString()!)).ToList();
        var counted = sent.Sum(message => OpenAITokenCounter.Default.CountMessage(message, "gpt-4o-mini")) + 3;
        Assert.Equal(completion.Trim!.TokensAfter, counted);
        Assert.InRange(counted, 450, 500);
        Assert.Equal("You answer in one sentence.", sent[0].Content!.Text);
        Assert.Equal("And 1000 squared?", sent[^1].Content!.Text);
        Assert.Equal(ChatRole.User, sent[1].Role);
        Assert.Equal(201 - sent.Count + 1, completion.Trim.MessagesDropped);
        Assert.Equal(0, completion.Trim.MessagesDropped % 2);
    }

    [Fact]
    public void ABudgetMustBePositiveAndARangeARange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PromptBudget(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PromptBudget(10, 3, 2));
        Assert.Equal("PromptBudget { MaxPromptTokens = (context window), History = [1, 4) }", new PromptBudget(null, 1, 4).ToString());
    }
}
