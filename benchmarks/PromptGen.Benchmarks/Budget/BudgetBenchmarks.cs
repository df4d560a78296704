using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace PromptGen.Benchmarks.Budget;

/// <summary>
/// Issue 16 §2: what fitting a long conversation to <c>[MaxPromptTokens]</c> costs per request, against what the client
/// does anyway — writing the request body. The request has a system message, 200 history messages (user and assistant
/// turns of 15 to 60 words) and the new user message; its budget of 4,000 tokens drops roughly two thirds of the history.
/// <see cref="TrimFirstTime"/> tokenizes every message with <see cref="OpenAITokenCounter"/> (o200k_base);
/// <see cref="Trim"/> is the same request resent, whose counts the counter remembers. The tokenizer's data is loaded
/// once, lazily, in the setup (not measured).
/// </summary>
[MemoryDiagnoser]
public class BudgetBenchmarks
{
    private static readonly string[] Words =
    [
        "the", "model", "reads", "every", "message", "again", "because", "it", "has", "no", "memory", "so", "a", "long",
        "conversation", "costs", "more", "tokens", "with", "each", "turn", "recursion", "closure", "function", "returns",
        "value", "Python", "list", "comprehension", "iterator", "generator", "yield", "exception", "handling", "works",
    ];

    private readonly ITokenCounter _counter = OpenAITokenCounter.Default;
    private ChatRequest _request = null!;
    private RequestDefaults _defaults = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(16);
        var request = new ChatRequest { Model = "gpt-4o-mini" };
        request.Messages.Add(ChatMessage.System("You are a concise Python tutor. Answer in at most three sentences."));
        for (var i = 0; i < 200; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, random.Next(15, 61)).Select(_ => Words[random.Next(Words.Length)])) + ".";
            request.Messages.Add(i % 2 == 0 ? ChatMessage.User(text) : ChatMessage.Assistant(text));
        }

        request.Messages.Add(ChatMessage.User("And how do generators differ from iterators?"));
        request.Budget = new PromptBudget(4000, 1, 201);
        _request = request;
        _defaults = new RequestDefaults(new ChatClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "gpt-4o-mini" });

        var fitted = PromptFitter.Fit(_request, _counter, out var trim);
        if (trim is not { MessagesDropped: > 0 } || trim.TokensAfter > 4000 || fitted.Messages.Count != 202 - trim.MessagesDropped)
        {
            throw new InvalidOperationException($"The budget benchmark's request does not trim as intended: {trim}.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// budget: {trim}, {fitted.Messages.Count} of 202 messages sent"));
    }

    /// <summary>Writing the whole 202-message request body, as <see cref="ChatClient"/> does for every call.</summary>
    [Benchmark(Baseline = true)]
    public int Serialize()
    {
        using var body = _defaults.Serialize(_request);
        return body.Length;
    }

    /// <summary>
    /// The first time a conversation is seen: every one of the 202 messages is tokenized (a new counter, so nothing is
    /// remembered), then the oldest turns are dropped to fit 4,000 tokens.
    /// </summary>
    [Benchmark]
    public int TrimFirstTime() => PromptFitter.Fit(_request, new OpenAITokenCounter(), out _).Messages.Count;

    /// <summary>
    /// A conversation resent (the usual case: each turn resends the same message objects): the counts are remembered
    /// per message, so only the trimming itself is left.
    /// </summary>
    [Benchmark]
    public int Trim() => PromptFitter.Fit(_request, _counter, out _).Messages.Count;

    /// <summary>What a call with the budget does for a resent conversation: trim, then write the (shorter) body.</summary>
    [Benchmark]
    public int TrimThenSerialize()
    {
        using var body = _defaults.Serialize(PromptFitter.Fit(_request, _counter, out _));
        return body.Length;
    }
}
