using System;

namespace PromptGen;

/// <summary>
/// Keeps the prompt of a method with a history parameter within a token budget: before each request is sent, when the
/// messages are over it, the OLDEST turns of the history are dropped (a turn is a user message and everything up to the
/// next one, so an assistant's tool calls stay with their results); the system message, the few-shot examples and the
/// new user message are never dropped. When even those are over the budget, the call throws
/// <see cref="PromptBudgetExceededException"/> before anything is sent. Needs <see cref="ChatClientOptions.TokenCounter"/>.
/// What was dropped is <see cref="ChatResult{T}.Trim"/>.
/// </summary>
/// <remarks>
/// On the interface it is the default for every method with a history parameter. Tool definitions and the response
/// format's schema are not counted: leave room for them in the budget.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, AllowMultiple = false)]
public sealed class MaxPromptTokensAttribute : Attribute
{
    /// <summary>
    /// The budget is the model's context window (from <see cref="ITokenCounter.ContextWindow"/>) minus the method's
    /// <see cref="MaxTokensAttribute"/> (the room kept for the reply).
    /// </summary>
    public MaxPromptTokensAttribute()
    {
    }

    /// <summary>The budget is <paramref name="tokens"/> prompt tokens (the messages and the chat format's overhead).</summary>
    /// <param name="tokens">The most prompt tokens to send; 1 or more (else PG0076).</param>
    public MaxPromptTokensAttribute(int tokens) => Tokens = tokens;

    /// <summary>The budget in tokens; <see langword="null"/> for the context window minus <c>[MaxTokens]</c>.</summary>
    public int? Tokens { get; }
}
