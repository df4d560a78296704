using System;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptGen;

/// <summary>
/// The server rejected the request because the prompt (with room for the reply) is longer than the model's context
/// window: OpenAI's HTTP 400 with code <c>context_length_exceeded</c>, llama.cpp's "the request exceeds the available
/// context size" (type <c>exceed_context_size_error</c>), or vLLM's "This model's maximum context length is N tokens", as a
/// status or inside a stream. It is a
/// <see cref="ChatApiException"/>, so code that catches those still does; catch this one to shorten the conversation and
/// try again — or declare <see cref="MaxPromptTokensAttribute"/> so the history is trimmed before sending. Not retried.
/// </summary>
public sealed class ContextLengthExceededException : ChatApiException
{
    private const string Guidance =
        "The prompt is longer than the model's context window: shorten it, or declare [MaxPromptTokens] on a method with a history so the oldest turns are dropped before sending. Not retried.";

    private static readonly Regex OpenAIWindow = new("maximum context length is (\\d+) tokens", RegexOptions.CultureInvariant);
    private static readonly Regex OpenAIPrompt = new("(?:messages resulted in|you requested) (\\d+) tokens", RegexOptions.CultureInvariant);

    internal ContextLengthExceededException(in ApiErrorFacts facts)
        : base(facts.Advice is null ? facts with { Advice = Guidance } : facts)
    {
        ContextWindow = Number(facts.ErrorObject, "n_ctx") ?? Match(OpenAIWindow, facts.ErrorMessage);
        PromptTokens = Number(facts.ErrorObject, "n_prompt_tokens") ?? Match(OpenAIPrompt, facts.ErrorMessage);
    }

    /// <summary>
    /// The model's context window in tokens, when the server said: llama.cpp's <c>n_ctx</c>, or the number in OpenAI's
    /// message ("maximum context length is N tokens").
    /// </summary>
    public int? ContextWindow { get; }

    /// <summary>
    /// The tokens the request came to, when the server said: llama.cpp's <c>n_prompt_tokens</c>, or the number in
    /// OpenAI's message ("your messages resulted in N tokens"; with a completion limit, prompt and completion together).
    /// </summary>
    public int? PromptTokens { get; }

    /// <summary>
    /// Whether an error with these fields is a context-length error: OpenAI's code, llama.cpp's type or message, or the
    /// "maximum context length is N tokens" message OpenAI and vLLM (whose code is the integer status) both send.
    /// </summary>
    internal static bool Matches(string? type, string? code, string? message) =>
        code == "context_length_exceeded"
        || type == "exceed_context_size_error"
        || (message is not null
            && (message.IndexOf("exceeds the available context size", StringComparison.OrdinalIgnoreCase) >= 0
                || message.IndexOf("maximum context length is", StringComparison.OrdinalIgnoreCase) >= 0));

    private protected override ChatApiException Create(in ApiErrorFacts facts) => new ContextLengthExceededException(facts);

    private static int? Number(JsonElement? error, string name) =>
        error is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt32(out var result)
            ? result
            : null;

    private static int? Match(Regex pattern, string? message) =>
        message is not null && pattern.Match(message) is { Success: true } match && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
