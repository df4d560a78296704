using System.Text.Json;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Cost;

/// <summary>
/// A prompt exception thrown for a received reply carries what the failed call used and cost
/// (<see cref="PromptException.Usage"/>, <see cref="PromptException.Cost"/>), summed over its repairs, as a result would.
/// </summary>
public sealed class FailedCallCostTests
{
    private const string CitySchema = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""";

    private static string Reply(string message, string finishReason, int prompt = 1000, int completion = 100) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finishReason + "\"}]," +
        "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";

    // 1000 × $0.15 + 100 × $0.60, per 1M tokens.
    private const decimal OneReply = 0.00021m;

    private static async Task<TException> FailingText<TException>(string body)
        where TException : PromptException
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(TestServer.Reply.Json(body));
        var options = Options(server);
        options.Prices = PriceTable.CreateOpenAI();
        using var client = new ChatClient(options);
        return await Assert.ThrowsAsync<TException>(() => PromptReply.TextResultAsync(client, Hello("gpt-4o-mini")));
    }

    [Fact]
    public async Task ARefusalCarriesTheCallsUsageAndCost()
    {
        var error = await FailingText<PromptRefusedException>(Reply("""{"role":"assistant","content":null,"refusal":"I can't help with that."}""", "stop"));

        Assert.Equal(1000, error.Usage!.PromptTokens);
        Assert.Equal(OneReply, error.Cost);
    }

    [Fact]
    public async Task AFilteredReplyCarriesTheCallsUsageAndCost()
    {
        var error = await FailingText<PromptFilteredException>(Reply("""{"role":"assistant","content":""}""", "content_filter"));

        Assert.Equal(OneReply, error.Cost);
        Assert.Equal(100, error.Usage!.CompletionTokens);
    }

    [Fact]
    public async Task AReplyWithoutTextCarriesTheCallsUsageAndCost()
    {
        var error = await FailingText<PromptFormatException>(Reply("""{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}""", "tool_calls"));

        Assert.Equal(OneReply, error.Cost);
    }

    [Fact]
    public async Task ATruncatedJsonReplyCarriesTheCallsUsageAndCost()
    {
        var transport = PricedScript();
        transport.Reply("{\"name\":\"Os", finishReason: "length", usage: new ChatUsage { PromptTokens = 1000, CompletionTokens = 100 });

        var error = await Assert.ThrowsAsync<PromptTruncatedException>(() => PromptReply.JsonResultAsync(transport, Ask(), Format(maxRetries: 0)));

        Assert.Equal(OneReply, error.Cost);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task AFormatFailureAfterRepairsCarriesTheSumOverEveryAttempt()
    {
        var transport = PricedScript();
        transport.Reply("{\"nam\":\"Oslo\"}", usage: new ChatUsage { PromptTokens = 1000, CompletionTokens = 100 });
        transport.Reply("{\"nom\":\"Oslo\"}", usage: new ChatUsage { PromptTokens = 1000, CompletionTokens = 100 });

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonResultAsync(transport, Ask(), Format(maxRetries: 1)));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(2000, error.Usage!.PromptTokens);
        Assert.Equal(2 * OneReply, error.Cost);
    }

    [Fact]
    public async Task ARefusalAfterARepairCarriesTheSumAndAnUnpricedAttemptMakesItUnknown()
    {
        var transport = PricedScript();
        transport.Reply("{\"nam\":\"Oslo\"}"); // no usage: its cost is unknown
        transport.Reply(new ChatCompletion
        {
            Model = "gpt-4o-mini",
            Choices = [new ChatChoice { Message = new ChatReplyMessage { Refusal = "No." }, FinishReason = "stop" }],
            Usage = new ChatUsage { PromptTokens = 1000, CompletionTokens = 100 },
        });

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => PromptReply.JsonResultAsync(transport, Ask(), Format(maxRetries: 1)));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(1000, error.Usage!.PromptTokens);
        Assert.Null(error.Cost);
    }

    [Fact]
    public void AnExceptionATestBuildsHasNoCost() =>
        Assert.Null(new PromptRefusedException("No.", "No.", "stop", null).Cost);

    private static ScriptedTransport PricedScript() =>
        new(new ChatClientOptions(static _ => null) { Model = "gpt-4o-mini", Prices = PriceTable.CreateOpenAI() });

    private static ChatRequest Ask() => new() { Messages = { ChatMessage.User("A city?") } };

    private static JsonReplyFormat<City> Format(int maxRetries) =>
        JsonReplyFormat<City>.Create(ResponseFormatKind.JsonSchema, true, "city", CitySchema, null, false, false, maxRetries, CostJson.Default.City);
}
