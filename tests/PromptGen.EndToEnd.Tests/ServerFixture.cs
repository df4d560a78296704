using PromptGen.TestServer;

namespace PromptGen.EndToEnd.Tests;

/// <summary>A loopback server and a client pointed at it, per test.</summary>
public sealed class Harness : IAsyncDisposable
{
    private Harness(LoopbackServer server, ChatClient client)
    {
        Server = server;
        Client = client;
    }

    public LoopbackServer Server { get; }

    public ChatClient Client { get; }

    public static async Task<Harness> StartAsync(Action<ChatClientOptions>? configure = null)
    {
        var server = await LoopbackServer.StartAsync();
        var options = new ChatClientOptions { BaseUrl = server.BaseUrl, ApiKey = "sk-e2e-secret", Model = "default-model", Retry = RetryPolicy.None };
        configure?.Invoke(options);
        return new Harness(server, new ChatClient(options));
    }

    /// <summary>A non-streamed reply with the given choices' contents.</summary>
    public static Reply Completion(params string[] contents) => Finished("stop", contents);

    public static Reply Finished(string finishReason, params string[] contents)
    {
        var choices = string.Join(",", contents.Select((c, i) =>
            $$"""{"index":{{i}},"message":{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(c)}},"refusal":null},"logprobs":null,"finish_reason":"{{finishReason}}"}"""));
        return Reply.Json($$$"""{"id":"chatcmpl-e2e","object":"chat.completion","created":1770000000,"model":"gpt-4o-mini-2024-07-18","choices":[{{{choices}}}],"usage":{"prompt_tokens":11,"completion_tokens":9,"total_tokens":20}}""");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
