using System.Text.Json;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Prompts;

/// <summary>
/// A model can echo the API key in its reply (a prompt injection, a key pasted into a conversation). The prompt
/// exceptions quote the reply, so they must remove the key (and any 8-character piece of it) as the transport's own
/// exceptions do: from the message, <see cref="PromptException.RawReply"/>, <see cref="PromptRefusedException.Refusal"/>,
/// <see cref="PromptFormatException.Errors"/> and the inner exception. Each reply is sent by the loopback server.
/// </summary>
public sealed class PromptExceptionSecretTests
{
    private const string Key = "sk-REVIEW-SECRET-123456789";

    private static string Completion(string message, string finish = "stop") =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":" + message +
        ",\"finish_reason\":\"" + finish + "\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";

    private static string Content(string text) => "{\"role\":\"assistant\",\"content\":" + JsonSerializer.Serialize(text) + "}";

    public static TheoryData<string, string, string, bool> Replies => new()
    {
        // name, reply body, expected exception type, JSON method
        { "json-does-not-fit", Completion(Content("{\"name\":\"" + Key + "\",\"age\":\"x\"}")), nameof(PromptFormatException), true },
        { "not-json", Completion(Content("not json " + Key)), nameof(PromptFormatException), true },
        { "refusal", Completion("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"no way " + Key + "\"}"), nameof(PromptRefusedException), false },
        { "content-filter", Completion(Content("partial " + Key), "content_filter"), nameof(PromptFilteredException), false },
        { "truncated-json", Completion(Content("{\"name\":\"" + Key), "length"), nameof(PromptTruncatedException), true },
        { "piece-of-the-key", Completion(Content("{\"name\":\"xxSECRET-1234xx\",\"age\":\"x\"}")), nameof(PromptFormatException), true },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task PromptExceptionsNeverQuoteTheKey(string name, string body, string expected, bool json)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(body));
        using var client = new ChatClient(KeyOptions(server));

        var error = json
            ? await Assert.ThrowsAnyAsync<PromptException>(() => PromptReply.JsonAsync(client, Hello(), PersonFormat))
            : await Assert.ThrowsAnyAsync<PromptException>(async () => PromptReply.Text(await client.CompleteAsync(Hello())));

        Assert.Equal(expected, error.GetType().Name);
        AssertNoKey(name, error);
        Assert.Contains("[redacted]", error.Message);
    }

    [Fact]
    public async Task AFilteredStreamNeverQuotesTheKey()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("partial ")).Data(Chunk(Key, "content_filter")).Data("[DONE]"));
        using var client = new ChatClient(KeyOptions(server));
        var deltas = new List<string>();

        var error = await Assert.ThrowsAsync<PromptFilteredException>(async () =>
        {
            await foreach (var delta in PromptReply.StreamText(client.StreamAsync(Hello())))
            {
                deltas.Add(delta);
            }
        });

        Assert.Equal(new[] { "partial ", Key }, deltas); // the caller's own stream is the model's text, as sent
        AssertNoKey("stream", error);
        Assert.Equal("partial [redacted]", error.RawReply);
    }

    private static readonly JsonReplyFormat<Person> PersonFormat = JsonReplyFormat<Person>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, strict: true, name: "Person",
        schema: """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""",
        rules: null, wrapped: false, nullable: false, maxRetries: 0);

    private static ChatClientOptions KeyOptions(LoopbackServer server)
    {
        var options = Options(server);
        options.ApiKey = Key;
        return options;
    }

    private static void AssertNoKey(string name, PromptException error)
    {
        var texts = new List<string?> { error.ToString(), error.Message, error.RawReply, (error as PromptRefusedException)?.Refusal };
        texts.AddRange((error as PromptFormatException)?.Errors ?? []);
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            texts.Add(inner.ToString());
        }

        foreach (var text in texts.Where(t => t is not null))
        {
            for (var start = 0; start + 8 <= Key.Length; start++)
            {
                Assert.False(text!.Contains(Key.Substring(start, 8), StringComparison.Ordinal), $"{name}: '{Key.Substring(start, 8)}' appears in: {text}");
            }
        }
    }

    public sealed record Person(string Name, int Age);
}
