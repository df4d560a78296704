using System.Text;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.Runtime.Tests.Transport;

public class ChatClientEscapingTests
{
    [Fact]
    public async Task BodyEscapesOnlyWhatJsonRequiresAndSendsTextAsUtf8()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}"""));
        using var client = new ChatClient(new ChatClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k", Model = "m", Retry = RetryPolicy.None });
        var request = new ChatRequest { Messages = { ChatMessage.User("Say \"hei\" to Åse & <Bjørn> — it's 日本語 too\n") } };

        await client.CompleteAsync(request);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"Say \"hei\" to Åse & <Bjørn> — it's 日本語 too\n"}]}""", sent.BodyText);
        request.Model = "m";
        Assert.Equal(Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(request, MaxTokensField.MaxTokens)), sent.BodyText);
    }
}
