using System;
using System.Globalization;

namespace PromptGen;

/// <summary>
/// The parts of a prompt that are never dropped — the system message, the few-shot examples, the new user message (and
/// anything a repair or tool round added after it) — are over the method's token budget on their own, so no request was
/// sent: it could only have failed (or been cut) for its length. Shorten them, or raise the budget.
/// </summary>
public sealed class PromptBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fixedTokens">The tokens of the parts that cannot be dropped.</param>
    /// <param name="budget">The budget.</param>
    /// <param name="model">The model the request was for.</param>
    /// <param name="historyMessages">The history messages there were (all of them would have been dropped).</param>
    public PromptBudgetExceededException(int fixedTokens, int budget, string model, int historyMessages)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "The prompt cannot fit its budget of {0} tokens for model '{1}': the system message, few-shot examples and new user message (with any tool definitions and response format) alone take {2} tokens ({3} history messages could be dropped, which is not enough). Nothing was sent. Shorten the fixed parts or the new message, or raise [MaxPromptTokens].",
            budget,
            model,
            fixedTokens,
            historyMessages))
    {
        FixedTokens = fixedTokens;
        Budget = budget;
        Model = model;
        HistoryMessages = historyMessages;
    }

    /// <summary>The tokens of the parts that cannot be dropped.</summary>
    public int FixedTokens { get; }

    /// <summary>The budget in tokens.</summary>
    public int Budget { get; }

    /// <summary>The model the request was for.</summary>
    public string Model { get; }

    /// <summary>How many history messages the request had.</summary>
    public int HistoryMessages { get; }
}
