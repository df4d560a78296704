namespace PromptGen;

/// <summary>
/// What fitting a request to its token budget did (<see cref="ChatResult{T}.Trim"/>, <see cref="ChatCompletion.Trim"/>):
/// how many history messages were dropped, oldest first, and the prompt's tokens before and after, as the client's
/// <see cref="ITokenCounter"/> counted them.
/// </summary>
public sealed class PromptTrim
{
    /// <summary>Creates a record of a trim.</summary>
    public PromptTrim(int messagesDropped, int tokensBefore, int tokensAfter, int budget)
    {
        MessagesDropped = messagesDropped;
        TokensBefore = tokensBefore;
        TokensAfter = tokensAfter;
        Budget = budget;
    }

    /// <summary>History messages dropped (0 when the prompt fit as it was).</summary>
    public int MessagesDropped { get; }

    /// <summary>The prompt's tokens as rendered, before anything was dropped.</summary>
    public int TokensBefore { get; }

    /// <summary>The prompt's tokens as sent.</summary>
    public int TokensAfter { get; }

    /// <summary>The budget, in tokens.</summary>
    public int Budget { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"dropped {MessagesDropped} messages: {TokensBefore} → {TokensAfter} tokens (budget {Budget})";
}
