using System.Text.Json;
using PromptGen.TestServer;

namespace PromptGen.Extensions.Tests;

/// <summary>Reply bodies the loopback server sends, shaped as OpenAI's Chat Completions API sends them.</summary>
internal static class Bodies
{
    public static string Completion(string content, string model = "gpt-4o-mini-2024-07-18", string id = "chatcmpl-1", int prompt = 42, int completion = 12, string finishReason = "stop") =>
        "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1733000000,\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + JsonSerializer.Serialize(content) + ",\"refusal\":null},\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";

    public static Reply Stream(string model, params string[] pieces)
    {
        var reply = Reply.Sse();
        reply.Data("{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        foreach (var piece in pieces)
        {
            reply.Data("{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JsonSerializer.Serialize(piece) + "},\"finish_reason\":null}]}");
        }

        reply.Data("{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        reply.Data("{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":7,\"total_tokens\":27}}");
        return reply.Done();
    }
}
