namespace PromptGen;

/// <summary>
/// A token counter that also counts what a request puts in the prompt outside its messages: the <c>tools</c> definitions
/// and a <c>json_schema</c> response format. Servers add both to the prompt (they are in <c>usage.prompt_tokens</c>), so a
/// budget (<see cref="MaxPromptTokensAttribute"/>) counts them as a fixed part, like the system message. The
/// <c>PromptGen.Tokenizers</c> package's <c>OpenAITokenCounter</c> implements it; an <see cref="ITokenCounter"/> that
/// does not is taken to count them as 0.
/// </summary>
public interface IDefinitionTokenCounter : ITokenCounter
{
    /// <summary>
    /// The tokens <paramref name="request"/>'s tool definitions and response format add to <paramref name="model"/>'s
    /// prompt; 0 when it has neither.
    /// </summary>
    /// <param name="request">The request, as it will be sent.</param>
    /// <param name="model">The model the request is sent to (the client's default filled in).</param>
    int CountDefinitions(ChatRequest request, string model);
}
