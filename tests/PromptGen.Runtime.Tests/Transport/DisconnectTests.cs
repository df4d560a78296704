using System.Diagnostics;
using System.Net;
using System.Net.Http;
using PromptGen.TestServer;
using Xunit;
using Xunit.Abstractions;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Cancelling, breaking out of, or timing out a stream closes the connection at once, so the server stops generating
/// (issue 11 §2): a server streams 10,000 events slowly and records when the client went away. Without the fix the
/// handler drains the rest (up to 1 MB or 2 s) and the server keeps writing.
/// </summary>
public sealed class DisconnectTests
{
    /// <summary>
    /// How soon after the caller stops the server must see the connection close. Measured on an idle machine: 1–15 ms,
    /// and 50–150 ms for a break with a supplied handler; a handler that drains instead takes the full 2 s
    /// (<c>ResponseDrainTimeout</c>). The limit leaves room for a loaded CI machine and still fails a drain.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(500);

    private readonly ITestOutputHelper _output;

    public DisconnectTests(ITestOutputHelper output) => _output = output;

    public enum Stop
    {
        Cancel,
        Break,
        IdleTimeout,
    }

    public enum Http
    {
        Owned,
        Supplied,
    }

    [Theory]
    [InlineData(Stop.Cancel, Http.Owned)]
    [InlineData(Stop.Cancel, Http.Supplied)]
    [InlineData(Stop.Break, Http.Owned)]
    [InlineData(Stop.Break, Http.Supplied)]
    [InlineData(Stop.IdleTimeout, Http.Owned)]
    [InlineData(Stop.IdleTimeout, Http.Supplied)]
    public async Task StoppingAStreamClosesTheConnectionAtOnce(Stop stop, Http http)
    {
        await using var server = await LoopbackServer.StartAsync();
        var stall = new TaskCompletionSource();
        var reply = Reply.Sse();
        for (var i = 0; i < 10_000; i++)
        {
            reply.Data(Chunk("t" + i)).Pause(TimeSpan.FromMilliseconds(20));
            if (i == 5 && stop == Stop.IdleTimeout)
            {
                reply.WaitFor(stall.Task);
            }
        }

        server.Enqueue(reply.Done());
        var options = Options(server);
        if (stop == Stop.IdleTimeout)
        {
            options.StreamIdleTimeout = TimeSpan.FromMilliseconds(300);
        }

        using var supplied = http == Http.Supplied ? new HttpClient(new SocketsHttpHandler()) : null;
        using var client = supplied is null ? new ChatClient(options) : new ChatClient(supplied, options);
        using var cancel = new CancellationTokenSource();
        long stoppedAt = 0;
        var received = 0;

        try
        {
            await foreach (var chunk in client.StreamAsync(Hello(), cancel.Token))
            {
                received++;
                if (received == 5 && stop == Stop.Cancel)
                {
                    stoppedAt = Stopwatch.GetTimestamp();
                    cancel.Cancel();
                }

                if (received == 5 && stop == Stop.Break)
                {
                    stoppedAt = Stopwatch.GetTimestamp();
                    break;
                }
            }

            Assert.Equal(Stop.Break, stop);
        }
        catch (OperationCanceledException) when (stop == Stop.Cancel)
        {
        }
        catch (ChatTimeoutException error) when (stop == Stop.IdleTimeout)
        {
            stoppedAt = Stopwatch.GetTimestamp();
            Assert.Equal("ChatClientOptions.StreamIdleTimeout", error.TimeoutName);
        }

        var request = server.Requests[0];
        var closedAt = await request.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));
        var delay = Stopwatch.GetElapsedTime(stoppedAt, closedAt);
        _output.WriteLine($"{stop}, {http}: the server saw the disconnect {delay.TotalMilliseconds:0.#} ms after the caller stopped.");
        Assert.True(delay < Limit, $"The server saw the disconnect {delay.TotalMilliseconds:0.#} ms after the caller stopped; the limit is {Limit.TotalMilliseconds} ms.");
        stall.TrySetResult();
    }
}
