using System.Diagnostics.CodeAnalysis;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Prompts;

/// <summary>
/// A reply must hold exactly the choices asked for ('n', 1 when not sent), indexes 0 to n-1 each once: more choices, an
/// index twice, a missing index or one out of range are PromptFormatExceptions naming what was asked and what came back,
/// streamed or not; a request for several choices sent to a method that returns one fails before sending.
/// </summary>
public sealed class ChoiceIndexTests
{
    private const string Advice = "The server does not answer 'n' as Chat Completions specifies (exactly n choices, indexes 0 to n-1): use a server that does";

    private static string Completion(params int[] indexes) =>
        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":["
        + string.Join(",", indexes.Select((index, i) => "{\"index\":" + index + ",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"name\\\":\\\"c" + i + "\\\"}\"},\"finish_reason\":\"stop\"}"))
        + "],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":6,\"total_tokens\":10}}";

    private static string StreamChunk(int index, string content) =>
        "{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":" + index + ",\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}";

    private static ChatRequest Ask(int? n) => new() { N = n, Messages = { ChatMessage.User("Name a city.") } };

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<City> Cities(int maxRetries = 0) => JsonReplyFormat<City>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "City",
        """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""",
        null, false, false, maxRetries);

    private static async Task<PromptFormatException> TextChoicesFail(int? n, params int[] indexes)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(indexes)));
        using var client = new ChatClient(Options(server));
        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.TextChoicesAsync(client, Ask(n)));
        Assert.Equal(10, error.Usage!.TotalTokens);
        Assert.Single(server.Requests);
        return error;
    }

    [Fact]
    public async Task MoreChoicesThanAskedAreAFormatException()
    {
        var error = await TextChoicesFail(2, 0, 1, 2);

        Assert.Equal($"Asked for 2 choices ('n' = 2) and the server returned 3 (indexes 0, 1 and 2). Index 2 is out of range (indexes 0 and 1). {Advice}, or remove [Choices] and call the method 2 times.", error.Message);
        Assert.Equal(["Index 2 is out of range (indexes 0 and 1)."], error.Errors);
    }

    [Fact]
    public async Task ADuplicateIndexIsAFormatException()
    {
        var error = await TextChoicesFail(3, 0, 1, 1);

        Assert.Equal($"Asked for 3 choices ('n' = 3) and the server returned 3 choices with indexes 0, 1 and 1, not indexes 0 to 2. Index 1 appears 2 times. Index 2 is missing. {Advice}, or remove [Choices] and call the method 3 times.", error.Message);
        Assert.Equal(["Index 1 appears 2 times.", "Index 2 is missing."], error.Errors);
    }

    [Fact]
    public async Task AMissingIndexIsAFormatException()
    {
        var error = await TextChoicesFail(3, 2, 0, 3);

        Assert.Equal($"Asked for 3 choices ('n' = 3) and the server returned 3 choices with indexes 0, 2 and 3, not indexes 0 to 2. Index 3 is out of range (indexes 0 to 2). Index 1 is missing. {Advice}, or remove [Choices] and call the method 3 times.", error.Message);
        Assert.Equal(["Index 3 is out of range (indexes 0 to 2).", "Index 1 is missing."], error.Errors);
    }

    [Fact]
    public async Task FewerChoicesThanAskedIsStillAFormatException()
    {
        var error = await TextChoicesFail(3, 0);

        Assert.Equal("Asked for 3 choices ('n' = 3, from [Choices(3)]) and the server returned 1. The server may ignore 'n' or allow one choice: remove [Choices] and call the method 3 times, or use a server that supports 'n'.", error.Message);
    }

    [Fact]
    public async Task ChoicesOutOfOrderAreReturnedInIndexOrder()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(2, 0, 1)));
        using var client = new ChatClient(Options(server));

        var texts = await PromptReply.TextChoicesAsync(client, Ask(3));

        Assert.Equal(["{\"name\":\"c1\"}", "{\"name\":\"c2\"}", "{\"name\":\"c0\"}"], texts);
    }

    [Fact]
    public async Task JsonChoicesAreCheckedTheSameWay()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(0, 0)));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonChoicesAsync(client, Ask(2), Cities()));

        Assert.Equal($"Asked for 2 choices ('n' = 2) and the server returned 2 choices with indexes 0 and 0, not indexes 0 and 1. Index 0 appears 2 times. Index 1 is missing. {Advice}, or remove [Choices] and call the method 2 times.", error.Message);
    }

    [Fact]
    public async Task AOneChoiceTextMethodRejectsASecondChoice()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(0, 1)));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.TextAsync(client, Ask(null)));

        Assert.Equal($"Asked for one choice ('n' not sent, so 1) and the server returned 2 (indexes 0 and 1). Index 1 is out of range (index 0). {Advice}.", error.Message);
        Assert.Equal(10, error.Usage!.TotalTokens);
    }

    [Fact]
    public async Task AOneChoiceTextMethodRejectsAChoiceThatIsNotIndexZero()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(1)));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.TextResultAsync(client, Ask(1)));

        Assert.Equal($"Asked for one choice ('n' = 1) and the server returned one choice with index 1, not index 0. Index 1 is out of range (index 0). Index 0 is missing. {Advice}.", error.Message);
        Assert.Equal(["Index 1 is out of range (index 0).", "Index 0 is missing."], error.Errors);
    }

    [Fact]
    public async Task AOneChoiceJsonMethodRejectsASecondChoiceWithoutAskingAgain()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(0, 1)));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonAsync(client, Ask(null), Cities(maxRetries: 2)));

        Assert.StartsWith("Asked for one choice ('n' not sent, so 1) and the server returned 2 (indexes 0 and 1).", error.Message);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(10, error.Usage!.TotalTokens);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AStreamThatCarriesAnotherChoiceIsAFormatException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(StreamChunk(0, "Os")).Data(StreamChunk(1, "Be")).Data(StreamChunk(0, "lo")).Done());
        using var client = new ChatClient(Options(server));
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var delta in PromptReply.StreamText(client, Ask(null)))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(["Os"], received);
        Assert.Equal("Asked for one choice and the streamed reply carried a chunk for choice 1. Index 1 is out of range (index 0). The server does not answer 'n' as Chat Completions specifies (a stream of one choice, index 0): use a server that does. Received so far for choice 0: 'Os'.", error.Message);
        Assert.Equal("Os", error.RawReply);
        Assert.Equal(["Index 1 is out of range (index 0)."], error.Errors);
    }

    [Fact]
    public async Task AnItemStreamThatCarriesAnotherChoiceIsAFormatException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(StreamChunk(2, "{")).Done());
        using var client = new ChatClient(Options(server));
        var format = JsonReplyFormat<City>.CreateWithReflection(
            ResponseFormatKind.JsonSchema, true, "Cities",
            """{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}},"required":["items"],"additionalProperties":false}""",
            null, false, false, 0);

        var error = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(client, Ask(null), format))
            {
            }
        });

        Assert.StartsWith("Asked for one choice and the streamed reply carried a chunk for choice 2. Index 2 is out of range (index 0).", error.Message);
    }

    [Fact]
    public async Task AOneReplyMethodRefusesARequestForSeveralChoicesBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = new ChatClient(Options(server));

        var text = await Assert.ThrowsAsync<ArgumentException>(() => PromptReply.TextAsync(client, Ask(3)));
        var json = await Assert.ThrowsAsync<ArgumentException>(() => PromptReply.JsonAsync(client, Ask(2), Cities()));
        var stream = Assert.Throws<ArgumentException>(() => PromptReply.StreamText(client, Ask(2)));

        Assert.Equal("The request asks for 3 choices (ChatRequest.N = 3), but this method returns one. Set N to null, or call TextChoicesAsync or JsonChoicesAsync to receive every choice. (Parameter 'request')", text.Message);
        Assert.Equal("request", json.ParamName);
        Assert.Equal("The request asks for 2 choices (ChatRequest.N = 2), but a streamed prompt reply reads one reply, choice 0. Set N to null, or stream with ChatClient.StreamAsync and read each choice's deltas by its index. (Parameter 'request')", stream.Message);
        Assert.Empty(server.Requests);
    }

    public sealed record City(string Name);
}
