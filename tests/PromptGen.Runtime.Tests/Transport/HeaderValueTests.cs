using System.Net.Http;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Every value that becomes a request header (the API key, organization, project, extra headers, the HttpClient's default
/// headers) is checked before anything is sent: white space around it is dropped, a line break, control character or
/// non-ASCII character inside it is an <see cref="ArgumentException"/> that names the option and never the value.
/// </summary>
public sealed class HeaderValueTests
{
    private const string Key = "sk-proj-HEADERS-SECRET-4242";

    /// <summary>Each option that becomes a header, how to set it, and the header it becomes.</summary>
    public static TheoryData<string, string> Options() => new()
    {
        { "ChatClientOptions.ApiKey", "Authorization" },
        { "ChatClientOptions.Organization", "OpenAI-Organization" },
        { "ChatClientOptions.Project", "OpenAI-Project" },
        { "ChatClientOptions.Headers[\"X-Team\"]", "X-Team" },
        { "ChatClientOptions.Headers[\"User-Agent\"]", "User-Agent" },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public async Task ALineBreakInsideAHeaderValueIsRefusedNamingTheOptionAndNothingIsSent(string option, string header)
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Set(TransportFixtures.Options(server), option, Key + "\r\nX-Evil: 1");

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.Equal(
            $"{option} contains a line break (U+000D, character 28 of 38), which would end the {header} header early and send the rest as headers of their own. A value must be one line: remove the line break (white space around the value is ignored, so a trailing newline from a file is fine). (Parameter 'options')",
            error.Message);
        Assert.Equal("options", error.ParamName);
        Assert.DoesNotContain("HEADERS-SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void ABareLineFeedAndOtherControlCharactersAreRefusedToo()
    {
        var options = new ChatClientOptions(static _ => null) { ApiKey = "sk-a\nb-0123456789", Model = "m" };
        var lineFeed = Assert.Throws<ArgumentException>(() => new ChatClient(options));
        options.ApiKey = "sk-a\0b-0123456789";
        var nul = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.StartsWith("ChatClientOptions.ApiKey contains a line break (U+000A, character 5 of 17), which would end the Authorization header early", lineFeed.Message, StringComparison.Ordinal);
        Assert.Equal("ChatClientOptions.ApiKey contains the control character (U+0000, character 5 of 17), which the Authorization header cannot carry. Remove it. (Parameter 'options')", nul.Message);
    }

    /// <summary>
    /// A credential sent in an extra header (Azure's <c>api-key</c>) is a secret as the API key is: a server echoing it,
    /// plain or JSON-escaped, has it removed from the exception's message, body, error object and ToString.
    /// </summary>
    [Fact]
    public async Task AHeaderValueEchoedByTheServerIsRedactedAsTheKeyIs()
    {
        const string secret = "azure-secret-abcdef123";
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(401, "Bad key: " + secret, code: "invalid_api_key"));
        var options = TransportFixtures.Options(server);
        options.Headers["api-key"] = secret;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(TransportFixtures.Hello()));

        Assert.Equal(secret, server.Requests.Single().Headers["api-key"]);
        Assert.Equal("Bad key: [redacted]", error.ErrorMessage);
        foreach (var text in new[] { error.Message, error.RawBody, error.ErrorObject?.GetRawText(), error.ToString() })
        {
            Assert.DoesNotContain("secret-abcdef", text ?? "", StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Options))]
    public async Task ANonAsciiCharacterIsRefusedAtOnceInsteadOfFailingEveryAttemptAsUnreachable(string option, string header)
    {
        await using var server = await LoopbackServer.StartAsync();
        var retries = 0;
        var options = Set(TransportFixtures.Options(server), option, "sk-proj-HEADERS\u2013SECRET-4242");
        options.Retry.OnRetry = _ => retries++;

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.Equal(
            $"{option} contains a character that is not ASCII (U+2013, character 16 of 27); HTTP header values must be ASCII, so the {header} header could never be sent. It is often a typographic quote, dash or invisible space pasted with the value: type the value again. (Parameter 'options')",
            error.Message);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, retries);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("  \t")]
    public async Task WhiteSpaceAroundAValueIsDroppedAsForTheEnvironmentVariable(string around)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson), Reply.Json(CompletionJson));
        var options = TransportFixtures.Options(server);
        options.ApiKey = Key + around; // as File.ReadAllText returns a key file
        options.Organization = " org-1" + around;
        options.Project = "proj-1" + around;
        options.Headers["X-Team"] = around + "search" + around;
        var fromEnvironment = new ChatClientOptions(name => name == "OPENAI_API_KEY" ? Key + around : null) { BaseUrl = server.BaseUrl, Model = "gpt-test" };

        using (var client = new ChatClient(options))
        {
            await client.CompleteAsync(Hello());
        }

        using (var client = new ChatClient(fromEnvironment))
        {
            await client.CompleteAsync(Hello());
        }

        var request = server.Requests[0];
        Assert.Equal("Bearer " + Key, request.Header("Authorization"));
        Assert.Equal("org-1", request.Header("OpenAI-Organization"));
        Assert.Equal("proj-1", request.Header("OpenAI-Project"));
        Assert.Equal("search", request.Header("X-Team"));
        Assert.Null(request.Header("X-Evil"));
        Assert.Equal("Bearer " + Key, server.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task AKeyOfWhiteSpaceOnlySendsNoAuthorizationLikeAnUnsetEnvironmentVariable()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        var options = TransportFixtures.Options(server);
        options.ApiKey = " \r\n";
        using var client = new ChatClient(options);

        await client.CompleteAsync(Hello());

        Assert.Null(server.Requests[0].Header("Authorization"));
        Assert.Equal("ChatClient { Endpoint = " + server.BaseUrl + "/chat/completions, ApiKey = (none), Model = gpt-test }", client.ToString());
    }

    [Fact]
    public async Task TheSuppliedHttpClientsDefaultHeadersAreCheckedToo()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-Gateway", "token-123\r\nX-Evil: 1");

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(http, TransportFixtures.Options(server)));

        Assert.Equal(
            "The HttpClient's DefaultRequestHeaders[\"X-Gateway\"] contains a line break (U+000D, character 10 of 20), which would end the X-Gateway header early and send the rest as headers of their own. A value must be one line: remove the line break (white space around the value is ignored, so a trailing newline from a file is fine). (Parameter 'httpClient')",
            error.Message);
        Assert.Empty(server.Requests);
    }

    private static ChatClientOptions Set(ChatClientOptions options, string option, string value)
    {
        switch (option)
        {
            case "ChatClientOptions.ApiKey":
                options.ApiKey = value;
                break;
            case "ChatClientOptions.Organization":
                options.Organization = value;
                break;
            case "ChatClientOptions.Project":
                options.Project = value;
                break;
            default:
                options.Headers[option.Substring("ChatClientOptions.Headers[\"".Length).TrimEnd(']', '"')] = value;
                break;
        }

        return options;
    }
}
