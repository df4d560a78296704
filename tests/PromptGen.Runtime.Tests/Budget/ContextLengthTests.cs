using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Budget;

/// <summary>
/// Issue 16 §2: a server's "prompt too long for the context window" is a <see cref="ContextLengthExceededException"/>,
/// sent byte for byte by the loopback server. Bodies: OpenAI's as pasted in chathub-dev/chathub#126 (2023);
/// llama.cpp's exceed_context_size_error (ggml-org/llama.cpp PR #15780, body as pasted in oobabooga/textgen#7257, 2025);
/// llama.cpp's older message (ggml-org/llama.cpp#17284).
/// </summary>
public sealed class ContextLengthTests
{
    private const string OpenAIBody =
        """{"error":{"message":"This model's maximum context length is 4097 tokens. However, your messages resulted in 4294 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""";

    private const string LlamaCppBody =
        """{"error":{"code":400,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"exceed_context_size_error","n_prompt_tokens":14429,"n_ctx":8192}}""";

    private const string OlderLlamaCppBody =
        """{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"invalid_request_error"}}""";

    private const string Guidance =
        "The prompt is longer than the model's context window: shorten it, or declare [MaxPromptTokens] on a method with a history so the oldest turns are dropped before sending. Not retried.";

    [Fact]
    public async Task OpenAIsContextLengthExceededIsTypedWithTheNumbersFromItsMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(OpenAIBody, 400).WithHeader("x-request-id", "req_ctx"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("context_length_exceeded", error.ErrorCode);
        Assert.Equal("messages", error.Param);
        Assert.Equal(4097, error.ContextWindow);
        Assert.Equal(4294, error.PromptTokens);
        Assert.False(error.InsideSuccessfulResponse);
        Assert.Equal(
            "The chat endpoint returned HTTP 400 (Bad Request): This model's maximum context length is 4097 tokens. However, your messages resulted in 4294 tokens. Please reduce the length of the messages. " +
            "[type invalid_request_error, code context_length_exceeded, param messages, request id req_ctx] " + Guidance,
            error.Message);
        Assert.Single(server.Requests); // a 400 is never retried
    }

    [Fact]
    public async Task LlamaCppsExceedContextSizeErrorIsTypedWithItsTokenCounts()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(LlamaCppBody, 400));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("exceed_context_size_error", error.ErrorType);
        Assert.Equal("400", error.ErrorCode);
        Assert.Equal(8192, error.ContextWindow);
        Assert.Equal(14429, error.PromptTokens);
        Assert.Equal(
            "The chat endpoint returned HTTP 400 (Bad Request): the request exceeds the available context size. try increasing the context size or enable context shift [type exceed_context_size_error, code 400] " + Guidance,
            error.Message);
    }

    [Fact]
    public async Task OlderLlamaCppWordingIsRecognisedByItsMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(OlderLlamaCppBody, 400));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.CompleteAsync(Hello()));

        Assert.Null(error.ContextWindow);
        Assert.Null(error.PromptTokens);
        Assert.Equal("the request exceeds the available context size, try increasing it", error.ErrorMessage);
    }

    [Fact]
    public async Task ItIsStillAChatApiExceptionForCodeThatCatchesThose()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(OpenAIBody, 400));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAnyAsync<ChatApiException>(async () => PromptReply.Text(await client.CompleteAsync(Hello())));

        Assert.IsType<ContextLengthExceededException>(error);
    }

    [Fact]
    public async Task AnotherBadRequestStaysAPlainChatApiException()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(400, "Invalid value for 'temperature'.", code: "invalid_value", param: "temperature"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(typeof(ChatApiException), error.GetType());
    }

    [Fact]
    public async Task TheKeyInAContextLengthBodyIsRemovedAndTheTypeKept()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(OpenAIBody.Replace("Please reduce", "Key " + ApiKey + ". Please reduce"), 400));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.CompleteAsync(Hello()));

        Assert.DoesNotContain(ApiKey, error.ToString());
        Assert.DoesNotContain(ApiKey, error.RawBody);
        Assert.Equal(4097, error.ContextWindow);
    }

    /// <summary>
    /// Redacting and re-advising are written once for every API exception (ApiErrorFacts): a context-length error keeps
    /// its kind, its numbers and every field, with the key removed from each text the server sent.
    /// </summary>
    [Fact]
    public void RedactingOrReadvisingAContextLengthErrorKeepsItsKindAndEveryField()
    {
        const string Key = "sk-CONTEXT-SECRET-123456789";
        using var errorObject = System.Text.Json.JsonDocument.Parse("{\"n_ctx\":8192,\"n_prompt_tokens\":14429,\"note\":\"" + Key + "\"}");
        var error = new ContextLengthExceededException(new ApiErrorFacts(
            400, "too long " + Key, "exceed_context_size_error", "c " + Key, "p " + Key, "req " + Key, "body " + Key, TimeSpan.FromSeconds(3), 2,
            Advice: null, InnerException: null, errorObject.RootElement.Clone(), InsideSuccessfulResponse: false));

        var redacted = Assert.IsType<ContextLengthExceededException>(error.Redacted(new Redactor(Key)));
        var readvised = Assert.IsType<ContextLengthExceededException>(redacted.WithAdvice("Shorten the chat."));

        foreach (var copy in new[] { redacted, readvised })
        {
            Assert.Equal((400, "exceed_context_size_error", TimeSpan.FromSeconds(3), 2, false), (copy.StatusCode, copy.ErrorType, copy.RetryAfter, copy.Attempts, copy.InsideSuccessfulResponse));
            Assert.Equal((8192, 14429), (copy.ContextWindow, copy.PromptTokens));
            foreach (var text in new[] { copy.Message, copy.ErrorMessage, copy.ErrorCode, copy.Param, copy.RequestId, copy.RawBody, copy.ErrorObject?.GetRawText() })
            {
                Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
            }

            Assert.StartsWith("too long ", copy.ErrorMessage, StringComparison.Ordinal);
        }

        Assert.EndsWith(Guidance, redacted.Message, StringComparison.Ordinal);
        Assert.EndsWith("Shorten the chat.", readvised.Message, StringComparison.Ordinal);
        Assert.Contains(Key, error.ErrorMessage, StringComparison.Ordinal); // the original is left as it was
    }
}
