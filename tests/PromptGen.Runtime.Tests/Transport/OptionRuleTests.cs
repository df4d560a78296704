using PromptGen.Telemetry;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Values refused where they enter, with a message that says what was received and what to do: a model id that is no
/// model id (wherever a model id enters: the options, a request's own model, the telemetry's default), an API key pasted
/// with its "Bearer " scheme or in quotes (never quoting the key), and an extra header's name that is no header name.
/// Each case fails before anything is sent.
/// </summary>
public sealed class OptionRuleTests
{
    private const string Secret = "sk-proj-RULES-SECRET-0042";

    /// <summary>Model ids that are none, and the end of the sentence that names the option.</summary>
    public static TheoryData<string, string> BadModels() => new()
    {
        { "gpt-4o-mini\n", "contains a line break (U+000A, character 12 of 12); a model id is one line: remove the line break" },
        { "gpt-4o\r\nmini", "contains a line break (U+000D, character 7 of 12); a model id is one line: remove the line break" },
        { "gpt-4o\tmini", "contains the control character (U+0009, character 7 of 11); remove it" },
        { "gpt-4o\u200Bmini", "contains an invisible formatting character (U+200B, character 7 of 11), often pasted with the id; type the id again" },
        { " gpt-4o-mini", "is ' gpt-4o-mini', with white space before the id; the server matches model ids exactly, so remove it" },
        { "gpt-4o-mini\u00A0", "is 'gpt-4o-mini\u00A0', with white space after the id; the server matches model ids exactly, so remove it" },
        { "", "is empty; name the model, such as \"gpt-4o-mini\"" },
        { "   ", "is blank (3 white-space characters); name the model, such as \"gpt-4o-mini\"" },
    };

    [Theory]
    [MemberData(nameof(BadModels))]
    public void TheOptionsModelIsAModelId(string model, string problem)
    {
        var options = new ChatClientOptions(static _ => null);

        var error = Assert.Throws<ArgumentException>(() => options.Model = model);

        Assert.Equal($"ChatClientOptions.Model {problem}, or set null when every request names its model. (Parameter 'Model')", error.Message);
        Assert.Null(options.Model);
    }

    [Theory]
    [MemberData(nameof(BadModels))]
    public async Task ARequestsOwnModelIsAModelIdAndNothingIsSent(string model, string problem)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = new ChatClient(Options(server));
        var expected = $"ChatRequest.Model (set by a [Model] attribute or by the caller) {problem}, or leave it null to use ChatClientOptions.Model. (Parameter 'request')";

        var completed = await Assert.ThrowsAsync<ArgumentException>(() => client.CompleteAsync(Hello(model)));
        var streamed = Assert.Throws<ArgumentException>(() => client.StreamAsync(Hello(model)));
        var text = await Assert.ThrowsAsync<ArgumentException>(() => PromptReply.TextAsync(client, Hello(model)));

        Assert.Equal(expected, completed.Message);
        Assert.Equal(expected, streamed.Message);
        Assert.Equal(expected, text.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AScriptedTransportRefusesTheModelAsTheClientDoes()
    {
        var transport = new ScriptedTransport();
        transport.Reply("unused");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => transport.CompleteAsync(Hello("gpt-4o-mini\n")));

        Assert.StartsWith("ChatRequest.Model (set by a [Model] attribute or by the caller) contains a line break (U+000A, character 12 of 12)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTelemetrysDefaultModelIsAModelId()
    {
        var options = new ChatTelemetryOptions();

        var error = Assert.Throws<ArgumentException>(() => options.DefaultModel = "gpt-4o-mini\r\n");

        Assert.Equal("ChatTelemetryOptions.DefaultModel contains a line break (U+000D, character 12 of 13); a model id is one line: remove the line break, or set null when the transport sends none. (Parameter 'DefaultModel')", error.Message);
        options.DefaultModel = "gpt-4o-mini";
        Assert.Equal("gpt-4o-mini", options.DefaultModel);
    }

    [Fact]
    public async Task AGoodModelIdIsSentAsItIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        using var client = new ChatClient(Options(server));

        await client.CompleteAsync(Hello("qwen2.5:7b-instruct q4"));

        Assert.StartsWith("""{"model":"qwen2.5:7b-instruct q4",""", Assert.Single(server.Requests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void APriceTablesModelIdIsAModelId()
    {
        var table = PriceTable.CreateFree();

        var error = Assert.Throws<ArgumentException>(() => table.Set("my-model\r\nX", new ModelPrice(1m, null, 2m)));

        Assert.Equal("The model id given to PriceTable.Set contains a line break (U+000D, character 9 of 11); a model id is one line: remove the line break. (Parameter 'model')", error.Message);
        table.Set(" my-model ", new ModelPrice(1m, null, 2m));
        Assert.Equal(1m, table.Find("my-model")!.Input);
    }

    /// <summary>Keys pasted with more than the key, and the end of the sentence that names where the key was set.</summary>
    public static TheoryData<string, string> PastedKeys() => new()
    {
        { "Bearer " + Secret, "starts with the scheme \"Bearer\": the client sends \"Authorization: Bearer \" followed by the key itself, so it would be sent twice. Set the key alone: remove \"Bearer \" from the start of the value" },
        { "bearer\t" + Secret, "starts with the scheme \"Bearer\": the client sends \"Authorization: Bearer \" followed by the key itself, so it would be sent twice. Set the key alone: remove \"Bearer \" from the start of the value" },
        { "Authorization: Bearer " + Secret, "starts with the header name \"Authorization\": the client sends that header itself, with \"Bearer \" and the key. Set the key alone: remove \"Authorization: Bearer \" from the start of the value" },
        { "authorization:" + Secret, "starts with the header name \"Authorization\": the client sends that header itself, with \"Bearer \" and the key. Set the key alone: remove \"Authorization: Bearer \" from the start of the value" },
        { "\"" + Secret + "\"", "is wrapped in quotes (U+0022), which would be sent as part of the key. Set the key alone: remove the quotes (in JSON and environment files the value needs no quotes of its own)" },
        { "'" + Secret, "starts with a quote (U+0027), which would be sent as part of the key. Set the key alone: remove the quote (in JSON and environment files the value needs no quotes of its own)" },
        { Secret + "\u201D", "ends with a quote (U+201D), which would be sent as part of the key. Set the key alone: remove the quote (in JSON and environment files the value needs no quotes of its own)" },
    };

    [Theory]
    [MemberData(nameof(PastedKeys))]
    public async Task AKeyPastedWithItsSchemeOrQuotesIsRefusedWithoutQuotingIt(string key, string problem)
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.ApiKey = "  " + key + "\n";

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.Equal($"ChatClientOptions.ApiKey {problem}. (Parameter 'options')", error.Message);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [MemberData(nameof(PastedKeys))]
    public void TheEnvironmentsKeyIsHeldToTheSameRule(string key, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_API_KEY" ? key : null));

        Assert.Equal($"The environment variable OPENAI_API_KEY {problem}. Fix or unset it, or set ChatClientOptions.ApiKey.", error.Message);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyThatOnlyLooksLikeTheSchemeOrAHeaderThatCarriesItIsSentAsItIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json(CompletionJson));
        server.Enqueue(Reply.Json(CompletionJson));
        var options = Options(server);
        options.ApiKey = "Bearerless-key";
        using (var client = new ChatClient(options))
        {
            await client.CompleteAsync(Hello());
        }

        // A whole Authorization header set on purpose carries its own scheme.
        options.ApiKey = null;
        options.Headers["Authorization"] = "Bearer " + Secret;
        using (var client = new ChatClient(options))
        {
            await client.CompleteAsync(Hello());
        }

        Assert.Equal(["Bearer Bearerless-key", "Bearer " + Secret], server.Requests.Select(request => request.Header("Authorization")));
    }

    /// <summary>Header names that are none, and the end of the sentence that names the option.</summary>
    public static TheoryData<string, string, string> BadHeaderNames() => new()
    {
        { "X Team", "X Team", "is not a valid header name: it contains a space (U+0020, character 2 of 6). A header name is letters, digits and !#$%&'*+-.^_`|~ only (such as \"api-key\" or \"X-Team\"); the value goes in the value, not after a colon in the name" },
        { "api-key: abc", "api-key: abc", "is not a valid header name: it contains a colon (U+003A, character 8 of 12). A header name is letters, digits and !#$%&'*+-.^_`|~ only (such as \"api-key\" or \"X-Team\"); the value goes in the value, not after a colon in the name" },
        { "X-Équipe", "X-Équipe", "is not a valid header name: it contains a character that is not ASCII (U+00C9, character 3 of 8). A header name is letters, digits and !#$%&'*+-.^_`|~ only (such as \"api-key\" or \"X-Team\"); the value goes in the value, not after a colon in the name" },
        { "X-Team\r\nX-Evil", "X-Team\\u000D\\u000AX-Evil", "is not a valid header name: it contains a line break (U+000D, character 7 of 14). A header name is letters, digits and !#$%&'*+-.^_`|~ only (such as \"api-key\" or \"X-Team\"); the value goes in the value, not after a colon in the name" },
        { "", "", "is an empty header name; name the header, such as \"api-key\"" },
        { "Content-Type", "Content-Type", "is the content header Content-Type, set by the client with the body; remove it" },
    };

    [Theory]
    [MemberData(nameof(BadHeaderNames))]
    public async Task AHeaderNameThatIsNoneIsRefusedSayingWhy(string name, string shown, string problem)
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.Headers[name] = Secret;

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.Equal($"ChatClientOptions.Headers has the header name '{shown}', which {problem}. (Parameter 'options')", error.Message);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
