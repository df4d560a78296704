using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Cost;

/// <summary>
/// Token counts as the server sends them: 64-bit, read whatever their size; a negative or unreadable count makes the
/// usage invalid, so its cost is unknown (null), never $0 and never an exception (the rule on <see cref="ChatUsage"/>).
/// </summary>
public sealed class UsageNumberTests
{
    private static string Completion(string usage) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}";

    private static ChatClientOptions Priced(LoopbackServer server)
    {
        var options = Options(server);
        options.Prices = PriceTable.CreateOpenAI();
        return options;
    }

    [Fact]
    public async Task CountsBeyond32BitsAreReadAndPricedNotRejected()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion("""{"prompt_tokens":3000000000,"completion_tokens":1000000,"total_tokens":3001000000,"prompt_tokens_details":{"cached_tokens":2500000000}}""")));
        using var client = new ChatClient(Priced(server));

        var completion = await client.CompleteAsync(Hello("gpt-4o-mini"));

        Assert.Equal(3_000_000_000L, completion.Usage!.PromptTokens);
        Assert.Equal(3_001_000_000L, completion.Usage.TotalTokens);
        Assert.Equal(2_500_000_000L, completion.Usage.PromptTokensDetails!.CachedTokens);
        // 500M uncached × $0.15 + 2.5G cached × $0.075 + 1M × $0.60, per 1M tokens.
        Assert.Equal(75m + 187.5m + 0.6m, completion.Cost);
        Assert.Equal(3_000_000_000L, client.Totals.PromptTokens);
        Assert.Equal(263.1m, client.Totals.Cost);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":-5,"completion_tokens":10,"total_tokens":5}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":-1,"total_tokens":9}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":-3}}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":11}}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"completion_tokens_details":{"reasoning_tokens":-2}}""")]
    public async Task InvalidUsageHasAnUnknownCostAndAddsNoTokensToTheTotals(string usage)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(usage)));
        using var client = new ChatClient(Priced(server));

        var completion = await client.CompleteAsync(Hello("gpt-4o-mini"));

        Assert.Equal("Hi", completion.Choices[0].Message!.Content);
        Assert.Null(completion.Cost);
        Assert.Equal(1, client.Totals.Requests);
        Assert.Equal(1, client.Totals.UnpricedRequests);
        Assert.Equal(0, client.Totals.PromptTokens);
        Assert.Equal(0, client.Totals.CompletionTokens);
        Assert.Equal(0m, client.Totals.Cost);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":12.5,"completion_tokens":5,"total_tokens":17}""")]
    [InlineData("""{"prompt_tokens":"many","completion_tokens":5,"total_tokens":17}""")]
    [InlineData("""{"prompt_tokens":1e30,"completion_tokens":5,"total_tokens":17}""")]
    [InlineData("""{"prompt_tokens":{"text":12},"completion_tokens":5,"total_tokens":17}""")]
    public async Task AnUnreadableCountIsMinusOneAndTheReplyIsStillReturned(string usage)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(Completion(usage)));
        using var client = new ChatClient(Priced(server));

        var completion = await client.CompleteAsync(Hello("gpt-4o-mini"));

        Assert.Equal("Hi", completion.Choices[0].Message!.Content);
        Assert.Equal(ChatUsage.Unreadable, completion.Usage!.PromptTokens);
        Assert.Equal(5, completion.Usage.CompletionTokens);
        Assert.Null(completion.Cost);
    }

    [Fact]
    public void AnIntegralNumberWrittenWithAFractionIsRead()
    {
        var usage = System.Text.Json.JsonSerializer.Deserialize(Completion("""{"prompt_tokens":12.0,"completion_tokens":null,"total_tokens":12}"""), ChatJsonContext.Default.ChatCompletion)!.Usage!;

        Assert.Equal(12, usage.PromptTokens);
        Assert.Equal(0, usage.CompletionTokens);
        Assert.Equal(0.0000018m, new ModelPrice(0.15m, null, 0.60m).Cost(usage));
    }

    [Fact]
    public void ModelPriceAndPriceTableGiveNoCostForInvalidUsage()
    {
        var negative = new ChatUsage { PromptTokens = -1, CompletionTokens = 10 };

        Assert.Null(new ModelPrice(1m, null, 1m).Cost(negative));
        Assert.Null(PriceTable.CreateOpenAI().Cost(negative, "gpt-4o-mini"));
        Assert.Null(PriceTable.CreateFree().Cost(negative, "llama3.2"));
    }

    [Fact]
    public void ASumWithAnInvalidCountKeepsItInvalid()
    {
        var sum = ChatUsage.Add(new ChatUsage { PromptTokens = 10, CompletionTokens = 5, TotalTokens = 15 }, new ChatUsage { PromptTokens = -1, CompletionTokens = 5, TotalTokens = 4 })!;

        Assert.Equal(ChatUsage.Unreadable, sum.PromptTokens);
        Assert.Equal(10, sum.CompletionTokens);
        Assert.Null(PriceTable.CreateOpenAI().Cost(sum, "gpt-4o-mini"));
    }
}
