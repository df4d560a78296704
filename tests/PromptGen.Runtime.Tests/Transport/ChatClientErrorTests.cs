using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

public sealed class ChatClientErrorTests
{
    private const string RateLimited =
        """{"error":{"message":"Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 200000, Used 200000, Requested 80. Please try again in 45.175s.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}""";

    [Fact]
    public async Task RetryAfterSecondsIsWaitedOut()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(RateLimited, 429).WithHeader("retry-after", "3"), Reply.Json(CompletionJson));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        var completion = await client.CompleteAsync(Hello());

        Assert.Equal("Hello!", completion.Choices[0].Message!.Content);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal([TimeSpan.FromSeconds(3)], waits.Waits);
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDateIsWaitedOut()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(RateLimited, 429).WithHeader("Retry-After", "Sun, 22 Nov 2026 00:00:07 GMT"), Reply.Json(CompletionJson));
        var waits = new RecordedWaits();
        waits.Policy.UtcNow = () => new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        using var client = new ChatClient(Options(server, waits));

        await client.CompleteAsync(Hello());

        Assert.Equal([TimeSpan.FromSeconds(7)], waits.Waits);
    }

    [Fact]
    public async Task RetryAfterMsWinsOverRetryAfter()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json(RateLimited, 429).WithHeader("retry-after", "46").WithHeader("retry-after-ms", "45175"),
            Reply.Json(RateLimited, 429).WithHeader("retry-after-ms", "1.5"),
            Reply.Json(CompletionJson));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        await client.CompleteAsync(Hello());

        Assert.Equal([TimeSpan.FromMilliseconds(45175), TimeSpan.FromTicks(15000)], waits.Waits);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task AServerWaitBeyondTheCapFailsAtOnce()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(RateLimited, 429).WithHeader("retry-after", "410400").WithHeader("x-request-id", "req_cap"));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Single(server.Requests);
        Assert.Empty(waits.Waits);
        Assert.Equal(TimeSpan.FromHours(114), error.RetryAfter);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(
            "The chat endpoint returned HTTP 429 (Too Many Requests): Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 200000, Used 200000, Requested 80. Please try again in 45.175s. " +
            "[type tokens, code rate_limit_exceeded, request id req_cap] " +
            "The server asks to wait 114 h before trying again, longer than ChatClientOptions.Retry.MaxServerWait (1 min), so the call was not retried. Try again after that wait, or raise MaxServerWait.",
            error.Message);
    }

    [Fact]
    public async Task InsufficientQuotaIsFinal()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(File.ReadAllText(Recording("openai__error-429-insufficient-quota__FROM-ISSUE.json")), 429).WithHeader("retry-after", "1"));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Single(server.Requests);
        Assert.Empty(waits.Waits);
        Assert.Equal("insufficient_quota", error.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(
            "The chat endpoint returned HTTP 429 (Too Many Requests): You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors. " +
            "[type insufficient_quota, code insufficient_quota] The account has no quota or credit left; check the plan and billing. Not retried.",
            error.Message);
    }

    [Fact]
    public async Task BadRequestIsNotRetried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(File.ReadAllText(Recording("openai__error-400-unsupported-value-system-role.json")), 400));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Single(server.Requests);
        Assert.Empty(waits.Waits);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Equal("unsupported_value", error.ErrorCode);
        Assert.Equal("messages[0].role", error.Param);
        Assert.Equal(File.ReadAllText(Recording("openai__error-400-unsupported-value-system-role.json")), error.RawBody);
        Assert.Equal("unsupported_value", error.ErrorObject!.Value.GetProperty("code").GetString());
        Assert.False(error.InsideSuccessfulResponse);
        Assert.Equal(
            "The chat endpoint returned HTTP 400 (Bad Request): Unsupported value: 'messages[0].role' does not support 'system' with this model. " +
            "[type invalid_request_error, code unsupported_value, param messages[0].role] The server rejected the request parameter 'messages[0].role'; fix it before trying again. Not retried.",
            error.Message);
    }

    [Fact]
    public async Task UnauthorizedNamesTheKeySetting()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(File.ReadAllText(Recording("openai__error-401-invalid-api-key.json")), 401).WithHeader("x-request-id", "req_401"));
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Single(server.Requests);
        Assert.Equal("req_401", error.RequestId);
        Assert.Equal(
            "The chat endpoint returned HTTP 401 (Unauthorized): Incorrect API key provided: not-a-re**************************ized. You can find your API key at https://platform.openai.com/account/api-keys. " +
            "[type invalid_request_error, code invalid_api_key, request id req_401] Check the API key (ChatClientOptions.ApiKey or the OPENAI_API_KEY environment variable). Not retried.",
            error.Message);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithBackoffUntilTheLimit()
    {
        await using var server = await LoopbackServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            server.Enqueue(Reply.Error(500, "The server had an error while processing your request. Sorry about that!", "server_error"));
        }

        var waits = new RecordedWaits(jitter: 0.5);
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(750)], waits.Waits);
        Assert.Equal(3, error.Attempts);
        Assert.Null(error.RetryAfter);
        Assert.Equal(
            "The chat endpoint returned HTTP 500 (Internal Server Error) (after 3 attempts): The server had an error while processing your request. Sorry about that! [type server_error] The server failed; try again later.",
            error.Message);
    }

    [Fact]
    public async Task BackoffDoublesUpToTheMaximum()
    {
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Jitter = () => 1 };

        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)],
            Enumerable.Range(1, 5).Select(policy.Backoff));
        policy.Jitter = () => 0;
        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.Backoff(1));
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task GatewayErrorsAreRetried(int status)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Text(status, "<html>upstream</html>", "text/html"), Reply.Json(CompletionJson));
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        await client.CompleteAsync(Hello());

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(500)], waits.Waits);
    }

    [Fact]
    public async Task AConnectionAbortBeforeAnyByteIsRetried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Abort(), Reply.Sse().Data(Chunk("ok", "stop")).Done());
        var waits = new RecordedWaits();
        using var client = new ChatClient(Options(server, waits));

        var chunks = await ReadAllAsync(client.StreamAsync(Hello()));

        Assert.Equal("ok", chunks[0].Choices[0].Delta!.Content);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(500)], waits.Waits);
    }

    [Fact]
    public async Task ConnectionFailuresFailAfterTheRetries()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Abort(), Reply.Abort(), Reply.Abort());
        using var client = new ChatClient(Options(server));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(3, server.Requests.Count);
        Assert.StartsWith($"The connection to the chat endpoint {server.BaseUrl}/chat/completions dropped after the request was sent, before the response headers arrived after 3 attempts: ", error.Message);
        Assert.EndsWith(" The server was reached; it or a proxy closed the connection. Try the call again.", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task AClosedPortSaysTheEndpointCouldNotBeReached()
    {
        Uri baseUrl;
        await using (var server = await LoopbackServer.StartAsync())
        {
            baseUrl = server.BaseUrl;
        }

        var waits = new RecordedWaits();
        using var client = new ChatClient(new ChatClientOptions(static _ => null) { BaseUrl = baseUrl, Model = "m", Retry = waits.Policy });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.CompleteAsync(Hello()));

        Assert.StartsWith($"Could not reach the chat endpoint {baseUrl}/chat/completions after 3 attempts: ", error.Message);
        Assert.EndsWith(" Check ChatClientOptions.BaseUrl and that the server is running.", error.Message);
        Assert.Equal(2, waits.Waits.Count);
    }

    [Fact]
    public async Task OnRetryReportsEachRetryWithItsAttemptStatusAndWait()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json(RateLimited, 429).WithHeader("retry-after", "3"),
            Reply.Abort(),
            Reply.Json(CompletionJson));
        var waits = new RecordedWaits();
        var retries = new List<ChatRetry>();
        waits.Policy.OnRetry = retries.Add;
        using var client = new ChatClient(Options(server, waits));

        await client.CompleteAsync(Hello());

        Assert.Equal(2, retries.Count);
        Assert.Equal((1, (int?)429, TimeSpan.FromSeconds(3), true), (retries[0].Attempt, retries[0].StatusCode, retries[0].Wait, retries[0].ServerAskedWait));
        Assert.IsType<ChatApiException>(retries[0].Failure);
        Assert.Equal("retry after attempt 1 (HTTP 429), waiting 3 s as the server asked", retries[0].ToString());
        Assert.Equal((2, (int?)null, TimeSpan.FromSeconds(1), false), (retries[1].Attempt, retries[1].StatusCode, retries[1].Wait, retries[1].ServerAskedWait));
        Assert.IsType<HttpRequestException>(retries[1].Failure);
        Assert.Equal("retry after attempt 2 (connection failed), waiting 1 s", retries[1].ToString());
        Assert.Equal(waits.Waits, retries.Select(retry => retry.Wait));
    }

    [Fact]
    public async Task OnRetryIsNotCalledForTheFinalFailure()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(503, "busy", "server_error"), Reply.Error(503, "busy", "server_error"));
        var waits = new RecordedWaits();
        waits.Policy.MaxRetries = 1;
        var retries = new List<ChatRetry>();
        waits.Policy.OnRetry = retries.Add;
        using var client = new ChatClient(Options(server, waits));

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(1, Assert.Single(retries).Attempt);
    }

    [Fact]
    public async Task RetryPolicyNoneTurnsRetryingOff()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(RateLimited, 429).WithHeader("retry-after", "1"));
        var options = Options(server);
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Single(server.Requests);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Theory]
    [InlineData("""{"error":{"message":"This model's maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400}}""", "BadRequestError", "400", null)]
    [InlineData("""{"object":"error","message":"This model's maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400}""", "BadRequestError", "400", null)]
    [InlineData("""{"error":{"code":"content_filter","message":"This model's maximum context length is 4096 tokens.","param":"prompt","type":null,"status":400,"innererror":{"code":"ResponsibleAIPolicyViolation"}}}""", null, "content_filter", "prompt")]
    public async Task ErrorBodiesOfOtherServersAreRead(string body, string? type, string code, string? param)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(body, 400));
        using var client = new ChatClient(Options(server));

        // Issue 16: the message is about the context window, so each is a ContextLengthExceededException (a ChatApiException).
        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(4096, error.ContextWindow);
        Assert.Equal("This model's maximum context length is 4096 tokens.", error.ErrorMessage);
        Assert.Equal(type, error.ErrorType);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(param, error.Param);
        Assert.Equal(body, error.RawBody);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task ABodyThatIsNotAnErrorObjectIsKeptShortened()
    {
        await using var server = await LoopbackServer.StartAsync();
        var page = "<html>" + new string('x', 5000) + "</html>";
        server.Enqueue(Reply.Text(404, "404 page not found"), Reply.Text(404, page, "text/html"));
        var options = Options(server);
        using var client = new ChatClient(options);

        var short404 = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));
        var long404 = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("404 page not found", short404.RawBody);
        Assert.Null(short404.ErrorMessage);
        Assert.Equal(
            "The chat endpoint returned HTTP 404 (Not Found): (body is not an error object) 404 page not found Check the model name and ChatClientOptions.BaseUrl. Not retried.",
            short404.Message);
        Assert.Equal(page.Substring(0, 2000) + "…", long404.RawBody);
    }

    [Fact]
    public async Task ASuccessBodyThatIsNotJsonFailsWithAnExcerpt()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Text(200, "<html>Gateway login</html>", "text/html"), Reply.Json("null"));
        using var client = new ChatClient(Options(server));

        var html = await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello()));
        var jsonNull = await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("The chat endpoint answered HTTP 200 (text/html) with a body that is not a chat completion: reading stopped at line 1, byte 1, where the body is not JSON or not what a chat completion has there. Check ChatClientOptions.BaseUrl: it must be the API's base, such as https://api.openai.com/v1. Received: \"<html>Gateway login</html>\"", html.Message);
        Assert.Equal("\"<html>Gateway login</html>\"", html.Excerpt);
        Assert.Equal("The chat endpoint answered HTTP 200 with the JSON value null instead of a chat completion.", jsonNull.Message);
    }

    [Fact]
    public async Task TheApiKeyNeverAppearsInAnException()
    {
        const string Key = "sk-LEAKCHECK-7f3a9c1e55d04b";
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Error(401, $"Incorrect API key provided: {Key}.", code: "invalid_api_key"),
            Reply.Text(400, $"bad key {Key}"),
            Reply.Sse().Event("error", "{\"error\":{\"message\":\"key " + Key + " revoked\"}}"),
            Reply.Sse().Data("{\"key\":\"" + Key),
            Reply.Text(200, $"<html>{Key}</html>", "text/html"),
            Reply.Json("{\"error\":{\"message\":\"" + Key + "\"}}"),
            Reply.Abort(),
            Reply.Json(CompletionJson).HangBeforeHeaders());
        var options = Options(server);
        options.ApiKey = Key;
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);
        options.ResponseTimeout = TimeSpan.FromMilliseconds(100);
        using var hanging = new ChatClient(options);
        var errors = new List<Exception>
        {
            await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello())),
            await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello())),
            await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello()))),
            await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello()))),
            await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello())),
            await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello()))),
            await Assert.ThrowsAsync<HttpRequestException>(() => client.CompleteAsync(Hello())),
            await Assert.ThrowsAsync<ChatTimeoutException>(() => hanging.CompleteAsync(Hello())),
        };
        options.Model = null;
        errors.Add(await Assert.ThrowsAsync<InvalidOperationException>(() => new ChatClient(options).CompleteAsync(Hello())));

        Assert.Equal($"Bearer {Key}", server.Requests[0].Header("Authorization"));
        Assert.Equal("Incorrect API key provided: [redacted].", ((ChatApiException)errors[0]).ErrorMessage);
        Assert.Equal("bad key [redacted]", ((ChatApiException)errors[1]).RawBody);
        Assert.All(errors, error => Assert.DoesNotContain(Key, error.ToString()));
        Assert.All(errors, error => Assert.DoesNotContain("LEAKCHECK", (error as ChatResponseException)?.Excerpt ?? ""));
        Assert.DoesNotContain(Key, options.ToString());
        Assert.DoesNotContain(Key, client.ToString());
    }
}
