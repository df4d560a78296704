using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The pieces of a call's reply reading, each beside what the hand-written floor does for the same piece, in one run:
/// the typed JSON reply's content read into a <see cref="City"/> (the floor: one <c>JsonSerializer.Deserialize</c>;
/// PromptGen: checked against the schema and deserialised, now from one UTF-8 buffer; and the previous way, a
/// <see cref="JsonDocument"/> walked and then deserialised, kept here to show the difference), and the whole text reply's
/// body parsed into the reply model; and a reply's price, looked up or remembered.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ReplyReadingBenchmarks
{
    private const string Content = CityReply.Content;

    private static readonly JsonReplyFormat<City> Format = CityReply.Format;

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly ChatCompletionParser _parser = new();

    private readonly PriceTable _prices = PriceTable.CreateOpenAI();

    private readonly CallMeter _meter = new(new ChatClientOptions { BaseUrl = new Uri("https://api.openai.com/v1/"), ApiKey = "bench" });

    private readonly ChatCompletion _priced = new() { Model = "gpt-4o-mini-2024-07-18", Usage = new ChatUsage { PromptTokens = 31, CompletionTokens = 24, TotalTokens = 55 } };

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Json")]
    public City FloorJsonContent() => JsonSerializer.Deserialize(Content, CannedJson.Default.City)!;

    [Benchmark]
    [BenchmarkCategory("Json")]
    public City PromptGenJsonContent()
    {
        PromptReply.TryRead(Content, Format, new List<string>(), out var city, out _);
        return city;
    }

    /// <summary>The JSON reply as it was read before it was read once: parsed to a document, checked, deserialised from the document.</summary>
    [Benchmark]
    [BenchmarkCategory("Json")]
    public City DocumentThenDeserialise()
    {
        using var document = JsonDocument.Parse(PromptReply.StripCodeFence(Content), Lenient);
        return Format.RulesCheck!.Matches(document.RootElement) ? document.RootElement.Deserialize(Format.TypeInfo)! : null!;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Text")]
    public object FloorTextBody() => JsonSerializer.Deserialize(Canned.TextCompletion, FloorJson.Default.FloorCompletion)!;

    [Benchmark]
    [BenchmarkCategory("Text")]
    public object PromptGenTextBody() => _parser.TryRead(Canned.TextCompletion)!;

    /// <summary>Pricing a reply by looking its dated model name up (what every call did before the meter remembered the last price).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Price")]
    public decimal? PriceLookedUp() => _prices.Cost(_priced.Usage, _priced.Model);

    /// <summary>What a call does now: the meter prices the reply with the last model's remembered price, and adds it to the totals.</summary>
    [Benchmark]
    [BenchmarkCategory("Price")]
    public decimal? PriceRemembered()
    {
        _meter.Record(_priced, "gpt-4o-mini", trim: null);
        return _priced.Cost;
    }
}
