using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>
/// The source-generated serialization metadata for every wire type: no reflection on the wire path.
/// Snake-case names, <see langword="null"/> members left out, unknown members ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ChatErrorResponse))]
[JsonSerializable(typeof(ChatError))]
[JsonSerializable(typeof(ChatContentPart))]
[JsonSerializable(typeof(ChatMessage))]
internal sealed partial class ChatJsonContext : JsonSerializerContext
{
}
