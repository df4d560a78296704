using System.Net.Http;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Run-time faults of the tenth review: local failures that were retried and blamed on the network, a whole-call timeout
/// that hid the retry it interrupted, credentials in a base URL printed by ToString and messages, and a key echoed with
/// JSON escapes kept in a raw body.
/// </summary>
public sealed class RunTimeReviewTests
{
    [Fact]
    public async Task ADisposedHttpClientIsNeitherRetriedNorBlamedOnTheNetwork()
    {
        await using var server = await LoopbackServer.StartAsync();
        var retries = 0;
        var options = Options(server);
        options.Retry.OnRetry = _ => retries++;
        var http = new HttpClient();
        using var client = new ChatClient(http, options);
        http.Dispose();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(
            "The HttpClient this ChatClient sends through was disposed (the ChatClient itself, or the HttpClient given to it), so the request was not sent and is not retried. Keep the HttpClient alive as long as the ChatClient that uses it; with IHttpClientFactory, do not dispose the client it hands out.",
            error.Message.Split('\n')[0].TrimEnd());
        Assert.DoesNotContain("BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, retries);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AHeaderAHandlerAddsThatCannotBeSentIsNeitherRetriedNorBlamedOnTheNetwork()
    {
        await using var server = await LoopbackServer.StartAsync();
        var retries = 0;
        var options = Options(server);
        options.Retry.OnRetry = _ => retries++;
        using var http = new HttpClient(new AddsHeader("X-Signature", "caf\u00e9", new SocketsHttpHandler()));
        using var client = new ChatClient(http, options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(
            "The request header X-Signature, added by a handler of the HttpClient, contains a character that is not ASCII (U+00E9, character 4 of 4); HTTP header values must be ASCII, so the X-Signature header could never be sent. It is often a typographic quote, dash or invisible space pasted with the value: type the value again. Not retried: no attempt can send it. Fix the handler that sets it.",
            error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(0, retries);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task HttpsToAServerThatSpeaksPlainHttpIsNotRetriedAndSaysSo()
    {
        await using var server = await LoopbackServer.StartAsync();
        var retries = 0;
        var options = Options(server);
        options.BaseUrl = new UriBuilder(server.BaseUrl) { Scheme = "https" }.Uri;
        options.Retry.OnRetry = _ => retries++;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.CompleteAsync(Hello()));

        Assert.StartsWith($"The TLS (https) connection to the chat endpoint {client.Endpoint} could not be established: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            " Not retried: this does not pass by itself. Check that ChatClientOptions.BaseUrl uses https only for a server that speaks TLS (a local server usually wants http://), and that the server's certificate is valid and trusted on this machine.",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(0, retries);
    }

    [Fact]
    public async Task ATimeoutDuringAServerRequestedRetryWaitSaysSoAndKeepsTheServersError()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(503, "Overloaded", type: "server_error").WithHeader("Retry-After", "30"));
        var options = Options(server);
        options.Retry = new RetryPolicy(); // waits for real
        options.Timeout = TimeSpan.FromSeconds(1);
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(
            "The chat call did not finish within ChatClientOptions.Timeout (1 s): it was waiting 30 s, as the server asked, to retry after HTTP 503 on attempt 1. Raise the timeout, or set ChatClientOptions.Retry.MaxServerWait below it, so that a server asking for a wait that long fails the call at once with its HTTP 503.",
            error.Message);
        Assert.Equal("ChatClientOptions.Timeout", error.TimeoutName);
        var inner = Assert.IsType<ChatApiException>(error.InnerException);
        Assert.Equal(503, inner.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), inner.RetryAfter);
        Assert.Equal("Overloaded", inner.ErrorMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ATimeoutDuringABackoffWaitNamesTheBackoff()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(502, "Bad gateway", type: "server_error"));
        var options = Options(server);
        options.Retry = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(20), MaxDelay = TimeSpan.FromSeconds(20), Jitter = () => 1 };
        options.Timeout = TimeSpan.FromMilliseconds(500);
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(
            "The chat call did not finish within ChatClientOptions.Timeout (500 ms): it was waiting 20 s to retry after HTTP 502 on attempt 1. Raise the timeout, or wait less between attempts (ChatClientOptions.Retry.MaxDelay) or retry less (MaxRetries).",
            error.Message);
        Assert.Equal(502, Assert.IsType<ChatApiException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task ATimeoutInTheAttemptAfterARetryNamesTheFailureThatWasRetried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(503, "Overloaded", type: "server_error"), Reply.Json(CompletionJson).HangBeforeHeaders());
        var options = Options(server); // records the backoff instead of sleeping
        options.Timeout = TimeSpan.FromMilliseconds(500);
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.CompleteAsync(Hello()));

        Assert.Equal(
            "The chat call did not finish within ChatClientOptions.Timeout (500 ms). Attempt 2 had not finished; attempt 1 failed with HTTP 503 and was retried after 500 ms. Raise the timeout, or ask for less (a lower MaxTokens, streaming).",
            error.Message);
        Assert.Equal(503, Assert.IsType<ChatApiException>(error.InnerException).StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void CredentialsInTheBaseUrlAreRefusedWithoutShowingThem()
    {
        // A base URL with user information is refused (it would be sent and shown wherever the endpoint is); no message,
        // from the setter or the environment variable, shows the password, and a URL that is refused for another reason
        // shows its user information as [redacted].
        const string secret = "pa55-URL-SECRET-777";
        var options = new ChatClientOptions(static _ => null);

        var http = Assert.Throws<ArgumentException>(() => options.BaseUrl = new Uri($"http://user:{secret}@127.0.0.1:1/v1"));
        var httpEnvironment = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_BASE_URL" ? $"http://user:{secret}@127.0.0.1:1/v1" : null));
        var environment = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_BASE_URL" ? $"ftp://user:{secret}@host/v1" : null));
        var setter = Assert.Throws<ArgumentException>(() => options.BaseUrl = new Uri($"ftp://user:{secret}@host/v1"));

        Assert.Equal("The base URL has user information before its host (http://…@127.0.0.1), which would be sent and shown wherever the endpoint is. Put a key in ChatClientOptions.ApiKey or a header in ChatClientOptions.Headers instead. (Parameter 'value')", http.Message);
        Assert.Equal("The environment variable OPENAI_BASE_URL has user information before its host (http://…@127.0.0.1), which would be sent and shown wherever the endpoint is. Put a key in ChatClientOptions.ApiKey or a header in ChatClientOptions.Headers instead. Fix or unset it, or set ChatClientOptions.BaseUrl.", httpEnvironment.Message);
        
        Assert.Equal("The environment variable OPENAI_BASE_URL is 'ftp://[redacted]@host/v1', which is not an absolute http or https URL. Fix or unset it, or set ChatClientOptions.BaseUrl.", environment.Message);
        Assert.Equal("The base URL must be an absolute http or https URL, but its scheme is 'ftp'. Start it with https:// (http:// for a server on this machine). (Parameter 'value')", setter.Message);
        foreach (var error in new Exception[] { http, httpEnvironment, environment, setter })
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsInAnImageUrlNeverShowInToStringOrMessages()
    {
        var image = ImageInput.FromUrl(new Uri("https://user:img-SECRET-55@images.example.test/cat.png"));
        var part = image.ToContentPart();
        var refused = Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(new Uri("ftp://user:img-SECRET-55@images.example.test/cat.png")));

        Assert.Equal("https://[redacted]@images.example.test/cat.png", image.ToString());
        Assert.Equal("https://[redacted]@images.example.test/cat.png", part.ImageUrl!.ToString());
        Assert.Equal("https://user:img-SECRET-55@images.example.test/cat.png", part.ImageUrl.Url); // sent as given: only its display is masked
        Assert.StartsWith("An image URL must be an absolute http, https or data: URI, but got 'ftp://[redacted]@images.example.test/cat.png'.", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.example.test/v1", "https://api.example.test/v1")]
    [InlineData("https://key@api.example.test/v1", "https://[redacted]@api.example.test/v1")]
    [InlineData("https://u:p@ss@api.example.test/v1?x=a@b", "https://[redacted]@api.example.test/v1?x=a@b")]
    [InlineData("mailto:cat@example.com", "mailto:cat@example.com")]
    [InlineData("http://key@", "http://[redacted]@")]
    [InlineData("", "")]
    [InlineData("/v1/a@b", "/v1/a@b")]
    public void UrlTextMasksTheUserInfoOnly(string url, string shown)
    {
        Assert.Equal(shown, UrlText.Show(url));
    }

    [Fact]
    public async Task AKeyEchoedWithJsonEscapesIsRedactedInTheRawBodyAndErrorObject()
    {
        const string key = "sk-proj-ESCAPED-SECRET-31337";
        var escaped = string.Concat(key.Select(c => $"\\u{(int)c:x4}"));
        var mixed = string.Concat(key.Select((c, i) => i % 2 == 0 ? c.ToString() : $"\\u{(int)c:X4}")); // every other character escaped
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(
            Reply.Json("{\"error\":{\"message\":\"Incorrect API key provided: " + escaped + ".\",\"code\":\"invalid_api_key\"}}", 401),
            Reply.Text(400, "{\"detail\":\"bad key " + mixed + "\"}"));
        var options = Options(server);
        options.ApiKey = key;
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var object401 = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));
        var text400 = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("Incorrect API key provided: [redacted].", object401.ErrorMessage);
        Assert.Equal("{\"error\":{\"message\":\"Incorrect API key provided: [redacted].\",\"code\":\"invalid_api_key\"}}", object401.RawBody);
        Assert.Equal("{\"message\":\"Incorrect API key provided: [redacted].\",\"code\":\"invalid_api_key\"}", object401.ErrorObject?.GetRawText());
        Assert.Equal("{\"detail\":\"bad key [redacted]\"}", text400.RawBody);
        Assert.Contains("bad key [redacted]", text400.Message, StringComparison.Ordinal);
        foreach (var error in new[] { object401, text400 })
        {
            var all = error + "|" + error.RawBody + "|" + error.ErrorObject?.GetRawText();
            Assert.DoesNotContain("\\u0073\\u006b", all, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ESCAPED-SECRET", all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("plain sk-proj-ESCAPED-SECRET-31337 end", "plain [redacted] end")]
    [InlineData("a \\u0073\\u006B\\u002dproj-ESCAPED\\u002DSECRET-31337\\n b", "a [redacted]\\n b")]
    [InlineData("\\\"sk-proj\\\" and \\\\ \\q stay", "\\\"sk-proj\\\" and \\\\ \\q stay")]
    [InlineData("cut \\u00", "cut \\u00")]
    public void TheRedactorReadsJsonEscapes(string text, string expected)
    {
        var redactor = new Redactor("sk-proj-ESCAPED-SECRET-31337");

        Assert.Equal(expected, redactor.Redact(text));
        Assert.Equal(expected != text, redactor.Leaks(text));
    }

    /// <summary>A handler that adds a header to every request, as signing or gateway handlers do.</summary>
    private sealed class AddsHeader(string name, string value, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(name, value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
