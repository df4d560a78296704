using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

public sealed record Place(string Name);

public sealed record Day(string Date, double High);

public struct Wind
{
    public double Speed { get; set; }
}

public sealed record Reading(double Value);

/// <summary>The only type the context registers; every other type here is served because it is reached from it.</summary>
public sealed record Forecast(Place Where, List<Day> Days, Wind? Wind, Dictionary<string, Reading> Readings);

[JsonSerializable(typeof(Forecast))]
internal sealed partial class ForecastJson : JsonSerializerContext
{
}

/// <summary>Tools whose parameter and result types the context reaches but does not register.</summary>
[PromptTools(JsonContext = typeof(ForecastJson))]
public interface IForecastTools
{
    /// <summary>Plans a day out.</summary>
    /// <param name="where">Where (a property of Forecast).</param>
    /// <param name="day">Which day (a list element of Forecast).</param>
    /// <param name="wind">The wind (reached as Nullable&lt;Wind&gt;).</param>
    /// <param name="reading">A reading (a dictionary value of Forecast).</param>
    Day Plan(Place where, Day day, Wind? wind, Reading reading);
}

[PromptClient(JsonContext = typeof(ForecastJson))]
public partial interface IForecaster
{
    [UserPrompt("{{ question }}")]
    Task<ChatResult<Day>> PlanAsync(string question, IForecastTools tools, CancellationToken cancellationToken = default);
}

/// <summary>Types a JsonSerializerContext reaches from a registered type, end to end: no PG0056/PG0051, and the call works.</summary>
public class ContextToolTests
{
    [Fact]
    public async Task ParameterResultAndReplyTypesTheContextReachesAreReadAndWrittenThroughIt()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            ToolReplies.Calls(("call_p", "plan", """{"where":{"Name":"Oslo"},"day":{"Date":"2026-12-01","High":3.5},"wind":{"Speed":4},"reading":{"Value":0.25}}""")),
            Harness.Completion("""{"Date":"2026-12-01","High":4.5}"""));
        var tools = new ForecastTools();
        IForecaster forecaster = new IForecaster.Client(harness.Client);

        var result = await forecaster.PlanAsync("A day out in Oslo?", tools);

        Assert.Equal(new Day("2026-12-01", 4.5), result.Value);
        Assert.Equal("Oslo 2026-12-01 3.5 wind 4 reading 0.25", tools.Call);
        var request = JsonNode.Parse(harness.Server.Requests[0].BodyText)!;
        JsonAssert.Equal("""
            [{"type":"function","function":{"name":"plan","description":"Plans a day out.",
              "parameters":{"type":"object","properties":{
                "where":{"type":"object","properties":{"Name":{"type":"string"}},"required":["Name"],"additionalProperties":false,"description":"Where (a property of Forecast)."},
                "day":{"type":"object","properties":{"Date":{"type":"string"},"High":{"type":"number"}},"required":["Date","High"],"additionalProperties":false,"description":"Which day (a list element of Forecast)."},
                "wind":{"anyOf":[{"type":"object","properties":{"Speed":{"type":"number"}},"required":["Speed"],"additionalProperties":false},{"type":"null"}],"description":"The wind (reached as Nullable<Wind>)."},
                "reading":{"type":"object","properties":{"Value":{"type":"number"}},"required":["Value"],"additionalProperties":false,"description":"A reading (a dictionary value of Forecast)."}},
               "required":["where","day","wind","reading"],"additionalProperties":false},
              "strict":true}}]
            """, request["tools"]!.ToJsonString());
        var second = JsonNode.Parse(harness.Server.Requests[1].BodyText)!["messages"]!.AsArray();
        JsonAssert.Equal("""{"role":"tool","content":"{\"Date\":\"2026-12-02\",\"High\":3.75}","tool_call_id":"call_p"}""", second[^1]!.ToJsonString());
    }

    private sealed class ForecastTools : IForecastTools
    {
        public string? Call { get; private set; }

        public Day Plan(Place where, Day day, Wind? wind, Reading reading)
        {
            Call = $"{where.Name} {day.Date} {day.High.ToString(System.Globalization.CultureInfo.InvariantCulture)} wind {wind?.Speed.ToString(System.Globalization.CultureInfo.InvariantCulture)} reading {reading.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            return new Day("2026-12-02", day.High + 0.25);
        }
    }
}
