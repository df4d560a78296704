using System.Net.Http;
using System.Text;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Review 12 #1 and #2: a message that quotes a configured value (a base URL, a header name, a value shown by ToString)
/// masks the API key and the header values wherever they occur in it, by one rule (ConfiguredText); and a key is masked
/// whatever its length, so a short key a server echoes is masked in the message, RawBody and ErrorObject too.
/// </summary>
public sealed class ConfiguredSecretTests
{
    private const string Key = "sk-SECRET-0123456789abcdef";

    private static ChatClientOptions Bare() => new(static _ => null);

    [Fact]
    public void ABaseUrlFragmentIsDescribedNotQuotedWhetherTheKeyIsSetBeforeOrAfter()
    {
        var before = Assert.Throws<ArgumentException>(() => new ChatClientOptions(static _ => null) { ApiKey = Key, BaseUrl = new Uri("https://api.example.com/v1#" + Key) });
        var after = Assert.Throws<ArgumentException>(() => new ChatClientOptions(static _ => null) { BaseUrl = new Uri("https://api.example.com/v1#" + Key), ApiKey = Key });

        const string expected = "The base URL 'https://api.example.com/v1' has a fragment ('#' and 26 characters after it), which means nothing to a server. Remove it. (Parameter 'value')";
        Assert.Equal(expected, before.Message);
        Assert.Equal(expected, after.Message);
    }

    [Fact]
    public void ABaseUrlOfAnotherSchemeQuotesOnlyItsScheme()
    {
        var error = Assert.Throws<ArgumentException>(() => new ChatClientOptions(static _ => null) { BaseUrl = new Uri("ftp://files.example/" + Key), ApiKey = Key });

        Assert.Equal("The base URL must be an absolute http or https URL, but its scheme is 'ftp'. Start it with https:// (http:// for a server on this machine). (Parameter 'value')", error.Message);
    }

    [Fact]
    public void ARelativeBaseUrlIsQuotedWithTheKeyAndTheHeaderValuesMasked()
    {
        var options = Bare();
        options.ApiKey = Key;
        options.Headers["api-key"] = "azure-key-42";

        var error = Assert.Throws<ArgumentException>(() => options.BaseUrl = new Uri("v1/" + Key + "/azure-key-42", UriKind.Relative));

        Assert.Equal("The base URL must be an absolute http or https URL, but was the relative URL 'v1/[redacted]/[redacted]'. Start it with https:// (http:// for a server on this machine). (Parameter 'value')", error.Message);
    }

    [Fact]
    public void TheEnvironmentBaseUrlIsQuotedWithTheEnvironmentKeyMasked()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = Key, ["OPENAI_BASE_URL"] = "not a url " + Key };
        var notUrl = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => environment.GetValueOrDefault(name)));
        environment["OPENAI_BASE_URL"] = "https://api.example.com/v1#" + Key;
        var fragment = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => environment.GetValueOrDefault(name)));

        Assert.Equal("The environment variable OPENAI_BASE_URL is 'not a url [redacted]', which is not an absolute http or https URL. Fix or unset it, or set ChatClientOptions.BaseUrl.", notUrl.Message);
        Assert.Equal("The environment variable OPENAI_BASE_URL 'https://api.example.com/v1' has a fragment ('#' and 26 characters after it), which means nothing to a server. Remove it. Fix or unset it, or set ChatClientOptions.BaseUrl.", fragment.Message);
    }

    [Fact]
    public void AnInvalidHeaderNameHoldingTheKeyIsQuotedMasked()
    {
        var options = Bare();
        options.ApiKey = Key;
        options.Headers["Authorization: Bearer " + Key] = "";

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.StartsWith("ChatClientOptions.Headers has the header name 'Authorization: Bearer [redacted]', which ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToStringMasksTheKeyPastedIntoAShownValue()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.ApiKey = Key;
        options.Model = Key;
        options.Organization = "org-" + Key;
        options.Headers["x-team"] = "team-secret";
        options.Project = "team-secret";
        using var client = new ChatClient(options);

        Assert.Equal(
            $"ChatClientOptions {{ BaseUrl = {server.BaseUrl}, ApiKey = (set), Organization = org[redacted], Project = [redacted], Headers = [x-team], Model = [redacted], MaxTokensField = Auto, IncludeStreamUsage = True, Timeout = 00:10:00, ResponseTimeout = (none), StreamIdleTimeout = (none), Retry = {options.Retry} }}",
            options.ToString());
        Assert.Equal($"ChatClient {{ Endpoint = {server.BaseUrl}/chat/completions, ApiKey = (set), Model = [redacted] }}", client.ToString());
    }

    [Fact]
    public async Task AKeyPastedAsTheModelIsMaskedInTheBudgetMessages()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.ApiKey = Key;
        options.Model = Key;
        options.TokenCounter = new Budget.WordCounter();
        using var client = new ChatClient(options);
        var request = Hello();
        request.Budget = new PromptBudget(null, 0, 0);
        var tight = Hello();
        tight.Budget = new PromptBudget(1, 0, 0);

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => client.CompleteAsync(request));
        var over = await Assert.ThrowsAsync<PromptBudgetExceededException>(() => client.CompleteAsync(tight));

        Assert.Equal("The method's prompt token budget is the model's context window, but the token counter does not know the context window of '[redacted]'. Declare the budget explicitly with [MaxPromptTokens(n)].", unknown.Message);
        Assert.DoesNotContain(Key, over.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("for model '[redacted]'", over.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("sk-a", "bad key [redacted] here")]
    [InlineData("sk-abc7", "bad key [redacted] here")]
    [InlineData("EMPTY", "bad key [redacted] here")]
    [InlineData("k", "bad [redacted]ey [redacted] here")] // a one-letter key masks that letter everywhere: worse to read, never a leak
    public async Task AKeyOfAnyLengthEchoedByTheServerIsMaskedEverywhere(string key, string masked)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("{\"error\":{\"message\":\"bad key " + key + " here\",\"type\":\"t\",\"code\":\"" + key + "\"}}", 500));
        server.Enqueue(Reply.Sse().Data("{\"choices\":[],\"error\":{\"message\":\"bad key " + key + " here\"}}").Done());
        var options = Options(server);
        options.ApiKey = key;
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));
        var streamed = await Assert.ThrowsAsync<ChatApiException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal($"Bearer {key}", server.Requests[0].Header("Authorization"));
        foreach (var api in new[] { error, streamed })
        {
            Assert.Equal(masked, api.ErrorMessage);
            Assert.Contains(masked, api.Message, StringComparison.Ordinal);
            Assert.Contains(masked, api.RawBody, StringComparison.Ordinal);
            Assert.Contains(masked, api.ErrorObject!.Value.GetRawText(), StringComparison.Ordinal);
            AssertNone(key, Describe(api));
        }

        Assert.Equal("[redacted]", error.ErrorCode);
    }

    [Fact]
    public async Task AHeaderValueIsMaskedFromEightCharactersAndAShortOneIsNot()
    {
        // A credential in a header (Azure's api-key) is masked as the key is; a short value ("2") is no credential, and
        // masking it would mask every "2" in the message (the status code included).
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("{\"error\":{\"message\":\"api-key az9az9az is wrong for version 2 (HTTP 429)\",\"type\":\"t\"}}", 401));
        var options = Options(server);
        options.Headers["api-key"] = "az9az9az";
        options.Headers["X-Version"] = "2";
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("api-key [redacted] is wrong for version 2 (HTTP 429)", error.ErrorMessage);
        AssertNone("az9az9az", Describe(error));
    }

    [Fact]
    public void TelemetryMasksAShortSecretAndQuotesARelativeEndpointMasked()
    {
        var options = new PromptGen.Telemetry.ChatTelemetryOptions { Secrets = { "az9", Key } };
        var telemetry = new PromptGen.Telemetry.ChatTelemetry(options);

        var endpoint = Assert.Throws<ArgumentException>(() => options.Endpoint = new Uri("v1/" + Key, UriKind.Relative));

        Assert.Equal("model az [redacted] end", telemetry.Scrub("model az az9 end"));
        Assert.Equal("ChatTelemetryOptions.Endpoint is 'v1/[redacted]', a relative URL; set the absolute URL of the server (https://api.openai.com/v1), or null to take the ChatClient's. (Parameter 'Endpoint')", endpoint.Message);
    }

    [Fact]
    public void AKeyPastedWhereNoKeyIsConfiguredIsMaskedByItsShape()
    {
        // Review 13 #1: no ApiKey and no OPENAI_API_KEY, the key pasted into another setting.
        const string pasted = "sk-proj-SECRETabcdef1234567890";
        var relative = Assert.Throws<ArgumentException>(() => Bare().BaseUrl = new Uri(pasted, UriKind.RelativeOrAbsolute));
        var header = Bare();
        header.Headers["api-key " + pasted] = "x";
        var headerName = Assert.Throws<ArgumentException>(() => new ChatClient(header));
        var query = Bare();
        query.BaseUrl = new Uri("http://127.0.0.1:1/v1?key=" + pasted);
        using var client = new ChatClient(query);
        var variable = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_BASE_URL" ? pasted : null));

        foreach (var text in new[] { relative.Message, headerName.Message, client.ToString(), query.ToString(), variable.Message })
        {
            Assert.DoesNotContain("SECRET", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("[redacted]", text, StringComparison.Ordinal);
        }

        Assert.StartsWith("ChatClientOptions.Headers has the header name 'api-key [redacted]', which ", headerName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMaskIsNotMatchedAgainByAShorterSecretInTheChain()
    {
        // The key masked first; a header value that is the mask's own word must not eat into "[redacted]".
        var redactor = new Redactor("sk-a", new[] { "redacted", "REDACTED]" });

        Assert.Equal("bad key [redacted] here", redactor.Redact("bad key sk-a here"));
        Assert.False(redactor.Leaks("bad key [redacted] here"));
    }

    private static string Describe(ChatApiException api) =>
        // Message and inner exception rather than ToString: a stack trace's frames (Task, …) hold a one-letter key's letter.
        new StringBuilder(api.Message).Append('|').Append(api.InnerException?.Message).Append('|').Append(api.RawBody).Append('|').Append(api.RequestId).Append('|').Append(api.ErrorObject?.GetRawText())
            .Append('|').Append(api.ErrorCode).Append('|').Append(api.ErrorType).Append('|').Append(api.Param).Append('|').Append(api.ErrorMessage).ToString();

    /// <summary>The secret appears nowhere in <paramref name="text"/>, in any letter case, once the masks are taken out.</summary>
    private static void AssertNone(string secret, string text)
    {
        var unmasked = text.Replace(Redactor.Mask, "|", StringComparison.Ordinal);
        Assert.DoesNotContain(secret, unmasked, StringComparison.OrdinalIgnoreCase);
    }
}
