using System.Net.Http;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>Issue 12 §2–4: every wait has a limit, saturated Retry-After, a dropped connection said as such. Short limits; nothing asserts how long anything took.</summary>
public sealed class ReliabilityFixTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task AJsonBodyThatNeverStartsHitsResponseTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Text(200, "", "application/json").WithHeader("Content-Length", "500").Hang(),
            Reply.Text(200, "", "application/json").WithHeader("Content-Length", "500").Hang());
        var options = Options(server);
        options.ResponseTimeout = Short;
        using var client = new ChatClient(options);
        var format = JsonReplyFormat<Dictionary<string, int>>.CreateWithReflection(ResponseFormatKind.JsonObject, strict: false, name: "Counts", schema: "{}", rules: null, wrapped: false, nullable: false, maxRetries: 0);

        var complete = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));
        var json = await Assert.ThrowsAsync<ChatTimeoutException>(() => PromptReply.JsonAsync(client, Hello(), format));

        Assert.Equal("ChatClientOptions.ResponseTimeout", complete.TimeoutName);
        Assert.Equal(
            "The chat call timed out waiting for the first byte of the reply body: ChatClientOptions.ResponseTimeout is 200 ms. Raise it, or set it to null to wait without this limit.",
            complete.Message);
        Assert.Equal(complete.Message, json.Message);
    }

    [Fact]
    public async Task AJsonBodyThatStallsPartWayHitsStreamIdleTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Text(200, "", "application/json").WithHeader("Content-Length", "500").Raw("{\"id\":\"chatcmpl-1\",").Hang());
        var options = Options(server);
        options.StreamIdleTimeout = Short;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("ChatClientOptions.StreamIdleTimeout", error.TimeoutName);
        Assert.Equal(
            "The chat call timed out waiting for the next bytes of the reply body: ChatClientOptions.StreamIdleTimeout is 200 ms. Raise it, or set it to null to wait without this limit.",
            error.Message);
    }

    [Fact]
    public async Task AnErrorBodyThatStallsHitsTheIdleLimit()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Text(400, "", "application/json").WithHeader("Content-Length", "500").Raw("{\"error\":").Hang());
        var options = Options(server);
        options.StreamIdleTimeout = Short;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("ChatClientOptions.StreamIdleTimeout", error.TimeoutName);
    }

    [Theory]
    [InlineData("retry-after", "99999999999", 99999999999.0)]
    [InlineData("retry-after", "9999999999999999999999999999999999999999", -1)]
    [InlineData("retry-after-ms", "1e300", -1)]
    public async Task ARetryAfterBeyond32BitsFailsAtOnceWithRetryAfterSet(string header, string value, double seconds)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(429, "Slow down", "requests", "rate_limit_exceeded").WithHeader(header, value));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Single(server.Requests);
        Assert.Empty(waits.Waits);
        Assert.Equal(seconds < 0 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds), error.RetryAfter);
        Assert.Contains("longer than ChatClientOptions.Retry.MaxServerWait (1 min), so the call was not retried.", error.Message);
    }

    [Fact]
    public async Task AResetAfterTheRequestWasSentSaysTheConnectionDropped()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Abort());
        var options = Options(server);
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.CompleteAsync(Hello()));

        Assert.StartsWith($"The connection to the chat endpoint {server.BaseUrl}/chat/completions dropped after the request was sent, before the response headers arrived: ", error.Message);
        Assert.DoesNotContain("Check ChatClientOptions.BaseUrl", error.Message);
        Assert.Single(server.Requests);
    }
}
