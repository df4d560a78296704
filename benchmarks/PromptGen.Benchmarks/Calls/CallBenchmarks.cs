using BenchmarkDotNet.Attributes;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The same logical call through each library, over an in-memory handler returning canned bytes (client overhead
/// only); the floor is the baseline, so the Ratio and Alloc Ratio columns read "times the hand-written floor".
/// </summary>
[MemoryDiagnoser]
public abstract class CallBenchmarks
{
    private Contender[] _contenders = [];

    protected abstract Scenario Scenario { get; }

    protected Contender Floor => _contenders[0];

    protected Contender PromptGen => _contenders[1];

    protected Contender OpenAi => _contenders[2];

    protected Contender Meai => _contenders[3];

    [GlobalSetup]
    public void Setup()
    {
        _contenders = Contenders.InMemory(Scenario);
        foreach (var contender in _contenders)
        {
            contender.VerifyAsync(Scenario).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var contender in _contenders)
        {
            contender.Dispose();
        }
    }
}

/// <summary>A text call: system prompt, a user prompt with two parameters, temperature; returns the answer.</summary>
public class TextCall : CallBenchmarks
{
    protected override Scenario Scenario => Scenario.Text;

    [Benchmark(Baseline = true, Description = "Floor")]
    public Task<string> FloorText() => Floor.TextAsync("recursion", 20);

    [Benchmark(Description = "PromptGen")]
    public Task<string> PromptGenText() => PromptGen.TextAsync("recursion", 20);

    [Benchmark(Description = "OpenAI SDK")]
    public Task<string> OpenAiText() => OpenAi.TextAsync("recursion", 20);

    [Benchmark(Description = "MEAI GetResponseAsync")]
    public Task<string> MeaiText() => Meai.TextAsync("recursion", 20);
}

/// <summary>A typed JSON call: json_schema response format, the reply deserialised into a three-field record.</summary>
public class JsonCall : CallBenchmarks
{
    protected override Scenario Scenario => Scenario.Json;

    [Benchmark(Baseline = true, Description = "Floor")]
    public Task<City> FloorJson() => Floor.JsonAsync("Bergen");

    [Benchmark(Description = "PromptGen")]
    public Task<City> PromptGenJson() => PromptGen.JsonAsync("Bergen");

    [Benchmark(Description = "OpenAI SDK")]
    public Task<City> OpenAiJson() => OpenAi.JsonAsync("Bergen");

    [Benchmark(Description = "MEAI GetResponseAsync<T>")]
    public Task<City> MeaiJson() => Meai.JsonAsync("Bergen");
}

/// <summary>A streamed call of 200 content chunks (plus role, finish and usage chunks); counts the characters.</summary>
public class StreamCall : CallBenchmarks
{
    protected override Scenario Scenario => Scenario.Stream;

    [Benchmark(Baseline = true, Description = "Floor")]
    public Task<int> FloorStream() => Floor.StreamAsync("a fox");

    [Benchmark(Description = "PromptGen")]
    public Task<int> PromptGenStream() => PromptGen.StreamAsync("a fox");

    [Benchmark(Description = "OpenAI SDK")]
    public Task<int> OpenAiStream() => OpenAi.StreamAsync("a fox");

    [Benchmark(Description = "MEAI streaming")]
    public Task<int> MeaiStream() => Meai.StreamAsync("a fox");
}
