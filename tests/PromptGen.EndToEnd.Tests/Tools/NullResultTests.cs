using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

/// <summary>Tools that answer "no value".</summary>
[PromptTools]
public interface INullTools
{
    /// <summary>A person's nickname, if they have one.</summary>
    /// <param name="name">The person.</param>
    Task<string?> NicknameAsync(string name);

    /// <summary>How often a person visited, if known.</summary>
    /// <param name="name">The person.</param>
    ValueTask<int?> VisitsAsync(string name);
}

/// <summary>Answers every call with null.</summary>
public sealed class NoAnswers : INullTools
{
    public Task<string?> NicknameAsync(string name) => Task.FromResult<string?>(null);

    public ValueTask<int?> VisitsAsync(string name) => new((int?)null);
}

[PromptClient]
public partial interface INullAssistant
{
    [UserPrompt("{{ question }}")]
    Task<string> AskAsync(string question, INullTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    [ToolChoice("get_weather")]
    Task<string> ForcedAsync(string question, IStrictTools strict, IWeatherTools? weather = null, CancellationToken cancellationToken = default);
}

/// <summary>A null tool result is sent one way whatever its type (issue 15: "null" is the JSON text for no value).</summary>
public class NullResultTests
{
    private static JsonArray Messages(Harness harness, int request) => JsonNode.Parse(harness.Server.Requests[request].BodyText)!["messages"]!.AsArray();

    [Fact]
    public async Task ANullStringAndANullNumberAreBothSentAsTheJsonTextNull()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_n", "nickname", """{"name":"Ada"}"""), ("call_v", "visits", """{"name":"Ada"}""")),
            Harness.Completion("Nothing known."));

        var answer = await new INullAssistant.Client(harness.Client).AskAsync("What about Ada?", new NoAnswers());

        Assert.Equal("Nothing known.", answer);
        JsonAssert.Equal("""
            [{"role":"tool","content":"null","tool_call_id":"call_n"},
             {"role":"tool","content":"null","tool_call_id":"call_v"}]
            """, new JsonArray(Messages(harness, 1).Skip(2).Select(m => m!.DeepClone()).ToArray()).ToJsonString());
    }

    [Fact]
    public async Task AForcedFunctionOfAnOptionalToolsParameterPassedAsNullIsNotSentAndTheCallGoesOn()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("Booked nothing."), Harness.Completion("Sunny."));
        var client = new INullAssistant.Client(harness.Client);

        Assert.Equal("Booked nothing.", await client.ForcedAsync("Book?", new Tables()));
        Assert.Equal("Sunny.", await client.ForcedAsync("Weather?", new Tables(), new WeatherTools()));

        var without = JsonNode.Parse(harness.Server.Requests[0].BodyText)!.AsObject();
        Assert.False(without.ContainsKey("tool_choice"));
        Assert.Equal(new[] { "book" }, without["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()));
        var with = JsonNode.Parse(harness.Server.Requests[1].BodyText)!.AsObject();
        JsonAssert.Equal("""{"type":"function","function":{"name":"get_weather"}}""", with["tool_choice"]!.ToJsonString());
        Assert.Equal(new[] { "book", "get_weather", "get_time" }, with["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()));
    }

    private sealed class Tables : IStrictTools
    {
        public Task<string> BookAsync(int people) => Task.FromResult("booked");
    }
}
