using System;

namespace PromptGen;

/// <summary>
/// The token budget a request is trimmed to before it is sent (<see cref="ChatRequest.Budget"/>): the most prompt tokens,
/// and which messages are the droppable history. Generated code sets it for a method with
/// <see cref="MaxPromptTokensAttribute"/>; it is never part of the request body.
/// </summary>
public sealed class PromptBudget
{
    /// <summary>Creates a budget.</summary>
    /// <param name="maxPromptTokens">The most prompt tokens; <see langword="null"/> for the model's context window minus <see cref="ChatRequest.MaxTokens"/>.</param>
    /// <param name="historyStart">The index of the first history message in <see cref="ChatRequest.Messages"/>.</param>
    /// <param name="historyEnd">The index after the last history message (equal to <paramref name="historyStart"/> for an empty history).</param>
    /// <exception cref="ArgumentOutOfRangeException">The budget is not positive, or the range is not one.</exception>
    public PromptBudget(int? maxPromptTokens, int historyStart, int historyEnd)
    {
        if (maxPromptTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPromptTokens), maxPromptTokens, "A prompt token budget must be 1 or more.");
        }

        if (historyStart < 0 || historyEnd < historyStart)
        {
            throw new ArgumentOutOfRangeException(nameof(historyEnd), historyEnd, $"The history range [{historyStart}, {historyEnd}) is not a range of message indexes.");
        }

        MaxPromptTokens = maxPromptTokens;
        HistoryStart = historyStart;
        HistoryEnd = historyEnd;
    }

    /// <summary>The most prompt tokens; <see langword="null"/>: the model's context window minus the request's <c>MaxTokens</c>.</summary>
    public int? MaxPromptTokens { get; }

    /// <summary>The index of the first history message.</summary>
    public int HistoryStart { get; }

    /// <summary>The index after the last history message.</summary>
    public int HistoryEnd { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"PromptBudget {{ MaxPromptTokens = {(MaxPromptTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(context window)")}, History = [{HistoryStart}, {HistoryEnd}) }}";
}
