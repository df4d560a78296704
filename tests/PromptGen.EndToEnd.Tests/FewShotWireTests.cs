using System.Text.Json;
using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

public sealed record Pet(string Name, int Legs);

/// <summary>Few-shot replies written short (one item, a bare number) for methods whose response_format asks for an envelope.</summary>
[PromptClient]
public partial interface IFewShotWire
{
    [FewShot("A cat.", """{"name":"cat","legs":4}""")]
    [FewShot("Two birds.", """{"items":[{"name":"robin","legs":2},{"name":"crow","legs":2}]}""")]
    [UserPrompt("Pets in: {{ text }}")]
    IAsyncEnumerable<Pet> PetsAsync(string text, CancellationToken cancellationToken = default);

    [FewShot("Three.", "3")]
    [UserPrompt("Count: {{ text }}")]
    Task<int> CountAsync(string text, CancellationToken cancellationToken = default);
}

/// <summary>Review 10 §3: a few-shot reply goes out in the shape the request's response_format asks the model to answer in.</summary>
public class FewShotWireTests
{
    private static string Chunk(string delta, string? finish = null) =>
        $$"""{"id":"chatcmpl-f1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : "\"" + finish + "\"")}}}]}""";

    /// <summary>The contents of the request's assistant messages (the few-shot replies), in order.</summary>
    private static string[] Assistant(JsonNode body) =>
        body["messages"]!.AsArray().Where(m => (string?)m!["role"] == "assistant").Select(m => (string)m!["content"]!).ToArray();

    [Fact]
    public async Task AnItemsStreamsFewShotItemIsSentInsideTheItemsEnvelopeItsResponseFormatAsksFor()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Sse()
            .Data(Chunk("""{"role":"assistant","content":""}"""))
            .Data(Chunk("{\"content\":" + JsonSerializer.Serialize("""{"items":[{"name":"dog","legs":4}]}""") + "}"))
            .Data(Chunk("{}", "stop"))
            .Done());
        IFewShotWire wire = new IFewShotWire.Client(harness.Client);

        var pets = new List<Pet>();
        await foreach (var pet in wire.PetsAsync("a dog"))
        {
            pets.Add(pet);
        }

        Assert.Equal(new[] { new Pet("dog", 4) }, pets);
        var body = JsonNode.Parse(harness.Server.Requests[0].BodyText)!;
        Assert.Equal(
            new[] { """{"items":[{"name":"cat","legs":4}]}""", """{"items":[{"name":"robin","legs":2},{"name":"crow","legs":2}]}""" },
            Assistant(body));
        Assert.Equal("items", body["response_format"]!["json_schema"]!["schema"]!["required"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ABareFewShotValueIsSentInsideTheValueEnvelope()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":5}"""));
        IFewShotWire wire = new IFewShotWire.Client(harness.Client);

        Assert.Equal(5, await wire.CountAsync("five"));
        Assert.Equal(new[] { """{"value":3}""" }, Assistant(JsonNode.Parse(harness.Server.Requests[0].BodyText)!));
    }
}
