using PromptGen.Telemetry;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// Every public option of the runtime refuses a value that cannot work — negative, zero, infinite or absurdly large
/// durations and counts, blank texts, control characters in header values, base URLs with credentials or a fragment — with
/// an exception that names the option, the value received and what is allowed (and never quotes a secret).
/// </summary>
public sealed class OptionBoundsTests
{
    private static readonly TimeSpan Infinite = Timeout.InfiniteTimeSpan;

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(1_000_000)]
    public void MaxRetriesIsZeroToTen(int value)
    {
        var policy = new RetryPolicy();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => policy.MaxRetries = value);

        Assert.Equal($"RetryPolicy.MaxRetries is {value}; it must be 0 (no retries) to 10 (RetryPolicy.MaxRetriesLimit). For more, retry in the HttpClient's resilience pipeline and set ChatClientOptions.Retry to RetryPolicy.None. (Parameter 'MaxRetries'){Environment.NewLine}Actual value was {value}.", error.Message);
        Assert.Equal(2, policy.MaxRetries);
        policy.MaxRetries = 0;
        policy.MaxRetries = RetryPolicy.MaxRetriesLimit;
        Assert.Equal(10, policy.MaxRetries);
    }

    public static TheoryData<string, TimeSpan, string> BadDelays => new()
    {
        { "InitialDelay", TimeSpan.FromTicks(-1), "-00:00:00.0000001" },
        { "MaxDelay", Timeout.InfiniteTimeSpan, "Timeout.InfiniteTimeSpan (-00:00:00.0010000)" },
        { "MaxServerWait", TimeSpan.FromHours(1) + TimeSpan.FromTicks(1), "01:00:00.0000001" },
        { "MaxDelay", TimeSpan.MaxValue, "10675199.02:48:05.4775807" },
    };

    [Theory]
    [MemberData(nameof(BadDelays))]
    public void RetryDelaysAreZeroToOneHour(string property, TimeSpan value, string shown)
    {
        var policy = new RetryPolicy();
        Action set = property switch
        {
            "InitialDelay" => () => policy.InitialDelay = value,
            "MaxDelay" => () => policy.MaxDelay = value,
            _ => () => policy.MaxServerWait = value,
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(set);

        Assert.StartsWith($"RetryPolicy.{property} is {shown}; it must be from 0 to 01:00:00 (RetryPolicy.DelayLimit). (Parameter '{property}')", error.Message);
        Assert.Equal(property, error.ParamName);
        policy.InitialDelay = TimeSpan.Zero;
        policy.MaxDelay = RetryPolicy.DelayLimit;
        policy.MaxServerWait = TimeSpan.Zero;
    }

    [Fact]
    public async Task AJitterOfNaNWaitsTheWholeBackoff()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Error(503, "busy"));
        server.Enqueue(Reply.Json(CompletionJson));
        var waits = new RecordedWaits();
        waits.Policy.Jitter = () => double.NaN;
        waits.Policy.InitialDelay = TimeSpan.FromSeconds(2);
        using var client = new ChatClient(Options(server, waits));

        var completion = await client.CompleteAsync(Hello());

        Assert.Equal("Hello!", PromptReply.Text(completion));
        Assert.Equal([TimeSpan.FromSeconds(2)], waits.Waits);
    }

    public static TheoryData<string, TimeSpan?, string> BadTimeouts => new()
    {
        { "Timeout", TimeSpan.Zero, "ChatClientOptions.Timeout is 00:00:00; it must be positive and at most 1.00:00:00 (ChatClientOptions.TimeoutLimit), or Timeout.InfiniteTimeSpan for no limit." },
        { "Timeout", TimeSpan.FromSeconds(-5), "ChatClientOptions.Timeout is -00:00:05; it must be positive and at most 1.00:00:00 (ChatClientOptions.TimeoutLimit), or Timeout.InfiniteTimeSpan for no limit." },
        { "Timeout", TimeSpan.MaxValue, "ChatClientOptions.Timeout is 10675199.02:48:05.4775807; it must be positive and at most 1.00:00:00 (ChatClientOptions.TimeoutLimit), or Timeout.InfiniteTimeSpan for no limit." },
        { "ResponseTimeout", Timeout.InfiniteTimeSpan, "ChatClientOptions.ResponseTimeout is Timeout.InfiniteTimeSpan (-00:00:00.0010000); it must be positive and at most 1.00:00:00 (ChatClientOptions.TimeoutLimit), or null for no limit." },
        { "StreamIdleTimeout", TimeSpan.FromDays(30), "ChatClientOptions.StreamIdleTimeout is 30.00:00:00; it must be positive and at most 1.00:00:00 (ChatClientOptions.TimeoutLimit), or null for no limit." },
        { "StreamIdleTimeout", TimeSpan.Zero, "ChatClientOptions.StreamIdleTimeout is 00:00:00; it must be positive and at most 1.00:00:00 (ChatClientOptions.TimeoutLimit), or null for no limit." },
    };

    [Theory]
    [MemberData(nameof(BadTimeouts))]
    public void TimeoutsArePositiveAndAtMostOneDay(string property, TimeSpan? value, string message)
    {
        var options = new ChatClientOptions(static _ => null);
        Action set = property switch
        {
            "Timeout" => () => options.Timeout = value!.Value,
            "ResponseTimeout" => () => options.ResponseTimeout = value,
            _ => () => options.StreamIdleTimeout = value,
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(set);

        Assert.StartsWith(message + $" (Parameter '{property}')", error.Message);
        options.Timeout = Infinite;
        options.Timeout = ChatClientOptions.TimeoutLimit;
        options.ResponseTimeout = ChatClientOptions.TimeoutLimit;
        options.StreamIdleTimeout = null;
        Assert.Equal(TimeSpan.FromDays(1), options.Timeout);
    }

    [Fact]
    public void AModelIdIsNotBlank()
    {
        // Header values (ApiKey, Organization, Project, Headers) are checked by the ChatClient constructor: HeaderValueTests.
        var options = new ChatClientOptions(static _ => null);

        var model = Assert.Throws<ArgumentException>(() => options.Model = "");

        Assert.Equal("ChatClientOptions.Model is empty; name the model, such as \"gpt-4o-mini\", or set null when every request names its model. (Parameter 'Model')", model.Message);
        options.Model = null;
        Assert.Null(options.Model);
    }

    [Fact]
    public void AnUndefinedMaxTokensFieldIsRefused()
    {
        var options = new ChatClientOptions(static _ => null);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxTokensField = (MaxTokensField)7);

        Assert.StartsWith("ChatClientOptions.MaxTokensField is 7, which is none of Auto, MaxCompletionTokens and MaxTokens. (Parameter 'MaxTokensField')", error.Message);
    }

    [Fact]
    public void ABaseUrlWithCredentialsOrAFragmentIsRefused()
    {
        var options = new ChatClientOptions(static _ => null);

        var credentials = Assert.Throws<ArgumentException>(() => options.BaseUrl = new Uri("https://me:hunter2-secret@gateway.example/v1"));
        var fragment = Assert.Throws<ArgumentException>(() => options.BaseUrl = new Uri("http://localhost:11434/v1#chat"));
        var fromEnvironment = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_BASE_URL" ? "https://me:hunter2-secret@gateway.example/v1" : null));

        Assert.Equal("The base URL has user information before its host (https://…@gateway.example), which would be sent and shown wherever the endpoint is. Put a key in ChatClientOptions.ApiKey or a header in ChatClientOptions.Headers instead. (Parameter 'value')", credentials.Message);
        Assert.DoesNotContain("hunter2", credentials.ToString());
        Assert.Equal("The base URL 'http://localhost:11434/v1' has a fragment ('#' and 4 characters after it), which means nothing to a server. Remove it. (Parameter 'value')", fragment.Message);
        Assert.Equal("The environment variable OPENAI_BASE_URL has user information before its host (https://…@gateway.example), which would be sent and shown wherever the endpoint is. Put a key in ChatClientOptions.ApiKey or a header in ChatClientOptions.Headers instead. Fix or unset it, or set ChatClientOptions.BaseUrl.", fromEnvironment.Message);
        Assert.Equal(ChatClientOptions.DefaultBaseUrl, options.BaseUrl);
    }

    [Fact]
    public void AnApiKeyFromTheEnvironmentWithALineBreakInsideIsRefused()
    {
        var inside = Assert.Throws<InvalidOperationException>(() => new ChatClientOptions(name => name == "OPENAI_API_KEY" ? "sk-secret-one\nsk-secret-two" : null));
        var trailing = new ChatClientOptions(name => name == "OPENAI_API_KEY" ? "sk-secret-one\n" : null);

        Assert.Equal("The environment variable OPENAI_API_KEY has a control character (a line break, a tab…) at position 13; an API key is one line of printable characters. Fix or unset it, or set ChatClientOptions.ApiKey.", inside.Message);
        Assert.DoesNotContain("secret", inside.ToString());
        Assert.Equal("sk-secret-one", trailing.ApiKey); // trimmed, as before
    }

    [Fact]
    public async Task AHeaderValueWithALineBreakIsRefusedWhenTheClientIsBuilt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = Options(server);
        options.Headers["api-key"] = "azure-secret-key\r\nX-Injected: 1";

        var error = Assert.Throws<ArgumentException>(() => new ChatClient(options));

        Assert.Equal("ChatClientOptions.Headers[\"api-key\"] contains a line break (U+000D, character 17 of 31), which would end the api-key header early and send the rest as headers of their own. A value must be one line: remove the line break (white space around the value is ignored, so a trailing newline from a file is fine). (Parameter 'options')", error.Message);
        Assert.DoesNotContain("azure-secret", error.ToString());
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ToolLoopRoundsAreOneOrMore(int value)
    {
        var options = new ToolLoopOptions();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxRounds = value);

        Assert.StartsWith($"ToolLoopOptions.MaxRounds is {value}; it must be 1 or more (a loop of 0 rounds could never run a tool the model asks for). (Parameter 'MaxRounds')", error.Message);
        Assert.Equal(8, options.MaxRounds);
    }

    [Fact]
    public void TelemetryProviderNameIsNotBlankAndItsEndpointIsAbsolute()
    {
        var options = new ChatTelemetryOptions();

        var blank = Assert.Throws<ArgumentException>(() => options.ProviderName = "");
        Assert.Throws<ArgumentNullException>(() => options.ProviderName = null!);
        var relative = Assert.Throws<ArgumentException>(() => options.Endpoint = new Uri("/v1", UriKind.Relative));

        Assert.Equal("ChatTelemetryOptions.ProviderName is ''; set a provider name such as \"openai\" or \"ollama\" (gen_ai.provider.name). (Parameter 'ProviderName')", blank.Message);
        Assert.Equal("ChatTelemetryOptions.Endpoint is '/v1', a relative URL; set the absolute URL of the server (https://api.openai.com/v1), or null to take the ChatClient's. (Parameter 'Endpoint')", relative.Message);
        Assert.Equal("openai", options.ProviderName);
    }
}
