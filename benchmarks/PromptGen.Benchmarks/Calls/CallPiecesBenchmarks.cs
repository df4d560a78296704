using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The per-call pieces of the JSON call that the whole-call modes cannot resolve on a loaded machine, each beside what
/// the hand-written floor pays for the same piece, in one run (session 6): the whole-call timeout (PromptGen's
/// <c>CallScope</c> beside the source and timer <c>HttpClient</c> makes for its own <c>Timeout</c>, which both pay, and the
/// two clock reads per call the scope no longer makes), the request body (the reply schema walked by
/// <c>JsonElement.WriteTo</c> or copied), and the reply content's check beside its deserialisation.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CallPiecesBenchmarks
{
    private const string Content = CityReply.Content;

    private static readonly JsonReplyFormat<City> Format = CityReply.Format;

    private static readonly byte[] ContentUtf8 = Encoding.UTF8.GetBytes(Content);

    private static readonly FloorRequest FloorRequestValue = new()
    {
        Model = "gpt-4o-mini",
        Messages = [new FloorMessage("system", "You extract data from text."), new FloorMessage("user", "Describe the city Bergen.")],
        ResponseFormat = new FloorResponseFormat("json_schema", new FloorJsonSchema("City", Format.Schema, true)),
    };

    private readonly TimeoutSources _sources = new();

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    private readonly ChatRequest _request = new()
    {
        Messages = [ChatMessage.System("You extract data from text."), ChatMessage.User("Describe the city Bergen.")],
        ResponseFormat = Format.ResponseFormat,
    };

    private readonly RequestDefaults _defaults = new(new ChatClientOptions { BaseUrl = new Uri("http://127.0.0.1/v1/"), ApiKey = "bench", Model = "gpt-4o-mini" });

    private Utf8JsonWriter? _writer;

    /// <summary>What <c>HttpClient.SendAsync</c> does for its own <c>Timeout</c> on every call (the floor and PromptGen both pay it).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Timeout")]
    public bool HttpClientTimeoutSource()
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        source.CancelAfter(TimeSpan.FromSeconds(100));
        return source.Token.CanBeCanceled;
    }

    /// <summary>PromptGen's whole-call limit (<c>ChatClientOptions.Timeout</c>) on top: the scope a call opens and closes.</summary>
    [Benchmark]
    [BenchmarkCategory("Timeout")]
    public bool PromptGenCallScope()
    {
        using var scope = new CallScope(TimeSpan.FromSeconds(100), needsPhaseTimer: false, Timeout.InfiniteTimeSpan, CancellationToken.None, _sources);
        return scope.Token.CanBeCanceled;
    }

    /// <summary>What the scope did per call until session 6 besides: a timestamp at the start, the elapsed time at the end.</summary>
    [Benchmark]
    [BenchmarkCategory("Timeout")]
    public TimeSpan ClockReadsRemoved() => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp());

    /// <summary>The floor's request body for the same call: one source-generated serialisation (its schema walked by WriteTo).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Request")]
    public int FloorJsonRequest() => JsonSerializer.SerializeToUtf8Bytes(FloorRequestValue, FloorJson.Default.FloorRequest).Length;

    /// <summary>PromptGen's request body for the JSON call, as every call writes it.</summary>
    [Benchmark]
    [BenchmarkCategory("Request")]
    public int PromptGenJsonRequest()
    {
        using var body = _defaults.Serialize(_request, streaming: false);
        return body.Length;
    }

    /// <summary>The schema alone, walked and re-encoded (what every call did until session 6, and what the floor does).</summary>
    [Benchmark]
    [BenchmarkCategory("Request")]
    public int SchemaWalked() => WriteSchema(static (writer, schema) => schema.WriteTo(writer));

    /// <summary>The schema alone, copied as its own text (what a call does now for a schema written as WriteTo would).</summary>
    [Benchmark]
    [BenchmarkCategory("Request")]
    public int SchemaCopied() => WriteSchema(ChatRequestWriter.WriteElement);

    /// <summary>The floor's reading of the reply content: one deserialisation.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Content")]
    public City DeserialiseOnly() => JsonSerializer.Deserialize(ContentUtf8, CannedJson.Default.City)!;

    /// <summary>The check PromptGen adds before it: the compiled rules over the same bytes (the floor checks nothing).</summary>
    [Benchmark]
    [BenchmarkCategory("Content")]
    public bool CheckOnly() => Format.RulesCheck!.Matches(ContentUtf8);

    private int WriteSchema(Action<Utf8JsonWriter, JsonElement> write)
    {
        _buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(_buffer);
        writer.Reset(_buffer);
        write(writer, Format.Schema);
        writer.Flush();
        return _buffer.WrittenCount;
    }
}
