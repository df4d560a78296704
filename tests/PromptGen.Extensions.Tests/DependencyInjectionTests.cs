using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PromptGen;
using PromptGen.Sample;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;

[assembly: PromptFake(typeof(ITutor))]

namespace PromptGen.Extensions.Tests;

/// <summary>AddPromptGen and AddPromptClient: configuration, validation at start-up, endpoints, HttpClient handlers, fakes.</summary>
public sealed class DependencyInjectionTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheClientSendsWithTheConfiguredUrlKeyModelAndHeaders()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Recursion.")));
        await using var provider = Build(Settings(("PromptGen:Headers:X-Team", "search")));

        var tutor = provider.GetRequiredService<ITutor>();
        Assert.Equal("Recursion.", await tutor.ExplainAsync("recursion", 30));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-config", request.Header("Authorization"));
        Assert.Equal("search", request.Header("X-Team"));
        Assert.Equal(
            """{"model":"config-model","messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"What is recursion? Answer in at most 30 words."}],"temperature":0.2}""",
            request.BodyText);
        Assert.Same(tutor, provider.GetRequiredService<ITutor>());
        Assert.Same(provider.GetRequiredService<IChatTransport>(), provider.GetRequiredService<IChatTransport>());
    }

    [Fact]
    public async Task EnvironmentVariablesOverrideTheJsonSettings()
    {
        // A prefix of this test's own, so that parallel tests never see the variable.
        Environment.SetEnvironmentVariable("PGTEST14_PromptGen__Model", "env-model");
        try
        {
            _server.Enqueue(Reply.Json(Bodies.Completion("ok")));
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(Settings())
                .AddEnvironmentVariables("PGTEST14_")
                .Build();
            await using var provider = Build(configuration);

            await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1);

            Assert.StartsWith("""{"model":"env-model",""", _server.Requests[0].BodyText, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGTEST14_PromptGen__Model", null);
        }
    }

    [Theory]
    [InlineData("PromptGen:Model", null, "PromptGen:Model is missing: set the model requests use when they name none, for example \"gpt-4o-mini\" (PromptGen__Model in the environment).")]
    [InlineData("PromptGen:Timeout", "-00:00:05", "PromptGen:Timeout is -00:00:05; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\", or \"-00:00:00.001\" for no limit (PromptGen__Timeout in the environment).")]
    [InlineData("PromptGen:ResponseTimeout", "00:00:00", "PromptGen:ResponseTimeout is 00:00:00; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\"; leave it unset for no limit (PromptGen__ResponseTimeout in the environment).")]
    [InlineData("PromptGen:BaseUrl", "localhost:11434/v1", "PromptGen:BaseUrl is 'localhost:11434/v1', which is not an absolute http or https URL such as \"http://localhost:11434/v1\" (PromptGen__BaseUrl in the environment).")]
    [InlineData("PromptGen:MaxRetries", "-1", "PromptGen:MaxRetries is -1; it must be 0 (no retries) to 10; for more, retry in the HttpClient (UseHttpClientResilience) (PromptGen__MaxRetries in the environment).")]
    [InlineData("PromptGen:MaxRetries", "abc", "PromptGen:MaxRetries is 'abc', which is not a whole number from 0 (no retries) to 10 (PromptGen__MaxRetries in the environment).")]
    [InlineData("PromptGen:Timeout", "2 minutes", "PromptGen:Timeout is '2 minutes', which is not a duration such as \"00:02:00\" (PromptGen__Timeout in the environment).")]
    [InlineData("PromptGen:IncludeStreamUsage", "yes", "PromptGen:IncludeStreamUsage is 'yes', which is not true or false (PromptGen__IncludeStreamUsage in the environment).")]
    [InlineData("PromptGen:MaxTokensField", "max_tokens", "PromptGen:MaxTokensField is 'max_tokens', which is not one of Auto, MaxTokens, MaxCompletionTokens (PromptGen__MaxTokensField in the environment).")]
    [InlineData("PromptGen:Prices:config-model:Input", "cheap", "PromptGen:Prices:config-model:Input is 'cheap', which is not a number of US dollars per 1M tokens, such as 0.15 (PromptGen__Prices__config-model__Input in the environment).")]
    [InlineData("PromptGen:Organization", "org-1\r\nX-Evil: 1", "PromptGen:Organization (PromptGen__Organization in the environment) contains a line break (U+000D, character 6 of 16), which would end the OpenAI-Organization header early and send the rest as headers of their own. A value must be one line: remove the line break (white space around the value is ignored, so a trailing newline from a file is fine).")]
    [InlineData("PromptGen:Headers:X-Team", "s\u00e9arch", "PromptGen:Headers:X-Team (PromptGen__Headers__X-Team in the environment) contains a character that is not ASCII (U+00E9, character 2 of 6); HTTP header values must be ASCII, so the X-Team header could never be sent. It is often a typographic quote, dash or invisible space pasted with the value: type the value again.")]
    [InlineData("PromptGen:Timeout", "30.00:00:00", "PromptGen:Timeout is 30.00:00:00; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\", or \"-00:00:00.001\" for no limit (PromptGen__Timeout in the environment).")]
    [InlineData("PromptGen:StreamIdleTimeout", "-00:00:00.001", "PromptGen:StreamIdleTimeout is -00:00:00.0010000; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\"; leave it unset for no limit (PromptGen__StreamIdleTimeout in the environment).")]
    [InlineData("PromptGen:BaseUrl", "http://localhost:11434/v1#chat", "PromptGen:BaseUrl: The base URL 'http://localhost:11434/v1' has a fragment ('#' and 4 characters after it), which means nothing to a server. Remove it (PromptGen__BaseUrl in the environment).")]
    [InlineData("PromptGen:BaseUrl", "https://me:hunter2-secret@gateway.example/v1", "PromptGen:BaseUrl: The base URL has user information before its host (https://…@gateway.example), which would be sent and shown wherever the endpoint is. Put a key in ChatClientOptions.ApiKey or a header in ChatClientOptions.Headers instead (PromptGen__BaseUrl in the environment).")]
    [InlineData("PromptGen:MaxRetries", "1000000", "PromptGen:MaxRetries is 1000000; it must be 0 (no retries) to 10; for more, retry in the HttpClient (UseHttpClientResilience) (PromptGen__MaxRetries in the environment).")]
    [InlineData("PromptGen:RetryMaxDelay", "2.00:00:00", "PromptGen:RetryMaxDelay is 2.00:00:00; it must be from 0 to 1 hour (\"01:00:00\") (PromptGen__RetryMaxDelay in the environment).")]
    [InlineData("PromptGen:RetryInitialDelay", "-00:00:01", "PromptGen:RetryInitialDelay is -00:00:01; it must be from 0 to 1 hour (\"01:00:00\") (PromptGen__RetryInitialDelay in the environment).")]
    [InlineData("PromptGen:MaxTokensField", "7", "PromptGen:MaxTokensField is 7; it must be Auto, MaxCompletionTokens or MaxTokens (PromptGen__MaxTokensField in the environment).")]
    [InlineData("PromptGen:ProviderName", " ", "PromptGen:ProviderName is blank; set a provider name such as \"ollama\" (gen_ai.provider.name), or remove it for \"openai\" (PromptGen__ProviderName in the environment).")]
    public async Task BadSettingsFailAtStartUpNamingTheKey(string key, string? value, string message)
    {
        var settings = Settings();
        settings[key] = value;
        await using var provider = Build(settings);

        // What the host runs when it starts (ValidateOnStart), before any request.
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(message, Assert.Single(exception.Failures));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AKeyWithATrailingNewlineIsTrimmedAndOneWithALineBreakInsideFailsAtStartUp()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("ok")));
        await using (var provider = Build(Settings(("PromptGen:ApiKey", "sk-config\n"))))
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1);
        }

        await using var broken = Build(Settings(("PromptGen:ApiKey", "sk-config-SECRET\r\nX-Evil: 1")));
        var exception = Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Bearer sk-config", Assert.Single(_server.Requests).Header("Authorization"));
        Assert.Equal(
            "PromptGen:ApiKey (PromptGen__ApiKey in the environment) contains a line break (U+000D, character 17 of 27), which would end the Authorization header early and send the rest as headers of their own. A value must be one line: remove the line break (white space around the value is ignored, so a trailing newline from a file is fine).",
            Assert.Single(exception.Failures));
        Assert.DoesNotContain("SECRET", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnconvertibleValueIsReportedWithTheOthersAndWhenTheOptionsAreFirstUsed()
    {
        await using var provider = Build(Settings(("PromptGen:MaxRetries", "abc"), ("PromptGen:StreamIdleTimeout", "soon"), ("PromptGen:Model", null)));

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var atFirstUse = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatTransport>());

        Assert.Equal(
            [
                "PromptGen:StreamIdleTimeout is 'soon', which is not a duration such as \"00:00:30\" (PromptGen__StreamIdleTimeout in the environment).",
                "PromptGen:MaxRetries is 'abc', which is not a whole number from 0 (no retries) to 10 (PromptGen__MaxRetries in the environment).",
                "PromptGen:Model is missing: set the model requests use when they name none, for example \"gpt-4o-mini\" (PromptGen__Model in the environment).",
            ],
            atStart.Failures);
        Assert.Equal(atStart.Failures, atFirstUse.Failures);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AClientWithoutAnEndpointSaysToCallAddPromptGen()
    {
        var services = new ServiceCollection();
        services.AddPromptClient<ITutor, ITutor.Client>();
        services.AddPromptClient<ITutor>(transport => new ITutor.Client(transport), "local");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Two failing registrations: the host's start-up check throws both, as an AggregateException.
        var atStart = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var unnamed = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITutor>());
        var named = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<ITutor>("local"));

        Assert.Equal(
            "ITutor was registered with AddPromptClient, but no PromptGen endpoint is: call services.AddPromptGen(configuration.GetSection(\"PromptGen\")) as well (or register an IChatTransport of your own, such as a ScriptedTransport in tests).",
            unnamed.Message);
        Assert.Equal(
            "ITutor was registered with AddPromptClient for the endpoint 'local', but no endpoint of that name is: call services.AddPromptGen(\"local\", configuration.GetSection(\"…\")) as well, with the same name (or register a keyed IChatTransport 'local' of your own).",
            named.Message);
        Assert.Equal([unnamed.Message, named.Message], atStart.InnerExceptions.Select(error => Assert.IsType<OptionsValidationException>(error).Message));
    }

    [Fact]
    public void TheOptionsDescribeThemselvesWithoutCredentialsInTheBaseUrl()
    {
        var options = new PromptGenOptions { BaseUrl = "https://user:pa55-SECRET-URL@gateway.example/v1", ApiKey = "sk-x", Model = "m" };

        Assert.Equal("PromptGenOptions { BaseUrl = https://[redacted]@gateway.example/v1, ApiKey = (set), Model = m }", options.ToString());
    }

    [Fact]
    public async Task ANamedEndpointServesTheClientsKeyedByItsName()
    {
        await using var local = await LoopbackServer.StartAsync();
        _server.Enqueue(Reply.Json(Bodies.Completion("from OpenAI")));
        local.Enqueue(Reply.Json(Bodies.Completion("from the local server")));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(
            ("Local:BaseUrl", local.BaseUrl.ToString()),
            ("Local:Model", "llama3.2"))).Build();
        var services = new ServiceCollection();
        services.AddPromptGen(configuration.GetSection("PromptGen"));
        services.AddPromptGen("local", configuration.GetSection("Local"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        services.AddPromptClient<ITutor, ITutor.Client>("local");
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("from OpenAI", await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1));
        Assert.Equal("from the local server", await provider.GetRequiredKeyedService<ITutor>("local").ExplainAsync("x", 1));

        Assert.Equal("Bearer sk-config", Assert.Single(_server.Requests).Header("Authorization"));
        var localRequest = Assert.Single(local.Requests);
        Assert.StartsWith("""{"model":"llama3.2",""", localRequest.BodyText, StringComparison.Ordinal);
        Assert.Null(localRequest.Header("Authorization"));
    }

    [Fact]
    public async Task WithAResilienceHandlerPromptGensOwnRetryStepsAside()
    {
        _server.Enqueue(Enumerable.Range(0, 3).Select(_ => Reply.Error(503, "Overloaded", type: "server_error")).ToArray());
        var services = new ServiceCollection();
        services.AddPromptClient<ITutor, ITutor.Client>();
        services.AddPromptGen(Configuration(Settings(("PromptGen:RetryInitialDelay", "00:00:00"))).GetSection("PromptGen"))
            .UseHttpClientResilience(http => http.AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 2;
                options.Retry.Delay = TimeSpan.Zero;
                options.Retry.UseJitter = false;
            }));
        await using var provider = services.BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<ChatApiException>(() => provider.GetRequiredService<ITutor>().ExplainAsync("x", 1));

        // The handler's first try and two retries; PromptGen sent once (its two default retries would have made nine).
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(503, exception.StatusCode);
        Assert.Equal(1, exception.Attempts);
    }

    [Fact]
    public async Task AResilienceHandlerAddedWithoutUseHttpClientResilienceRetriesTwiceOver()
    {
        // The failure UseHttpClientResilience prevents: both layers retry, 3 × 3 requests.
        _server.Enqueue(Enumerable.Range(0, 9).Select(_ => Reply.Error(503, "Overloaded", type: "server_error")).ToArray());
        var services = new ServiceCollection();
        services.AddPromptClient<ITutor, ITutor.Client>();
        services.AddPromptGen(Configuration(Settings(("PromptGen:RetryInitialDelay", "00:00:00"))).GetSection("PromptGen"))
            .HttpClient.AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 2;
                options.Retry.Delay = TimeSpan.Zero;
                options.Retry.UseJitter = false;
            });
        await using var provider = services.BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<ChatApiException>(() => provider.GetRequiredService<ITutor>().ExplainAsync("x", 1));

        Assert.Equal(9, _server.Requests.Count);
        Assert.Equal(3, exception.Attempts);
    }

    [Fact]
    public async Task AFakeReplacesTheClientInOneLine()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Returns("faked");
        var services = new ServiceCollection();
        services.AddPromptGen(Configuration(Settings()).GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();

        services.AddSingleton<ITutor>(fake);

        await using var provider = services.BuildServiceProvider();
        Assert.Equal("faked", await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AScriptedTransportReplacesTheEndpointInOneLine()
    {
        var transport = new ScriptedTransport();
        transport.Reply("scripted");
        var services = new ServiceCollection();
        services.AddPromptGen(Configuration(Settings()).GetSection("PromptGen"));
        services.AddPromptClient<ITutor>(chat => new ITutor.Client(chat));

        services.AddSingleton<IChatTransport>(transport);

        await using var provider = services.BuildServiceProvider();
        Assert.Equal("scripted", await provider.GetRequiredService<ITutor>().ExplainAsync("x", 1));
        Assert.Equal("What is x? Answer in at most 1 words.", Assert.Single(transport.Requests).Request.Messages[1].Content?.Text);
    }

    [Fact]
    public async Task PricesFromConfigurationPriceTheEndpointsReplies()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("ok", model: "config-model")), Reply.Json(Bodies.Completion("ok", model: "other-model")));
        await using var provider = Build(Settings(
            ("PromptGen:Prices:config-model:Input", "2"),
            ("PromptGen:Prices:config-model:CachedInput", "1"),
            ("PromptGen:Prices:config-model:Output", "8")));
        provider.GetRequiredService<IStartupValidator>().Validate();
        var transport = provider.GetRequiredService<IChatTransport>();

        var priced = await transport.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Hi") } });
        var other = await transport.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Hi") } });

        Assert.Equal((42 * 2m + 12 * 8m) / 1_000_000m, priced.Cost); // 42 prompt, 12 completion tokens
        Assert.Equal(0m, other.Cost); // the loopback endpoint's default table prices every other model at 0
    }

    [Theory]
    [InlineData("Input", "-1", "PromptGen:Prices:config-model:Input is -1; a price (USD per 1M tokens) cannot be negative (PromptGen__Prices__config-model__Input in the environment).")]
    [InlineData("CachedInput", "-0.5", "PromptGen:Prices:config-model:CachedInput is -0.5; a price (USD per 1M tokens) cannot be negative (PromptGen__Prices__config-model__CachedInput in the environment).")]
    public async Task ANegativeConfiguredPriceFailsAtStartUpNamingTheKey(string field, string value, string message)
    {
        await using var provider = Build(Settings(("PromptGen:Prices:config-model:" + field, value), ("PromptGen:Prices:config-model:Output", "1")));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(message, Assert.Single(exception.Failures));
    }

    [Fact]
    public async Task ATokenCounterSetInCodeTrimsTheHistoryToTheBudget()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Sure.", model: "config-model")));
        var services = new ServiceCollection();
        services.AddPromptGen(Configuration(Settings()).GetSection("PromptGen"))
            .UseTokenCounter(new ThousandPerMessage());
        services.AddPromptClient<ITutor, ITutor.Client>();
        await using var provider = services.BuildServiceProvider();

        // [MaxPromptTokens(2000)]: the system message and the new message take 1000 each, so every history turn is dropped.
        var reply = await provider.GetRequiredService<ITutor>().ChatAsync([ChatMessage.User("an old question"), ChatMessage.Assistant("an old answer")], "And now?");

        Assert.Equal("Sure.", reply);
        var body = Assert.Single(_server.Requests).BodyText;
        Assert.DoesNotContain("an old question", body, StringComparison.Ordinal);
        Assert.Contains("And now?", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APriceTableSetInCodeIsExtendedByConfiguredPrices()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("ok", model: "config-model")), Reply.Json(Bodies.Completion("ok", model: "unlisted")));
        var services = new ServiceCollection();
        services.AddPromptGen(Configuration(Settings(("PromptGen:Prices:config-model:Input", "3"), ("PromptGen:Prices:config-model:Output", "3"))).GetSection("PromptGen"))
            .UsePrices(new PriceTable { Default = new ModelPrice(1m, null, 1m) });
        await using var provider = services.BuildServiceProvider();
        var transport = provider.GetRequiredService<IChatTransport>();

        var configured = await transport.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Hi") } });
        var byDefault = await transport.CompleteAsync(new ChatRequest { Messages = { ChatMessage.User("Hi") } });

        Assert.Equal(54 * 3m / 1_000_000m, configured.Cost);
        Assert.Equal(54 * 1m / 1_000_000m, byDefault.Cost);
    }

    [Fact]
    public async Task ATokenCounterRegisteredInTheContainerIsUsedWhenTheBuilderSetsNone()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Sure.", model: "config-model")));
        var services = new ServiceCollection();
        services.AddSingleton<ITokenCounter>(new ThousandPerMessage());
        services.AddPromptGen(Configuration(Settings()).GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ITutor>().ChatAsync([ChatMessage.User("an old question"), ChatMessage.Assistant("an old answer")], "And now?");

        Assert.DoesNotContain("an old question", Assert.Single(_server.Requests).BodyText, StringComparison.Ordinal);
    }

    /// <summary>A token counter that makes every message 1000 tokens.</summary>
    private sealed class ThousandPerMessage : ITokenCounter
    {
        public int CountMessage(ChatMessage message, string model) => 1000;

        public int CountReplyPrimer(string model) => 0;

        public int? ContextWindow(string model) => null;
    }

    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra) => ConfigurationSettings.For(_server.BaseUrl, extra);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();


    private static ServiceProvider Build(Dictionary<string, string?> settings) => Build(Configuration(settings));

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddPromptGen(configuration.GetSection("PromptGen"));
        services.AddPromptClient<ITutor, ITutor.Client>();
        return services.BuildServiceProvider();
    }
}
