using PromptGen.Testing;
using Xunit;

[assembly: PromptFake(typeof(PromptGen.EndToEnd.Tests.Tools.IWeatherAssistant))]

namespace PromptGen.EndToEnd.Tests.Tools;

/// <summary>Testing with tools: a tools implementation alone, scripted tool calls, and fakes that record the tools argument.</summary>
public class ToolTestingTests
{
    [Fact]
    public async Task ADispatcherRunsAToolsImplementationAloneFromJsonArguments()
    {
        var dispatcher = new WeatherToolsDispatcher(new WeatherTools());

        var weather = await dispatcher.InvokeAsync("get_weather", """{"city":"Oslo","unit":"Fahrenheit"}""");
        var time = await dispatcher.InvokeAsync("get_time", """{"city":"Rome"}""");
        var missing = await dispatcher.InvokeAsync("get_weather", """{"unit":"Celsius"}""");
        var failing = await dispatcher.InvokeAsync("get_weather", """{"city":"Atlantis","unit":null}""");

        Assert.Equal(("""{"city":"Oslo","temperature":70.7,"unit":"Fahrenheit"}""", false), (weather.Content, weather.Failed));
        Assert.Equal("12:00 in Rome", time.Content);
        Assert.Equal("Error: the arguments of get_weather do not fit its parameters: $.city: required property is missing. Call get_weather again with corrected arguments.", missing.Content);
        Assert.True(failing.Failed);
        Assert.IsType<InvalidOperationException>(failing.Exception);
        Assert.Equal(new[] { "get_weather", "get_time" }, WeatherToolsDispatcher.Tools.Select(t => t.Name));
        Assert.Throws<ArgumentException>(() => (object)dispatcher.InvokeAsync("get_tide", "{}").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task ScriptedTransportScriptsToolCallRepliesAndRecordsTheToolMessages()
    {
        var transport = new ScriptedTransport()
            .ReplyToolCall("get_weather", """{"city":"Oslo","unit":"Celsius"}""")
            .ReplyToolCalls(
                new ChatToolCall { Id = "", Function = new ChatFunctionCall { Name = "get_time", Arguments = """{"city":"Oslo"}""" } },
                new ChatToolCall { Id = "t2", Function = new ChatFunctionCall { Name = "get_time", Arguments = """{"city":"Rome"}""" } })
            .Reply("Mild, and noon in both.");
        IWeatherAssistant assistant = new IWeatherAssistant.Client(transport);
        var tools = new WeatherTools();

        var result = await assistant.AskAsync("?", tools);

        Assert.Equal("Mild, and noon in both.", result.Value);
        Assert.Equal(new[] { "time Oslo", "time Rome", "weather Oslo Celsius" }, tools.Calls.Order(StringComparer.Ordinal));
        Assert.Equal(3, transport.Requests.Count);
        var last = transport.Requests[2].Request.Messages;
        Assert.Equal(new[] { "call_0_0", "call_2_0", "t2" }, last.Where(m => m.Role == ChatRole.Tool).Select(m => m.ToolCallId));
        Assert.Equal(3, result.Rounds);
    }

    [Fact]
    public async Task ScriptedTransportStreamsToolCallsForAStreamingMethodWithTools()
    {
        var transport = new ScriptedTransport()
            .StreamToolCall("get_weather", """{"city":"Oslo","unit":"Fahrenheit"}""")
            .StreamToolCalls(
                new ChatToolCall { Id = "", Function = new ChatFunctionCall { Name = "get_time", Arguments = """{"city":"Oslo"}""" } },
                new ChatToolCall { Id = "t2", Function = new ChatFunctionCall { Name = "get_time", Arguments = """{"city":"Rome"}""" } })
            .Stream("Mild", ", noon.");
        IWeatherAssistant assistant = new IWeatherAssistant.Client(transport);
        var tools = new WeatherTools();

        var text = new List<string>();
        await foreach (var delta in assistant.StreamAsync("?", tools))
        {
            text.Add(delta);
        }

        Assert.Equal("Mild, noon.", string.Concat(text));
        Assert.Equal(new[] { "time Oslo", "time Rome", "weather Oslo Fahrenheit" }, tools.Calls.Order(StringComparer.Ordinal));
        Assert.Equal(3, transport.Requests.Count);
        var last = transport.Requests[2].Request.Messages;
        var asked = last.Where(m => m.Role == ChatRole.Assistant).SelectMany(m => m.ToolCalls!).ToArray();
        Assert.Equal(new[] { ("call_0_0", "get_weather", """{"city":"Oslo","unit":"Fahrenheit"}"""), ("call_2_0", "get_time", """{"city":"Oslo"}"""), ("t2", "get_time", """{"city":"Rome"}""") },
            asked.Select(c => (c.Id!, c.Function!.Name!, c.Function.Arguments!)));
        Assert.Equal(new[] { "call_0_0", "call_2_0", "t2" }, last.Where(m => m.Role == ChatRole.Tool).Select(m => m.ToolCallId));

        // A streamed call queued as a complete tool-call reply says which method to use.
        var mismatched = new ScriptedTransport().ReplyToolCall("get_weather", "{}");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in new IWeatherAssistant.Client(mismatched).StreamAsync("?", tools))
            {
            }
        });
        Assert.Contains("Queue it with Stream(...) instead (StreamToolCall(...) for a streamed tool call).", error.Message);
        Assert.Throws<ArgumentException>(() => new ScriptedTransport().StreamToolCalls());
    }

    [Fact]
    public async Task AFakeRecordsTheToolsArgument()
    {
        var fake = new FakeWeatherAssistant();
        fake.AskAsync.Returns(new ChatResult<string>("Sunny.", new ChatCompletion()));
        var tools = new WeatherTools();

        await ((IWeatherAssistant)fake).AskAsync("Weather?", tools);

        var call = Assert.Single(fake.AskAsync.Calls);
        Assert.Equal("Weather?", call.Question);
        Assert.Same(tools, call.Tools);
    }

    [Fact]
    public async Task AFakeOfAMethodWithToolsCarriesTheClientsPromptVersionToo()
    {
        var fake = new FakeWeatherAssistant();
        fake.AskAsync.Returns(new ChatResult<string>("Sunny", new ChatCompletion()));

        var result = await ((IWeatherAssistant)fake).AskAsync("Weather in Oslo?", new WeatherTools());

        Assert.Equal(IWeatherAssistant.Client.AskAsyncPromptVersion, result.PromptVersion);
    }
}
