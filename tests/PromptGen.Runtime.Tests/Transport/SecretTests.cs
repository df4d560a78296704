using System.Net.Http;
using System.Text;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// The API key never appears in any form (issue 12 §1): not whole, not as a run of 8 or more of its characters, not after
/// a cut, not in a header value, an error field, a raw body, an excerpt or an inner exception.
/// </summary>
public sealed class SecretTests
{
    private const string Key = "sk-FAULTS-SECRET-987654321";

    /// <summary>The key and pieces of it that must count as the key: the whole key, and runs of 8 and more from its start, middle and end.</summary>
    public static readonly string[] Pieces =
    [
        Key,
        Key.Substring(0, 8),
        Key.Substring(Key.Length - 8),
        Key.Substring(9, 8),
        Key.Substring(4, 13),
    ];

    /// <summary>Offsets around every place text is cut: the start, the 300-character excerpt, the 512-byte prefix, the 2,000-character raw body.</summary>
    private static readonly int[] Offsets = [0, 3, 288, 293, 296, 299, 300, 505, 509, 512, 1990, 1995, 1999, 2000];

    /// <summary>Every way a server's bytes reach an exception, as a reply carrying <c>text</c>.</summary>
    private static readonly (string Name, bool Streamed, Func<string, Reply> Reply)[] Paths =
    [
        ("400 text body", false, text => Reply.Text(400, text)),
        ("400 JSON error message", false, text => Reply.Json("{\"error\":{\"message\":\"" + text + "\",\"type\":\"t\",\"code\":\"c\"}}", 400)),
        ("400 JSON error code and param", false, text => Reply.Json("{\"error\":{\"message\":\"m\",\"type\":\"" + text + "\",\"code\":\"" + text + "\",\"param\":\"" + text + "\"}}", 400)),
        ("400 x-request-id header", false, text => Reply.Error(400, "m").WithHeader("x-request-id", text.Length > 200 ? text.Substring(text.Length - 200) : text)),
        ("200 text body", false, text => Reply.Text(200, "not json; " + text)),
        ("200 JSON that is not a completion", false, text => Reply.Json("{\"note\":\"" + text + "\"}")),
        ("200 completion with an error object", false, text => Reply.Json("{\"choices\":[],\"error\":{\"code\":502,\"message\":\"" + text + "\"}}")),
        ("200 JSON cut off", false, text => Reply.Json("{\"id\":\"" + text)),
        ("streamed event that is not JSON", true, text => Reply.Sse().Data("not json, " + text).Done()),
        ("streamed error object", true, text => Reply.Sse().Data("{\"choices\":[],\"error\":{\"message\":\"" + text + "\"}}").Done()),
        ("streamed event: error", true, text => Reply.Sse().Event("error", text).Done()),
        ("streamed error: field", true, text => Reply.Sse().Raw("error: {\"code\":400,\"message\":\"" + text + "\"}\n\n").Done()),
        ("streamed call answered with JSON", true, text => Reply.Json("{\"error\":{\"message\":\"" + text + "\"}}")),
        ("streamed call answered with other JSON", true, text => Reply.Json("{\"x\":\"" + text + "\"}")),
    ];

    [Fact]
    public async Task NoPieceOfTheKeyAppearsInAnythingThrownWhereverTheServerPutsIt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.ApiKey = Key;
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);
        var checkedCases = 0;

        foreach (var (name, streamed, reply) in Paths)
        {
            foreach (var piece in Pieces)
            {
                foreach (var offset in Offsets)
                {
                    server.Enqueue(reply(new string('x', offset) + piece + " end"));
                    var error = await Record.ExceptionAsync(() => streamed ? ReadAllAsync(client.StreamAsync(Hello())) : client.CompleteAsync(Hello()));

                    Assert.True(error is ChatApiException or ChatResponseException or HttpRequestException, $"{name}, piece '{piece}' at {offset}: {error}");
                    AssertNoKey(Describe(error!), $"{name}, piece '{piece}' at {offset}");
                    checkedCases++;
                }
            }
        }

        Assert.Equal(Paths.Length * Pieces.Length * Offsets.Length, checkedCases);
    }

    [Fact]
    public async Task AServersMaskedEchoOfTheKeyIsRedacted()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(401, "Incorrect API key provided: sk-FAULT**********4321. You can find your API key at https://platform.openai.com/account/api-keys.", code: "invalid_api_key"));
        var options = Options(server);
        options.ApiKey = Key;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        // The whole masked token goes, its tail of the key's last characters included.
        Assert.Equal("Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.", error.ErrorMessage);
        AssertNoKey(Describe(error), "masked echo");
    }

    [Fact]
    public async Task TheKeyInAnotherLetterCaseIsRedactedWholeOverLoopback()
    {
        const string key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("{\"error\":{\"message\":\"bad key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\"}}", 401));
        server.Enqueue(Reply.Error(400, "m").WithHeader("x-request-id", "req-sk-proj-abcdefghijklmnop"));
        server.Enqueue(Reply.Text(200, "not json; SK-PROJ-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 end"));
        server.Enqueue(Reply.Sse().Data("not json, sk-Proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789").Done());
        var options = Options(server);
        options.ApiKey = key;
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var unauthorized = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));
        var header = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));
        var body = await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello()));
        var streamed = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.Equal("bad key [redacted]", unauthorized.ErrorMessage);
        Assert.Equal("{\"error\":{\"message\":\"bad key [redacted]\"}}", unauthorized.RawBody);
        Assert.Contains("bad key [redacted]", unauthorized.Message);
        Assert.Equal("[redacted]", header.RequestId);
        Assert.Equal("\"not json; [redacted] end\"", body.Excerpt);
        Assert.Contains("not json, [redacted]", streamed.Excerpt);
        foreach (var error in new Exception[] { unauthorized, header, body, streamed })
        {
            var text = Describe(error);
            for (var start = 0; start + 8 <= key.Length; start++)
            {
                Assert.DoesNotContain(key.Substring(start, 8), text, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TheKeyInTheRepliesContentTypeIsRedactedInTheMessage()
    {
        const string key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("{\"note\":1}").WithContentType("application/sk-proj-abcdefghijklmnop"));
        server.Enqueue(Reply.Text(200, "", "text/sk-proj-abcdefghijklmnop"));
        var options = Options(server);
        options.ApiKey = key;
        options.Retry = RetryPolicy.None;
        using var client = new ChatClient(options);

        var plain = await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello()));
        var streamed = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        Assert.StartsWith("The chat endpoint answered HTTP 200 (application/[redacted]) with ", plain.Message);
        Assert.Contains("the reply's content type was text/[redacted], not text/event-stream", streamed.Message);
        foreach (var error in new Exception[] { plain, streamed })
        {
            Assert.DoesNotContain("abcdefgh", Describe(error), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("bad key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789", "bad key [redacted]")]
    [InlineData("bad key SK-PROJ-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.", "bad key [redacted].")]
    [InlineData("\"sk-proj-ABCDEFGH\" and \"qrstuvwxyz0123\"", "\"[redacted]\" and \"[redacted]\"")]
    [InlineData("echo sk-proj-**********6789, again", "echo [redacted], again")]
    [InlineData("pieces sk-proj-ABCDEFGH-zzz-STUVWXYZ0 end", "pieces [redacted] end")]
    [InlineData("a short run sk-pro stays", "a short run sk-pro stays")]
    [InlineData("ordinary words: key, project, alphabet", "ordinary words: key, project, alphabet")]
    public void TheRedactorMasksTheKeyInAnyLetterCaseAndTheWholeTokenAroundIt(string text, string expected)
    {
        var redactor = new Redactor("sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

        Assert.Equal(expected, redactor.Redact(text));
        Assert.Equal(expected != text, redactor.Leaks(text));
    }

    [Fact]
    public async Task TheKeyInARequestIdHeaderIsRedacted()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(400, "m").WithHeader("x-request-id", Key));
        var options = Options(server);
        options.ApiKey = Key;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => client.CompleteAsync(Hello()));

        Assert.Equal("[redacted]", error.RequestId);
        Assert.Contains("request id [redacted]]", error.Message);
    }

    [Fact]
    public async Task AKeyAtTheExcerptCutIsRedactedBeforeTheCut()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Text(200, new string('x', 288) + Key));
        var options = Options(server);
        options.ApiKey = Key;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => client.CompleteAsync(Hello()));

        Assert.DoesNotContain("sk-FAULTS", error.Excerpt);
        Assert.EndsWith("xx[redacted]\"", error.Excerpt);
        AssertNoKey(Describe(error), "excerpt cut");
    }

    [Fact]
    public async Task AParserExceptionIsNotAttachedWithTheServersBytes()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Sse().Data("not json, key " + Key).Done());
        var options = Options(server);
        options.ApiKey = Key;
        using var client = new ChatClient(options);

        var error = await Assert.ThrowsAsync<ChatResponseException>(() => ReadAllAsync(client.StreamAsync(Hello())));

        var inner = Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
        Assert.Null(inner.InnerException);
        AssertNoKey(Describe(error), "parser exception");
    }

    /// <summary>Everything an exception shows: its ToString (inner exceptions included) and every text property.</summary>
    private static string Describe(Exception error)
    {
        var text = new StringBuilder(error.ToString());
        if (error is ChatApiException api)
        {
            text.Append('|').Append(api.RawBody).Append('|').Append(api.RequestId).Append('|').Append(api.ErrorObject?.GetRawText())
                .Append('|').Append(api.ErrorCode).Append('|').Append(api.ErrorType).Append('|').Append(api.Param).Append('|').Append(api.ErrorMessage);
        }

        if (error is ChatResponseException response)
        {
            text.Append('|').Append(response.Excerpt);
        }

        return text.ToString();
    }

    private static void AssertNoKey(string text, string what)
    {
        for (var start = 0; start + 8 <= Key.Length; start++)
        {
            var run = Key.Substring(start, 8);
            Assert.False(text.Contains(run, StringComparison.Ordinal), $"{what}: '{run}' of the key appears in: {text}");
        }
    }
}
