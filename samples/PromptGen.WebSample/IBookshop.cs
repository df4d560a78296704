using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen;

namespace PromptGen.WebSample;

/// <summary>A book suggestion, returned as JSON by <c>GET /recommend</c>.</summary>
/// <param name="Title">The book's title.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Reason">Why it fits, in one sentence.</param>
public sealed record Recommendation(string Title, string Author, string Reason);

/// <summary>The reply types, read and written through source-generated metadata (no reflection, trim-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Recommendation))]
public sealed partial class WebJson : JsonSerializerContext
{
}

/// <summary>The web sample's AI-backed methods; registered with <c>AddPromptClient&lt;IBookshop, IBookshop.Client&gt;()</c>.</summary>
[PromptClient(JsonContext = typeof(WebJson))]
[SystemPrompt("You are a well-read bookseller.")]
public partial interface IBookshop
{
    [UserPrompt("Recommend one book about {{ topic }}.")]
    [Temperature(0.3)]
    Task<Recommendation> RecommendAsync(string topic, CancellationToken cancellationToken = default);

    [UserPrompt("Tell a very short story about {{ subject }}.")]
    [MaxTokens(120)]
    IAsyncEnumerable<string> TellStoryAsync(string subject, CancellationToken cancellationToken = default);
}
