using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>Issue 16 §2–§3 through generated code: a declared budget trims the history on the wire; the result carries the trim and the cost.</summary>
[SystemPrompt("You are terse.")]
public partial interface IBudgetChat
{
    [FewShot("a b", "c d")]
    [MaxPromptTokens(20)]
    Task<ChatResult<string>> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);
}

/// <summary>One token per word, one per message: budgets a test can follow by hand.</summary>
internal sealed class WordCounter : ITokenCounter
{
    public int CountMessage(ChatMessage message, string model) => 1 + (message.Content?.Text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0);

    public int CountReplyPrimer(string model) => 0;

    public int? ContextWindow(string model) => null;
}

public class BudgetAndCostTests
{
    private static readonly ChatMessage[] History =
    [
        ChatMessage.User("one two three"),
        ChatMessage.Assistant("four five"),
        ChatMessage.User("six seven"),
        ChatMessage.Assistant("eight"),
    ];

    [Fact]
    public async Task TheGeneratedClientSendsTheTrimmedHistoryAndReportsTrimAndCost()
    {
        await using var harness = await Harness.StartAsync(options =>
        {
            options.TokenCounter = new WordCounter();
            options.Prices = PriceTable.CreateOpenAI();
        });
        harness.Server.Enqueue(Harness.Completion("Fine."));
        IBudgetChat chat = new IBudgetChat.Client(harness.Client);

        var result = await chat.ChatAsync(History, "now what");

        // 4 + 3 + 3 + (4 + 3 + 3 + 2) + 3 = 25 tokens; the oldest turn (7) goes, leaving 18 of 20.
        JsonAssert.Equal("""
            {"model":"default-model","messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","content":"a b"},
              {"role":"assistant","content":"c d"},
              {"role":"user","content":"six seven"},
              {"role":"assistant","content":"eight"},
              {"role":"user","content":"now what"}]}
            """, Assert.Single(harness.Server.Requests).BodyText);
        Assert.Equal("dropped 2 messages: 25 → 18 tokens (budget 20)", result.Trim!.ToString());
        Assert.Equal(0.00000705m, result.Cost); // gpt-4o-mini-2024-07-18: 11 × $0.15 + 9 × $0.60 per 1M
        Assert.Equal(0.00000705m, harness.Client.Totals.Cost);
        Assert.Equal(4, History.Length);
    }

    [Fact]
    public async Task AMessageTooLongForTheBudgetIsRefusedBeforeAnythingIsSent()
    {
        await using var harness = await Harness.StartAsync(options => options.TokenCounter = new WordCounter());
        IBudgetChat chat = new IBudgetChat.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptBudgetExceededException>(() => chat.ChatAsync(History, string.Join(' ', Enumerable.Repeat("word", 12))));

        Assert.Equal(23, error.FixedTokens); // 4 + 3 + 3 + 13
        Assert.Empty(harness.Server.Requests);
        Assert.Equal(0, harness.Client.Totals.Requests);
    }

    [Fact]
    public void TheRenderedRequestCarriesTheBudgetButNotInItsJson()
    {
        var request = IBudgetChat.Client.CreateChatAsyncRequest(History, "now what");

        Assert.Equal("PromptBudget { MaxPromptTokens = 20, History = [3, 7) }", request.Budget!.ToString());
        Assert.DoesNotContain("budget", request.ToJson(), StringComparison.OrdinalIgnoreCase);
    }
}
