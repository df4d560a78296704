using PromptGen;

namespace PromptGen.Sample;

/// <summary>Weather lookups the model may call: PromptGen writes <c>WeatherToolsDispatcher</c> and their schemas at build time.</summary>
[PromptTools]
public interface IWeatherTools
{
    /// <summary>Gets the current weather for a city, as a short text.</summary>
    /// <param name="city">City name, for example "Oslo".</param>
    Task<string> GetWeatherAsync(string city, CancellationToken cancellationToken = default);
}

/// <summary>A stand-in weather service.</summary>
public sealed class WeatherTools : IWeatherTools
{
    public Task<string> GetWeatherAsync(string city, CancellationToken cancellationToken = default) =>
        Task.FromResult(city + ": 9.5 °C, light rain");
}

/// <summary>A prompt method with tools: the model may call <see cref="IWeatherTools"/> before it answers.</summary>
public partial interface IWeatherAssistant
{
    [SystemPrompt("You answer questions about the weather. Use the tools.")]
    [UserPrompt("{{ question }}")]
    Task<ChatResult<string>> AskAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);
}
