using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptGen;
using PromptGen.TrimmedSample;

// Wired as an application would: options from configuration, the transport and the client from dependency injection
// (IHttpClientFactory underneath), PromptGen's log events through ILogger. Offline: the factory's primary handler answers
// with a scripted structured reply, so the trimmed binary runs the real client, the generated code and
// source-generated deserialisation without a network.
var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["PromptGen:ApiKey"] = "offline", ["PromptGen:Model"] = "gpt-4o-mini" })
    .Build();
var services = new ServiceCollection();
services.AddLogging(logging => logging.AddProvider(new LineLoggerProvider()).SetMinimumLevel(LogLevel.Debug));
services.AddPromptGen(configuration.GetSection("PromptGen")).HttpClient.ConfigurePrimaryHttpMessageHandler(() => new ScriptedHandler());
services.AddPromptClient<IWeather>(transport => new IWeather.Client(transport));
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

var weather = provider.GetRequiredService<IWeather>();
var forecast = await weather.ForecastAsync("Bergen");
Console.WriteLine($"{forecast.City}: {forecast.Sky}, {forecast.HighCelsius} °C ({forecast.Days.Count} days)");

namespace PromptGen.TrimmedSample
{
    /// <summary>What the sky does.</summary>
    public enum Sky { Clear, Cloudy, Rain, Snow }

    /// <summary>A short forecast.</summary>
    /// <param name="City">The city.</param>
    /// <param name="Sky">Today's sky.</param>
    /// <param name="HighCelsius">Today's high.</param>
    /// <param name="Days">The next days' skies.</param>
    public sealed record Forecast(string City, Sky Sky, double HighCelsius, IReadOnlyList<Sky> Days);

    /// <summary>Registers every type the prompts return: replies are read through this metadata, not reflection.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
    [JsonSerializable(typeof(Forecast))]
    public sealed partial class AppJson : JsonSerializerContext
    {
    }

#if PROMPTGEN_REFLECTION
    [PromptClient]
#else
    [PromptClient(JsonContext = typeof(AppJson))]
#endif
    public partial interface IWeather
    {
        [UserPrompt("Give a three-day forecast for {{ city }}.")]
        [Repair(1)]
        Task<Forecast> ForecastAsync(string city, CancellationToken cancellationToken = default);
    }

    /// <summary>Writes each log event as one line, <c>log: {level} {event name}</c>: enough to show the events flow, stable to test.</summary>
    internal sealed class LineLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new LineLogger();

        public void Dispose()
        {
        }

        private sealed class LineLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                Console.WriteLine($"log: {logLevel} {eventId.Name}");
        }
    }

    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            const string reply = """{"city":"Bergen","sky":"Rain","highCelsius":9.5,"days":["Rain","Cloudy","Clear"]}""";
            var json = "{\"id\":\"offline\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"offline\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + JsonEncodedText.Encode(reply) + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":20,\"total_tokens\":50}}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
