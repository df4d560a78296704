using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

public class TypedResultTests
{
    private const string ReviewSchema = """
        {"type":"object","description":"A reviewed product.","properties":{
          "product":{"type":"string","description":"What was reviewed."},
          "stars":{"type":"integer","minimum":1,"maximum":5,"description":"Stars, 1 to 5"},
          "summary":{"type":["string","null"]},
          "mood":{"type":"string","enum":["Happy","Sad"]}},
         "required":["product","stars","summary","mood"],"additionalProperties":false}
        """;

    [Fact]
    public async Task StrictJsonSchemaIsTheDefault()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"product":"Kettle","stars":4,"summary":null,"mood":"Happy"}"""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var result = await reviews.ReadAsync("Boils fast.");

        Assert.Equal(("Kettle", 4, null, Mood.Happy), (result.Value.Product, result.Value.Stars, result.Value.Summary, result.Value.Mood));
        Assert.Equal(1, result.Attempts);
        var body = JsonNode.Parse(harness.Server.Requests[0].BodyText)!;
        JsonAssert.Equal("""{"type":"json_schema","json_schema":{"name":"Review","schema":SCHEMA,"strict":true}}""".Replace("SCHEMA", ReviewSchema), body["response_format"]!.ToJsonString());
        Assert.Equal("Review: Boils fast.", Assert.Single(body["messages"]!.AsArray())!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidThenValidSucceedsAfterTwoRequestsAndTheSecondCarriesTheErrors()
    {
        await using var harness = await Harness.StartAsync();
        const string bad = """{"product":"Kettle","stars":9,"summary":null,"mood":"Angry"}""";
        harness.Server.Enqueue(
            Harness.Completion(bad),
            Harness.Completion("""{"product":"Kettle","stars":5,"summary":"Fast","mood":"Happy"}"""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var result = await reviews.ReadAsync("Boils fast.");

        Assert.Equal((5, "Fast"), (result.Value.Stars, result.Value.Summary));
        Assert.Equal(2, harness.Server.Requests.Count);
        Assert.Equal(2, result.Attempts);
        Assert.Equal((22, 18, 40), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens));

        var messages = JsonNode.Parse(harness.Server.Requests[1].BodyText)!["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.Equal(("user", "Review: Boils fast."), (messages[0]!["role"]!.GetValue<string>(), messages[0]!["content"]!.GetValue<string>()));
        Assert.Equal(("assistant", bad), (messages[1]!["role"]!.GetValue<string>(), messages[1]!["content"]!.GetValue<string>()));
        Assert.Equal("user", messages[2]!["role"]!.GetValue<string>());
        Assert.Equal("""
            Your reply does not match the required JSON format:
            - $.stars: 9 is more than the maximum 5.
            - $.mood: "Angry" is not one of the allowed values "Happy", "Sad".
            Reply again with the corrected JSON only.
            """.ReplaceLineEndings("\n"), messages[2]!["content"]!.GetValue<string>());
        Assert.NotNull(JsonNode.Parse(harness.Server.Requests[1].BodyText)!["response_format"]);
    }

    [Fact]
    public async Task AlwaysInvalidThrowsAfterTheLimitWithErrorsAttemptsAndSummedUsage()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Harness.Completion("""{"product":"Kettle","stars":0,"summary":null,"mood":"Happy"}"""),
            Harness.Completion("""{"stars":3,"summary":"This summary is far longer than forty characters allow","mood":"Happy"}"""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => reviews.ReadOnceRepairedAsync("x"));

        Assert.Equal(2, harness.Server.Requests.Count);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(40, error.Usage!.TotalTokens);
        Assert.Equal(new[]
        {
            "$.product: required property is missing.",
            "$.summary: has 54 characters, more than the maximum 40.",
        }, error.Errors);
        Assert.Equal("""{"stars":3,"summary":"This summary is far longer than forty characters allow","mood":"Happy"}""", error.RawReply);
        Assert.StartsWith("The reply does not fit Review after 2 requests: $.product: required property is missing.", error.Message);
    }

    [Fact]
    public async Task WithoutRepairTheFirstInvalidReplyThrows()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"product":"Kettle","stars":7,"summary":null,"mood":"Happy"}"""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => reviews.ReadInJsonModeAsync("x"));

        Assert.Single(harness.Server.Requests);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("$.stars: 7 is more than the maximum 5.", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task RefusalDuringRepairIsARefusalWithUsageOfBothRequests()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Harness.Completion("not json"),
            Reply.Json("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"No."},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":2,"total_tokens":32}}"""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => reviews.ReadAsync("x"));

        Assert.Equal("No.", error.Refusal);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(52, error.Usage!.TotalTokens);
    }

    [Fact]
    public async Task LengthAndContentFilterAreTheirOwnExceptionsAndAreNotRepaired()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Finished("length", """{"product":"Ke"""), Harness.Finished("content_filter", ""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var truncated = await Assert.ThrowsAsync<PromptTruncatedException>(() => reviews.ReadAsync("x"));
        var filtered = await Assert.ThrowsAsync<PromptFilteredException>(() => reviews.ReadAsync("x"));

        Assert.Equal("""{"product":"Ke""", truncated.RawReply);
        Assert.Equal("content_filter", filtered.FinishReason);
        Assert.Equal(2, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task JsonObjectModeStatesTheSchemaInTheSystemMessage()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"product":"Kettle","stars":4,"mood":"Sad"}"""));
        IReviews reviews = new IReviews.Client(harness.Client);

        var review = await reviews.ReadInJsonModeAsync("x");

        Assert.Equal(Mood.Sad, review.Mood);
        var body = JsonNode.Parse(harness.Server.Requests[0].BodyText)!;
        JsonAssert.Equal("""{"type":"json_object"}""", body["response_format"]!.ToJsonString());
        var system = body["messages"]![0]!;
        Assert.Equal("system", system["role"]!.GetValue<string>());
        var instruction = system["content"]!.GetValue<string>();
        Assert.StartsWith("Reply with one JSON object and nothing else. It must match this JSON Schema:\n", instruction);

        // Not strict: only what C# requires is required, and additional properties are not forbidden.
        var schema = JsonNode.Parse(instruction[(instruction.IndexOf('\n') + 1)..])!;
        JsonAssert.Equal("""["product"]""", schema["required"]!.ToJsonString());
        Assert.Null(schema["additionalProperties"]);
        JsonAssert.Equal("""{"type":["string","null"],"maxLength":40}""", schema["properties"]!["summary"]!.ToJsonString());
    }

    [Fact]
    public async Task TextModeSendsNoResponseFormat()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("```json\n{\"product\":\"Kettle\",\"stars\":2,\"mood\":\"Sad\"}\n```"));
        IReviews reviews = new IReviews.Client(harness.Client);

        var review = await reviews.ReadAsTextAsync("x");

        Assert.Equal(2, review.Stars);
        var body = JsonNode.Parse(harness.Server.Requests[0].BodyText)!;
        Assert.Null(body["response_format"]);
        Assert.StartsWith("Reply with one JSON object", body["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonObjectValuesTravelWrappedAndABareValueIsAccepted()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":"Sad"}"""), Harness.Completion("\"Happy\""));
        IReviews reviews = new IReviews.Client(harness.Client);

        Assert.Equal(Mood.Sad, await reviews.MoodAsync("rain"));
        Assert.Equal(Mood.Happy, await reviews.MoodAsync("sun"));

        var format = JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!;
        JsonAssert.Equal("""
            {"type":"json_schema","json_schema":{"name":"Mood","schema":{"type":"object","properties":{"value":{"type":"string","enum":["Happy","Sad"]}},"required":["value"],"additionalProperties":false},"strict":true}}
            """, format.ToJsonString());
    }

    [Fact]
    public async Task AJsonContextDeserialisesThroughSourceGeneratedMetadata()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Harness.Completion("""{"product":"Kettle","stars":6,"summary":null,"mood":"Happy"}"""),
            Harness.Completion("""{"product":"Kettle","stars":3,"summary":null,"mood":"Happy"}"""),
            Harness.Completion("""{"value":"Sad"}"""));
        IContextReviews reviews = new IContextReviews.Client(harness.Client);

        var result = await reviews.ReadAsync("x");
        var mood = await reviews.MoodAsync("x");

        Assert.Equal((3, 2), (result.Value.Stars, result.Attempts));
        Assert.Equal(Mood.Sad, mood);
        var schema = JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        JsonAssert.Equal(ReviewSchema, schema.ToJsonString());
    }
}

public class SchemaRoundTripTests
{
    /// <summary>
    /// What System.Text.Json writes for a fully populated value passes the generated strict schema's checks and reads
    /// back equal: names, formats, patterns, enums, nullability, polymorphism and recursion agree with the deserialiser.
    /// </summary>
    [Fact]
    public async Task SerialisedValuesPassTheirOwnSchemaAndReadBack()
    {
        var shipment = new Shipment
        {
            Id = "S-1",
            Created = new DateTime(2026, 11, 22, 8, 30, 0, DateTimeKind.Utc),
            Delivered = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1)),
            Due = new DateOnly(2026, 11, 24),
            Cutoff = new TimeOnly(17, 45),
            Window = new TimeSpan(1, 2, 3, 4, 5),
            Reference = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
            Tracking = new Uri("https://example.com/t/1"),
            Price = 12.5m,
            Grade = 'A',
            Mood = Mood.Sad,
            Parcels = { new Parcel("a", 1.5, 2), new Parcel("b", 0.25) },
            Tags = { "fragile" },
            Largest = new Parcel("a", 1.5, 2),
            Route = new ShipmentNode { Stop = "Oslo", Next = new ShipmentNode { Stop = "Bergen" } },
            Packages = new Package[] { new Box { Side = 2 }, new Tube { Length = 3 } },
            Note = "ring twice",
        };
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        // Count is computed: written, but never read, so the schema leaves it out and the model would not send it.
        var node = System.Text.Json.JsonSerializer.SerializeToNode(shipment, options)!.AsObject();
        Assert.True(node.Remove("count"));
        var json = node.ToJsonString(options);

        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion(json));
        IShipments shipments = new IShipments.Client(harness.Client);

        var read = await shipments.TrackAsync("S-1");

        var written = System.Text.Json.JsonSerializer.SerializeToNode(read, options)!.AsObject();
        written.Remove("count");
        Assert.Equal(json, written.ToJsonString(options));
        var schema = JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal(
            new[] { "id", "created", "delivered", "due", "cutoff", "window", "reference", "tracking", "price", "grade", "mood", "parcels", "tags", "largest", "route", "packages", "x_note" },
            schema["properties"]!.AsObject().Select(p => p.Key));
    }
}
