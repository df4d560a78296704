using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen;
using PromptGen.TrimmedSample;

// Offline: a handler answers with a scripted structured reply, so the trimmed binary runs the real client, the
// generated code and source-generated deserialisation without a network.
using var client = new ChatClient(new HttpClient(new ScriptedHandler()), new ChatClientOptions { ApiKey = "offline", Model = "gpt-4o-mini" });
IWeather weather = new IWeather.Client(client);
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
