using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromptGen;
using PromptGen.Sample;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.Extensions.Tests;

/// <summary>
/// Review 12 #1: AddPromptGen's start-up messages quote what was configured, and mask the configured API key and header
/// values in it, whatever their length (the runtime's ConfiguredText rule).
/// </summary>
public sealed class ConfiguredKeyTests : IAsyncLifetime
{
    private const string Key = "sk-SECRET-0123456789abcdef";

    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Key, "PromptGen:BaseUrl", "not a url " + Key, "PromptGen:BaseUrl is 'not a url [redacted]', which is not an absolute http or https URL such as \"http://localhost:11434/v1\" (PromptGen__BaseUrl in the environment).")]
    [InlineData(Key, "PromptGen:BaseUrl", "https://api.example.com/v1#" + Key, "PromptGen:BaseUrl: The base URL 'https://api.example.com/v1' has a fragment ('#' and 26 characters after it), which means nothing to a server. Remove it (PromptGen__BaseUrl in the environment).")]
    [InlineData(Key, "PromptGen:BaseUrl", "https://api.example.com/" + Key + "/v1#x", "PromptGen:BaseUrl: The base URL 'https://api.example.com/[redacted]/v1' has a fragment ('#' and 1 character after it), which means nothing to a server. Remove it (PromptGen__BaseUrl in the environment).")]
    [InlineData(Key, "PromptGen:MaxRetries", Key, "PromptGen:MaxRetries is '[redacted]', which is not a whole number from 0 (no retries) to 10 (PromptGen__MaxRetries in the environment).")]
    [InlineData("sk-a", "PromptGen:MaxRetries", "sk-a", "PromptGen:MaxRetries is '[redacted]', which is not a whole number from 0 (no retries) to 10 (PromptGen__MaxRetries in the environment).")]
    [InlineData(Key, "PromptGen:Timeout", "azure-key-42", "PromptGen:Timeout is '[redacted]', which is not a duration such as \"00:02:00\" (PromptGen__Timeout in the environment).")]
    public async Task AValueQuotedAtStartUpHasTheKeyAndTheHeaderValuesMasked(string apiKey, string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PromptGen:BaseUrl"] = _server.BaseUrl.ToString(),
            ["PromptGen:ApiKey"] = apiKey,
            ["PromptGen:Model"] = "config-model",
            ["PromptGen:Headers:api-key"] = "azure-key-42",
            [key] = value,
        };
        var services = new ServiceCollection();
        services.AddPromptGen(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(message, Assert.Single(exception.Failures));
        Assert.DoesNotContain(apiKey, exception.Message.Replace("[redacted]", "|", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("PromptGen:MaxRetries", "PromptGen:MaxRetries is '[redacted]', which is not a whole number from 0 (no retries) to 10 (PromptGen__MaxRetries in the environment).")]
    [InlineData("PromptGen:Timeout", null)]
    [InlineData("PromptGen:BaseUrl", null)]
    [InlineData("PromptGen:CaptureContent", null)]
    [InlineData("PromptGen:Prices:m:Input", null)]
    public async Task AKeyPastedIntoAnotherSettingIsMaskedWhenNoKeyIsConfigured(string key, string? message)
    {
        // Review 13 #1: the key's own setting is empty exactly when it was pasted elsewhere, so its shape is masked too.
        const string pasted = "sk-proj-SECRETabcdef1234567890";
        var settings = new Dictionary<string, string?>
        {
            ["PromptGen:BaseUrl"] = _server.BaseUrl.ToString(),
            ["PromptGen:Model"] = "config-model",
            [key] = pasted,
        };
        var services = new ServiceCollection();
        services.AddPromptGen(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        if (message is not null)
        {
            Assert.Equal(message, Assert.Single(exception.Failures));
        }

        Assert.Contains("[redacted]", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PromptGenOptionsToStringMasksTheKeyPastedIntoAShownValue()
    {
        var options = new PromptGenOptions { ApiKey = Key, Model = Key, BaseUrl = "http://127.0.0.1:1/" + Key };

        Assert.Equal("PromptGenOptions { BaseUrl = http://127.0.0.1:1/[redacted], ApiKey = (set), Model = [redacted] }", options.ToString());
    }
}
