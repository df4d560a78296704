using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

public class ReplyFailureTests
{
    [Fact]
    public async Task RefusalIsATypedExceptionWithTheRefusalText()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I'm sorry, I can't help with that."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":8,"total_tokens":11}}
            """));
        ITutor tutor = new ITutor.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => tutor.ExtractAsync("anything"));

        Assert.Equal("I'm sorry, I can't help with that.", error.Refusal);
        Assert.Equal("The model refused to answer: 'I'm sorry, I can't help with that.'.", error.Message);
        Assert.Equal(11, error.Usage!.TotalTokens);
    }

    [Fact]
    public async Task LengthOnAJsonMethodSaysTheReplyWasCutOff()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Finished("length", """{"name":"Ola","ag"""));
        ITutor tutor = new ITutor.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptTruncatedException>(() => tutor.ExtractAsync("Ola"));

        Assert.Equal("""{"name":"Ola","ag""", error.RawReply);
        Assert.Equal("length", error.FinishReason);
        Assert.StartsWith("The reply was cut off by the token limit (finish_reason 'length') before its JSON was complete; received '{\"name\":\"Ola\",\"ag'.", error.Message);
    }

    [Fact]
    public async Task LengthOnATextMethodReturnsTheTruncatedText()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Finished("length", "Recursion is when"));
        ITutor tutor = new ITutor.Client(harness.Client);

        Assert.Equal("Recursion is when", await tutor.ExplainAsync("recursion", 2));
    }

    [Fact]
    public async Task ContentFilterIsItsOwnException()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Finished("content_filter", "partial"));
        ITutor tutor = new ITutor.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptFilteredException>(() => tutor.ExplainAsync("x", 1));

        Assert.Equal("partial", error.RawReply);
        Assert.Equal("The server's content filter withheld the reply (finish_reason 'content_filter'); received 'partial'.", error.Message);
    }

    [Fact]
    public async Task InvalidJsonIsAFormatExceptionCarryingTheReply()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("Sure! Here is the person: Ola, 35."));
        ITutor tutor = new ITutor.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => tutor.ExtractAsync("Ola"));

        Assert.Equal("Sure! Here is the person: Ola, 35.", error.RawReply);
        Assert.StartsWith("The reply does not fit Person: The reply is not valid JSON at line 1, column 1, where it has 'Sure! Here is the person…'.", error.Message);
        Assert.EndsWith("Received 'Sure! Here is the person: Ola, 35.'.", error.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
        Assert.Equal("The reply is not valid JSON at line 1, column 1, where it has 'Sure! Here is the person…'.", Assert.Single(error.Errors));
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task JsonInACodeFenceIsAccepted()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("```json\n{\"name\":\"Ola\",\"age\":35,\"city\":\"Bergen\"}\n```"));
        ITutor tutor = new ITutor.Client(harness.Client);

        Assert.Equal(new Person("Ola", 35, "Bergen"), await tutor.ExtractAsync("Ola"));
    }

    [Fact]
    public async Task StreamedRefusalThrowsAfterTheStreamEnds()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Sse()
            .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","refusal":"I can't"},"finish_reason":null}]}""")
            .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"refusal":" do that."},"finish_reason":"stop"}]}""")
            .Done());
        ITutor tutor = new ITutor.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptRefusedException>(async () =>
        {
            await foreach (var _ in tutor.TellStoryAsync("x"))
            {
            }
        });

        Assert.Equal("I can't do that.", error.Refusal);
    }
}
