using PromptGen.Testing;
using Xunit;

namespace PromptGen.Runtime.Tests.Testing;

public class ScriptedTransportUnitTests
{
    private static ChatRequest Request(string text = "hi") => new() { Messages = { ChatMessage.User(text) } };

    [Fact]
    public async Task TheCallersRequestIsNotChanged()
    {
        var transport = new ScriptedTransport().Reply("ok").Stream("ok");
        var request = Request();

        await transport.CompleteAsync(request);
        await foreach (var _ in transport.StreamAsync(request))
        {
        }

        Assert.Null(request.Model);
        Assert.Null(request.Stream);
        Assert.Null(request.StreamOptions);
        Assert.Equal("test-model", transport.Requests[0].Request.Model);
        Assert.True(transport.Requests[1].Request.Stream);
    }

    [Fact]
    public async Task ANullRequestFailsTheTaskAsChatClientDoes()
    {
        var transport = new ScriptedTransport();

        var task = transport.CompleteAsync(null!);

        await Assert.ThrowsAsync<ArgumentNullException>(() => task);
        Assert.Throws<ArgumentNullException>(() => transport.StreamAsync(null!));
    }

    [Fact]
    public async Task RepliesAreUsedInOrderAndChoicesKeepTheirIndexes()
    {
        var transport = new ScriptedTransport().Reply("first").ReplyChoices("a", "b");

        var first = await transport.CompleteAsync(Request());
        var second = await transport.CompleteAsync(Request());

        Assert.Equal("first", first.Choices[0].Message?.Content);
        Assert.Equal("stop", first.Choices[0].FinishReason);
        Assert.Equal("test-model", first.Model);
        Assert.Equal(new[] { (0, "a"), (1, "b") }, second.Choices.Select(c => (c.Index, c.Message!.Content!)));
        Assert.Equal(0, transport.PendingReplies);
    }

    [Fact]
    public async Task RequestsIsASnapshotWithIndexes()
    {
        var transport = new ScriptedTransport().Reply("1").Reply("2");
        await transport.CompleteAsync(Request("one"));
        var snapshot = transport.Requests;

        await transport.CompleteAsync(Request("two"));

        Assert.Single(snapshot);
        Assert.Equal(new[] { 0, 1 }, transport.Requests.Select(r => r.Index));
        Assert.StartsWith("#1 {", transport.Requests[1].ToString());
    }

    [Fact]
    public async Task ConcurrentCallsEachTakeOneReplyAndAreAllRecorded()
    {
        var transport = new ScriptedTransport();
        for (var i = 0; i < 50; i++)
        {
            transport.Reply(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => transport.CompleteAsync(Request()))));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(x => x),
            replies.Select(r => r.Choices[0].Message!.Content!).OrderBy(x => x));
        Assert.Equal(50, transport.Requests.Count);
    }

    [Fact]
    public async Task TheOptionsDecideTheTokenLimitFieldAndStreamUsage()
    {
        var options = new ChatClientOptions { BaseUrl = new Uri("http://localhost:11434/v1"), Model = "llama3", IncludeStreamUsage = false };
        var transport = new ScriptedTransport(options).Stream("x");
        var request = Request();
        request.MaxTokens = 5;

        await foreach (var _ in transport.StreamAsync(request))
        {
        }

        Assert.Equal("""{"model":"llama3","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"stream":true}""", transport.Requests[0].Body);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        var transport = new ScriptedTransport();

        Assert.Throws<ArgumentNullException>(() => transport.Reply((string)null!));
        Assert.Throws<ArgumentNullException>(() => transport.Reply((ChatCompletion)null!));
        Assert.Throws<ArgumentNullException>(() => transport.ReplyChoices("a", null!));
        Assert.Throws<ArgumentNullException>(() => transport.Stream("a", null!));
        Assert.Throws<ArgumentNullException>(() => transport.Fail(null!));
        Assert.Equal(0, transport.PendingReplies);
    }
}

public class FakeMethodUnitTests
{
    private sealed record Call(string Text);

    [Fact]
    public async Task ReturnsThrowsAndRecords()
    {
        var method = new FakeMethod<Call, int>("FakeX.CountAsync");
        method.Returns(1, 2);

        Assert.Equal(1, await method.InvokeAsync(new Call("a"), default));
        Assert.Equal(2, await method.InvokeAsync(new Call("b"), default));
        Assert.Equal(2, await method.InvokeAsync(new Call("c"), default));
        Assert.Equal(new[] { "a", "b", "c" }, method.Calls.Select(c => c.Text));

        method.Returns(call => call.Text.Length);
        Assert.Equal(4, await method.InvokeAsync(new Call("four"), default));

        method.Throws(new TimeoutException());
        await Assert.ThrowsAsync<TimeoutException>(() => method.InvokeAsync(new Call("x"), default));
        Assert.Equal("FakeX.CountAsync (5 calls)", method.ToString());
    }

    [Fact]
    public async Task StreamsYieldComputeAndThrow()
    {
        var stream = new FakeStream<Call, string>("FakeX.StreamAsync");
        stream.Yields(call => call.Text.Select(c => c.ToString()));

        var items = new List<string>();
        await foreach (var item in stream.Invoke(new Call("abc"), default))
        {
            items.Add(item);
        }

        Assert.Equal(new[] { "a", "b", "c" }, items);
        stream.Yields();
        await foreach (var _ in stream.Invoke(new Call(""), default))
        {
            Assert.Fail("An empty stream yields nothing.");
        }

        Assert.Equal(2, stream.Calls.Count);
    }
}
