using System.Globalization;
using System.Threading;

namespace PromptGen;

/// <summary>
/// What a <see cref="ChatClient"/> has used since it was created (<see cref="ChatClient.Totals"/>): a snapshot, read at
/// any time, while calls run.
/// </summary>
public sealed class ChatTotals
{
    internal ChatTotals(long requests, long promptTokens, long completionTokens, long cachedTokens, long unpricedRequests, decimal cost)
    {
        Requests = requests;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        CachedTokens = cachedTokens;
        UnpricedRequests = unpricedRequests;
        Cost = cost;
    }

    /// <summary>Requests the server answered with a reply (HTTP success); failed attempts and retries that failed are not counted.</summary>
    public long Requests { get; }

    /// <summary>Prompt tokens the server reported, cached ones included.</summary>
    public long PromptTokens { get; }

    /// <summary>Completion tokens the server reported (reasoning tokens included).</summary>
    public long CompletionTokens { get; }

    /// <summary>Prompt tokens served from the provider's prompt cache (<c>prompt_tokens_details.cached_tokens</c>).</summary>
    public long CachedTokens { get; }

    /// <summary>
    /// Replies whose cost is unknown — no usage reported, or a model with no price — and so not in <see cref="Cost"/>.
    /// When it is above 0, <see cref="Cost"/> is a lower bound.
    /// </summary>
    public long UnpricedRequests { get; }

    /// <summary>The cost in USD of the replies with a known price, exact to a billionth of a dollar.</summary>
    public decimal Cost { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0} requests, prompt {1} (cached {2}), completion {3}, cost ${4}{5}",
        Requests,
        PromptTokens,
        CachedTokens,
        CompletionTokens,
        Cost,
        UnpricedRequests > 0 ? $" (+{UnpricedRequests} unpriced)" : "");
}

/// <summary>The running counters behind <see cref="ChatTotals"/>: lock-free, updated with <see cref="Interlocked"/>.</summary>
internal sealed class TotalsCounter
{
    private const decimal NanoPerDollar = 1_000_000_000m;

    // A single cost at or above this (a billion dollars) cannot be a real price; it is counted as unpriced rather than
    // risk overflowing the running sum of nano-dollars.
    private const decimal MaxDollars = 1_000_000_000m;

    private long _requests;
    private long _promptTokens;
    private long _completionTokens;
    private long _cachedTokens;
    private long _unpriced;
    private long _costNanoDollars;

    /// <summary>Counts one answered request with its usage and cost (either may be unknown).</summary>
    public void Add(ChatUsage? usage, decimal? cost)
    {
        Interlocked.Increment(ref _requests);
        AddUsage(usage, cost);
    }

    /// <summary>Counts a request the server answered whose usage, if any, comes later (a stream).</summary>
    public void AddRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Adds usage and cost that arrived after the request was counted.</summary>
    public void AddUsage(ChatUsage? usage, decimal? cost)
    {
        if (usage is not null && UsageRules.IsValid(usage)) // an invalid usage adds no tokens; its cost is unknown, so it counts as unpriced
        {
            Interlocked.Add(ref _promptTokens, usage.PromptTokens);
            Interlocked.Add(ref _completionTokens, usage.CompletionTokens);
            Interlocked.Add(ref _cachedTokens, usage.PromptTokensDetails?.CachedTokens ?? 0);
        }

        if (cost is { } dollars && dollars >= 0 && dollars < MaxDollars)
        {
            Interlocked.Add(ref _costNanoDollars, (long)decimal.Round(dollars * NanoPerDollar, 0, System.MidpointRounding.AwayFromZero));
        }
        else
        {
            Interlocked.Increment(ref _unpriced);
        }
    }

    /// <summary>A snapshot of every counter.</summary>
    public ChatTotals Read() => new(
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _promptTokens),
        Interlocked.Read(ref _completionTokens),
        Interlocked.Read(ref _cachedTokens),
        Interlocked.Read(ref _unpriced),
        Interlocked.Read(ref _costNanoDollars) / NanoPerDollar);
}
