namespace PromptGen.Tests.Tools;

/// <summary>The example: a tools interface and a prompt method that takes it.</summary>
internal static class ToolSources
{
    public const string Weather = """
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

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

            /// <summary>Lists the cities with a weather station.</summary>
            IReadOnlyList<string> ListCities();

            [Description("Records that the user asked about a city.")]
            [ToolName("log-question")]
            void Log([Description("The city asked about.")] string city, [Description("How many days ahead.")] int? days);
        }

        [PromptClient]
        public partial interface IAssistant
        {
            [SystemPrompt("You answer questions about the weather.")]
            [UserPrompt("{{ question }}")]
            Task<ChatResult<string>> AskAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

            [UserPrompt("{{ question }}")]
            [MaxToolRounds(3)]
            [ToolChoice("get_weather")]
            [ParallelToolCalls(false)]
            [SequentialToolCalls]
            Task<Weather> ForecastAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);

            [UserPrompt("{{ question }}")]
            [ToolChoice("get_weather")]
            [ParallelToolCalls(true)]
            Task<string> AskMaybeAsync(string question, IWeatherTools? tools = null, CancellationToken cancellationToken = default);

            [UserPrompt("{{ question }}")]
            [ToolChoice(ToolChoiceMode.Required)]
            IAsyncEnumerable<string> StreamAsync(string question, IWeatherTools tools, CancellationToken cancellationToken = default);
        }
        """;
}
