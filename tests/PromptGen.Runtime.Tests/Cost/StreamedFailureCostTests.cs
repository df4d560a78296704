using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Cost;

/// <summary>
/// A streamed call's prompt exceptions carry what the call used and cost, as a non-streamed call's do
/// (<see cref="FailedCallCostTests"/>): <see cref="PromptException.Usage"/>, <see cref="PromptException.Cost"/> and
/// <see cref="PromptException.Attempts"/>, once the stream's usage chunk arrived; summed over a partial stream's repairs.
/// Streams from a real loopback server through a priced <see cref="ChatClient"/>.
/// </summary>
public sealed class StreamedFailureCostTests : IAsyncLifetime
{
    private const string CitySchema = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""";
    private const string ItemsSchema = """{"type":"object","properties":{"items":{"type":"array","items":""" + CitySchema + """}},"required":["items"],"additionalProperties":false}""";

    // 1000 × $0.15 + 100 × $0.60, per 1M tokens (gpt-4o-mini).
    private const decimal OneReply = 0.00021m;

    private const string UsageJson = "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":100,\"total_tokens\":1100}";

    private LoopbackServer _server = null!;
    private ChatClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        var options = Options(_server);
        options.Model = "gpt-4o-mini";
        options.Prices = PriceTable.CreateOpenAI();
        _client = new ChatClient(options);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AStreamedRefusalCarriesTheCallsUsageAndCost()
    {
        _server.Enqueue(Stream(Delta("""{"refusal":"I can't help with that."}""", "stop"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => ReadAll(PromptReply.StreamTextResult(_client, Ask())));

        Assert.Equal("I can't help with that.", error.Refusal);
        AssertOneReply(error);
    }

    [Fact]
    public async Task AStreamedFilteredReplyCarriesTheCallsUsageAndCost()
    {
        _server.Enqueue(Stream(Delta("""{"content":"Once"}""", "content_filter"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptFilteredException>(() => ReadAll(PromptReply.StreamTextResult(_client, Ask())));

        AssertOneReply(error);
    }

    [Fact]
    public async Task AStreamedReplyWithOnlyToolCallsCarriesTheCallsUsageAndCost()
    {
        _server.Enqueue(Stream(Delta("""{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}""", "tool_calls"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => ReadAll(PromptReply.StreamTextResult(_client, Ask())));

        AssertOneReply(error);
    }

    [Fact]
    public async Task TheTextOverloadOverChunksChargesFromTheUsageChunkToo()
    {
        _server.Enqueue(Stream(Delta("""{"refusal":"No."}""", "stop"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => ReadAll(PromptReply.StreamText(_client.StreamAsync(Ask()))));

        AssertOneReply(error);
    }

    [Fact]
    public async Task StreamedItemsCutOffByTheTokenLimitCarryTheCallsUsageAndCost()
    {
        _server.Enqueue(Stream(Delta("""{"content":"{\"items\":[{\"name\":\"Os"}""", "length"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptTruncatedException>(() => ReadAll(PromptReply.StreamItems(_client, Ask(), Format(ItemsSchema, 0))));

        AssertOneReply(error);
    }

    [Fact]
    public async Task StreamedItemsThatEndEarlyCarryTheCallsUsageAndCost()
    {
        _server.Enqueue(Stream(Delta("""{"content":"{\"items\":[{\"name\":\"Oslo\"}"}""", "stop"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => ReadAll(PromptReply.StreamItems(_client, Ask(), Format(ItemsSchema, 0))));

        Assert.StartsWith("The streamed reply ended (finish_reason 'stop') before its JSON was complete, after 1 item(s)", error.Message, StringComparison.Ordinal);
        AssertOneReply(error);
    }

    [Fact]
    public async Task AnItemThatDoesNotFitCarriesTheUsageWhenItArrivedWithIt()
    {
        // Usage on the chunk that completes the item (as DeepSeek sends it): known when the item is checked.
        _server.Enqueue(Stream("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"{\"items\":[{\"nam\":\"Oslo\"}]}"},"finish_reason":"stop"}],""" + UsageJson + "}"));

        var error = await Assert.ThrowsAsync<PromptItemException>(() => ReadAll(PromptReply.StreamItems(_client, Ask(), Format(ItemsSchema, 0))));

        Assert.Equal(0, error.Index);
        AssertOneReply(error);
    }

    [Fact]
    public async Task AnItemThatDoesNotFitBeforeTheUsageChunkHasNoUsageOrCost()
    {
        _server.Enqueue(Stream(Delta("""{"content":"{\"items\":[{\"nam\":\"Oslo\"}]}"}""", "stop"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptItemException>(() => ReadAll(PromptReply.StreamItems(_client, Ask(), Format(ItemsSchema, 0))));

        Assert.Null(error.Usage);
        Assert.Null(error.Cost);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task APartialStreamThatStillDoesNotFitAfterARepairCarriesTheSumOverBothRequests()
    {
        _server.Enqueue(
            Stream(Delta("""{"content":"{\"nam\":\"Oslo\"}"}""", "stop"), UsageChunk()),
            Reply.Json(Completion("""{"role":"assistant","content":"{\"nom\":\"Oslo\"}"}""", "stop")));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => ReadAll(PromptReply.StreamPartials(_client, Ask(), Format(CitySchema, 1))));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(2000, error.Usage!.PromptTokens);
        Assert.Equal(2 * OneReply, error.Cost);
    }

    [Fact]
    public async Task APartialStreamWhoseRepairIsRefusedCarriesTheSumOverBothRequests()
    {
        _server.Enqueue(
            Stream(Delta("""{"content":"{\"nam\":\"Oslo\"}"}""", "stop"), UsageChunk()),
            Reply.Json(Completion("""{"role":"assistant","content":null,"refusal":"No."}""", "stop")));

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => ReadAll(PromptReply.StreamPartials(_client, Ask(), Format(CitySchema, 1))));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(200, error.Usage!.CompletionTokens);
        Assert.Equal(2 * OneReply, error.Cost);
    }

    [Fact]
    public async Task APartialStreamThatDoesNotFitWithoutRepairsCarriesTheStreamsCost()
    {
        _server.Enqueue(Stream(Delta("""{"content":"{\"nam\":\"Oslo\"}"}""", "stop"), UsageChunk()));

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => ReadAll(PromptReply.StreamPartials(_client, Ask(), Format(CitySchema, 0))));

        AssertOneReply(error);
    }

    private static void AssertOneReply(PromptException error)
    {
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1000, error.Usage!.PromptTokens);
        Assert.Equal(100, error.Usage.CompletionTokens);
        Assert.Equal(OneReply, error.Cost);
    }

    private static async Task ReadAll<T>(IAsyncEnumerable<T> stream)
    {
        await foreach (var _ in stream)
        {
        }
    }

    private static ChatRequest Ask() => new() { Messages = { ChatMessage.User("A city?") } };

    private static JsonReplyFormat<City> Format(string schema, int maxRetries) =>
        JsonReplyFormat<City>.Create(ResponseFormatKind.JsonSchema, true, "city", schema, null, false, false, maxRetries, CostJson.Default.City);

    private static string Delta(string delta, string finishReason) =>
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":\"" + finishReason + "\"}]}";

    private static string UsageChunk() =>
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[]," + UsageJson + "}";

    private static string Completion(string message, string finishReason) =>
        "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finishReason + "\"}]," + UsageJson + "}";

    private static Reply Stream(params string[] chunks)
    {
        var reply = Reply.Sse();
        foreach (var chunk in chunks)
        {
            reply.Data(chunk);
        }

        return reply.Done();
    }
}
