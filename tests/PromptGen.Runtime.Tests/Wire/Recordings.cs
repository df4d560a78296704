using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptGen;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Access to the recorded bodies under <c>Wire/Recordings/</c> (copies of <c>shared/reference/recordings</c>, see its
/// <c>INDEX.md</c> for provenance), parsed only through <see cref="ChatJsonContext"/> as the client parses them.
/// </summary>
internal static class Recordings
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Wire", "Recordings");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static ChatCompletion Completion(string name) =>
        JsonSerializer.Deserialize(Bytes(name), ChatJsonContext.Default.ChatCompletion)
        ?? throw new InvalidOperationException(name + " parsed as null.");

    public static ChatErrorResponse Error(string name) => ParseError(Bytes(name));

    public static ChatErrorResponse ParseError(byte[] json) =>
        JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatErrorResponse)
        ?? throw new InvalidOperationException("Error body parsed as null.");

    public static ChatErrorResponse ParseError(string json) => ParseError(Encoding.UTF8.GetBytes(json));

    public static ChatCompletion ParseCompletion(string json) =>
        JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletion)
        ?? throw new InvalidOperationException("Completion parsed as null.");

    public static ChatCompletionChunk ParseChunk(string json) =>
        JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletionChunk)
        ?? throw new InvalidOperationException("Chunk parsed as null.");

    /// <summary>Every <c>data:</c> payload of an SSE body except <c>[DONE]</c>, parsed as a chunk.</summary>
    public static IReadOnlyList<ChatCompletionChunk> Chunks(string name) =>
        ParseStream(File.ReadAllText(Path.Combine(Directory, name), Encoding.UTF8));

    public static IReadOnlyList<ChatCompletionChunk> ParseStream(string sse)
    {
        var chunks = new List<ChatCompletionChunk>();
        foreach (var rawLine in sse.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            // SSE strips a single space after the colon.
            var payload = line.Substring(5);
            if (payload.StartsWith(' '))
            {
                payload = payload.Substring(1);
            }

            if (payload == "[DONE]")
            {
                continue;
            }

            chunks.Add(ParseChunk(payload));
        }

        return chunks;
    }

    /// <summary>The <c>RequestBody</c> of entry <paramref name="entry"/> of a full record, as JSON text.</summary>
    public static string FullRecordRequestBody(string name, int entry)
    {
        using var document = JsonDocument.Parse(Bytes(Path.Combine("full-records", name)));
        return document.RootElement.GetProperty("Entries")[entry].GetProperty("RequestBody").GetRawText();
    }
}

/// <summary>A streamed reply folded the way a client folds it: text and refusal concatenated, tool calls merged by index.</summary>
internal sealed class StreamSummary
{
    public int ChunkCount { get; private set; }
    public HashSet<string?> Ids { get; } = new();
    public List<string> Roles { get; } = new();
    public StringBuilder Content { get; } = new();
    public StringBuilder Refusal { get; } = new();
    public SortedDictionary<int, (string? Id, string? Type, string? Name, StringBuilder Arguments)> ToolCalls { get; } = new();
    public List<string> FinishReasons { get; } = new();
    public ChatUsage? Usage { get; private set; }
    public int UsageChunkIndex { get; private set; } = -1;
    public int LogprobTokens { get; private set; }
    public List<ChatTokenLogprob> Logprobs { get; } = new();

    public static StreamSummary Of(IEnumerable<ChatCompletionChunk> chunks)
    {
        var summary = new StreamSummary();
        foreach (var chunk in chunks)
        {
            summary.Ids.Add(chunk.Id);
            if (chunk.Usage is not null)
            {
                summary.Usage = chunk.Usage;
                summary.UsageChunkIndex = summary.ChunkCount;
            }

            foreach (var choice in chunk.Choices)
            {
                var delta = choice.Delta;
                if (delta?.Role is not null)
                {
                    summary.Roles.Add(delta.Role);
                }

                summary.Content.Append(delta?.Content);
                summary.Refusal.Append(delta?.Refusal);
                foreach (var fragment in delta?.ToolCalls ?? Array.Empty<ChatToolCallDelta>())
                {
                    if (!summary.ToolCalls.TryGetValue(fragment.Index, out var call))
                    {
                        call = (null, null, null, new StringBuilder());
                    }

                    call = (fragment.Id ?? call.Id, fragment.Type ?? call.Type, fragment.Function?.Name ?? call.Name, call.Arguments);
                    call.Arguments.Append(fragment.Function?.Arguments);
                    summary.ToolCalls[fragment.Index] = call;
                }

                if (choice.FinishReason is not null)
                {
                    summary.FinishReasons.Add(choice.FinishReason);
                }

                summary.Logprobs.AddRange(choice.Logprobs?.Content ?? Array.Empty<ChatTokenLogprob>());
            }

            summary.ChunkCount++;
        }

        summary.LogprobTokens = summary.Logprobs.Count;
        return summary;
    }
}

/// <summary>JSON comparison that ignores property order and formatting but not values or array order.</summary>
internal static class JsonCompare
{
    public static string Canonical(string json)
    {
        var node = JsonNode.Parse(json);
        return Sort(node)?.ToJsonString() ?? "null";
    }

    public static void Equal(string expected, string actual) =>
        Xunit.Assert.Equal(Golden.PrettyJson(Encoding.UTF8.GetBytes(Canonical(expected))), Golden.PrettyJson(Encoding.UTF8.GetBytes(Canonical(actual))));

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray(array.Select(item => Sort(item?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };
}
