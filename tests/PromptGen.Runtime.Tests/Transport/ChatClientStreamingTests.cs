using System.Text;
using System.Text.Json;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

public sealed class ChatClientStreamingTests
{
    [Theory]
    [InlineData("openai__stream-plain-include-usage.sse")]
    [InlineData("openai__stream-refusal-include-usage.sse")]
    [InlineData("openai__stream-tool-call-include-usage.sse")]
    [InlineData("openai__stream-parallel-tool-calls.sse")]
    [InlineData("vllm-crusoe__stream-include-usage.sse")]
    public async Task RecordedStreamsArriveChunkByChunk(string file)
    {
        var path = Recording(file);
        var expected = File.ReadAllLines(path)
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            .Select(line => JsonDocument.Parse(line.Substring(6)).RootElement.Clone())
            .ToList();
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.SseFile(path));
        using var client = new ChatClient(Options(server));

        var chunks = await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal(expected.Count, chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("id").GetString(), chunks[i].Id);
            Assert.Equal(expected[i].GetProperty("choices").GetArrayLength(), chunks[i].Choices.Count);
        }

        Assert.Equal(Concat(expected, "content"), string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta?.Content)));
        Assert.Equal(
            Concat(expected, "arguments"),
            string.Concat(chunks.SelectMany(c => c.Choices).SelectMany(c => c.Delta?.ToolCalls ?? []).Select(t => t.Function?.Arguments)));
        Assert.NotNull(chunks[^1].Usage);
        Assert.Equal(expected[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32(), chunks[^1].Usage!.TotalTokens);
    }

    [Fact]
    public async Task CommentsMultiLineDataOtherEventsAndChoicelessChunksAreHandled()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse()
            .Comment("OPENROUTER PROCESSING")
            .Raw(": another keep-alive\n\n")
            .Raw("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\n")
            .Raw("data: \"delta\":{\"content\":\"multi\"}}]}\n\n")
            .Raw("event: ping\ndata: {\"not\":\"a chunk\"}\n\n")
            .Data("{\"id\":\"c1\",\"choices\":[]}")
            .Data("{\"id\":\"c1\"}")
            .Raw("data:{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" line\"},\"finish_reason\":\"stop\"}]}\r\n\r\n")
            .Data("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}")
            .Raw("data: [DONE]"));
        using var client = new ChatClient(Options(server));

        var chunks = await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal(5, chunks.Count);
        Assert.Equal("multi line", string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta?.Content)));
        Assert.Empty(chunks[1].Choices);
        Assert.Empty(chunks[2].Choices);
        Assert.Equal(3, chunks[4].Usage!.TotalTokens);
    }

    [Fact]
    public async Task ChunksArriveBeforeTheStreamEnds()
    {
        await using var server = await LoopbackServer.StartAsync();
        var gate = new TaskCompletionSource();
        server.Enqueue(Reply.Sse().Data(Chunk("first")).WaitFor(gate.Task).Data(Chunk("second", "stop")).Done());
        using var client = new ChatClient(Options(server));
        await using var chunks = client.StreamAsync(Hello()).GetAsyncEnumerator();

        Assert.True(await chunks.MoveNextAsync());
        Assert.Equal("first", chunks.Current.Choices[0].Delta!.Content);
        gate.SetResult();
        Assert.True(await chunks.MoveNextAsync());
        Assert.Equal("second", chunks.Current.Choices[0].Delta!.Content);
        Assert.False(await chunks.MoveNextAsync());
    }

    [Fact]
    public async Task AnErrorEventBecomesAChatApiException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse()
            .Data(Chunk("partial"))
            .Event("error", """{"error":{"message":"Failed to call a function.","type":"invalid_request_error","code":"tool_use_failed","status_code":400}}""")
            .WithHeader("x-request-id", "req_groq"));
        using var client = new ChatClient(Options(server));
        var received = new List<ChatCompletionChunk>();

        var error = await Assert.ThrowsAsync<ChatApiException>(async () =>
        {
            await foreach (var chunk in client.StreamAsync(Hello()))
            {
                received.Add(chunk);
            }
        });

        Assert.Single(received);
        Assert.Equal(400, error.StatusCode);
        Assert.True(error.InsideSuccessfulResponse);
        Assert.Equal("tool_use_failed", error.ErrorCode);
        Assert.Equal("req_groq", error.RequestId);
        Assert.Equal(
            "The server reported an error inside a successful (HTTP 200) response, with status 400 in its error object: Failed to call a function. [type invalid_request_error, code tool_use_failed, request id req_groq] The server rejected the request; fix it before trying again. Not retried.",
            error.Message);
    }

    [Fact]
    public async Task AnErrorObjectInAChunkBecomesAChatApiException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse()
            .Comment("OPENROUTER PROCESSING")
            .Data("""{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m","provider":"X","error":{"code":502,"message":"Provider returned error","metadata":{"raw":"upstream"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""")
            .Done());
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(502, error.StatusCode);
        Assert.True(error.InsideSuccessfulResponse);
        Assert.Equal("502", error.ErrorCode);
        Assert.Equal("Provider returned error", error.ErrorMessage);
        Assert.Equal("upstream", error.ErrorObject!.Value.GetProperty("metadata").GetProperty("raw").GetString());
        Assert.Equal("""{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m","provider":"X","error":{"code":502,"message":"Provider returned error","metadata":{"raw":"upstream"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""", error.RawBody);
    }

    [Fact]
    public async Task AStreamWithoutDoneFails()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Data(Chunk("b", "stop")));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(
            "The streamed reply ended without 'data: [DONE]' after 2 chunks; the server or a proxy cut it short, so what was received is incomplete. Try the call again.",
            error.Message);
    }

    [Fact]
    public async Task ABodyThatIsNotAnEventStreamSaysSo()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Text(200, "<html>Sign in to the proxy</html>", "text/html"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(
            "The streamed reply ended without 'data: [DONE]' after 0 chunks and before any finish_reason; the reply's content type was text/html, not text/event-stream, so the server (or a proxy) may not support streaming.",
            error.Message);
    }

    [Fact]
    public async Task AStreamCutMidEventFails()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Raw("data: {\"id\":\"c1\",\"cho"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        // A cut stream, not a malformed event (review 12 #3): CutStreamTests covers item and partial streams.
        Assert.Equal("The streamed reply ended without 'data: [DONE]' after 1 chunk, in the middle of an event: the body stopped before the event was complete (received of it: \"{\"id\":\"c1\",\"cho\"). The server or a proxy cut the stream off, so what was received is incomplete. Try the call again.", error.Message);
        Assert.True(error.IsCutShort);
        Assert.Equal("\"{\"id\":\"c1\",\"cho\"", error.Excerpt);
    }

    [Fact]
    public async Task AnEventThatIsNotJsonFailsWithAnExcerpt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var longText = new string('x', 400);
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Data("<html>" + longText).Done());
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        var excerpt = "\"<html>" + new string('x', 294) + "…\"";
        Assert.Equal(excerpt, error.Excerpt);
        Assert.EndsWith("Received: " + excerpt, error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task AConnectionBrokenMidStreamFails()
    {
        await using var server = await LoopbackServer.StartAsync();
        var gate = new TaskCompletionSource();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).WaitFor(gate.Task).AbortConnection());
        using var client = new ChatClient(Options(server));
        await using var chunks = client.StreamAsync(Hello()).GetAsyncEnumerator();
        Assert.True(await chunks.MoveNextAsync());

        gate.SetResult();
        var error = await Assert.ThrowsAsync<ChatResponseException>(async () => await chunks.MoveNextAsync());

        Assert.StartsWith("The connection broke after 1 chunk of the streamed reply: ", error.Message);
        Assert.EndsWith(" What was received is incomplete; try the call again.", error.Message);
        Assert.True(error.IsCutShort);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AJsonErrorInsteadOfAStreamBecomesAChatApiException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("""{"error":{"message":"Streaming is off","type":"invalid_request_error","param":"stream","code":null}}"""));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal("Streaming is off", error.ErrorMessage);
        Assert.Equal("stream", error.Param);
    }

    [Fact]
    public async Task StoppingEarlyReleasesTheResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Hang());
        using var client = new ChatClient(Options(server));

        await foreach (var chunk in client.StreamAsync(Hello()))
        {
            break;
        }

        await server.Requests[0].Finished.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CancellingMidStreamThrowsOperationCanceled()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("a")).Hang(), Reply.Sse().Data(Chunk("a")).Hang());
        using var client = new ChatClient(Options(server));

        using var viaArgument = new CancellationTokenSource();
        await using (var chunks = client.StreamAsync(Hello(), viaArgument.Token).GetAsyncEnumerator())
        {
            Assert.True(await chunks.MoveNextAsync());
            viaArgument.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chunks.MoveNextAsync());
        }

        using var viaWithCancellation = new CancellationTokenSource();
        await using (var chunks = client.StreamAsync(Hello()).WithCancellation(viaWithCancellation.Token).GetAsyncEnumerator())
        {
            Assert.True(await chunks.MoveNextAsync());
            viaWithCancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chunks.MoveNextAsync());
        }

        await server.Requests[0].Finished.WaitAsync(TimeSpan.FromSeconds(30));
        await server.Requests[1].Finished.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static string Concat(IEnumerable<JsonElement> chunks, string property)
    {
        var text = new StringBuilder();
        foreach (var chunk in chunks)
        {
            foreach (var choice in chunk.GetProperty("choices").EnumerateArray())
            {
                var delta = choice.GetProperty("delta");
                if (property == "content" && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    text.Append(content.GetString());
                }

                if (property == "arguments" && delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        if (call.TryGetProperty("function", out var function) && function.TryGetProperty("arguments", out var arguments))
                        {
                            text.Append(arguments.GetString());
                        }
                    }
                }
            }
        }

        return text.ToString();
    }
}
