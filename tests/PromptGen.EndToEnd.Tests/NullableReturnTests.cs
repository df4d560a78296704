using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>Methods whose declared value type admits null, and their non-nullable twins.</summary>
[PromptClient]
public partial interface INullableReplies
{
    [UserPrompt("Count: {{ text }}")]
    Task<int?> CountAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Mood of: {{ text }}")]
    ValueTask<Mood?> MoodAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Score: {{ text }}")]
    Task<ChatResult<double?>> ScoreAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Find: {{ text }}")]
    Task<Parcel?> FindAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Count: {{ text }}")]
    Task<int> CountOrFailAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Find: {{ text }}")]
    Task<Parcel> FindOrFailAsync(string text, CancellationToken cancellationToken = default);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Parcel))]
public sealed partial class NullableJson : JsonSerializerContext
{
}

/// <summary>The same through source-generated metadata.</summary>
[PromptClient(JsonContext = typeof(NullableJson))]
public partial interface INullableContextReplies
{
    [UserPrompt("Find: {{ text }}")]
    Task<ChatResult<Parcel?>> FindAsync(string text, CancellationToken cancellationToken = default);
}

public class NullableReturnTests
{
    private const string ParcelSchema =
        """{"type":"object","properties":{"label":{"type":"string"},"weightKg":{"type":"number"},"pieces":{"type":["integer","null"]}},"required":["label","weightKg","pieces"],"additionalProperties":false}""";

    [Fact]
    public async Task ANullableNumberAllowsNullInItsSchemaAndReturnsNullForANullReply()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":null}"""), Harness.Completion("null"), Harness.Completion("""{"value":3}"""));
        INullableReplies replies = new INullableReplies.Client(harness.Client);

        Assert.Null(await replies.CountAsync("nothing"));
        Assert.Null(await replies.CountAsync("nothing, bare"));
        Assert.Equal(3, await replies.CountAsync("three"));

        JsonAssert.Equal(
            """{"type":"json_schema","json_schema":{"name":"Int32","schema":{"type":"object","properties":{"value":{"type":["integer","null"]}},"required":["value"],"additionalProperties":false},"strict":true}}""",
            JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!.ToJsonString());
    }

    [Fact]
    public async Task ANullableEnumAndANullableResultReturnNull()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":null}"""), Harness.Completion("""{"value":"Sad"}"""), Harness.Completion("""{"value":null}"""));
        INullableReplies replies = new INullableReplies.Client(harness.Client);

        Assert.Null(await replies.MoodAsync("?"));
        Assert.Equal(Mood.Sad, await replies.MoodAsync("rain"));
        var score = await replies.ScoreAsync("?");

        Assert.Null(score.Value);
        Assert.Equal(1, score.Attempts);
        var schema = JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        JsonAssert.Equal("""{"type":["string","null"],"enum":["Happy","Sad",null]}""", schema["properties"]!["value"]!.ToJsonString());
        var scoreSchema = JsonNode.Parse(harness.Server.Requests[2].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        JsonAssert.Equal("""{"type":["number","null"]}""", scoreSchema["properties"]!["value"]!.ToJsonString());
    }

    [Fact]
    public async Task ANullableObjectTravelsWrappedAndReadsNullWrappedOrBareAndObjectsWrappedOrBare()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Harness.Completion("""{"value":null}"""),
            Harness.Completion("null"),
            Harness.Completion("""{"value":{"label":"a","weightKg":1.5,"pieces":2}}"""),
            Harness.Completion("""{"label":"b","weightKg":0.5,"pieces":null}"""));
        INullableReplies replies = new INullableReplies.Client(harness.Client);

        Assert.Null(await replies.FindAsync("none"));
        Assert.Null(await replies.FindAsync("none, bare"));
        Assert.Equal(new Parcel("a", 1.5, 2), await replies.FindAsync("a"));
        Assert.Equal(new Parcel("b", 0.5), await replies.FindAsync("b"));

        var schema = JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        JsonAssert.Equal(
            """{"type":"object","properties":{"value":{"anyOf":[PARCEL,{"type":"null"}]}},"required":["value"],"additionalProperties":false}""".Replace("PARCEL", ParcelSchema),
            schema.ToJsonString());
    }

    [Fact]
    public async Task ThroughAJsonContextANullableObjectReturnsNullToo()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":null}"""), Harness.Completion("""{"value":{"label":"a","weightKg":1,"pieces":null}}"""));
        INullableContextReplies replies = new INullableContextReplies.Client(harness.Client);

        var none = await replies.FindAsync("none");
        var one = await replies.FindAsync("a");

        Assert.Null(none.Value);
        Assert.Equal(new Parcel("a", 1), one.Value);
    }

    [Fact]
    public async Task ANonNullableTypeKeepsTheTypedErrorForNull()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":null}"""), Harness.Completion("null"));
        INullableReplies replies = new INullableReplies.Client(harness.Client);

        var number = await Assert.ThrowsAsync<PromptFormatException>(() => replies.CountOrFailAsync("?"));
        var parcel = await Assert.ThrowsAsync<PromptFormatException>(() => replies.FindOrFailAsync("?"));

        Assert.Equal("The reply does not fit int: $.value: expected an integer, got null. Received '{\"value\":null}'.", number.Message);
        Assert.Equal("$: expected an object, got null.", Assert.Single(parcel.Errors));
        var schema = JsonNode.Parse(harness.Server.Requests[1].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        JsonAssert.Equal(ParcelSchema, schema.ToJsonString());
    }
}
