using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Streaming;

/// <summary>Recorded event streams (shared/reference/recordings) through a real ChatClient against the loopback server.</summary>
public sealed class RecordedStreamTests
{
    public sealed class Step
    {
        public required string Title { get; init; }

        public int Minutes { get; init; }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Tests.")]
    private static JsonReplyFormat<Step> Steps() => JsonReplyFormat<Step>.CreateWithReflection(
        ResponseFormatKind.JsonSchema, true, "StepItems",
        """{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"minutes":{"type":"integer","minimum":0}},"required":["title","minutes"],"additionalProperties":false}}},"required":["items"],"additionalProperties":false}""",
        null, false, false, 0);

    private static List<JsonNode> Events(string file) =>
        File.ReadAllLines(Recording(file))
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            .Select(line => JsonNode.Parse(line.Substring(6))!)
            .ToList();

    [Fact]
    public async Task ARecordedTextStreamReportsUsageFinishReasonIdModelAndChunks()
    {
        var events = Events("openai__stream-plain-include-usage.sse");
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.SseFile(Recording("openai__stream-plain-include-usage.sse")));
        using var client = new ChatClient(Options(server));

        var stream = PromptReply.StreamTextResult(client, Hello());
        var text = new StringBuilder();
        await foreach (var delta in stream)
        {
            text.Append(delta);
        }

        var result = stream.Result;
        var expectedText = string.Concat(events.Select(e => (string?)e["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"]));
        Assert.Equal(expectedText, text.ToString());
        Assert.Equal(expectedText, result.Text);
        Assert.Equal(events.Count, result.Chunks);
        Assert.Equal("chatcmpl-D8dUAJuyyWxWUFRdcu8FB6Vi6yfLu", result.Id);
        Assert.Equal("gpt-4o-mini-2024-07-18", result.Model);
        Assert.Equal("stop", result.FinishReason);
        Assert.False(result.IsTruncated);
        Assert.Equal((22, 712, 734), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens));
    }

    [Fact]
    public async Task ARecordedRefusalStreamedAsTextIsNotJsonForAnItemsMethod()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.SseFile(Recording("openai__stream-refusal-include-usage.sse")));
        using var client = new ChatClient(Options(server));

        var exception = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamItems(client, Hello(), Steps()))
            {
            }
        });

        Assert.Equal("""The reply must be a JSON object with an "items" array ({"items": [ … ]}), but it is text that is not JSON; received 'I'm'.""", exception.Message);
        // It fails at the first piece that cannot be JSON and closes the stream, so the server stops generating.
        Assert.Equal("I'm", exception.RawReply);
        Assert.Null(exception.Usage);
    }

    [Fact]
    public async Task RecordedEnvelopesCarryingItemsYieldEachItem()
    {
        // The recorded chunks as OpenAI sent them (obfuscation, service_tier, logprobs, the usage chunk), with the
        // content deltas replaced, in order, by pieces of an items reply; the deltas left over become "".
        const string Json = """{"items":[{"title":"Boil water","minutes":5},{"title":"Steep tea","minutes":3},{"title":"Pour","minutes":0}]}""";
        var pieces = new Queue<string>(Enumerable.Range(0, (Json.Length + 2) / 3).Select(i => Json.Substring(i * 3, Math.Min(3, Json.Length - (i * 3)))));
        var sse = new StringBuilder();
        foreach (var node in Events("openai__stream-plain-include-usage.sse"))
        {
            if (node["choices"]?.AsArray().FirstOrDefault()?["delta"] is JsonObject delta && delta["content"] is JsonValue content && ((string?)content)?.Length > 0)
            {
                delta["content"] = pieces.Count > 0 ? pieces.Dequeue() : "";
            }

            sse.Append("data: ").Append(node.ToJsonString()).Append("\n\n");
        }

        sse.Append("data: [DONE]\n\n");
        Assert.Empty(pieces);
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Raw(sse.ToString()));
        using var client = new ChatClient(Options(server));

        var stream = PromptReply.StreamItems(client, Hello(), Steps());
        var titles = new List<string>();
        await foreach (var step in stream)
        {
            titles.Add(step.Title + "/" + step.Minutes);
        }

        Assert.Equal(new[] { "Boil water/5", "Steep tea/3", "Pour/0" }, titles);
        Assert.Equal(734, stream.Result.Usage!.TotalTokens);
        Assert.Equal(Json, stream.Result.Text);
    }
}
