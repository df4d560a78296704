using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen;

namespace PromptGen.EndToEnd.Tests;

/// <summary>A reviewed product.</summary>
public sealed class Review
{
    /// <summary>What was reviewed.</summary>
    public required string Product { get; init; }

    [Range(1, 5)]
    [Description("Stars, 1 to 5")]
    public int Stars { get; init; }

    [StringLength(40)]
    public string? Summary { get; init; }

    public Mood Mood { get; init; }
}

[PromptClient]
[Model("gpt-4o-mini")]
public partial interface IReviews
{
    [UserPrompt("Review: {{ text }}")]
    [Repair(2)]
    Task<ChatResult<Review>> ReadAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Review: {{ text }}")]
    [Repair(1)]
    Task<Review> ReadOnceRepairedAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Review: {{ text }}")]
    [ResponseFormat(ResponseFormatKind.JsonObject)]
    Task<Review> ReadInJsonModeAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Review: {{ text }}")]
    [ResponseFormat(ResponseFormatKind.Text)]
    Task<Review> ReadAsTextAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Mood of: {{ text }}")]
    Task<Mood> MoodAsync(string text, CancellationToken cancellationToken = default);
}

/// <summary>Source-generated metadata for the context-bound client below.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Review))]
[JsonSerializable(typeof(Mood))]
public sealed partial class E2eJson : JsonSerializerContext
{
}

[PromptClient(JsonContext = typeof(E2eJson))]
public partial interface IContextReviews
{
    [UserPrompt("Review: {{ text }}")]
    [Repair(1)]
    Task<ChatResult<Review>> ReadAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Mood of: {{ text }}")]
    Task<Mood> MoodAsync(string text, CancellationToken cancellationToken = default);
}
