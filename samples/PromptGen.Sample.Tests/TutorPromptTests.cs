using System.Text.Json;
using PromptGen;
using PromptGen.Sample;
using PromptGen.Testing;
using Xunit;

namespace SampleTests;

/// <summary>The sample's prompts themselves: the real generated client over a scripted transport, and rendering without a call.</summary>
public class TutorPromptTests
{
    [Fact]
    public async Task ExtractSendsTheFewShotExampleAndReadsTheJsonReply()
    {
        var transport = new ScriptedTransport();
        transport.Reply("""{"name":"Ola Nordmann","age":35,"city":"Bergen"}""", usage: new ChatUsage { TotalTokens = 42 });
        ITutor tutor = new ITutor.Client(transport);

        var result = await tutor.ExtractAsync("Ola Nordmann is 35 and lives in Bergen.");

        Assert.Equal(new Person("Ola Nordmann", 35, "Bergen"), result.Value);
        Assert.Equal(42, result.Usage?.TotalTokens);
        var request = Assert.Single(transport.Requests);
        Assert.Equal("Extract name, age and city from: Ola Nordmann is 35 and lives in Bergen.", request.Request.Messages[3].Content?.Text);
    }

    [Fact]
    public async Task ExtractSendsSystemFewShotAndUserMessagesInOrder()
    {
        var transport = new ScriptedTransport().Reply("""{"name":"Ola Nordmann","age":35,"city":"Bergen"}""");

        await ((ITutor)new ITutor.Client(transport)).ExtractAsync("Ola Nordmann is 35 and lives in Bergen.");

        Assert.Equal(
            new[] { "system", "user", "assistant", "user" },
            transport.Requests[0].Request.Messages.Select(message => message.Role));
        Assert.NotNull(transport.Requests[0].Request.ResponseFormat);
    }

    [Fact]
    public async Task AReplyThatBreaksTheSchemaIsSentBackOnceForRepair()
    {
        var transport = new ScriptedTransport()
            .Reply("""{"name":"Ola Nordmann","age":200,"city":"Bergen"}""", usage: new ChatUsage { TotalTokens = 40 })
            .Reply("""{"name":"Ola Nordmann","age":35,"city":"Bergen"}""", usage: new ChatUsage { TotalTokens = 50 });
        ITutor tutor = new ITutor.Client(transport);

        var result = await tutor.ExtractAsync("Ola Nordmann is 35 and lives in Bergen.");

        Assert.Equal(35, result.Value.Age);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(90, result.Usage?.TotalTokens);
        Assert.Equal(2, transport.Requests.Count);
        var repair = transport.Requests[1].Request.Messages;
        Assert.Equal("""{"name":"Ola Nordmann","age":200,"city":"Bergen"}""", repair[^2].Content?.Text);
        Assert.Equal("user", repair[^1].Role);
    }

    [Fact]
    public async Task StoryIsStreamedWithTheTokenLimit()
    {
        var transport = new ScriptedTransport().Stream("Once", " upon a time.");
        ITutor tutor = new ITutor.Client(transport);

        var story = "";
        await foreach (var delta in tutor.TellStoryAsync("a fox"))
        {
            story += delta;
        }

        Assert.Equal("Once upon a time.", story);
        Assert.Equal(
            """{"model":"test-model","messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"Tell me a very short story about a fox."}],"max_completion_tokens":120,"stream":true,"stream_options":{"include_usage":true}}""",
            transport.Requests[0].Body);
    }

    [Fact]
    public async Task AnErrorFromTheEndpointReachesTheCaller()
    {
        var transport = new ScriptedTransport().Fail(new ChatApiException(429, "Rate limit reached.", errorCode: "rate_limit_exceeded"));
        ITutor tutor = new ITutor.Client(transport);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("recursion", 30));

        Assert.Equal(429, error.StatusCode);
    }

    [Fact]
    public void ExplainRendersTheSystemAndUserMessages()
    {
        ChatRequest request = ITutor.Client.CreateExplainAsyncRequest("recursion", 30);

        Assert.Equal(
            """{"messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"What is recursion? Answer in at most 30 words."}],"temperature":0.2}""",
            request.ToJson());
    }

    [Fact]
    public async Task RenderingIsWhatACallSends()
    {
        var transport = new ScriptedTransport().Reply("A function that calls itself.");
        await ((ITutor)new ITutor.Client(transport)).ExplainAsync("recursion", 30);

        var rendered = ITutor.Client.CreateExplainAsyncRequest("recursion", 30);

        // The call's body is the rendering with the transport's default model filled in.
        var sent = JsonSerializer.Deserialize<JsonElement>(transport.Requests[0].Body);
        Assert.Equal("test-model", sent.GetProperty("model").GetString());
        Assert.Equal(rendered.ToJson(), transport.Requests[0].Body.Replace("\"model\":\"test-model\",", ""));
    }
}
