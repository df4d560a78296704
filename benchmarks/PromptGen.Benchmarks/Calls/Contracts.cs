using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptGen.Benchmarks.Calls;

/// <summary>The typed JSON call's result: a three-field record.</summary>
/// <param name="Name">The city's name.</param>
/// <param name="Country">The country.</param>
/// <param name="Population">Inhabitants.</param>
public sealed record City(string Name, string Country, int Population);

/// <summary>Source-generated metadata for <see cref="City"/>, shared by every contender that can take it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(City))]
[JsonSerializable(typeof(string))]
public sealed partial class CannedJson : JsonSerializerContext
{
}

/// <summary>
/// One library making the same three logical calls: the text call (system prompt, a two-parameter user prompt,
/// temperature 0.2), the typed JSON call (a json_schema response format, the reply read as <see cref="City"/>), and the
/// streamed call (counting the characters of the streamed text).
/// </summary>
public abstract class Contender : IDisposable
{
    /// <summary>The name shown in the tables.</summary>
    public abstract string Name { get; }

    /// <summary>The text call's answer.</summary>
    public abstract Task<string> TextAsync(string topic, int maxWords);

    /// <summary>The typed JSON call's city.</summary>
    public abstract Task<City> JsonAsync(string name);

    /// <summary>The streamed call: how many characters arrived.</summary>
    public abstract Task<int> StreamAsync(string subject);

    public abstract void Dispose();

    /// <summary>Throws unless the call returns exactly the canned answer: a benchmark that measures a failure measures nothing.</summary>
    public async Task VerifyAsync(Scenario scenario)
    {
        switch (scenario)
        {
            case Scenario.Text:
                var text = await TextAsync("recursion", 20).ConfigureAwait(false);
                if (text != Canned.Answer)
                {
                    throw new InvalidOperationException($"{Name}: the text call returned '{text}'.");
                }

                break;
            case Scenario.Json:
                var city = await JsonAsync("Bergen").ConfigureAwait(false);
                if (city != Canned.City)
                {
                    throw new InvalidOperationException($"{Name}: the JSON call returned {city}.");
                }

                break;
            default:
                var characters = await StreamAsync("a fox").ConfigureAwait(false);
                if (characters != Canned.StreamedCharacters)
                {
                    throw new InvalidOperationException($"{Name}: the stream delivered {characters} characters, not {Canned.StreamedCharacters}.");
                }

                break;
        }
    }
}

/// <summary>Which canned reply a scenario's handler returns.</summary>
public enum Scenario
{
    Text,
    Json,
    Stream,
}

/// <summary>Creates the contenders, each over its own <see cref="HttpClient"/>.</summary>
public static class Contenders
{
    public static readonly Uri BaseUrl = new("http://bench.invalid/v1");

    /// <summary>In-memory: one handler per scenario, answering that scenario's canned reply.</summary>
    public static Contender[] InMemory(Scenario scenario) => Create(() => new HttpClient(Handler(scenario)), BaseUrl);

    /// <summary>Every contender, each over an <see cref="HttpClient"/> of its own.</summary>
    public static Contender[] Create(Func<HttpClient> http, Uri baseUrl) =>
    [
        new FloorContender(http(), baseUrl),
        new PromptGenContender(http(), baseUrl),
        new OpenAiContender(http(), baseUrl),
        new MeaiContender(http(), baseUrl),
    ];

    public static HttpMessageHandler Handler(Scenario scenario) => scenario switch
    {
        Scenario.Text => new CannedHandler(Canned.TextCompletion, Canned.Json),
        Scenario.Json => new CannedHandler(Canned.JsonCompletion, Canned.Json),
        _ => new CannedHandler(Canned.Stream, Canned.EventStream),
    };

    /// <summary>Runs one call of <paramref name="scenario"/>.</summary>
    public static Task Call(Contender contender, Scenario scenario) => scenario switch
    {
        Scenario.Text => contender.TextAsync("recursion", 20),
        Scenario.Json => contender.JsonAsync("Bergen"),
        _ => contender.StreamAsync("a fox"),
    };
}
