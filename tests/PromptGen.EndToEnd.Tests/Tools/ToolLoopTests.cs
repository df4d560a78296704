using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

/// <summary>The example end to end: generated client, generated dispatcher, ChatClient, loopback server.</summary>
public class ToolLoopTests
{
    private const string WeatherTool = """
        {"type":"function","function":{"name":"get_weather","description":"Gets the current weather for a city.",
         "parameters":{"type":"object","properties":{
           "city":{"type":"string","description":"City name, for example \"Oslo\"."},
           "unit":{"type":["string","null"],"enum":["Celsius","Fahrenheit",null],"description":"Temperature unit."}},
          "required":["city","unit"],"additionalProperties":false},
         "strict":true}}
        """;

    private const string TimeTool = """
        {"type":"function","function":{"name":"get_time","description":"The local time in a city, as text.",
         "parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name."}},"required":["city"],"additionalProperties":false},
         "strict":true}}
        """;

    private static IWeatherAssistant Assistant(Harness harness) => new IWeatherAssistant.Client(harness.Client);

    private static JsonArray Messages(Harness harness, int request) => JsonNode.Parse(harness.Server.Requests[request].BodyText)!["messages"]!.AsArray();

    [Fact]
    public async Task OneRoundSendsToolsRunsTheCallAndAnswersWithTheResult()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_a", "get_weather", """{"city":"Oslo","unit":"Fahrenheit"}""")),
            Harness.Completion("It is 70.7°F in Oslo."));
        var tools = new WeatherTools();

        var result = await Assistant(harness).AskAsync("Weather in Oslo?", tools);

        Assert.Equal("It is 70.7°F in Oslo.", result.Value);
        Assert.Equal(new[] { "weather Oslo Fahrenheit" }, tools.Calls);
        Assert.Equal(2, harness.Server.Requests.Count);
        JsonAssert.Equal($$"""
            {"model":"default-model","messages":[
              {"role":"system","content":"You answer questions about the weather."},
              {"role":"user","content":"Weather in Oslo?"}],
             "tools":[{{WeatherTool}},{{TimeTool}}]}
            """, harness.Server.Requests[0].BodyText);
        JsonAssert.Equal("""
            [{"role":"system","content":"You answer questions about the weather."},
             {"role":"user","content":"Weather in Oslo?"},
             {"role":"assistant","tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\",\"unit\":\"Fahrenheit\"}"}}]},
             {"role":"tool","content":"{\"city\":\"Oslo\",\"temperature\":70.7,\"unit\":\"Fahrenheit\"}","tool_call_id":"call_a"}]
            """, Messages(harness, 1).ToJsonString());
        Assert.Equal(2, result.Rounds);
        Assert.Equal(1, result.Attempts);
        Assert.Equal((41, 14, 55), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens));
        Assert.Equal(new[] { "system", "user", "assistant", "tool", "assistant" }, result.Transcript!.Select(m => m.Role));
        Assert.Equal("It is 70.7°F in Oslo.", result.Transcript![^1].Content!.Text);
    }

    [Fact]
    public async Task SeveralRoundsKeepTheWholeConversationAndDefaultsApplyWhenAnArgumentIsNull()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_1", "get_weather", """{"city":"Oslo","unit":null}""")),
            ToolReplies.Calls(("call_2", "get_time", """{"city":"Oslo"}""")),
            Harness.Completion("21.5°C at noon."));
        var tools = new WeatherTools();

        var result = await Assistant(harness).AskAsync("Weather and time in Oslo?", tools);

        Assert.Equal("21.5°C at noon.", result.Value);
        Assert.Equal(new[] { "weather Oslo Celsius", "time Oslo" }, tools.Calls);
        Assert.Equal(3, result.Rounds);
        var third = Messages(harness, 2);
        Assert.Equal(new[] { "system", "user", "assistant", "tool", "assistant", "tool" }, third.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal(("call_2", "12:00 in Oslo"), (third[5]!["tool_call_id"]!.GetValue<string>(), third[5]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ParallelCallsInOneReplyRunConcurrentlyAndAnswerInCallOrder()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_o", "get_weather", """{"city":"Oslo","unit":"Celsius"}"""), ("call_b", "get_weather", """{"city":"Bergen","unit":"Celsius"}""")),
            Harness.Completion("Both mild."));
        // Oslo's call waits until Bergen's has started: run one after another, they would never finish (the guard fails the test instead).
        var bergenStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tools = new WeatherTools
        {
            BeforeWeather = async (city, token) =>
            {
                if (city == "Bergen")
                {
                    bergenStarted.SetResult();
                }
                else
                {
                    await bergenStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), token);
                }
            },
        };

        var result = await Assistant(harness).AskAsync("Oslo and Bergen?", tools);

        Assert.Equal("Both mild.", result.Value);
        var messages = Messages(harness, 1);
        Assert.Equal(new[] { "call_o", "call_b" }, messages.Skip(3).Select(m => m!["tool_call_id"]!.GetValue<string>()));
        Assert.Contains("\"Oslo\"", messages[3]!["content"]!.GetValue<string>());
        Assert.Contains("\"Bergen\"", messages[4]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task AToolThatThrowsSendsItsMessageToTheModel()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_x", "get_weather", """{"city":"Atlantis","unit":"Celsius"}""")),
            Harness.Completion("No data for Atlantis."));

        var result = await Assistant(harness).AskAsync("Atlantis?", new WeatherTools());

        Assert.Equal("No data for Atlantis.", result.Value);
        Assert.Equal("Error: get_weather failed: Atlantis has no weather station.", Messages(harness, 1)[3]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task ArgumentsThatDoNotParseOrFitGoBackAsErrorsAndUnknownToolsAreNamed()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("c1", "get_weather", """{"city":"Oslo","""), ("c2", "get_weather", """{"city":7,"unit":"Kelvin"}"""), ("c3", "get_tide", "{}")),
            Harness.Completion("Sorry."));
        var tools = new WeatherTools();

        await Assistant(harness).AskAsync("?", tools);

        Assert.Empty(tools.Calls);
        var messages = Messages(harness, 1);
        Assert.Equal("Error: the arguments of get_weather are not valid JSON. The arguments string ends before its JSON is complete (15 characters received): it was cut short, or a bracket or quote is not closed. Call get_weather again with a JSON object of its parameters.", messages[3]!["content"]!.GetValue<string>());
        Assert.Equal(
            "Error: the arguments of get_weather do not fit its parameters: $.city: expected a string, got 7. $.unit: \"Kelvin\" is not one of the allowed values \"Celsius\", \"Fahrenheit\", null. Call get_weather again with corrected arguments.",
            messages[4]!["content"]!.GetValue<string>());
        Assert.Equal("Error: there is no tool named 'get_tide'. The tools are: get_weather, get_time.", messages[5]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheRoundLimitThrowsWithTheTranscript()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("c1", "get_time", """{"city":"Oslo"}""")),
            ToolReplies.Calls(("c2", "get_time", """{"city":"Oslo"}""")),
            ToolReplies.Calls(("c3", "get_time", """{"city":"Oslo"}""")));

        var error = await Assert.ThrowsAsync<PromptToolRoundsException>(() => Assistant(harness).AskBrieflyAsync("Time?", new WeatherTools()));

        Assert.Equal("The model still asked for tool calls (get_time) after 2 rounds of tool calls, the limit; raise [MaxToolRounds] or make the tools' results let the model answer.", error.Message);
        Assert.Equal(3, harness.Server.Requests.Count);
        Assert.Equal(3, error.Rounds);
        Assert.Equal(105, error.Usage!.TotalTokens);
        Assert.Equal(new[] { "user", "assistant", "tool", "assistant", "tool", "assistant" }, error.Transcript.Select(m => m.Role));
        Assert.Equal("c3", error.Transcript[^1].ToolCalls![0].Id);
    }

    [Fact]
    public async Task EmptyIdsGetStableClientSideIdsThatPairCallsWithResults()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("", "get_time", """{"city":"Oslo"}"""), ("", "get_time", """{"city":"Rome"}""")),
            Harness.Completion("Noon in both."));

        await Assistant(harness).AskAsync("?", new WeatherTools());

        var messages = Messages(harness, 1);
        Assert.Equal(new[] { "call_1_0", "call_1_1" }, messages[2]!["tool_calls"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(new[] { "call_1_0", "call_1_1" }, messages.Skip(3).Select(m => m!["tool_call_id"]!.GetValue<string>()));
        Assert.Equal("12:00 in Rome", messages[4]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task ArgumentsAsAnObjectAndLegacyFunctionCallAreCalls()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Reply.Json("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_time","arguments":{"city":"Oslo"}}}]},"finish_reason":"tool_calls"}]}"""),
            Reply.Json("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"function_call":{"name":"get_time","arguments":"{\"city\":\"Rome\"}"}},"finish_reason":"function_call"}]}"""),
            Harness.Completion("Noon."));
        var tools = new WeatherTools();

        await Assistant(harness).AskAsync("?", tools);

        Assert.Equal(new[] { "time Oslo", "time Rome" }, tools.Calls);
        Assert.Equal("call_2_0", Messages(harness, 2)[5]!["tool_call_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AForcedFunctionWithFinishReasonStopStillRunsAndTheTypedReplyIsReadAfterwards()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls("stop", ("call_f", "get_weather", """{"city":"Oslo","unit":"Celsius"}""")),
            Harness.Completion("""{"city":"Oslo","temperature":21.5,"unit":"Celsius"}"""));

        var result = await Assistant(harness).ForecastAsync("Oslo?", new WeatherTools());

        Assert.Equal(new Weather("Oslo", 21.5, TemperatureUnit.Celsius), result.Value);
        Assert.Equal(2, result.Rounds);
        Assert.Equal(55, result.Usage!.TotalTokens);
        var first = JsonNode.Parse(harness.Server.Requests[0].BodyText)!;
        JsonAssert.Equal("""{"type":"function","function":{"name":"get_weather"}}""", first["tool_choice"]!.ToJsonString());
        Assert.False(first["parallel_tool_calls"]!.GetValue<bool>());
        Assert.NotNull(first["response_format"]);
        // The forced choice applies to the first request only; asked again with it the model could never answer.
        var second = JsonNode.Parse(harness.Server.Requests[1].BodyText)!.AsObject();
        Assert.False(second.ContainsKey("tool_choice"));
        Assert.NotNull(second["tools"]);
    }

    [Fact]
    public async Task CancellationDuringAToolIsNeverSwallowed()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(ToolReplies.Calls(("c1", "get_weather", """{"city":"Oslo","unit":"Celsius"}""")));
        using var cancellation = new CancellationTokenSource();
        var tools = new WeatherTools
        {
            BeforeWeather = async (_, token) =>
            {
                cancellation.Cancel();
                await Task.Delay(Timeout.Infinite, token);
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Assistant(harness).AskAsync("?", tools, cancellation.Token));
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task RethrowToolExceptionsLetsTheToolsExceptionReachTheCaller()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(ToolReplies.Calls(("c1", "book", """{"people":4}""")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Assistant(harness).BookAsync("Table for 4", new FullRestaurant()));

        Assert.Equal("No table for 4.", error.Message);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task ANullToolsArgumentIsAnArgumentNullException()
    {
        await using var harness = await Harness.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => Assistant(harness).AskAsync("?", null!));

        Assert.Equal("tools", error.ParamName);
        Assert.Empty(harness.Server.Requests);
    }

    private sealed class FullRestaurant : IStrictTools
    {
        public Task<string> BookAsync(int people) => throw new InvalidOperationException($"No table for {people}.");
    }
}

public class ToolRepairTests
{
    [Fact]
    public async Task ARepairRequestKeepsTheToolExchangeSoToolsAreNotCalledAgain()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_w", "get_weather", """{"city":"Oslo","unit":"Celsius"}""")),
            Harness.Completion("""{"city":"Oslo","temperature":"warm","unit":"Celsius"}"""),
            Harness.Completion("""{"city":"Oslo","temperature":21.5,"unit":"Celsius"}"""));
        var tools = new WeatherTools();
        IWeatherAssistant assistant = new IWeatherAssistant.Client(harness.Client);

        var result = await assistant.ForecastRepairedAsync("Oslo?", tools);

        Assert.Equal(21.5, result.Value.Temperature);
        Assert.Equal(new[] { "weather Oslo Celsius" }, tools.Calls);
        Assert.Equal((2, 3), (result.Attempts, result.Rounds));
        Assert.Equal(75, result.Usage!.TotalTokens);
        var third = JsonNode.Parse(harness.Server.Requests[2].BodyText)!["messages"]!.AsArray();
        Assert.Equal(new[] { "user", "assistant", "tool", "assistant", "user" }, third.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("call_w", third[2]!["tool_call_id"]!.GetValue<string>());
        Assert.StartsWith("Your reply does not match the required JSON format:", third[4]!["content"]!.GetValue<string>());
    }
}
