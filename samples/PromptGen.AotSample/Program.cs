using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen;
using PromptGen.AotSample;

// Usage: PromptGen.AotSample <base-url>   (for example http://127.0.0.1:5000/v1)
// Makes a text call, a typed JSON call, a streamed text call, a stream of typed items and a stream of partial objects
// (both read through the JsonSerializerContext), printing one line per call, then how long the process took from its
// start to the first reply (the figure docs/performance.md compares between the NativeAOT and JIT builds).
if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUrl))
{
    Console.Error.WriteLine("Usage: PromptGen.AotSample <base-url>, for example http://127.0.0.1:5000/v1");
    return 2;
}

using var client = new ChatClient(new ChatClientOptions { BaseUrl = baseUrl, ApiKey = "aot-sample", Model = "gpt-4o-mini" });
IAssistant assistant = new IAssistant.Client(client);

var answer = await assistant.ExplainAsync("recursion", 20);
var firstReply = DateTime.Now - Process.GetCurrentProcess().StartTime;
Console.WriteLine($"text: {answer}");

var city = await assistant.DescribeAsync("Bergen");
Console.WriteLine($"json: {city.Name}, {city.Country}, {city.Population}");

var story = new System.Text.StringBuilder();
var pieces = 0;
await foreach (var piece in assistant.TellAsync("a fox"))
{
    story.Append(piece);
    pieces++;
}

Console.WriteLine($"stream: {pieces} pieces: {story}");

var cities = assistant.ListCitiesAsync("Norway");
var names = new List<string>();
await foreach (var listed in cities)
{
    names.Add($"{listed.Name} ({listed.Population})");
}

var outcome = cities.Result;
Console.WriteLine(FormattableString.Invariant(
    $"items: {string.Join(", ", names)}; finish {outcome.FinishReason}, {outcome.Usage?.TotalTokens} tokens, {outcome.Chunks} chunks, cost {outcome.Cost}, prompt {outcome.PromptVersion}"));

var draft = assistant.DraftAsync("Oslo");
var seen = new List<string>();
await foreach (var partial in draft)
{
    seen.Add(partial.TryGet<string>("name", out var name) ? $"{partial.Latest}[{name}]" : partial.Latest!);
}

Console.WriteLine($"partial: {string.Join(" ", seen)} -> {draft.Value.Name}, {draft.Value.Country}, {draft.Value.Population}");
Console.WriteLine($"first reply after {firstReply.TotalMilliseconds:0} ms");
return 0;

namespace PromptGen.AotSample
{
    /// <summary>A city, as the typed JSON call returns it.</summary>
    /// <param name="Name">The city's name.</param>
    /// <param name="Country">The country it lies in.</param>
    /// <param name="Population">How many people live there.</param>
    public sealed record City(string Name, string Country, int Population);

    /// <summary>Source-generated metadata for every type the prompts return: no reflection, so NativeAOT needs nothing else.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(City))]
    public sealed partial class AotJson : JsonSerializerContext
    {
    }

    /// <summary>The kinds of call: text, typed JSON, streamed text, streamed items and streamed partial objects.</summary>
    [PromptClient(JsonContext = typeof(AotJson))]
    [SystemPrompt("You are a concise assistant.")]
    public partial interface IAssistant
    {
        [UserPrompt("What is {{ topic }}? Answer in at most {{ maxWords }} words.")]
        [Temperature(0.2)]
        Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

        [UserPrompt("Describe the city {{ name }}.")]
        Task<City> DescribeAsync(string name, CancellationToken cancellationToken = default);

        [UserPrompt("Tell a very short story about {{ subject }}.")]
        IAsyncEnumerable<string> TellAsync(string subject, CancellationToken cancellationToken = default);

        [UserPrompt("List the largest cities of {{ country }}.")]
        ChatStream<City> ListCitiesAsync(string country, CancellationToken cancellationToken = default);

        [UserPrompt("Describe the city {{ name }}, field by field.")]
        PartialStream<City> DraftAsync(string name, CancellationToken cancellationToken = default);
    }
}
