using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

public class ToolStreamingTests
{
    private static string Chunk(string delta, string? finish = null) =>
        $$"""{"id":"s","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : "\"" + finish + "\"")}}}]}""";

    [Fact]
    public async Task FragmentsSplitMidStringAreJoinedByIndexToolsRunAndStreamingGoesOn()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Reply.Sse()
                .Data(Chunk("""{"role":"assistant","content":"Let me check. "}"""))
                .Data(Chunk("""{"tool_calls":[{"index":0,"id":"call_s0","type":"function","function":{"name":"get_","arguments":""}}]}"""))
                .Data(Chunk("""{"tool_calls":[{"index":1,"id":"","type":"function","function":{"name":"get_ti","arguments":"{\"ci"}}]}"""))
                .Data(Chunk("""{"tool_calls":[{"index":0,"function":{"name":"weather","arguments":"{\"city\":\"Os"}}]}"""))
                .Data(Chunk("""{"tool_calls":[{"index":1,"function":{"name":"me","arguments":"ty\":\"Rome\"}"}}]}"""))
                .Data(Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"lo\",\"unit\":\"Celsius\"}"}}]}"""))
                .Data(Chunk("{}", "tool_calls"))
                .Data("""{"id":"s","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35}}""")
                .Done(),
            Reply.Sse()
                .Data(Chunk("""{"role":"assistant","content":"21.5°C in Oslo, "}"""))
                .Data(Chunk("""{"content":"noon in Rome."}"""))
                .Data(Chunk("{}", "stop"))
                .Done());
        var tools = new WeatherTools();
        IWeatherAssistant assistant = new IWeatherAssistant.Client(harness.Client);

        var parts = new List<string>();
        await foreach (var part in assistant.StreamAsync("Oslo weather, Rome time?", tools))
        {
            parts.Add(part);
        }

        Assert.Equal(new[] { "Let me check. ", "21.5°C in Oslo, ", "noon in Rome." }, parts);
        Assert.Equal(new[] { "time Rome", "weather Oslo Celsius" }, tools.Calls.Order(StringComparer.Ordinal));
        var second = JsonNode.Parse(harness.Server.Requests[1].BodyText)!;
        Assert.True(second["stream"]!.GetValue<bool>());
        JsonAssert.Equal("""
            [{"role":"user","content":"Oslo weather, Rome time?"},
             {"role":"assistant","content":"Let me check. ","tool_calls":[
               {"id":"call_s0","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\",\"unit\":\"Celsius\"}"}},
               {"id":"call_1_1","type":"function","function":{"name":"get_time","arguments":"{\"city\":\"Rome\"}"}}]},
             {"role":"tool","content":"{\"city\":\"Oslo\",\"temperature\":21.5,\"unit\":\"Celsius\"}","tool_call_id":"call_s0"},
             {"role":"tool","content":"12:00 in Rome","tool_call_id":"call_1_1"}]
            """, second["messages"]!.ToJsonString());
    }
}
