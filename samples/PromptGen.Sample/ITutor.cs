using PromptGen;

namespace PromptGen.Sample;

/// <summary>A person extracted from free text.</summary>
public sealed record Person(string Name, int Age, string City);

/// <summary>The sample's AI-backed methods: PromptGen writes <c>ITutor.Client</c> at build time.</summary>
[PromptClient]
[SystemPrompt("You are a concise Python tutor.")]
public partial interface ITutor
{
    [UserPrompt("What is {{ topic }}? Answer in at most {{ maxWords }} words.")]
    [Temperature(0.2)]
    Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

    [SystemPrompt("You extract data from text.")]
    [FewShot("Anna Berg is 41 and lives in Oslo.", """{"name":"Anna Berg","age":41,"city":"Oslo"}""")]
    [UserPrompt("Extract name, age and city from: {{ text }}")]
    Task<ChatResult<Person>> ExtractAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Tell me a very short story about {{ subject }}.")]
    [MaxTokens(120)]
    IAsyncEnumerable<string> TellStoryAsync(string subject, CancellationToken cancellationToken = default);

    Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);
}
