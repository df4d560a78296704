using System.Text.Json;
using PromptGen.TestServer;

namespace PromptGen.EndToEnd.Tests.Tools;

/// <summary>Replies that ask for tool calls, as servers send them.</summary>
internal static class ToolReplies
{
    /// <summary>A reply with tool calls: (id, name, arguments as JSON text).</summary>
    public static Reply Calls(string finishReason, params (string Id, string Name, string Arguments)[] calls)
    {
        var list = string.Join(",", calls.Select(c =>
            $$$"""{"id":{{{JsonSerializer.Serialize(c.Id)}}},"type":"function","function":{"name":{{{JsonSerializer.Serialize(c.Name)}}},"arguments":{{{JsonSerializer.Serialize(c.Arguments)}}}}}"""));
        return Reply.Json($$$"""{"id":"chatcmpl-tools","object":"chat.completion","created":1770000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{{{list}}}]},"finish_reason":"{{{finishReason}}}"}],"usage":{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35}}""");
    }

    public static Reply Calls(params (string Id, string Name, string Arguments)[] calls) => Calls("tool_calls", calls);
}
