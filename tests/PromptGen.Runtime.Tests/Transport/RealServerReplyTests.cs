using System.Text.Json;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Replies real servers send that a client easily gets wrong (issue 11): errors inside 200 responses, content as an
/// array of parts, reasoning fields, replies without text, JSON that is not a chat completion, provider error details.
/// Each body is sent byte for byte by the loopback server.
/// </summary>
public sealed class RealServerReplyTests
{
    private const string LlamaCppContextError =
        "error: {\"code\":400,\"message\":\"the request exceeds the available context size. try increasing the context size or enable context shift\",\"type\":\"invalid_request_error\"}\n" +
        "\n" +
        "data: [DONE]\n" +
        "\n";

    private const string MistralReply =
        """{"id":"9abe8b73","object":"chat.completion","created":1757111400,"model":"magistral-medium-latest","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","tool_calls":null,"content":[{"type":"thinking","thinking":[{"type":"text","text":"Thinking about rivers"}]},{"type":"text","text":"Crossing a river is quite different from crossing a street."}]}}],"usage":{"prompt_tokens":664,"completion_tokens":747,"total_tokens":1411}}""";

    private const string MistralStream =
        "data: {\"id\":\"a1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"a1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Okay\"}]}]},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"a1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"To cross the street safely, follow these steps.\"},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: [DONE]\n\n";

    private const string OpenRouterErrorInCompletion =
        """{"id":"chatcmpl-x","object":"chat.completion","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":0,"total_tokens":10},"error":{"code":502,"message":"Provider disconnected unexpectedly"}}""";

    [Fact]
    public async Task LlamaCppErrorFieldInA200StreamIsAChatApiException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Raw(LlamaCppContextError));
        using var client = new ChatClient(Options(server));
        var deltas = new List<string>();

        // Issue 16: this error is about the context size, so it is the ChatApiException subtype for that.
        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(async () =>
        {
            await foreach (var delta in PromptReply.StreamText(client.StreamAsync(Hello())))
            {
                deltas.Add(delta);
            }
        });

        Assert.Empty(deltas);
        Assert.Equal(400, error.StatusCode);
        Assert.True(error.InsideSuccessfulResponse);
        Assert.Equal("400", error.ErrorCode);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Equal("the request exceeds the available context size. try increasing the context size or enable context shift", error.ErrorMessage);
        Assert.Equal("""{"code":400,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"invalid_request_error"}""", error.RawBody);
        Assert.Equal(400, error.ErrorObject!.Value.GetProperty("code").GetInt32());
        Assert.Equal(
            "The server reported an error inside a successful (HTTP 200) response, with status 400 in its error object: the request exceeds the available context size. try increasing the context size or enable context shift [type invalid_request_error, code 400] The prompt is longer than the model's context window: shorten it, or declare [MaxPromptTokens] on a method with a history so the oldest turns are dropped before sending. Not retried.",
            error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task LlamaCppErrorFieldFollowedByTheEndOfTheBodyIsStillTheError()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Raw("error: {\"code\":500,\"message\":\"slot unavailable\",\"type\":\"server_error\"}\n"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("slot unavailable", error.ErrorMessage);
        Assert.True(error.InsideSuccessfulResponse);
    }

    [Theory]
    [InlineData("""{"error":{"message":"overloaded","code":"503"}}""", 503, "503")]
    [InlineData("""{"error":{"message":"overloaded","code":"overloaded_error","status_code":529}}""", 529, "overloaded_error")]
    [InlineData("""{"error":{"message":"overloaded","code":"overloaded_error","status_code":"429"}}""", 429, "overloaded_error")]
    [InlineData("""{"error":{"message":"overloaded","code":200}}""", 200, "200")]
    [InlineData("""{"error":{"message":"overloaded","code":"overloaded_error"}}""", 200, "overloaded_error")]
    [InlineData("""{"error":{"message":"overloaded","code":650}}""", 200, "650")]
    public async Task AnErrorEventTakesItsStatusFromTheErrorObject(string data, int status, string code)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("partial")).Event("error", data));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.True(error.InsideSuccessfulResponse);
        Assert.Equal(data, error.RawBody);
    }

    [Fact]
    public async Task ADoneStreamWithoutAnyChoiceOrFinishReasonFails()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse()
            .Raw("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0,\"total_tokens\":5}}\n\ndata: [DONE]\n\n"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal(
            "The streamed reply ended with 'data: [DONE]' after 1 chunk without any choice or finish_reason: the server answered nothing, which usually means it failed without reporting an error. Try the call again, or check the server's log.",
            error.Message);
    }

    [Fact]
    public async Task AChoiceWithoutFinishReasonIsAnAnswer()
    {
        // Audio models stream choices but never a finish_reason: that is an answer, not the "nothing came back" case.
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("Hi")).Done());
        using var client = new ChatClient(Options(server));

        var chunks = await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal("Hi", Assert.Single(chunks).Choices[0].Delta!.Content);
    }

    [Fact]
    public async Task AnErrorInsideA200ChatCompletionIsAChatApiException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(OpenRouterErrorInCompletion), Reply.Json(OpenRouterErrorInCompletion));
        using var client = new ChatClient(Options(server));
        var format = JsonReplyFormat<Dictionary<string, int>>.CreateWithReflection(ResponseFormatKind.JsonObject, strict: false, name: "Counts", schema: "{}", rules: null, wrapped: false, nullable: false, maxRetries: 0);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));
        var viaJson = await Assert.ThrowsAsync<ChatApiException>(() => PromptReply.JsonAsync(client, Hello(), format));

        Assert.Equal(502, error.StatusCode);
        Assert.True(error.InsideSuccessfulResponse);
        Assert.Equal("502", error.ErrorCode);
        Assert.Equal("Provider disconnected unexpectedly", error.ErrorMessage);
        Assert.Equal("""{"code":502,"message":"Provider disconnected unexpectedly"}""", error.RawBody);
        Assert.Equal(
            "The server reported an error inside a successful (HTTP 200) response, with status 502 in its error object: Provider disconnected unexpectedly [code 502] The server failed; try again later.",
            error.Message);
        Assert.Equal(error.Message, viaJson.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A200JsonBodyThatIsNotAChatCompletionIsAChatResponseException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("""{"contentType":"application/json","method":"POST","pathname":"/v1/chat/completions"}"""));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(
            "The chat endpoint answered HTTP 200 (application/json) with JSON that is not a chat completion (it has no 'choices'). Check ChatClientOptions.BaseUrl: it must be the API's base, such as https://api.openai.com/v1. Received: \"{\"contentType\":\"application/json\",\"method\":\"POST\",\"pathname\":\"/v1/chat/completions\"}\"",
            error.Message);
        Assert.Equal("\"{\"contentType\":\"application/json\",\"method\":\"POST\",\"pathname\":\"/v1/chat/completions\"}\"", error.Excerpt);
    }

    [Fact]
    public async Task MistralContentPartsGiveTheTextAndTheReasoningApart()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(MistralReply));
        using var client = new ChatClient(Options(server));

        var completion = await client.CompleteAsync(Hello());

        var message = completion.Choices[0].Message!;
        Assert.Equal("Crossing a river is quite different from crossing a street.", message.Content);
        Assert.Equal("Thinking about rivers", message.Reasoning);
        Assert.Equal("Crossing a river is quite different from crossing a street.", PromptReply.Text(completion));
        Assert.Equal(1411, completion.Usage!.TotalTokens);
    }

    [Fact]
    public async Task MistralStreamedContentPartsGiveOnlyTheTextAsDeltas()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Raw(MistralStream), Reply.Sse().Raw(MistralStream));
        using var client = new ChatClient(Options(server));

        var deltas = new List<string>();
        await foreach (var delta in PromptReply.StreamText(client.StreamAsync(Hello())))
        {
            deltas.Add(delta);
        }

        var chunks = await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal(["To cross the street safely, follow these steps."], deltas);
        Assert.Equal([null, "Okay", null], chunks.Select(chunk => chunk.Choices[0].Delta!.Reasoning));
        Assert.Equal(["", null, "To cross the street safely, follow these steps."], chunks.Select(chunk => chunk.Choices[0].Delta!.Content));
    }

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public async Task ReasoningFieldsAreReasoningNotContent(string field)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json("{\"id\":\"r1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"42\",\"" + field + "\":\"Let me think.\"},\"finish_reason\":\"stop\"}]}"),
            Reply.Sse()
                .Raw("data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"" + field + "\":\"Let me\"},\"finish_reason\":null}]}\n\n")
                .Raw("data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"" + field + "\":\" think.\"},\"finish_reason\":null}]}\n\n")
                .Raw("data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"42\"},\"finish_reason\":\"stop\"}]}\n\n")
                .Done());
        using var client = new ChatClient(Options(server));

        var completion = await client.CompleteAsync(Hello());
        var deltas = new List<string>();
        await foreach (var delta in PromptReply.StreamText(client.StreamAsync(Hello())))
        {
            deltas.Add(delta);
        }

        Assert.Equal("42", PromptReply.Text(completion));
        Assert.Equal("Let me think.", completion.Choices[0].Message!.Reasoning);
        Assert.Equal(["42"], deltas);
    }

    [Fact]
    public void AServerSendingBothReasoningFieldsAlikeGivesOneCopy()
    {
        var completion = JsonSerializer.Deserialize(
            """{"choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning":"Hmm.","reasoning_content":"Hmm."},"finish_reason":"stop"}]}""",
            ChatJsonContext.Default.ChatCompletion)!;

        Assert.Equal("Hmm.", completion.Choices[0].Message!.Reasoning);
        Assert.Equal("42", completion.Choices[0].Message!.Content);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public async Task TextMethodsFailTheSameWayWhenOnlyToolCallsCameBack(string content)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json("{\"id\":\"t1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + content + ",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"),
            Reply.Sse()
                .Raw("data: {\"id\":\"t1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" + content + ",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n")
                .Raw("data: {\"id\":\"t1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n")
                .Done());
        using var client = new ChatClient(Options(server));

        var completion = await client.CompleteAsync(Hello());
        var plain = Assert.Throws<PromptFormatException>(() => PromptReply.Text(completion));
        var streamed = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamText(client.StreamAsync(Hello())))
            {
            }
        });

        const string Expected = "The reply of choice 0 has only tool calls (finish_reason 'tool_calls'), so there is no text to return.";
        Assert.Equal(Expected, plain.Message);
        Assert.Equal(Expected, streamed.Message);
    }

    [Fact]
    public async Task TextMethodsFailTheSameWayWhenOnlyAudioCameBack()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json("""{"id":"a1","object":"chat.completion","created":1,"model":"gpt-audio","choices":[{"index":0,"message":{"role":"assistant","content":null,"audio":{"id":"audio_1","data":"UklGRg==","transcript":"Hi"}},"finish_reason":"stop"}]}"""),
            Reply.Sse()
                .Raw("data: {\"id\":\"a1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-audio\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"audio\":{\"id\":\"audio_1\",\"transcript\":\"Hi\"}},\"finish_reason\":null}]}\n\n")
                .Raw("data: {\"id\":\"a1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-audio\",\"choices\":[{\"index\":0,\"delta\":{\"audio\":{\"data\":\"UklGRg==\"}},\"finish_reason\":null}]}\n\n")
                .Done());
        using var client = new ChatClient(Options(server));

        var plain = Assert.Throws<PromptFormatException>(() => PromptReply.Text(client.CompleteAsync(Hello()).GetAwaiter().GetResult()));
        var streamed = await Assert.ThrowsAsync<PromptFormatException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamText(client.StreamAsync(Hello())))
            {
            }
        });

        Assert.Equal("The reply of choice 0 has no text (finish_reason 'stop'), so there is no text to return.", plain.Message);
        Assert.Equal("The reply of choice 0 has no text (no finish_reason), so there is no text to return.", streamed.Message);
        Assert.Null(streamed.FinishReason);
    }

    [Fact]
    public async Task AnAbsentFinishReasonIsReportedAsAbsentNotAsAValueTheServerSent()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json("""{"choices":[{"index":0,"message":null}]}"""),
            Reply.Json("""{"choices":[{"index":0,"message":null,"finish_reason":"none"}]}"""));
        using var client = new ChatClient(Options(server));

        var absent = Assert.Throws<PromptFormatException>(() => PromptReply.Text(client.CompleteAsync(Hello()).GetAwaiter().GetResult()));
        var sentNone = Assert.Throws<PromptFormatException>(() => PromptReply.Text(client.CompleteAsync(Hello()).GetAwaiter().GetResult()));

        Assert.Equal("The reply of choice 0 has no text (no finish_reason), so there is no text to return.", absent.Message);
        Assert.Null(absent.FinishReason);
        Assert.Equal("The reply of choice 0 has no text (finish_reason 'none'), so there is no text to return.", sentNone.Message);
        Assert.Equal("none", sentNone.FinishReason);
    }

    [Fact]
    public async Task AFinishReasonHoldingTheKeyIsRedactedInTheMessageAndTheProperty()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("""{"choices":[{"index":0,"message":null,"finish_reason":"SK-TEST-KEY"}]}"""));
        using var client = new ChatClient(Options(server));

        var error = Assert.Throws<PromptFormatException>(() => PromptReply.Text(client.CompleteAsync(Hello()).GetAwaiter().GetResult()));

        Assert.Equal("The reply of choice 0 has no text (finish_reason '[redacted]'), so there is no text to return.", error.Message);
        Assert.Equal("[redacted]", error.FinishReason);
    }

    [Theory]
    [InlineData(
        """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"medium"}}}}}""",
        400, "innererror.content_filter_result.violence.severity", "medium")]
    [InlineData(
        """{"error":{"message":"Failed to call a function. Please adjust your prompt. See 'failed_generation' for more details.","type":"invalid_request_error","code":"tool_use_failed","failed_generation":"<function=get_weather{\"city\": \"Oslo\"}</function>"}}""",
        400, "failed_generation", "<function=get_weather{\"city\": \"Oslo\"}</function>")]
    [InlineData(
        """{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"meta-llama/llama-3.3-70b-instruct:free is temporarily rate-limited upstream. Please retry shortly.","provider_name":"Venice"}},"user_id":"user_2x"}""",
        429, "metadata.raw", "meta-llama/llama-3.3-70b-instruct:free is temporarily rate-limited upstream. Please retry shortly.")]
    public async Task ProviderDetailsOfAnErrorAreKept(string body, int status, string path, string expected)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(body, status));
        var waits = new RecordedWaits();
        waits.Policy.MaxRetries = 0;
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(body, error.RawBody);
        var value = error.ErrorObject!.Value;
        foreach (var name in path.Split('.'))
        {
            value = value.GetProperty(name);
        }

        Assert.Equal(expected, value.GetString());
        Assert.False(error.InsideSuccessfulResponse);
    }

    [Fact]
    public async Task ARawBodyIsCutAfterTheKeyIsRemoved()
    {
        await using var server = await LoopbackServer.StartAsync();
        var body = new string('x', 1990) + ApiKey + " tail";
        server.Enqueue(Reply.Text(400, body));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(new string('x', 1990) + "[redacted]" + "…", error.RawBody);
        Assert.DoesNotContain("sk-test", error.ToString());
    }
}
