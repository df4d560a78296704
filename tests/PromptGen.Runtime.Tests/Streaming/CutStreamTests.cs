using System.Diagnostics.CodeAnalysis;
using PromptGen.Runtime.Tests.Transport;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Streaming;

/// <summary>
/// Review 12 #3: a stream the server closes in the middle of an event is a cut stream (no [DONE], the last event
/// incomplete; <see cref="ChatResponseException.IsCutShort"/>), not "a streamed event is not a valid chat completion
/// chunk" — for chunk streams, item streams and partial streams alike; a malformed complete event still says it is malformed.
/// </summary>
public sealed class CutStreamTests
{
    private const string CutEvent = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo";

    private const string CutMessage =
        "The streamed reply ended without 'data: [DONE]' after 1 chunk, in the middle of an event: the body stopped before the event was complete (received of it: \"{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"). The server or a proxy cut the stream off, so what was received is incomplete. Try the call again.";

    public sealed class Person
    {
        public required string Name { get; init; }
    }

    private const string PersonSchema = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""";

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<Person> Items() => JsonReplyFormat<Person>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "PersonItems",
        """{"type":"object","properties":{"items":{"type":"array","items":""" + PersonSchema + """}},"required":["items"],"additionalProperties":false}""",
        """{"type":"object","properties":{"items":{"type":"array","items":""" + PersonSchema + """}},"required":["items"],"additionalProperties":false}""",
        false, false, 0);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<Person> Whole() => JsonReplyFormat<Person>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "Person", PersonSchema, PersonSchema, false, false, 0);

    private static async Task<(LoopbackServer Server, ChatClient Client)> StartAsync(params Reply[] replies)
    {
        var server = await LoopbackServer.StartAsync();
        server.Enqueue(replies);
        var options = Options(server);
        options.Retry = RetryPolicy.None;
        return (server, new ChatClient(options));
    }

    [Fact]
    public async Task AChunkStreamCutMidEventSaysItWasCutOff()
    {
        var (server, client) = await StartAsync(Reply.Sse().Data(Chunk("Hel")).Raw(CutEvent));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(CutMessage, error.Message);
        Assert.True(error.IsCutShort);
        Assert.Null(error.InnerException);
        Assert.Equal("\"{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"", error.Excerpt);
    }

    [Fact]
    public async Task AMalformedCompleteEventIsStillMalformedAndNotCutShort()
    {
        var (server, client) = await StartAsync(Reply.Sse().Data(Chunk("Hel")).Data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo").Done());
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        // A whole event (its blank line arrived) whose JSON is not: malformed, in PromptGen's words (JsonFailure), not cut off.
        Assert.Equal("A streamed event is not a valid chat completion chunk: its data ends before its JSON is complete (55 characters received): it was cut short, or a bracket or quote is not closed. Received: \"{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"", error.Message);
        Assert.False(error.IsCutShort);
    }

    [Fact]
    public async Task AWholeLastEventWithoutItsBlankLineIsReadAndTheMissingDoneReported()
    {
        var (server, client) = await StartAsync(Reply.Sse().Data(Chunk("Hel")).Raw("data: " + Chunk("lo")));
        await using var _ = server;
        using var __ = client;
        var received = new List<string?>();

        var error = await Assert.ThrowsAsync<ChatResponseException>(async () =>
        {
            await foreach (var chunk in client.StreamAsync(Hello()))
            {
                received.Add(chunk.Choices[0].Delta?.Content);
            }
        });

        Assert.Equal(["Hel", "lo"], received);
        Assert.Equal("The streamed reply ended without 'data: [DONE]' after 2 chunks and before any finish_reason; the server or a proxy cut it short, so what was received is incomplete. Try the call again.", error.Message);
        Assert.True(error.IsCutShort);
    }

    [Fact]
    public async Task ADoneWithoutItsBlankLineEndsTheStream()
    {
        var (server, client) = await StartAsync(Reply.Sse().Data(Chunk("Hi", "stop")).Raw("data: [DONE]"));
        await using var _ = server;
        using var __ = client;

        var chunks = await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal("Hi", Assert.Single(chunks).Choices[0].Delta?.Content);
    }

    [Fact]
    public async Task AnItemStreamCutMidEventSaysItWasCutOff()
    {
        var (server, client) = await StartAsync(Reply.Sse().Data(Chunk("{\\\"items\\\":[{\\\"name\\\":\\\"Ann\\\"},")).Raw(CutEvent));
        await using var _ = server;
        using var __ = client;
        var names = new List<string>();

        var error = await Assert.ThrowsAsync<ChatResponseException>(async () =>
        {
            await foreach (var person in PromptReply.StreamItems(client, Hello(), Items()))
            {
                names.Add(person.Name);
            }
        });

        Assert.Equal(["Ann"], names);
        Assert.Equal(CutMessage, error.Message);
        Assert.True(error.IsCutShort);
    }

    [Fact]
    public async Task APartialStreamCutMidEventSaysItWasCutOff()
    {
        var (server, client) = await StartAsync(Reply.Sse().Data(Chunk("{\\\"name\\\":\\\"An")).Raw(CutEvent));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ChatResponseException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamPartials(client, Hello(), Whole()))
            {
            }
        });

        Assert.Equal(CutMessage, error.Message);
        Assert.True(error.IsCutShort);
    }
}
