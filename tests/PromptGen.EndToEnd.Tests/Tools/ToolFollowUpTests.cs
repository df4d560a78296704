using System.Text.Json;
using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

/// <summary>
/// The fresh-eyes review's tool findings, each proven against generated code and the loopback server: optional tools,
/// interfaces without tools, omitted arguments with defaults, enum names in any case, and the legacy streamed function_call.
/// </summary>
public class ToolFollowUpTests
{
    private static IWeatherAssistant Assistant(Harness harness) => new IWeatherAssistant.Client(harness.Client);

    [Fact]
    public async Task AnOptionalToolsParameterGivenNullSendsNoToolsAndNoToolSettings()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("No tools today."), ToolReplies.Calls(("c1", "get_time", """{"city":"Oslo"}""")), Harness.Completion("Noon."));
        var tools = new WeatherTools();

        var without = await Assistant(harness).AskMaybeAsync("Hi");
        var with = await Assistant(harness).AskMaybeAsync("Time in Oslo?", tools);

        Assert.Equal(("No tools today.", 1), (without.Value, without.Rounds));
        JsonAssert.Equal("""{"model":"default-model","messages":[{"role":"user","content":"Hi"}]}""", harness.Server.Requests[0].BodyText);
        Assert.Equal(("Noon.", 2), (with.Value, with.Rounds));
        Assert.Equal(new[] { "time Oslo" }, tools.Calls);
        var first = JsonNode.Parse(harness.Server.Requests[1].BodyText)!;
        Assert.Equal(new[] { "get_weather", "get_time" }, first["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()));
        Assert.Equal("\"required\"", first["tool_choice"]!.ToJsonString());
        Assert.False(first["parallel_tool_calls"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AToolsInterfaceWithoutMethodsSendsNoToolsArrayAndNoToolSettings()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("Hello."));

        var answer = await Assistant(harness).AskWithoutToolsAsync("Hi", new NoTools());

        Assert.Equal("Hello.", answer);
        JsonAssert.Equal("""{"model":"default-model","messages":[{"role":"user","content":"Hi"}]}""", harness.Server.Requests[0].BodyText);
        Assert.Null(ToolDefinition.ToChatTools(NoToolsDispatcher.Tools));
        Assert.Null(ToolDefinition.ToChatTools(null, Array.Empty<ToolDefinition>()));
    }

    [Fact]
    public async Task AnOmittedArgumentWithADefaultGetsTheDefaultWhileTheStrictSchemaStillAsksForIt()
    {
        var dispatcher = new WeatherToolsDispatcher(new WeatherTools());

        var omitted = await dispatcher.InvokeAsync("get_weather", """{"city":"Oslo"}""");
        var sentNull = await dispatcher.InvokeAsync("get_weather", """{"city":"Oslo","unit":null}""");

        Assert.Equal(("""{"city":"Oslo","temperature":21.5,"unit":"Celsius"}""", false), (omitted.Content, omitted.Failed));
        Assert.Equal(("""{"city":"Oslo","temperature":21.5,"unit":"Celsius"}""", false), (sentNull.Content, sentNull.Failed));
        var definition = WeatherToolsDispatcher.Tools[0];
        Assert.True(definition.Strict);
        Assert.Equal("""["city","unit"]""", definition.Parameters.GetProperty("required").GetRawText());
    }

    [Theory]
    [InlineData("Fahrenheit")]
    [InlineData("fahrenheit")]
    [InlineData("FAHRENHEIT")]
    public async Task EnumArgumentsAreMatchedInAnyCase(string unit)
    {
        var tools = new WeatherTools();

        var result = await new WeatherToolsDispatcher(tools).InvokeAsync("get_weather", $$"""{"city":"Oslo","unit":"{{unit}}"}""");

        Assert.Equal(("""{"city":"Oslo","temperature":70.7,"unit":"Fahrenheit"}""", false), (result.Content, result.Failed));
        Assert.Equal(new[] { "weather Oslo Fahrenheit" }, tools.Calls);
    }

    [Theory]
    [InlineData("Fahrenheit")]
    [InlineData("fahrenheit")]
    public async Task EnumMembersOfRecordArgumentsAreMatchedInAnyCaseToo(string unit)
    {
        var result = await new TripToolsDispatcher(new TripTools()).InvokeAsync("plan", $$$"""{"trip":{"city":"Oslo","unit":"{{{unit}}}"}}""");

        Assert.Equal(("Oslo in Fahrenheit", false), (result.Content, result.Failed));
    }

    [Theory]
    [InlineData("\"kelvin\"", "$.unit: \"kelvin\" is not one of the allowed values \"Celsius\", \"Fahrenheit\", null.")]
    [InlineData("1", "$.unit: expected a string or null, got 1.")]
    public async Task AnEnumArgumentOutsideTheSchemaFailsNamingTheAllowedValues(string unit, string error)
    {
        var tools = new WeatherTools();

        var result = await new WeatherToolsDispatcher(tools).InvokeAsync("get_weather", $$"""{"city":"Oslo","unit":{{unit}}}""");

        Assert.True(result.Failed);
        Assert.Equal($"Error: the arguments of get_weather do not fit its parameters: {error} Call get_weather again with corrected arguments.", result.Content);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public void TheEnumReaderAcceptsNamesInAnyCaseAndRejectsTheRestWithATypedErrorNamingTheNames()
    {
        using var document = JsonDocument.Parse("""{"a":"celsius","b":"kelvin","c":0}""");
        var root = document.RootElement;

        Assert.Equal(TemperatureUnit.Celsius, ToolJson.Read(root, "a", ToolJson.Enum<TemperatureUnit>()));
        var kelvin = Assert.Throws<ToolArgumentException>(() => ToolJson.Read(root, "b", ToolJson.Enum<TemperatureUnit>()));
        Assert.Equal("$.b: \"kelvin\" is not one of Celsius, Fahrenheit.", kelvin.Message);
        var number = Assert.Throws<ToolArgumentException>(() => ToolJson.Read(root, "c", ToolJson.NullableEnum<TemperatureUnit>()));
        Assert.Equal("$.c: expected one of Celsius, Fahrenheit (a string), got a number.", number.Message);
        Assert.Equal("\"Fahrenheit\"", ToolJson.Write(TemperatureUnit.Fahrenheit, ToolJson.Enum<TemperatureUnit>()));
    }

    private static string Chunk(string delta, string? finish = null) =>
        $$"""{"id":"s","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : "\"" + finish + "\"")}}}]}""";

    [Fact]
    public async Task AStreamedLegacyFunctionCallIsOneCallAsInANonStreamedReply()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Reply.Sse()
                .Data(Chunk("""{"role":"assistant","content":null,"function_call":{"name":"get_","arguments":""}}"""))
                .Data(Chunk("""{"function_call":{"name":"time","arguments":"{\"ci"}}"""))
                .Data(Chunk("""{"function_call":{"arguments":"ty\":\"Rome\"}"}}"""))
                .Data(Chunk("{}", "function_call"))
                .Done(),
            Reply.Sse()
                .Data(Chunk("""{"role":"assistant","content":"Noon "}"""))
                .Data(Chunk("""{"content":"in Rome."}"""))
                .Data(Chunk("{}", "stop"))
                .Done());
        var tools = new WeatherTools();

        var parts = new List<string>();
        await foreach (var part in Assistant(harness).StreamAsync("Time in Rome?", tools))
        {
            parts.Add(part);
        }

        Assert.Equal(new[] { "Noon ", "in Rome." }, parts);
        Assert.Equal(new[] { "time Rome" }, tools.Calls);
        JsonAssert.Equal("""
            [{"role":"user","content":"Time in Rome?"},
             {"role":"assistant","tool_calls":[{"id":"call_1_0","type":"function","function":{"name":"get_time","arguments":"{\"city\":\"Rome\"}"}}]},
             {"role":"tool","content":"12:00 in Rome","tool_call_id":"call_1_0"}]
            """, JsonNode.Parse(harness.Server.Requests[1].BodyText)!["messages"]!.ToJsonString());
    }
}

/// <summary>An implementation of the interface without tools.</summary>
public sealed class NoTools : INoTools
{
}
