using System.Net;
using System.Text.Json;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

public sealed class ChatClientRequestTests
{
    [Fact]
    public async Task CompletePostsTheSerializedRequestWithTheHeaders()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(File.ReadAllText(Recording("openai__basic-completion__gpt-4o-mini.json"))));
        var options = Options(server);
        options.Organization = "org-1";
        options.Project = "proj-1";
        options.Headers["X-Gateway"] = "blue";
        using var client = new ChatClient(options);
        var request = new ChatRequest { Model = "gpt-4o-mini", Messages = { ChatMessage.User("Say hello") }, MaxTokens = 20, Temperature = 0.5 };

        var completion = await client.CompleteAsync(request);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer " + ApiKey, sent.Header("Authorization"));
        Assert.Equal("org-1", sent.Header("OpenAI-Organization"));
        Assert.Equal("proj-1", sent.Header("OpenAI-Project"));
        Assert.Equal("blue", sent.Header("X-Gateway"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal(sent.Body.Length.ToString(), sent.Header("Content-Length"));
        Assert.Matches(@"^PromptGen/\d+\.\d+\.\d+", sent.Header("User-Agent"));
        Assert.Equal(ChatSerializer.SerializeRequest(request, MaxTokensField.MaxTokens), sent.Body);
        Assert.Equal("chat.completion", completion.Object);
        Assert.Equal("gpt-4o-mini-2024-07-18", completion.Model);
    }

    [Theory]
    [InlineData("v1", "/v1/chat/completions")]
    [InlineData("v1/", "/v1/chat/completions")]
    [InlineData("", "/chat/completions")]
    [InlineData("openai/v1//", "/openai/v1/chat/completions")]
    [InlineData("openai/deployments/d/?api-version=2024-10-21", "/openai/deployments/d/chat/completions?api-version=2024-10-21")]
    public async Task TheEndpointIsTheBaseUrlFollowedByChatCompletions(string relative, string path)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        var options = Options(server);
        options.BaseUrl = new Uri(server.BaseAddress, relative);
        using var client = new ChatClient(options);

        await client.CompleteAsync(Hello());

        Assert.Equal(path, server.Requests[0].Path);
        Assert.Equal(path, client.Endpoint.PathAndQuery);
    }

    [Fact]
    public async Task NoAuthorizationHeaderWithoutAKey()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        var options = Options(server);
        options.ApiKey = null;
        using var client = new ChatClient(options);

        await client.CompleteAsync(Hello());

        Assert.Null(server.Requests[0].Header("Authorization"));
        Assert.Null(server.Requests[0].Header("OpenAI-Organization"));
    }

    [Fact]
    public async Task AnExtraHeaderReplacesAStandardOne()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        var options = Options(server);
        options.ApiKey = null;
        options.Headers["Authorization"] = "Bearer entra-token";
        options.Headers["User-Agent"] = "MyApp/2";
        using var client = new ChatClient(options);

        await client.CompleteAsync(Hello());

        Assert.Equal("Bearer entra-token", server.Requests[0].Header("Authorization"));
        Assert.Equal("MyApp/2", server.Requests[0].Header("User-Agent"));
    }

    [Fact]
    public async Task TheModelComesFromTheOptionsWithoutChangingTheRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson), Reply.Json(CompletionJson));
        using var client = new ChatClient(Options(server));
        var request = Hello();

        await client.CompleteAsync(request);
        await client.CompleteAsync(Hello("own-model"));

        Assert.Null(request.Model);
        Assert.Null(request.Stream);
        Assert.Null(request.StreamOptions);
        Assert.Equal("""{"model":"gpt-test","messages":[{"role":"user","content":"Hi"}]}""", server.Requests[0].BodyText);
        Assert.Equal("""{"model":"own-model","messages":[{"role":"user","content":"Hi"}]}""", server.Requests[1].BodyText);
    }

    [Fact]
    public async Task AStreamFlagOnACompleteCallIsNotSent()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        using var client = new ChatClient(Options(server));
        var request = Hello();
        request.Stream = true;
        request.StreamOptions = new ChatStreamOptions { IncludeUsage = true };

        await client.CompleteAsync(request);

        Assert.Equal("""{"model":"gpt-test","messages":[{"role":"user","content":"Hi"}]}""", server.Requests[0].BodyText);
        Assert.True(request.Stream);
    }

    [Fact]
    public async Task AStreamedCallSendsStreamAndIncludeUsageWithoutChangingTheRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("Hi")).Done());
        using var client = new ChatClient(Options(server));
        var request = Hello();
        request.MaxTokens = 7;

        await ReadAllAsync(client.StreamAsync(request));

        var sent = server.Requests[0];
        var expected = Hello("gpt-test");
        expected.MaxTokens = 7;
        expected.Stream = true;
        expected.StreamOptions = new ChatStreamOptions { IncludeUsage = true };
        Assert.Equal(ChatSerializer.SerializeRequest(expected, MaxTokensField.MaxTokens), sent.Body);
        Assert.Equal("""{"model":"gpt-test","messages":[{"role":"user","content":"Hi"}],"max_tokens":7,"stream":true,"stream_options":{"include_usage":true}}""", sent.BodyText);
        Assert.Equal("text/event-stream", sent.Header("Accept"));
        Assert.Null(request.Model);
        Assert.Null(request.Stream);
        Assert.Null(request.StreamOptions);
    }

    [Fact]
    public async Task StreamUsageCanBeLeftOutOrSetByTheRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data(Chunk("ok", "stop")).Done(), Reply.Sse().Data(Chunk("ok", "stop")).Done());
        var options = Options(server);
        options.IncludeStreamUsage = false;
        using var client = new ChatClient(options);
        var own = Hello();
        own.StreamOptions = new ChatStreamOptions { IncludeUsage = false };

        await ReadAllAsync(client.StreamAsync(Hello()));
        await ReadAllAsync(client.StreamAsync(own));

        Assert.Equal("""{"model":"gpt-test","messages":[{"role":"user","content":"Hi"}],"stream":true}""", server.Requests[0].BodyText);
        Assert.Equal("""{"model":"gpt-test","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":false}}""", server.Requests[1].BodyText);
    }

    [Fact]
    public async Task NoModelAnywhereFailsBeforeAnyRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.Model = null;
        using var client = new ChatClient(options);
        const string Message = "The request names no model and ChatClientOptions.Model sets no default. Set ChatRequest.Model or ChatClientOptions.Model (for example \"gpt-4o-mini\").";

        var complete = await Assert.ThrowsAsync<InvalidOperationException>(() => client.CompleteAsync(Hello()));
        var stream = Assert.Throws<InvalidOperationException>(() => client.StreamAsync(Hello()));

        Assert.Equal(Message, complete.Message);
        Assert.Equal(Message, stream.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", "max_completion_tokens", MaxTokensField.Auto)]
    [InlineData("https://example.test/v1", "max_tokens", MaxTokensField.Auto)]
    [InlineData("https://api.openai.com/v1", "max_tokens", MaxTokensField.MaxTokens)]
    [InlineData("https://example.test/v1", "max_completion_tokens", MaxTokensField.MaxCompletionTokens)]
    public async Task AutoMaxTokensFieldFollowsTheHost(string baseUrl, string field, MaxTokensField setting)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        using var http = new HttpClient(new ToLoopback(server.BaseAddress));
        var options = Options(server);
        options.BaseUrl = new Uri(baseUrl);
        options.MaxTokensField = setting;
        using var client = new ChatClient(http, options);
        var request = Hello();
        request.MaxTokens = 9;

        await client.CompleteAsync(request);

        Assert.Contains($"\"{field}\":9", server.Requests[0].BodyText);
    }

    [Fact]
    public async Task ASuppliedHttpClientIsNotDisposed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson), Reply.Json(CompletionJson));
        using var http = new HttpClient();
        var client = new ChatClient(http, Options(server));
        await client.CompleteAsync(Hello());

        client.Dispose();

        using var response = await http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.CompleteAsync(Hello()));
    }

    [Fact]
    public async Task OneClientServesConcurrentCalls()
    {
        await using var server = await LoopbackServer.StartAsync();
        for (var i = 0; i < 16; i++)
        {
            server.Enqueue(Reply.Sse().Data(Chunk("a")).Data(Chunk("b", "stop")).Done());
        }

        using var client = new ChatClient(Options(server));
        var calls = Enumerable.Range(0, 16).Select(async i => await ReadAllAsync(client.StreamAsync(Hello("model-" + i)))).ToArray();

        var results = await Task.WhenAll(calls);

        Assert.Equal(16, server.Requests.Count);
        Assert.All(results, chunks => Assert.Equal("ab", string.Concat(chunks.Select(c => c.Choices[0].Delta!.Content))));
        Assert.Equal(
            Enumerable.Range(0, 16).Select(i => "model-" + i).Order(),
            server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()!).Order());
    }

    [Fact]
    public void OptionsReadTheEnvironmentWhenConstructed()
    {
        var environment = new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = "http://localhost:11434/v1/", ["OPENAI_API_KEY"] = " sk-env " };

        var options = new ChatClientOptions(name => environment.GetValueOrDefault(name));
        environment["OPENAI_API_KEY"] = "changed";

        Assert.Equal(new Uri("http://localhost:11434/v1/"), options.BaseUrl);
        Assert.Equal("sk-env", options.ApiKey);
        Assert.Equal(ChatClientOptions.DefaultBaseUrl, new ChatClientOptions(_ => null).BaseUrl);
        Assert.Null(new ChatClientOptions(_ => null).ApiKey);
        var bad = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_BASE_URL" ? "localhost:11434" : null));
        Assert.Equal("The environment variable OPENAI_BASE_URL is 'localhost:11434', which is not an absolute http or https URL. Fix or unset it, or set ChatClientOptions.BaseUrl.", bad.Message);
    }

    [Fact]
    public void TimeoutsMustBePositive()
    {
        var options = new ChatClientOptions(_ => null) { Timeout = Timeout.InfiniteTimeSpan, ResponseTimeout = null };

        Assert.Throws<ArgumentOutOfRangeException>(() => options.Timeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ResponseTimeout = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.StreamIdleTimeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Retry.MaxRetries = -1);
        Assert.Throws<ArgumentException>(() => options.BaseUrl = new Uri("ftp://example.test/"));
        Assert.Equal(Timeout.InfiniteTimeSpan, options.Timeout);
    }

    [Fact]
    public void OptionsAndClientDescribeThemselvesWithoutTheKey()
    {
        var options = new ChatClientOptions(_ => null) { ApiKey = "sk-very-secret-123", Model = "m" };
        options.Headers["api-key"] = "azure-secret-456";
        using var client = new ChatClient(options);

        Assert.Equal(
            "ChatClientOptions { BaseUrl = https://api.openai.com/v1, ApiKey = (set), Headers = [api-key], Model = m, MaxTokensField = Auto, IncludeStreamUsage = True, Timeout = 00:10:00, ResponseTimeout = (none), StreamIdleTimeout = (none), Retry = RetryPolicy { MaxRetries = 2, InitialDelay = 00:00:00.5000000, MaxDelay = 00:00:08, MaxServerWait = 00:01:00 } }",
            options.ToString());
        Assert.Equal("ChatClient { Endpoint = https://api.openai.com/v1/chat/completions, ApiKey = (set), Model = m }", client.ToString());
    }

    /// <summary>Sends every request to the loopback server whatever its host, so host-dependent behaviour is testable offline.</summary>
    private sealed class ToLoopback(Uri root) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(root, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
