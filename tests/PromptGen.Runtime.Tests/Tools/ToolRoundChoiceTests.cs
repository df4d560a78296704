using System.Text.Json;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Tools;

/// <summary>
/// The [Choices] index rules (exactly the choices asked for, indexes 0 to n-1 each once) hold for every reply of a
/// tool-call loop, not only the last: a reply asking for tool calls whose choices are not those asked for is a
/// PromptFormatException before any tool runs, carrying the loop's usage so far.
/// </summary>
public sealed class ToolRoundChoiceTests
{
    private const string Advice = "The server does not answer 'n' as Chat Completions specifies (exactly n choices, indexes 0 to n-1): use a server that does";

    private static string ToolCall(int index) =>
        "{\"index\":" + index + ",\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + index + "\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}";

    private static string Text(int index, string text) =>
        "{\"index\":" + index + ",\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}";

    private static string Completion(params string[] choices) =>
        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[" + string.Join(",", choices) + "],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":6,\"total_tokens\":10}}";

    private static ChatRequest Ask(int? n, ClockTools tools) => new() { N = n, Messages = { ChatMessage.User("What time is it?") }, Tools = ToolDefinition.ToChatTools(tools.Definitions) };

    [Fact]
    public async Task AnExtraChoiceInAToolCallRoundFailsBeforeTheToolRuns()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(ToolCall(0), Text(1, "It is noon."))));
        server.Enqueue(Reply.Json(Completion(Text(0, "It is 12:00."))));
        using var client = new ChatClient(Options(server));
        var tools = new ClockTools();
        var loop = new ToolLoop(client, null, tools);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.TextAsync(loop, Ask(null, tools)));

        Assert.Equal(
            $"The reply to request 1 of the tool-call loop asks for tool calls, but its choices are not those asked for: Asked for one choice ('n' not sent, so 1) and the server returned 2 (indexes 0 and 1). Index 1 is out of range (index 0). {Advice}.",
            error.Message);
        Assert.Equal(["Index 1 is out of range (index 0)."], error.Errors);
        Assert.Equal(0, tools.Calls);
        Assert.Single(server.Requests);
        Assert.Equal(10, error.Usage!.TotalTokens);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task ADuplicateIndexInALaterToolCallRoundFailsWithTheLoopsSums()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(ToolCall(0), ToolCall(1))));
        server.Enqueue(Reply.Json(Completion(ToolCall(0), ToolCall(0))));
        using var client = new ChatClient(Options(server));
        var tools = new ClockTools();
        var loop = new ToolLoop(client, null, tools);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.TextChoicesAsync(loop, Ask(2, tools)));

        Assert.Equal(
            $"The reply to request 2 of the tool-call loop asks for tool calls, but its choices are not those asked for: Asked for 2 choices ('n' = 2) and the server returned 2 choices with indexes 0 and 0, not indexes 0 and 1. Index 0 appears 2 times. Index 1 is missing. {Advice}, or remove [Choices] and call the method 2 times.",
            error.Message);
        Assert.Equal(1, tools.Calls);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(20, error.Usage!.TotalTokens);
        Assert.Equal(2, error.Attempts);
    }

    [Fact]
    public async Task FewerChoicesThanAskedInAToolCallRoundFail()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(ToolCall(0))));
        using var client = new ChatClient(Options(server));
        var tools = new ClockTools();
        var loop = new ToolLoop(client, null, tools);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.TextChoicesAsync(loop, Ask(3, tools)));

        Assert.Equal(
            "The reply to request 1 of the tool-call loop asks for tool calls, but its choices are not those asked for: Asked for 3 choices ('n' = 3, from [Choices(3)]) and the server returned 1. The server may ignore 'n' or allow one choice: remove [Choices] and call the method 3 times, or use a server that supports 'n'.",
            error.Message);
        Assert.Equal(0, tools.Calls);
    }

    [Fact]
    public async Task ChoicesAskedForPassEveryRound()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(ToolCall(1), ToolCall(0))));
        server.Enqueue(Reply.Json(Completion(Text(0, "Noon."), Text(1, "12:00."))));
        using var client = new ChatClient(Options(server));
        var tools = new ClockTools();
        var loop = new ToolLoop(client, null, tools);

        var answers = await PromptReply.TextChoicesAsync(loop, Ask(2, tools));

        Assert.Equal(["Noon.", "12:00."], answers);
        Assert.Equal(1, tools.Calls);
    }

    [Fact]
    public async Task AStrayChoiceInAStreamedToolCallRoundFails()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse()
            .Data("{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}")
            .Data("{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"noon\"},\"finish_reason\":null}]}")
            .Done());
        using var client = new ChatClient(Options(server));
        var tools = new ClockTools();
        var loop = new ToolLoop(client, null, tools);

        var error = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamTextResult(loop, Ask(null, tools)))
            {
            }
        });

        Assert.Equal(
            "Asked for one choice and the streamed reply carried a chunk for choice 1. Index 1 is out of range (index 0). The server does not answer 'n' as Chat Completions specifies (a stream of one choice, index 0): use a server that does. Received so far for choice 0: no content.",
            error.Message);
        Assert.Equal(0, tools.Calls);
    }

    /// <summary>One tool without parameters.</summary>
    private sealed class ClockTools : ToolSet
    {
        public ClockTools()
            : base(new[] { new ToolDefinition("get_time", "The time.", """{"type":"object","properties":{},"required":[],"additionalProperties":false}""", strict: true) })
        {
        }

        public int Calls { get; private set; }

        protected override ValueTask<string> InvokeCoreAsync(int tool, JsonElement arguments, CancellationToken cancellationToken)
        {
            Calls++;
            return new("12:00");
        }
    }
}
