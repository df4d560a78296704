using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Prompts;

/// <summary>
/// Where System.Text.Json fails on what a server or model sent, PromptGen's message says in its own words what was
/// received (empty, cut short, the text where it stops being JSON, the value at a path), where, and what to do — never the
/// serializer's own text ("LineNumber: 0 | BytePositionInLine: 0", "JsonTokenType"), which stays the inner exception.
/// </summary>
public sealed class JsonFailureMessageTests
{
    private const string ChoicesAdvice = "Choices are not asked again ([Repair] asks again for a method that returns one reply): call the method again, or ask for fewer choices.";

    public sealed record City(string Name);

    public sealed record Meeting(string Title, DateTime When);

    private static ChatRequest Ask(int? n = null) => new() { N = n, Messages = { ChatMessage.User("Name a city.") } };

    // As the generator writes them for Task<IReadOnlyList<City?>>: a nullable object travels in the {"value": …} envelope.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<City?> NullableCities() => JsonReplyFormat<City?>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "City",
        """{"type":"object","properties":{"value":{"anyOf":[{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false},{"type":"null"}]}},"required":["value"],"additionalProperties":false}""",
        null, true, true, 0);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<T> Format<T>(string schema) => JsonReplyFormat<T>.CreateWithReflection(ResponseFormatKind.JsonSchema, true, typeof(T).Name, schema, null, false, false, 0);

    private const string CitySchema = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""";

    private static string Choices(params string[] contents) =>
        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":["
        + string.Join(",", contents.Select((content, i) => "{\"index\":" + i + ",\"message\":{\"role\":\"assistant\",\"content\":" + JsonSerializer.Serialize(content) + "},\"finish_reason\":\"stop\"}"))
        + "],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":6,\"total_tokens\":10}}";

    [Fact]
    public async Task AnEmptyChoiceSaysItIsEmptyWhichChoiceAndWhatToDo()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Choices("""{"value":{"name":"Oslo"}}""", "", """{"value":null}""")));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonChoicesAsync(client, Ask(3), NullableCities()));

        Assert.Equal($"Choice 1 does not fit City: The reply is empty: there is no JSON value in it. Received ''. {ChoicesAdvice}", error.Message);
        Assert.Equal(["The reply is empty: there is no JSON value in it."], error.Errors);
        Assert.Equal("", error.RawReply);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Equal(10, error.Usage!.TotalTokens);
    }

    [Theory]
    [InlineData("{\"name\":\"Oslo\"} x", "The reply is not valid JSON at line 1, column 17, where it has 'x'.")]
    [InlineData("{\n  \"name\": Oslo\n}", "The reply is not valid JSON at line 2, column 11, where it has 'Oslo\\n}'.")]
    [InlineData("{\"name\":\"Os", "The reply ends before its JSON is complete (11 characters received): it was cut short, or a bracket or quote is not closed.")]
    [InlineData("{\"name\":\"Oslo\",", "The reply ends before its JSON is complete (15 characters received): it was cut short, or a bracket or quote is not closed.")]
    [InlineData("   ", "The reply is empty: there is no JSON value in it.")]
    [InlineData("Sure! Here is the city: Oslo.", "The reply is not valid JSON at line 1, column 1, where it has 'Sure! Here is the city: …'.")]
    public async Task AReplyThatIsNotJsonIsDescribedNotQuotedFromTheSerializer(string reply, string expected)
    {
        var transport = new ScriptedTransport().Reply(reply);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonAsync(transport, Ask(), Format<City>(CitySchema)));

        Assert.Equal([expected], error.Errors);
        Assert.StartsWith("The reply does not fit City: " + expected + " Received '", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task TheTextQuotedIsRedactedBeforeItIsCutSoNoPieceOfTheKeyRemains()
    {
        // The key starts 17 characters into the quoted text: cut first, 7 of its characters would be left, too few to be found.
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Choices("Here is your key: " + ApiKey + " and more")));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonAsync(client, Ask(), Format<City>(CitySchema)));

        Assert.Equal(["The reply is not valid JSON at line 1, column 1, where it has 'Here is your key: [redac…'."], error.Errors);
        Assert.DoesNotContain("sk-test", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueTheSchemaAllowsButTheTypeCannotHoldNamesThePathAndTheValue()
    {
        var transport = new ScriptedTransport().Reply("""{"title":"Standup","when":"after lunch"}""");
        var format = Format<Meeting>("""{"type":"object","properties":{"title":{"type":"string"},"when":{"type":"string"}},"required":["title","when"],"additionalProperties":false}""");

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonAsync(transport, Ask(), format));

        Assert.Equal(["$.when: the string \"after lunch\" fits the schema but could not be read as part of Meeting: it does not convert to the member's type there."], error.Errors);
        Assert.DoesNotContain("could not be converted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamedEventThatIsNotAChunkIsDescribed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Data("{\"id\":\"c1\",\"choices\":\"none\"}").Done());
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(async () =>
        {
            await foreach (var _ in client.StreamAsync(Hello()))
            {
            }
        });

        Assert.Equal("A streamed event is not a valid chat completion chunk: its data is JSON, but not a chat completion chunk: at $.choices it has the string \"none\", which a chat completion chunk does not have there. Received: \"{\"id\":\"c1\",\"choices\":\"none\"}\"", error.Message);
    }

    [Fact]
    public async Task AStreamedReplyThatStopsBeingJsonSaysWhere()
    {
        var transport = new ScriptedTransport().Stream("{\"items\":[{\"name\":\"Oslo\"},", " oops");
        var format = Format<City>("""{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}},"required":["items"],"additionalProperties":false}""");

        var error = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(transport, Ask(), format))
            {
            }
        });

        Assert.Equal(["The streamed reply is not valid JSON at line 1, column 28, where it has 'oops'"], error.Errors);
        Assert.Equal("The streamed reply is not valid JSON at line 1, column 28, where it has 'oops'; received '{\"items\":[{\"name\":\"Oslo\"}, oops'.", error.Message);
    }

    [Fact]
    public async Task ToolArgumentsThatAreNotJsonGoBackToTheModelDescribed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("""{"id":"a","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"echo","arguments":"{\"text\":"}}]},"finish_reason":"tool_calls"}]}"""));
        server.Enqueue(Reply.Json("""{"id":"b","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"done"},"finish_reason":"stop"}]}"""));
        using var client = new ChatClient(Options(server));
        var loop = new ToolLoop(client, null, new EchoTools());

        await PromptReply.TextAsync(loop, Ask());

        var second = System.Text.Json.Nodes.JsonNode.Parse(server.Requests[1].BodyText)!["messages"]!.AsArray();
        Assert.Equal(
            "Error: the arguments of echo are not valid JSON. The arguments string ends before its JSON is complete (8 characters received): it was cut short, or a bracket or quote is not closed. Call echo again with a JSON object of its parameters.",
            second[2]!["content"]!.GetValue<string>());
    }

    /// <summary>One tool that echoes its text.</summary>
    private sealed class EchoTools : ToolSet
    {
        public EchoTools()
            : base(new[] { new ToolDefinition("echo", "Echoes.", """{"type":"object","properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}""", strict: true) })
        {
        }

        protected override ValueTask<string> InvokeCoreAsync(int tool, JsonElement arguments, CancellationToken cancellationToken) =>
            new(arguments.GetProperty("text").GetString()!);
    }
}
