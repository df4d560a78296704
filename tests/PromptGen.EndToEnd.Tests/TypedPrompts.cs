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

/// <summary>Every kind of member the schema describes, to round-trip through a reply.</summary>
public sealed class Shipment
{
    public required string Id { get; init; }

    public DateTime Created { get; set; }

    public DateTimeOffset? Delivered { get; set; }

    public DateOnly Due { get; set; }

    public TimeOnly Cutoff { get; set; }

    public TimeSpan Window { get; set; }

    public Guid Reference { get; set; }

    public Uri? Tracking { get; set; }

    public decimal Price { get; set; }

    public char Grade { get; set; }

    public Mood? Mood { get; set; }

    public List<Parcel> Parcels { get; set; } = new();

    public HashSet<string> Tags { get; set; } = new();

    public Parcel? Largest { get; set; }

    public ShipmentNode? Route { get; set; }

    public Package[] Packages { get; set; } = Array.Empty<Package>();

    [JsonPropertyName("x_note")]
    public string? Note { get; set; }

    public int Count => Parcels.Count;
}

public sealed record Parcel(string Label, double WeightKg, int? Pieces = null);

public sealed class ShipmentNode
{
    public string Stop { get; set; } = "";

    public ShipmentNode? Next { get; set; }
}

[JsonDerivedType(typeof(Box), "box")]
[JsonDerivedType(typeof(Tube), "tube")]
public abstract class Package
{
}

public sealed class Box : Package
{
    public double Side { get; set; }
}

public sealed class Tube : Package
{
    public double Length { get; set; }
}

[PromptClient]
public partial interface IShipments
{
    [UserPrompt("Track {{ id }}")]
    Task<Shipment> TrackAsync(string id);
}
