using System.Globalization;
using System.Linq;
using PromptGen.Generator.Clients;

namespace PromptGen.Generator.Budget;

/// <summary>Writes the <c>Budget = …</c> initializer of a request whose method declares <c>[MaxPromptTokens]</c>.</summary>
internal static class BudgetEmitter
{
    /// <summary>
    /// <c>Budget = new global::PromptGen.PromptBudget(tokens, historyStart, historyEnd),</c>, or <see langword="null"/> when
    /// the method has no budget. The history starts after the messages before it (system, few-shots: a constant) and
    /// ends before the messages after it (the new user message), counted from the end of <paramref name="messages"/>.
    /// </summary>
    public static string? Initializer(MethodSpec method, string messages)
    {
        if (method.Settings.PromptBudget is not { } tokens)
        {
            return null;
        }

        var list = method.Messages.ToList();
        var first = list.FindIndex(m => m.Kind == MessageKind.History);
        if (first < 0)
        {
            return null;
        }

        var after = list.Count - 1 - list.FindLastIndex(m => m.Kind == MessageKind.History);
        var budget = tokens == PromptBudgets.ContextWindow ? "null" : tokens.ToString(CultureInfo.InvariantCulture);
        var end = after == 0 ? $"{messages}.Count" : $"{messages}.Count - {after.ToString(CultureInfo.InvariantCulture)}";
        return $"Budget = new global::PromptGen.PromptBudget({budget}, {first.ToString(CultureInfo.InvariantCulture)}, {end}),";
    }
}
