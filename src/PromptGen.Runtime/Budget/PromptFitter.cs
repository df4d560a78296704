using System;
using System.Collections.Generic;

namespace PromptGen;

/// <summary>Trims a request's history to its <see cref="PromptBudget"/>, oldest turns first, before it is sent.</summary>
internal static class PromptFitter
{
    /// <summary>
    /// <paramref name="request"/> as it fits its budget: itself when it has no budget or fits, else a shallow copy
    /// without its oldest history turns. <paramref name="trim"/> says what was done (null without a budget).
    /// </summary>
    /// <exception cref="InvalidOperationException">A budget is declared but there is no token counter, or the context window is needed and unknown.</exception>
    /// <exception cref="PromptBudgetExceededException">The parts that cannot be dropped are over the budget.</exception>
    /// <param name="request">The prepared request (its model filled in).</param>
    /// <param name="counter">The client's token counter.</param>
    /// <param name="trim">What was done.</param>
    /// <param name="secrets">The client's configured secrets (<see cref="ConfiguredText"/>), masked in the model id the messages quote.</param>
    public static ChatRequest Fit(ChatRequest request, ITokenCounter? counter, out PromptTrim? trim, Redactor? secrets = null)
    {
        trim = null;
        if (request.Budget is not { } budget)
        {
            return request;
        }

        var model = request.Model ?? "";
        var shown = secrets?.Redact(model) ?? model;
        if (counter is null)
        {
            throw new InvalidOperationException(
                "The method declares a prompt token budget ([MaxPromptTokens]) but the client has no token counter, so the prompt cannot be measured. " +
                "Add the PromptGen.Tokenizers package and set ChatClientOptions.TokenCounter = OpenAITokenCounter.Default (or your own ITokenCounter).");
        }

        int limit;
        if (budget.MaxPromptTokens is { } tokens)
        {
            limit = tokens;
        }
        else if (counter.ContextWindow(model) is { } window)
        {
            limit = window - (request.MaxTokens ?? 0);
            if (limit <= 0)
            {
                throw new InvalidOperationException(
                    $"The prompt token budget is the context window of '{shown}' ({window} tokens) minus [MaxTokens] ({request.MaxTokens}), which leaves no room for the prompt. Lower [MaxTokens] or declare [MaxPromptTokens(n)].");
            }
        }
        else
        {
            throw new InvalidOperationException(
                $"The method's prompt token budget is the model's context window, but the token counter does not know the context window of '{shown}'. Declare the budget explicitly with [MaxPromptTokens(n)].");
        }

        var messages = request.Messages;
        var count = messages.Count;
        var start = Math.Min(budget.HistoryStart, count);
        var end = Math.Min(Math.Max(budget.HistoryEnd, start), count);
        var counts = new int[count];
        // Tool definitions and a json_schema response format are part of the prompt too, and cannot be dropped.
        var total = counter.CountReplyPrimer(model) + (counter is IDefinitionTokenCounter definitions ? definitions.CountDefinitions(request, model) : 0);
        var history = 0;
        for (var i = 0; i < count; i++)
        {
            counts[i] = counter.CountMessage(messages[i], model);
            total += counts[i];
            if (i >= start && i < end)
            {
                history += counts[i];
            }
        }

        var before = total;
        if (total <= limit)
        {
            trim = new PromptTrim(0, before, before, limit);
            return request;
        }

        if (total - history > limit)
        {
            throw new PromptBudgetExceededException(total - history, limit, shown, end - start);
        }

        // Drop whole turns from the oldest: a turn runs from a user message to the next one, so an assistant's tool calls
        // always leave together with their tool results, and the kept history never starts part-way through a turn.
        var cut = start;
        while (total > limit && cut < end)
        {
            var next = cut + 1;
            while (next < end && messages[next].Role != ChatRole.User)
            {
                next++;
            }

            for (var i = cut; i < next; i++)
            {
                total -= counts[i];
            }

            cut = next;
        }

        var kept = new List<ChatMessage>(count - (cut - start));
        for (var i = 0; i < start; i++)
        {
            kept.Add(messages[i]);
        }

        for (var i = cut; i < count; i++)
        {
            kept.Add(messages[i]);
        }

        var copy = request.ShallowCopy();
        copy.Messages = kept;
        copy.Budget = null;
        trim = new PromptTrim(cut - start, before, total, limit);
        return copy;
    }
}
