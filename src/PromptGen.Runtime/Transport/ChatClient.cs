namespace PromptGen;

/// <summary>Placeholder: the HTTP client over the Chat Completions endpoint.</summary>
public sealed class ChatClient
{
}
