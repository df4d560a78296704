using System.ComponentModel;
using PromptGen;

namespace PromptGen.EndToEnd.Tests.Tools;

public enum TemperatureUnit { Celsius, Fahrenheit }

public sealed record Weather(string City, double Temperature, TemperatureUnit Unit);

/// <summary>Weather lookups the model may call.</summary>
[PromptTools]
public interface IWeatherTools
{
    /// <summary>Gets the current weather for a city.</summary>
    /// <param name="city">City name, for example "Oslo".</param>
    /// <param name="unit">Temperature unit.</param>
    Task<Weather> GetWeatherAsync(string city, TemperatureUnit unit = TemperatureUnit.Celsius, CancellationToken cancellationToken = default);

    /// <summary>The local time in a city, as text.</summary>
    /// <param name="city">City name.</param>
    string GetTime(string city);
}

/// <summary>Tools whose failures reach the caller.</summary>
[PromptTools]
[RethrowToolExceptions]
public interface IStrictTools
{
    /// <summary>Books a table.</summary>
    /// <param name="people">How many people.</param>
    Task<string> BookAsync(int people);
}

#pragma warning disable PG0055 // on purpose: an interface without tools (the test proves no 'tools' is sent)
/// <summary>Tools still to be written.</summary>
[PromptTools]
public interface INoTools
{
}
#pragma warning restore PG0055

[PromptClient]
public partial interface IWeatherAssistant
{
    [SystemPrompt("You answer questions about the weather.")]
    [UserPrompt("{{ question }}")]
    Task<ChatResult<string>> AskAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    [MaxToolRounds(2)]
    Task<string> AskBrieflyAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    [ToolChoice("get_weather")]
    [ParallelToolCalls(false)]
    Task<ChatResult<Weather>> ForecastAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    [Repair(1)]
    Task<ChatResult<Weather>> ForecastRepairedAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    IAsyncEnumerable<string> StreamAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    Task<string> BookAsync(string question, IStrictTools tools, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    [ToolChoice(ToolChoiceMode.Required)]
    [ParallelToolCalls(false)]
    Task<ChatResult<string>> AskMaybeAsync(string question, IWeatherTools? tools = null, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    [ToolChoice(ToolChoiceMode.Required)]
    [ParallelToolCalls(false)]
    Task<string> AskWithoutToolsAsync(string question, INoTools tools, CancellationToken cancellationToken = default);
}

/// <summary>A tools implementation that records its calls and can be told to wait or fail.</summary>
public sealed class WeatherTools : IWeatherTools
{
    public List<string> Calls { get; } = new();

    public Func<string, CancellationToken, Task>? BeforeWeather { get; set; }

    public async Task<Weather> GetWeatherAsync(string city, TemperatureUnit unit = TemperatureUnit.Celsius, CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add($"weather {city} {unit}");
        }

        if (BeforeWeather is { } before)
        {
            await before(city, cancellationToken);
        }

        if (city == "Atlantis")
        {
            throw new InvalidOperationException("Atlantis has no weather station.");
        }

        return new Weather(city, unit == TemperatureUnit.Celsius ? 21.5 : 70.7, unit);
    }

    public string GetTime(string city)
    {
        lock (Calls)
        {
            Calls.Add($"time {city}");
        }

        return "12:00 in " + city;
    }
}

public sealed record Trip(string City, TemperatureUnit Unit);

/// <summary>Tools whose arguments are records (read through System.Text.Json metadata, not PromptGen's scalars).</summary>
[PromptTools]
public interface ITripTools
{
    /// <summary>Plans a trip.</summary>
    /// <param name="trip">Where to, and the unit to report in.</param>
    string Plan(Trip trip);
}

/// <summary>Echoes the trip it was given.</summary>
public sealed class TripTools : ITripTools
{
    public string Plan(Trip trip) => trip.City + " in " + trip.Unit;
}
