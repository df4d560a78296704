using System.Text;
using System.Text.Json;

namespace PromptGen.Reliability.Tests.Faults;

/// <summary>Well-formed replies for a call mode, carrying a token, to put faults around.</summary>
public static class Bodies
{
    /// <summary>The reply content a mode expects for <paramref name="token"/>: JSON methods get <c>{"token": …}</c>, the rest the token itself.</summary>
    public static string Content(CallMode mode, string token) =>
        mode == CallMode.Json ? "{\"token\":" + JsonSerializer.Serialize(token) + "}" : token;

    /// <summary>A <c>chat.completion</c> whose one choice holds <paramref name="content"/>.</summary>
    public static string Completion(string content, string finishReason = "stop") =>
        "{\"id\":\"chatcmpl-fault\",\"object\":\"chat.completion\",\"created\":1770000000,\"model\":\"fault-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + JsonSerializer.Serialize(content) + "},\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}";

    /// <summary>A <c>chat.completion.chunk</c> with one content delta.</summary>
    public static string Chunk(string content, string? finishReason = null) =>
        "{\"id\":\"chatcmpl-fault\",\"object\":\"chat.completion.chunk\",\"created\":1770000000,\"model\":\"fault-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + JsonSerializer.Serialize(content) + "},\"finish_reason\":" + (finishReason is null ? "null" : "\"" + finishReason + "\"") + "}]}";

    /// <summary>The SSE events of a streamed reply of <paramref name="content"/> (in three deltas when long enough), without <c>[DONE]</c>.</summary>
    public static IReadOnlyList<string> Events(string content)
    {
        var third = Math.Max(1, content.Length / 3);
        var parts = content.Length < 3
            ? new[] { content }
            : new[] { content[..third], content[third..(2 * third)], content[(2 * third)..] };
        var events = parts.Select(part => Chunk(part)).ToList();
        events.Add(Chunk("", "stop"));
        return events;
    }

    /// <summary>A whole SSE body: every event, <c>data: [DONE]</c>, with <paramref name="newline"/> as line ending.</summary>
    public static string Sse(string content, string newline = "\n", bool done = true)
    {
        var text = new StringBuilder();
        foreach (var e in Events(content))
        {
            text.Append("data: ").Append(e).Append(newline).Append(newline);
        }

        if (done)
        {
            text.Append("data: [DONE]").Append(newline).Append(newline);
        }

        return text.ToString();
    }

    /// <summary>The good reply for <paramref name="mode"/>: (content type, body).</summary>
    public static (string ContentType, string Body) Good(CallMode mode, string token) =>
        mode.IsStreamed() ? ("text/event-stream", Sse(Content(mode, token))) : ("application/json", Completion(Content(mode, token)));

    /// <summary>An OpenAI-shaped error body.</summary>
    public static string Error(string message, string? type = null, string? code = null, string? param = null) =>
        "{\"error\":{\"message\":" + JsonSerializer.Serialize(message) + ",\"type\":" + Json(type) + ",\"param\":" + Json(param) + ",\"code\":" + Json(code) + "}}";

    private static string Json(string? value) => value is null ? "null" : JsonSerializer.Serialize(value);
}
