using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>A person found in a text.</summary>
public sealed class Contact
{
    public required string Name { get; init; }

    [Range(0, 150)]
    public int Age { get; init; }
}

[PromptClient]
[Model("gpt-4o-mini")]
public partial interface IStreams
{
    [UserPrompt("People in: {{ text }}")]
    IAsyncEnumerable<Contact> PeopleAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("People in: {{ text }}")]
    ChatStream<Contact> PeopleWithResultAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Story about {{ text }}")]
    [MaxTokens(20)]
    ChatStream<string> StoryAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Review: {{ text }}")]
    [Repair]
    PartialStream<Review> ReviewAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Moods in: {{ text }}")]
    IAsyncEnumerable<Mood> MoodsAsync(string text, CancellationToken cancellationToken = default);
}

/// <summary>Source-generated metadata: streamed items read without reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Contact))]
public sealed partial class StreamJson : JsonSerializerContext
{
}

[PromptClient(JsonContext = typeof(StreamJson))]
public partial interface IContextStreams
{
    [UserPrompt("People in: {{ text }}")]
    IAsyncEnumerable<Contact> PeopleAsync(string text, CancellationToken cancellationToken = default);
}

public class StreamingTests
{
    private const string Items = """{"items":[{"name":"Zo\u00eb \"Z\" é","age":31},{"name":"😀 \ud83d\ude00 中","age":7},{"name":"Bo","age":0}]}""";

    private const string ItemsSchema = """
        {"type":"json_schema","json_schema":{"name":"ContactItems","schema":{"type":"object","properties":{"items":{"type":"array","items":
          {"type":"object","description":"A person found in a text.","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0,"maximum":150}},
           "required":["name","age"],"additionalProperties":false}}},
          "required":["items"],"additionalProperties":false},"strict":true}}
        """;

    private static readonly string[] ExpectedPeople = { "Zoë \"Z\" é:31", "😀 😀 中:7", "Bo:0" };

    private static string Chunk(string delta, string? finish = null) =>
        $$"""{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : "\"" + finish + "\"")}}}]}""";

    private const string UsageChunk = """{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}""";

    /// <summary>A stream whose content is <paramref name="pieces"/>, one event each, then the finish reason, usage and [DONE].</summary>
    private static Reply Stream(IEnumerable<string> pieces, string finish = "stop")
    {
        var reply = Reply.Sse().Data(Chunk("""{"role":"assistant","content":""}"""));
        foreach (var piece in pieces)
        {
            reply.Data(Chunk("{\"content\":" + JsonSerializer.Serialize(piece) + "}"));
        }

        return reply.Data(Chunk("{}", finish)).Data(UsageChunk).Done();
    }

    /// <summary>Pieces of <paramref name="size"/> characters; a surrogate pair is never split (an SSE delta is a whole JSON string).</summary>
    private static List<string> Pieces(string text, int size)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(start + size, text.Length);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            pieces.Add(text.Substring(start, end - start));
            start = end;
        }

        return pieces;
    }

    private static async Task<List<string>> Read(IAsyncEnumerable<Contact> people)
    {
        var seen = new List<string>();
        await foreach (var person in people)
        {
            seen.Add(person.Name + ":" + person.Age);
        }

        return seen;
    }

    [Fact]
    public async Task EachItemIsYieldedWhenItsClosingBraceArrivesAndTheRequestAsksForTheItemsSchema()
    {
        await using var harness = await Harness.StartAsync();
        var release = new TaskCompletionSource();
        harness.Server.Enqueue(Reply.Sse()
            .Data(Chunk("""{"role":"assistant","content":""}"""))
            .Data(Chunk("""{"content":"{\"items\":[{\"name\":\"Ann\",\"age\":3"}"""))
            .Data(Chunk("""{"content":"0},{\"name\":"}"""))
            .WaitFor(release.Task)
            .Data(Chunk("""{"content":"\"Bo\",\"age\":4}]}"}"""))
            .Data(Chunk("{}", "stop"))
            .Data(UsageChunk)
            .Done());
        IStreams streams = new IStreams.Client(harness.Client);

        var seen = new List<string>();
        await foreach (var person in streams.PeopleAsync("a party"))
        {
            seen.Add(person.Name);
            if (person.Name == "Ann")
            {
                // Ann arrived while the server still holds Bo back: the item was not waiting for the array's end.
                release.SetResult();
            }
        }

        Assert.Equal(new[] { "Ann", "Bo" }, seen);
        JsonAssert.Equal($$$"""
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"People in: a party"}],
             "response_format":{{{ItemsSchema}}},"stream":true,"stream_options":{"include_usage":true}}
            """, harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task EveryPieceSizeGivesTheSameItemsWithEscapesAndMultiByteTextSplitAnywhere()
    {
        await using var harness = await Harness.StartAsync();
        var sizes = Enumerable.Range(1, Items.Length).ToList();
        foreach (var size in sizes)
        {
            harness.Server.Enqueue(Stream(Pieces(Items, size)));
        }

        IStreams streams = new IStreams.Client(harness.Client);
        foreach (var size in sizes)
        {
            Assert.Equal(ExpectedPeople, await Read(streams.PeopleAsync("x")));
        }
    }

    [Fact]
    public async Task TheEventStreamWrittenOneByteAtATimeGivesTheSameItems()
    {
        await using var harness = await Harness.StartAsync();
        var body = new StringBuilder();
        body.Append("data: ").Append(Chunk("""{"role":"assistant","content":""}""")).Append("\n\n");
        foreach (var piece in Pieces(Items, 3))
        {
            body.Append("data: ").Append(Chunk("{\"content\":" + JsonSerializer.Serialize(piece) + "}")).Append("\n\n");
        }

        body.Append("data: ").Append(Chunk("{}", "stop")).Append("\n\ndata: [DONE]\n\n");
        var reply = Reply.Sse();
        foreach (var b in Encoding.UTF8.GetBytes(body.ToString()))
        {
            reply.Bytes(new[] { b }); // every UTF-8 sequence of é, 😀 and 中 is split across writes
        }

        harness.Server.Enqueue(reply);
        IStreams streams = new IStreams.Client(harness.Client);

        Assert.Equal(ExpectedPeople, await Read(streams.PeopleAsync("x")));
    }

    [Fact]
    public async Task AnEmptyArrayYieldsNothingAndCompletes()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Stream(new[] { """{"items":""", "[]}" }));
        IStreams streams = new IStreams.Client(harness.Client);

        var stream = streams.PeopleWithResultAsync("nobody");
        Assert.Empty(await Read(stream));
        Assert.Equal("stop", stream.Result.FinishReason);
        Assert.Equal(46, stream.Result.Usage!.TotalTokens);
    }

    [Fact]
    public async Task AReplyCutMidItemByTheTokenLimitYieldsTheItemsBeforeAndThrowsTruncated()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Stream(new[] { """{"items":[{"name":"Ann","age":30},{"na""" }, "length"));
        IStreams streams = new IStreams.Client(harness.Client);
        var seen = new List<string>();

        var exception = await Assert.ThrowsAsync<PromptTruncatedException>(async () =>
        {
            await foreach (var person in streams.PeopleAsync("x"))
            {
                seen.Add(person.Name);
            }
        });

        Assert.Equal(new[] { "Ann" }, seen);
        Assert.Equal("""{"items":[{"name":"Ann","age":30},{"na""", exception.RawReply);
        Assert.Equal(46, exception.Usage!.TotalTokens);
    }

    [Fact]
    public async Task AnItemBreakingADataAnnotationsRuleIsAnItemErrorNamingItsIndex()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Stream(new[] { """{"items":[{"name":"Ann","age":30},{"name":"Old","age":151}]}""" }));
        IStreams streams = new IStreams.Client(harness.Client);

        var exception = await Assert.ThrowsAsync<PromptItemException>(() => Read(streams.PeopleAsync("x")));

        Assert.Equal(1, exception.Index);
        Assert.Equal(new[] { "$.items[1].age: 151 is more than the maximum 150." }, exception.Errors);
    }

    [Fact]
    public async Task CancellingBetweenItemsStopsTheStreamAndClosesTheConnection()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Sse()
            .Data(Chunk("""{"content":"{\"items\":[{\"name\":\"Ann\",\"age\":30},"}"""))
            .Hang());
        IStreams streams = new IStreams.Client(harness.Client);
        using var cancellation = new CancellationTokenSource();
        var seen = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var person in streams.PeopleAsync("x", cancellation.Token))
            {
                seen.Add(person.Name);
                cancellation.Cancel();
            }
        });

        Assert.Equal(new[] { "Ann" }, seen);
        await harness.Server.Requests[0].Finished.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ATextStreamReportsItsResultAndATokenLimitCutWithoutParsingText()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Stream(new[] { "Once", " upon a" }, "length"));
        IStreams streams = new IStreams.Client(harness.Client);

        var stream = streams.StoryAsync("a fox");
        var text = new StringBuilder();
        await foreach (var delta in stream)
        {
            text.Append(delta);
        }

        Assert.Equal("Once upon a", text.ToString());
        var result = stream.Result;
        Assert.True(result.IsTruncated);
        Assert.Equal("length", result.FinishReason);
        Assert.Equal("chatcmpl-s1", result.Id);
        Assert.Equal("gpt-4o-mini-2024-07-18", result.Model);
        Assert.Equal(5, result.Chunks); // role, two pieces, finish, usage
        Assert.Equal(12, result.Usage!.PromptTokens);
        Assert.True(result.TimeToFirstChunk > TimeSpan.Zero);
    }

    [Fact]
    public async Task PartialSnapshotsGrowAndTheFinalValueIsRepairedUnderRepair()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Stream(Pieces("""{"product":"Kettle","stars":9,"summary":null,"mood":"Happy"}""", 7)),
            Harness.Completion("""{"product":"Kettle","stars":5,"summary":null,"mood":"Happy"}"""));
        IStreams streams = new IStreams.Client(harness.Client);

        var stream = streams.ReviewAsync("great kettle");
        var latest = new List<string?>();
        await foreach (var partial in stream)
        {
            latest.Add(partial.Latest);
        }

        Assert.Equal(new[] { "product", "stars", "summary", "mood" }, latest);
        Assert.Equal(5, stream.Value.Stars);
        Assert.Equal(2, stream.Attempts);
        Assert.Equal(2, harness.Server.Requests.Count);
        Assert.DoesNotContain("\"stream\"", harness.Server.Requests[1].BodyText);
    }

    [Fact]
    public async Task ScalarItemsAndAContextBoundClientStream()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Stream(new[] { """{"items":["Happy","Sa""", """d"]}""" }),
            Stream(Pieces(Items, 4)));
        IStreams streams = new IStreams.Client(harness.Client);
        IContextStreams context = new IContextStreams.Client(harness.Client);

        var moods = new List<Mood>();
        await foreach (var mood in streams.MoodsAsync("x"))
        {
            moods.Add(mood);
        }

        Assert.Equal(new[] { Mood.Happy, Mood.Sad }, moods);
        Assert.Equal(ExpectedPeople, await Read(context.PeopleAsync("x")));
    }

    [Fact]
    public void CreateRequestRendersTheStreamedMethodsRequest()
    {
        var request = IStreams.Client.CreatePeopleAsyncRequest("a party");

        Assert.Equal("People in: a party", request.Messages[0].Content!.Text);
        Assert.Equal("ContactItems", request.ResponseFormat!.JsonSchema!.Name);
        Assert.True(request.ResponseFormat.JsonSchema.Strict);
    }
}
