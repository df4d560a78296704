using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptGen.Sample;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.Extensions.Tests;

/// <summary>
/// Every value the endpoint's ChatClient would refuse when it is first resolved fails when the application starts
/// (ValidateOnStart) instead, by the client's own rule, naming the configuration key and its environment variable and never
/// quoting a secret: a header's name, a model id, an API key pasted with its scheme or quotes, and the environment's
/// defaults (OPENAI_API_KEY, OPENAI_BASE_URL) when the section sets no value of its own. (This assembly runs its tests one
/// at a time, so setting those variables here is seen by no other test.)
/// </summary>
public sealed class StartupRuleTests : IAsyncLifetime
{
    private const string Secret = "sk-config-STARTUP-SECRET-77";
    private const string NameRule = "A header name is letters, digits and !#$%&'*+-.^_`|~ only (such as \"api-key\" or \"X-Team\"); the value goes in the value, not after a colon in the name.";

    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("PromptGen:Headers:Bad Name", $"PromptGen:Headers:Bad Name (PromptGen__Headers__Bad Name in the environment) is not a valid header name: it contains a space (U+0020, character 4 of 8). {NameRule}")]
    [InlineData("PromptGen:Headers:X-Équipe", $"PromptGen:Headers:X-Équipe (PromptGen__Headers__X-Équipe in the environment) is not a valid header name: it contains a character that is not ASCII (U+00C9, character 3 of 8). {NameRule}")]
    [InlineData("PromptGen:Headers:X-Team\n", $"PromptGen:Headers:X-Team\\u000A (PromptGen__Headers__X-Team\\u000A in the environment) is not a valid header name: it contains a line break (U+000A, character 7 of 7). {NameRule}")]
    [InlineData("PromptGen:Headers:", "PromptGen:Headers: (PromptGen__Headers__ in the environment) is an empty header name; name the header, such as \"api-key\".")]
    [InlineData("PromptGen:Headers:Content-Type", "PromptGen:Headers:Content-Type (PromptGen__Headers__Content-Type in the environment) is the content header Content-Type, set by the client with the body; remove it.")]
    public async Task ABadHeaderNameFailsAtStartUpNamingTheKeyAndNotTheValue(string key, string message)
    {
        await using var provider = Build(Settings((key, Secret)));

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(message, Assert.Single(atStart.Failures));
        Assert.DoesNotContain("SECRET", atStart.ToString(), StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AHeaderNameWithAColonIsCaughtWhereverTheBinderPutsIt()
    {
        // "api-key: abc" as a key is a path of two sections ("api-key", then " abc"): the binder reads no value for a
        // section with children, so nothing would be sent under either name. Configured as a value it is "api-key: abc".
        await using var provider = Build(Settings(("PromptGen:Headers:api-key: abc", Secret)));

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("PromptGen:Headers:api-key (PromptGen__Headers__api-key in the environment) has no value, only keys under it ( abc): a header is one key with the header's name and its value, such as \"Headers\": { \"api-key\": \"…\" }.", Assert.Single(atStart.Failures));
        Assert.DoesNotContain("SECRET", atStart.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-4o-mini\n", "PromptGen:Model (PromptGen__Model in the environment) contains a line break (U+000A, character 12 of 12); a model id is one line: remove the line break.")]
    [InlineData(" gpt-4o-mini", "PromptGen:Model (PromptGen__Model in the environment) is ' gpt-4o-mini', with white space before the id; the server matches model ids exactly, so remove it.")]
    [InlineData("gpt-4o\u200B", "PromptGen:Model (PromptGen__Model in the environment) contains an invisible formatting character (U+200B, character 7 of 7), often pasted with the id; type the id again.")]
    [InlineData("  ", "PromptGen:Model (PromptGen__Model in the environment) is blank (2 white-space characters); name the model, such as \"gpt-4o-mini\".")]
    public async Task AModelThatIsNoModelIdFailsAtStartUp(string model, string message)
    {
        await using var provider = Build(Settings(("PromptGen:Model", model)));

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(message, Assert.Single(atStart.Failures));
    }

    [Fact]
    public async Task APriceForAModelIdThatIsNoneFailsAtStartUp()
    {
        await using var provider = Build(Settings(("PromptGen:Prices:my-model\u200B:Input", "0.4"), ("PromptGen:Prices:my-model\u200B:Output", "1.6")));

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            "PromptGen:Prices:my-model\u200B (PromptGen__Prices__my-model\u200B in the environment) names no model id: the key contains an invisible formatting character (U+200B, character 9 of 9), often pasted with the id; type the id again.",
            Assert.Single(atStart.Failures));
    }

    [Theory]
    [InlineData("Bearer " + Secret, "starts with the scheme \"Bearer\": the client sends \"Authorization: Bearer \" followed by the key itself, so it would be sent twice. Set the key alone: remove \"Bearer \" from the start of the value.")]
    [InlineData("\"" + Secret + "\"", "is wrapped in quotes (U+0022), which would be sent as part of the key. Set the key alone: remove the quotes (in JSON and environment files the value needs no quotes of its own).")]
    [InlineData("\u201C" + Secret + "\u201D", "is wrapped in quotes (U+201C), which would be sent as part of the key. Set the key alone: remove the quotes (in JSON and environment files the value needs no quotes of its own).")]
    public async Task AKeyPastedWithItsSchemeOrQuotesFailsAtStartUpWithoutQuotingIt(string key, string problem)
    {
        await using var provider = Build(Settings(("PromptGen:ApiKey", key)));

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("PromptGen:ApiKey (PromptGen__ApiKey in the environment) " + problem, Assert.Single(atStart.Failures));
        Assert.DoesNotContain("SECRET", atStart.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnvironmentsKeyIsCheckedWhenTheSectionSetsNoneAndIgnoredWhenItDoes()
    {
        var saved = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "Bearer sk-env-ENVIRONMENT-SECRET");
        try
        {
            await using (var keyless = Build(Settings(("PromptGen:ApiKey", null))))
            {
                var atStart = Assert.Throws<OptionsValidationException>(() => keyless.GetRequiredService<IStartupValidator>().Validate());

                Assert.Equal(
                    "PromptGen:ApiKey is not set (PromptGen__ApiKey in the environment), and the default from the environment is not usable: The environment variable OPENAI_API_KEY starts with the scheme \"Bearer\": the client sends \"Authorization: Bearer \" followed by the key itself, so it would be sent twice. Set the key alone: remove \"Bearer \" from the start of the value. Fix or unset it, or set ChatClientOptions.ApiKey.",
                    Assert.Single(atStart.Failures));
                Assert.DoesNotContain("ENVIRONMENT-SECRET", atStart.ToString(), StringComparison.Ordinal);
            }

            // The section's own key wins, so the variable it overrides cannot stop the endpoint.
            _server.Enqueue(Reply.Json(Bodies.Completion("ok")));
            await using var keyed = Build(Settings());
            keyed.GetRequiredService<IStartupValidator>().Validate();
            await keyed.GetRequiredService<ITutor>().ExplainAsync("x", 1);
            Assert.Equal("Bearer sk-config", Assert.Single(_server.Requests).Header("Authorization"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", saved);
        }
    }

    [Fact]
    public async Task AnOverriddenBaseUrlVariableCannotStopTheEndpoint()
    {
        var saved = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        Environment.SetEnvironmentVariable("OPENAI_BASE_URL", "not a url");
        try
        {
            _server.Enqueue(Reply.Json(Bodies.Completion("ok")));
            await using var provider = Build(Settings());

            provider.GetRequiredService<IStartupValidator>().Validate();
            Assert.Equal("ok", await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", saved);
        }
    }

    [Fact]
    public async Task WhatPassesAtStartUpIsWhatTheClientAccepts()
    {
        // The last line of defence agrees with the first: a configuration that validates resolves and sends.
        _server.Enqueue(Reply.Json(Bodies.Completion("ok")));
        await using var provider = Build(Settings(
            ("PromptGen:Headers:api-key", " azure-key "),
            ("PromptGen:Headers:X-Team!#$%&'*+-.^_`|~", "search"),
            ("PromptGen:Model", "qwen2.5:7b")));

        provider.GetRequiredService<IStartupValidator>().Validate();
        await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("azure-key", request.Header("api-key"));
        Assert.Equal("search", request.Header("X-Team!#$%&'*+-.^_`|~"));
        Assert.StartsWith("""{"model":"qwen2.5:7b",""", request.BodyText, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra) => ConfigurationSettings.For(_server.BaseUrl, extra);

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddPromptGen(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        return services.BuildServiceProvider();
    }
}
