using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>Timeouts and cancellation. The limits are short; nothing asserts how long anything took.</summary>
public sealed class ChatClientTimeoutTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task ACancelledTokenCancelsBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = new ChatClient(Options(server));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CompleteAsync(Hello(), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAllAsync(client.StreamAsync(Hello(), cancelled.Token)));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CancellingWhileWaitingForTheResponseIsNotATimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson).HangBeforeHeaders());
        var options = Options(server);
        options.ResponseTimeout = TimeSpan.FromMinutes(5);
        using var client = new ChatClient(options);
        using var cancel = new CancellationTokenSource();

        var call = client.CompleteAsync(Hello(), cancel.Token);
        await server.WaitForRequestAsync(0);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await server.Requests[0].Finished.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CancellingDuringABackoffWaitStopsRetrying()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(503, "busy", "server_error"));
        var waiting = new TaskCompletionSource();
        var options = Options(server);
        options.Retry.Delay = async (wait, token) =>
        {
            waiting.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        };
        using var client = new ChatClient(options);
        using var cancel = new CancellationTokenSource();

        var call = client.CompleteAsync(Hello(), cancel.Token);
        await waiting.Task;
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ResponseTimeoutLimitsTheWaitForHeaders()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson).HangBeforeHeaders());
        var options = Options(server);
        options.ResponseTimeout = Short;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("ChatClientOptions.ResponseTimeout", error.TimeoutName);
        Assert.Equal(Short, error.Timeout);
        Assert.Equal(
            "The chat call timed out waiting for the response headers: ChatClientOptions.ResponseTimeout is 200 ms. Raise it, or set it to null to wait without this limit.",
            error.Message);
        Assert.IsAssignableFrom<TimeoutException>(error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ResponseTimeoutLimitsTheWaitForTheFirstStreamedEvent()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Hang());
        var options = Options(server);
        options.ResponseTimeout = Short;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(
            "The chat call timed out waiting for the first streamed event: ChatClientOptions.ResponseTimeout is 200 ms. Raise it, or set it to null to wait without this limit.",
            error.Message);
    }

    [Fact]
    public async Task StreamIdleTimeoutLimitsTheGapBetweenEvents()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Hang());
        var options = Options(server);
        options.StreamIdleTimeout = Short;
        using var client = new ChatClient(options);
        var received = new List<ChatCompletionChunk>();

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(async () =>
        {
            await foreach (var chunk in client.StreamAsync(Hello()))
            {
                received.Add(chunk);
            }
        });

        Assert.Single(received);
        Assert.Equal("ChatClientOptions.StreamIdleTimeout", error.TimeoutName);
        Assert.Equal(
            "The chat call timed out waiting for the next streamed event: ChatClientOptions.StreamIdleTimeout is 200 ms. Raise it, or set it to null to wait without this limit.",
            error.Message);
        await server.Requests[0].Finished.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task StreamIdleTimeoutDoesNotCountTheCallersOwnPace()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Data(Chunk("b")).Done());
        var options = Options(server);
        options.StreamIdleTimeout = TimeSpan.FromMilliseconds(50);
        using var client = new ChatClient(options);
        var slowConsumer = new TaskCompletionSource();
        _ = Task.Delay(300).ContinueWith(_ => slowConsumer.SetResult());
        var count = 0;

        await foreach (var chunk in client.StreamAsync(Hello()))
        {
            count++;
            await slowConsumer.Task;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task TimeoutLimitsTheWholeCall()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson).HangBeforeHeaders());
        var options = Options(server);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("ChatClientOptions.Timeout", error.TimeoutName);
        Assert.Equal(
            "The chat call did not finish within ChatClientOptions.Timeout (300 ms). Raise the timeout, or ask for less (a lower MaxTokens, streaming).",
            error.Message);
    }

    [Fact]
    public async Task TheSuppliedHttpClientsTimeoutIsReportedAsSuch()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson).HangBeforeHeaders());
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        using var client = new ChatClient(http, Options(server));

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("HttpClient.Timeout", error.TimeoutName);
        Assert.Equal(
            "The chat call did not finish within the HttpClient's own Timeout (300 ms). Raise HttpClient.Timeout or set it to Timeout.InfiniteTimeSpan and use ChatClientOptions.Timeout.",
            error.Message);
    }

    [Fact]
    public async Task TheWholeCallSourceIsReusedAfterAFinishedCallButNotAfterACancelledOne()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = new ChatClient(Options(server)); // Timeout: the default 10 minutes
        for (var i = 0; i < 3; i++)
        {
            server.Enqueue(Reply.Json(CompletionJson));
            var completion = await client.CompleteAsync(Hello());
            Assert.Equal("Hello!", PromptReply.Text(completion));
        }

        Assert.Equal(1, client.TimeoutSources.Created); // three calls, one source

        // The caller cancels a call that holds the reused source: the call is cancelled, not timed out ...
        server.Enqueue(Reply.Json(CompletionJson).HangBeforeHeaders());
        using (var cancel = new CancellationTokenSource())
        {
            var call = client.CompleteAsync(Hello(), cancel.Token);
            await server.WaitForRequestAsync(3);
            cancel.Cancel();
            var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.IsNotType<ChatTimeoutException>(cancelled);
        }

        // ... and its cancelled source is not handed to the next call, which succeeds with a new one.
        server.Enqueue(Reply.Json(CompletionJson));
        var next = await client.CompleteAsync(Hello());
        Assert.Equal("Hello!", PromptReply.Text(next));
        Assert.Equal(2, client.TimeoutSources.Created);
    }

    [Fact]
    public async Task ASourceIsKeptWhenItResetsAndNeverAfterItsTimerFired()
    {
        var sources = new TimeoutSources();
        var first = sources.Rent();
        first.CancelAfter(TimeSpan.FromSeconds(10));
        sources.Return(first);

        // Reset (timer stopped before it fired): the next call gets the same source, uncancelled, with no timer armed.
        var again = sources.Rent();
        Assert.Same(first, again);
        Assert.False(again.IsCancellationRequested);
        Assert.Equal(1, sources.Created);

        // Its timer fires: the source is cancelled, and it is disposed rather than handed to a later call.
        again.CancelAfter(TimeSpan.FromMilliseconds(20));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!again.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(again.IsCancellationRequested);
        sources.Return(again);
        var fresh = sources.Rent();
        Assert.NotSame(again, fresh);
        Assert.False(fresh.IsCancellationRequested);
        Assert.Equal(2, sources.Created);
        Assert.Throws<ObjectDisposedException>(() => again.Token.WaitHandle);
    }

    [Fact]
    public async Task AfterAFinishedCallTheNextCallIsStillLimitedByTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        server.Enqueue(Reply.Json(CompletionJson).HangBeforeHeaders());
        var options = Options(server);
        options.Timeout = TimeSpan.FromSeconds(1);
        using var client = new ChatClient(options);

        await client.CompleteAsync(Hello());
        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("ChatClientOptions.Timeout", error.TimeoutName);
        Assert.Equal(
            "The chat call did not finish within ChatClientOptions.Timeout (1 s). Raise the timeout, or ask for less (a lower MaxTokens, streaming).",
            error.Message);
    }
}
