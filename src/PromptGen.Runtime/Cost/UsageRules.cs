namespace PromptGen;

/// <summary>
/// The one rule for what usage can be priced and counted (documented on <see cref="ChatUsage"/>): every count the
/// server sent is 0 or more (an unreadable count is <see cref="ChatUsage.Unreadable"/>, -1), and no more prompt tokens
/// were cached than sent. <c>total_tokens</c> need not be the sum of the others (some servers add thinking tokens).
/// </summary>
internal static class UsageRules
{
    /// <summary>Whether <paramref name="usage"/> can be priced.</summary>
    public static bool IsValid(ChatUsage usage)
    {
        if (usage.PromptTokens < 0 || usage.CompletionTokens < 0 || usage.TotalTokens < 0)
        {
            return false;
        }

        if (usage.PromptTokensDetails is { } prompt
            && (prompt.CachedTokens < 0 || prompt.CachedTokens > usage.PromptTokens || prompt.AudioTokens < 0 || prompt.TextTokens < 0 || prompt.ImageTokens < 0 || prompt.CacheWriteTokens < 0))
        {
            return false;
        }

        return usage.CompletionTokensDetails is not { } completion
            || !(completion.ReasoningTokens < 0 || completion.AudioTokens < 0 || completion.AcceptedPredictionTokens < 0 || completion.RejectedPredictionTokens < 0 || completion.TextTokens < 0);
    }
}
