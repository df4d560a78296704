using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen.Runtime.Tests.Wire;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Cost;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(City))]
internal sealed partial class CostJson : JsonSerializerContext
{
}

public sealed record City(string Name);

/// <summary>Issue 16 §3: prices, the cost of each reply and of a call, running totals per client.</summary>
public sealed class CostTests
{
    private const string CitySchema = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""";

    private static string Completion(string model, string content, int prompt, int completion, int? cached = null) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + JsonSerializer.Serialize(content) + "},\"finish_reason\":\"stop\"}]," +
        "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) +
        (cached is { } c ? ",\"prompt_tokens_details\":{\"cached_tokens\":" + c + "}" : "") + "}}";

    private static ChatClientOptions PricedOptions(LoopbackServer server)
    {
        var options = Options(server);
        options.Prices = PriceTable.CreateOpenAI();
        return options;
    }

    [Theory]
    [InlineData("gpt-4o-mini", 0.15, 0.075, 0.60)]
    [InlineData("gpt-4o-mini-2024-07-18", 0.15, 0.075, 0.60)]
    [InlineData("GPT-4O", 2.50, 1.25, 10.00)]
    [InlineData("gpt-4o-2024-08-06", 2.50, 1.25, 10.00)]
    [InlineData("gpt-4.1-nano", 0.10, 0.025, 0.40)]
    [InlineData("gpt-5-mini", 0.25, 0.025, 2.00)]
    [InlineData("o3-mini-2025-01-31", 1.10, 0.55, 4.40)]
    public void TheOpenAITableFindsModelsAndTheirDatedSnapshots(string model, double input, double cached, double output)
    {
        var price = PriceTable.CreateOpenAI().Find(model);

        Assert.Equal(new ModelPrice((decimal)input, (decimal)cached, (decimal)output), price);
    }

    [Theory]
    [InlineData("llama3.2")]
    [InlineData("gpt-4o-mini-tts")]
    [InlineData("my-azure-deployment")]
    [InlineData("")]
    [InlineData(null)]
    public void AnUnknownModelHasNoCostRatherThanAWrongOne(string? model)
    {
        var table = PriceTable.CreateOpenAI();

        Assert.Null(table.Find(model));
        Assert.Null(table.Cost(new ChatUsage { PromptTokens = 10, CompletionTokens = 5 }, model));
    }

    [Fact]
    public void CachedPromptTokensArePricedAsCached()
    {
        var usage = new ChatUsage { PromptTokens = 100, CompletionTokens = 50, PromptTokensDetails = new ChatPromptTokensDetails { CachedTokens = 40 } };

        // gpt-4o-mini: 60 × $0.15 + 40 × $0.075 + 50 × $0.60, per 1M.
        Assert.Equal(0.000042m, PriceTable.CreateOpenAI().Cost(usage, "gpt-4o-mini"));

        // Without a cached price, cached tokens cost the input price.
        Assert.Equal(0.000045m, new ModelPrice(0.15m, null, 0.60m).Cost(usage));
    }

    [Fact]
    public void TheRecordedCachedTokensReplyIsPricedWithAModelAddedToTheTable()
    {
        var completion = Recordings.Completion("openai__cached-tokens-nonzero.json");
        var table = PriceTable.CreateOpenAI();
        Assert.Null(table.Cost(completion.Usage, completion.Model)); // gpt-5.6-sol is not in the built-in table

        table.Set("gpt-5.6-sol", new ModelPrice(4.00m, 0.40m, 20.00m));

        // 8 uncached × $4 + 4012 cached × $0.40 + 4 completion × $20, per 1M.
        Assert.Equal(0.0017168m, table.Cost(completion.Usage, completion.Model));
    }

    [Fact]
    public void ADefaultPriceCoversEveryUnlistedModel()
    {
        var table = PriceTable.CreateFree();

        Assert.Equal(0m, table.Cost(new ChatUsage { PromptTokens = 1000, CompletionTokens = 1000 }, "llama3.2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelPrice(-1m, null, 0m));
    }

    [Fact]
    public async Task AReplyCarriesItsCostAndTheClientCountsIt()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion("gpt-4o-mini-2024-07-18", "Hi", 100, 50, cached: 40)));
        using var client = new ChatClient(PricedOptions(server));

        var completion = await client.CompleteAsync(Hello("gpt-4o-mini"));

        Assert.Equal(0.000042m, completion.Cost);
        var totals = client.Totals;
        Assert.Equal(1, totals.Requests);
        Assert.Equal(100, totals.PromptTokens);
        Assert.Equal(40, totals.CachedTokens);
        Assert.Equal(50, totals.CompletionTokens);
        Assert.Equal(0.000042m, totals.Cost);
        Assert.Equal(0, totals.UnpricedRequests);
        Assert.Equal("1 requests, prompt 100 (cached 40), completion 50, cost $0.000042", totals.ToString());
    }

    /// <summary>The client remembers the last model's price (a lookup per call was a sixth of a text call's CPU); a reply of another model is priced as that model.</summary>
    [Fact]
    public async Task EachReplyIsPricedAsItsOwnModelWhenTheModelChangesBetweenCalls()
    {
        await using var server = await LoopbackServer.StartAsync();
        foreach (var model in new[] { "gpt-4o-mini-2024-07-18", "gpt-4o", "llama3.2", "gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18" })
        {
            server.Enqueue(Reply.Json(Completion(model, "Hi", 100, 50, cached: 40)));
        }

        using var client = new ChatClient(PricedOptions(server));
        var costs = new List<decimal?>();
        for (var i = 0; i < 5; i++)
        {
            costs.Add((await client.CompleteAsync(Hello("gpt-4o-mini"))).Cost);
        }

        Assert.Equal(new decimal?[] { 0.000042m, 0.0007m, null, 0.000042m, 0.000042m }, costs);
        Assert.Equal(1, client.Totals.UnpricedRequests);
    }

    [Fact]
    public async Task ALocalServerCostsNothingByDefault()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion("gpt-4o-mini", "Hi", 100, 50)));
        using var client = new ChatClient(Options(server)); // 127.0.0.1, no Prices set

        var completion = await client.CompleteAsync(Hello());

        Assert.Equal(0m, completion.Cost);
        Assert.Equal(0m, client.Totals.Cost);
        Assert.Equal(0, client.Totals.UnpricedRequests);
    }

    [Fact]
    public async Task AReplyWithoutUsageOrPriceIsCountedAsUnpriced()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json("""{"id":"c","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}]}"""),
            Reply.Json(Completion("llama3.2", "Hi", 10, 5)),
            Reply.Json(Completion("gpt-4o-mini", "Hi", 1000, 1000)));
        using var client = new ChatClient(PricedOptions(server));

        Assert.Null((await client.CompleteAsync(Hello())).Cost);
        Assert.Null((await client.CompleteAsync(Hello())).Cost);
        Assert.Equal(0.00075m, (await client.CompleteAsync(Hello())).Cost);

        var totals = client.Totals;
        Assert.Equal(3, totals.Requests);
        Assert.Equal(2, totals.UnpricedRequests);
        Assert.Equal(1010, totals.PromptTokens);
        Assert.Equal(0.00075m, totals.Cost);
        Assert.Equal("3 requests, prompt 1010 (cached 0), completion 1005, cost $0.00075 (+2 unpriced)", totals.ToString());
    }

    [Fact]
    public async Task AStreamedReplyWithUsageIsPricedOnItsUsageChunk()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.SseFile(Recording("openai__stream-plain-include-usage.sse")));
        using var client = new ChatClient(PricedOptions(server));

        var chunks = await ReadAllAsync(client.StreamAsync(Hello("gpt-4o-mini")));

        var usageChunk = Assert.Single(chunks, chunk => chunk.Usage is not null);
        // gpt-4o-mini-2024-07-18: 22 prompt × $0.15 + 712 completion × $0.60, per 1M.
        Assert.Equal(0.0004305m, usageChunk.Cost);
        Assert.All(chunks.Where(chunk => chunk.Usage is null), chunk => Assert.Null(chunk.Cost));
        var totals = client.Totals;
        Assert.Equal(1, totals.Requests);
        Assert.Equal(22, totals.PromptTokens);
        Assert.Equal(712, totals.CompletionTokens);
        Assert.Equal(0.0004305m, totals.Cost);
        Assert.Contains("\"stream_options\":{\"include_usage\":true}", Utf8(server.Requests[0].Body));
    }

    [Fact]
    public async Task AStreamWithoutUsageIsCountedAsUnpriced()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Raw("data: " + Chunk("Hi", "stop") + "\n\ndata: [DONE]\n\n"));
        using var client = new ChatClient(PricedOptions(server));

        await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal(1, client.Totals.Requests);
        Assert.Equal(1, client.Totals.UnpricedRequests);
        Assert.Equal(0m, client.Totals.Cost);
    }

    [Fact]
    public async Task TotalsStayExactUnderConcurrentCalls()
    {
        await using var server = await LoopbackServer.StartAsync();
        const int calls = 64;
        for (var i = 0; i < calls; i++)
        {
            server.Enqueue(Reply.Json(Completion("gpt-4o-mini", "Hi", 1000 + i, 10, cached: i)));
        }

        using var client = new ChatClient(PricedOptions(server));
        var readings = new List<ChatTotals>();
        var reader = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                readings.Add(client.Totals);
                await Task.Yield();
            }
        });

        var costs = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(async () => (await client.CompleteAsync(Hello())).Cost!.Value)));
        await reader;

        var totals = client.Totals;
        Assert.Equal(calls, totals.Requests);
        Assert.Equal(Enumerable.Range(0, calls).Sum(i => 1000 + i), totals.PromptTokens);
        Assert.Equal(Enumerable.Range(0, calls).Sum(), totals.CachedTokens);
        Assert.Equal(calls * 10, totals.CompletionTokens);
        Assert.Equal(costs.Sum(), totals.Cost);
        Assert.All(readings, reading => Assert.InRange(reading.Requests, 0, calls));
    }

    [Fact]
    public async Task ACallsCostIsSummedOverItsRepairAttempts()
    {
        var options = new ChatClientOptions(static _ => null) { Model = "gpt-4o-mini", Prices = PriceTable.CreateOpenAI() };
        var transport = new ScriptedTransport(options);
        transport.Reply("{\"nam\":\"Oslo\"}", usage: new ChatUsage { PromptTokens = 100, CompletionTokens = 10 });
        transport.Reply("{\"name\":\"Oslo\"}", usage: new ChatUsage { PromptTokens = 150, CompletionTokens = 10, PromptTokensDetails = new ChatPromptTokensDetails { CachedTokens = 100 } });
        var format = JsonReplyFormat<City>.Create(ResponseFormatKind.JsonSchema, true, "city", CitySchema, null, false, false, 1, CostJson.Default.City);

        var result = await PromptReply.JsonResultAsync(transport, new ChatRequest { Messages = { ChatMessage.User("A city?") } }, format);

        Assert.Equal(new City("Oslo"), result.Value);
        Assert.Equal(2, result.Attempts);
        // (100 × 0.15 + 10 × 0.60) + (50 × 0.15 + 100 × 0.075 + 10 × 0.60), per 1M.
        Assert.Equal(0.000021m + 0.000021m, result.Cost);
        Assert.Equal(250, result.Usage!.PromptTokens);
        Assert.Equal(2, transport.Totals.Requests);
        Assert.Equal(0.000042m, transport.Totals.Cost);
    }

    [Fact]
    public async Task OneUnpricedAttemptMakesTheCallsCostUnknown()
    {
        var options = new ChatClientOptions(static _ => null) { Model = "gpt-4o-mini", Prices = PriceTable.CreateOpenAI() };
        var transport = new ScriptedTransport(options);
        transport.Reply("{\"nam\":\"Oslo\"}"); // no usage
        transport.Reply("{\"name\":\"Oslo\"}", usage: new ChatUsage { PromptTokens = 150, CompletionTokens = 10 });
        var format = JsonReplyFormat<City>.Create(ResponseFormatKind.JsonSchema, true, "city", CitySchema, null, false, false, 1, CostJson.Default.City);

        var result = await PromptReply.JsonResultAsync(transport, new ChatRequest { Messages = { ChatMessage.User("A city?") } }, format);

        Assert.Null(result.Cost);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public void AResultFromOneReplyHasThatReplysCost()
    {
        var completion = new ChatCompletion { Choices = [new ChatChoice { Message = new ChatReplyMessage { Content = "Hi" } }], Cost = 0.5m };

        Assert.Equal(0.5m, new ChatResult<string>("Hi", completion).Cost);
        Assert.Equal(0.5m, new ChatResult<string>("Hi", completion, completion.Usage, 1).Cost);
        Assert.Null(new ChatResult<string>("Hi", completion, completion.Usage, 2).Cost);
        Assert.Equal(1.5m, new ChatResult<string>("Hi", completion, completion.Usage, 2, 1.5m).Cost);
    }
}
