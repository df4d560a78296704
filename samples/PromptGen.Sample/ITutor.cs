using System.ComponentModel.DataAnnotations;
using PromptGen;

namespace PromptGen.Sample;

/// <summary>A person extracted from free text.</summary>
/// <param name="Name">The full name, as written.</param>
/// <param name="Age">Age in years.</param>
/// <param name="City">Where the person lives; null when the text does not say.</param>
public sealed record Person(string Name, [property: Range(0, 150)] int Age, string? City);

/// <summary>
/// The sample's AI-backed methods: PromptGen writes <c>ITutor.Client</c> at build time. The prompt attributes make this
/// a prompt interface; <c>[PromptClient]</c> is needed only for options such as <c>JsonContext</c>.
/// </summary>
[SystemPrompt("You are a concise Python tutor.")]
public partial interface ITutor
{
    [UserPrompt("What is {{ topic }}? Answer in at most {{ maxWords }} words.")]
    [Temperature(0.2)]
    Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

    // Returns JSON, so the request carries response_format json_schema (strict) with Person's schema, derived at build
    // time; a reply that breaks it (an age of 200) is sent back once with the errors before the call fails.
    [SystemPrompt("You extract data from text.")]
    [Repair(1)]
    [FewShot("Anna Berg is 41 and lives in Oslo.", """{"name":"Anna Berg","age":41,"city":"Oslo"}""")]
    [UserPrompt("Extract name, age and city from: {{ text }}")]
    Task<ChatResult<Person>> ExtractAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Tell me a very short story about {{ subject }}.")]
    [MaxTokens(120)]
    IAsyncEnumerable<string> TellStoryAsync(string subject, CancellationToken cancellationToken = default);

    // A long conversation is trimmed, oldest turns first, to 2,000 prompt tokens before it is sent.
    [MaxPromptTokens(2000)]
    Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);
}
