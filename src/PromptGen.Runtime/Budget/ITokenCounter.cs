namespace PromptGen;

/// <summary>
/// Counts the tokens a request's messages take in a model's context, so a prompt can be trimmed to a budget before it is
/// sent (<see cref="MaxPromptTokensAttribute"/>). The <c>PromptGen.Tokenizers</c> package implements it for OpenAI's
/// encodings (<c>OpenAITokenCounter</c>); set it as <see cref="ChatClientOptions.TokenCounter"/>.
/// </summary>
public interface ITokenCounter
{
    /// <summary>
    /// The tokens <paramref name="message"/> takes in <paramref name="model"/>'s prompt: every part of it that goes on the
    /// wire — content (text, refusal, image and file parts), name, refusal, tool calls (id, name, arguments) and a tool
    /// result's tool call id — plus the chat format's per-message overhead. A count that leaves a part out lets a
    /// trimmed prompt still overflow the context window.
    /// </summary>
    /// <param name="message">A message of the request.</param>
    /// <param name="model">The model the request is sent to (the client's default filled in).</param>
    int CountMessage(ChatMessage message, string model);

    /// <summary>The tokens added once per request, after the last message, to start the reply (3 for OpenAI's chat format).</summary>
    /// <param name="model">The model the request is sent to.</param>
    int CountReplyPrimer(string model);

    /// <summary>The model's context window in tokens (prompt and reply together), or <see langword="null"/> when unknown.</summary>
    /// <param name="model">The model the request is sent to.</param>
    int? ContextWindow(string model);
}
