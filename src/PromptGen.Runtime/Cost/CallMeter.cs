using System;

namespace PromptGen;

/// <summary>
/// What a client does around each request for budgets and cost: fits the request to its token budget before it is
/// written, prices each reply and adds it to the running totals. <see cref="ChatClient"/> and
/// <see cref="Testing.ScriptedTransport"/> share it.
/// </summary>
internal sealed class CallMeter
{
    private readonly PriceTable _prices;
    private readonly ITokenCounter? _counter;
    private readonly TotalsCounter _totals = new();
    private PriceHit? _lastPrice;

    /// <summary>The configured key and header values, masked where a message quotes the model id (a key pasted as the model).</summary>
    private readonly Redactor _secrets;

    public CallMeter(ChatClientOptions options)
    {
        _prices = options.Prices is { } prices ? new PriceTable(prices)
            : IsLocal(options.BaseUrl) ? PriceTable.CreateFree() : PriceTable.CreateOpenAI();
        _counter = options.TokenCounter;
        _secrets = ConfiguredText.Secrets(options);
    }

    /// <summary>The running totals.</summary>
    public ChatTotals Totals => _totals.Read();

    /// <summary>The prepared request fitted to its budget (see <see cref="PromptFitter.Fit"/>).</summary>
    public ChatRequest Fit(ChatRequest prepared, out PromptTrim? trim) => PromptFitter.Fit(prepared, _counter, out trim, _secrets);

    /// <summary>Prices a whole reply, records what fitting did, and counts it.</summary>
    public void Record(ChatCompletion completion, string? requestModel, PromptTrim? trim)
    {
        completion.Cost = Cost(completion.Usage, completion.Model ?? requestModel);
        completion.Trim = trim;
        _totals.Add(completion.Usage, completion.Cost);
    }

    /// <summary>Counts a streamed request the server accepted.</summary>
    public void RecordStreamStart() => _totals.AddRequest();

    /// <summary>Counts a streamed reply that ended (or was abandoned) without a usage chunk: its cost is unknown.</summary>
    public void RecordStreamWithoutUsage() => _totals.AddUsage(null, null);

    /// <summary>Prices a streamed chunk that carries usage, and counts its usage.</summary>
    public void RecordChunk(ChatCompletionChunk chunk, string? requestModel)
    {
        if (chunk.Usage is null)
        {
            return;
        }

        chunk.Cost = Cost(chunk.Usage, chunk.Model ?? requestModel);
        _totals.AddUsage(chunk.Usage, chunk.Cost);
    }

    /// <summary>
    /// <see cref="PriceTable.Cost"/> with the last model's price remembered: the reply's model is the same string on every
    /// call (the reply parser hands back the previous reply's instance), and looking it up anew costs a dictionary miss
    /// and a <see cref="System.Text.RegularExpressions.Regex"/> replacement for a dated snapshot name
    /// (<c>gpt-4o-mini-2024-07-18</c>) — about a sixth of a text call's CPU beyond the floor. The table is this meter's
    /// own copy, never changed after construction, so a remembered price cannot go stale; the pair is read and written
    /// as one object, so concurrent calls are safe (at worst a miss).
    /// </summary>
    private decimal? Cost(ChatUsage? usage, string? model)
    {
        if (usage is null)
        {
            return null;
        }

        ModelPrice? price;
        if (_lastPrice is { } last && string.Equals(last.Model, model, StringComparison.Ordinal))
        {
            price = last.Price;
        }
        else
        {
            price = _prices.Find(model);
            _lastPrice = new PriceHit(model, price);
        }

        return price?.Cost(usage);
    }

    private static bool IsLocal(Uri baseUrl) =>
        baseUrl.IsLoopback || string.Equals(baseUrl.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>A model name and the price <see cref="PriceTable.Find"/> gave for it (null: none).</summary>
    private sealed record PriceHit(string? Model, ModelPrice? Price);
}
