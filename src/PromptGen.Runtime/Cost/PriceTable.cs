using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace PromptGen;

/// <summary>
/// Prices per model, to turn a reply's token usage into US dollars (<see cref="ChatResult{T}.Cost"/>,
/// <see cref="ChatClient.Totals"/>). A model is found by its exact id (any case), else by the id without a dated snapshot
/// suffix (<c>gpt-4o-mini-2024-07-18</c> → <c>gpt-4o-mini</c>), else <see cref="Default"/>. A model found nowhere has no
/// cost (<see langword="null"/>) rather than a wrong one.
/// </summary>
/// <remarks>
/// Set <see cref="ChatClientOptions.Prices"/> to replace the table a client uses; start from <see cref="CreateOpenAI"/>
/// and <see cref="Set"/> your own models (or a changed price) to extend it. A client copies the table when it is built.
/// </remarks>
public sealed class PriceTable
{
    /// <summary>The date the prices of <see cref="CreateOpenAI"/> were taken (see README, "Cost", for the source).</summary>
    public const string OpenAIPricesDate = "2026-11-05";

    private static readonly Regex DatedSnapshot = new("-(\\d{4}-\\d{2}-\\d{2}|\\d{4})$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty table: every model is unknown (no cost) until <see cref="Set"/> or <see cref="Default"/> says otherwise.</summary>
    public PriceTable()
    {
    }

    /// <summary>Creates a copy of <paramref name="other"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    public PriceTable(PriceTable other)
    {
        if (other is null)
        {
            throw new ArgumentNullException(nameof(other));
        }

        foreach (var entry in other._prices)
        {
            _prices[entry.Key] = entry.Value;
        }

        Default = other.Default;
    }

    /// <summary>
    /// The price of a model the table does not list; <see langword="null"/> (the default): such a model has no cost.
    /// <see cref="ModelPrice.Free"/> makes every unlisted model cost 0, as for a local server.
    /// </summary>
    public ModelPrice? Default { get; set; }

    /// <summary>The models the table lists, with their prices.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Models => _prices;

    /// <summary>
    /// A table in which every model costs 0: what a client uses by default for a server on the local machine
    /// (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>).
    /// </summary>
    public static PriceTable CreateFree() => new() { Default = ModelPrice.Free };

    /// <summary>
    /// OpenAI's standard-tier list prices (USD per 1M tokens: input, cached input, output) as published on
    /// developers.openai.com/api/docs/pricing on <see cref="OpenAIPricesDate"/>; a new table on every call, so changing
    /// it changes no other. Batch, flex and priority tiers, audio and image tokens, and long-context surcharges are not in it.
    /// </summary>
    public static PriceTable CreateOpenAI()
    {
        var table = new PriceTable();
        table.Set("gpt-5.5", new ModelPrice(5.00m, 0.50m, 30.00m));
        table.Set("gpt-5.4", new ModelPrice(2.50m, 0.25m, 15.00m));
        table.Set("gpt-5.4-mini", new ModelPrice(0.75m, 0.075m, 4.50m));
        table.Set("gpt-5.4-nano", new ModelPrice(0.20m, 0.02m, 1.25m));
        table.Set("gpt-5.2", new ModelPrice(1.75m, 0.175m, 14.00m));
        table.Set("gpt-5.1", new ModelPrice(1.25m, 0.125m, 10.00m));
        table.Set("gpt-5", new ModelPrice(1.25m, 0.125m, 10.00m));
        table.Set("gpt-5-mini", new ModelPrice(0.25m, 0.025m, 2.00m));
        table.Set("gpt-5-nano", new ModelPrice(0.05m, 0.005m, 0.40m));
        table.Set("gpt-4.1", new ModelPrice(2.00m, 0.50m, 8.00m));
        table.Set("gpt-4.1-mini", new ModelPrice(0.40m, 0.10m, 1.60m));
        table.Set("gpt-4.1-nano", new ModelPrice(0.10m, 0.025m, 0.40m));
        table.Set("gpt-4o", new ModelPrice(2.50m, 1.25m, 10.00m));
        table.Set("gpt-4o-mini", new ModelPrice(0.15m, 0.075m, 0.60m));
        table.Set("o3", new ModelPrice(2.00m, 0.50m, 8.00m));
        table.Set("o3-mini", new ModelPrice(1.10m, 0.55m, 4.40m));
        table.Set("o4-mini", new ModelPrice(1.10m, 0.275m, 4.40m));
        table.Set("o1", new ModelPrice(15.00m, 7.50m, 60.00m));
        return table;
    }

    /// <summary>Adds or replaces the price of <paramref name="model"/> (an exact id; a dated snapshot of it finds it too).</summary>
    /// <returns>This table, to set more.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="model"/> is empty, or (white space around it ignored) holds a line break, another control character
    /// or an invisible formatting character, by <see cref="ChatClientOptions.Model"/>'s rule: no reply's model would match it.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="price"/> is <see langword="null"/>.</exception>
    public PriceTable Set(string model, ModelPrice price)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("A model id is required.", nameof(model));
        }

        var id = model.Trim();
        if (OptionRules.ModelProblem(id) is { } problem)
        {
            throw new ArgumentException($"The model id given to PriceTable.Set {problem}.", nameof(model));
        }

        _prices[id] = price ?? throw new ArgumentNullException(nameof(price));
        return this;
    }

    /// <summary>The price of <paramref name="model"/>: listed, listed without its date suffix, else <see cref="Default"/>.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return Default;
        }

        if (_prices.TryGetValue(model!, out var price))
        {
            return price;
        }

        var undated = DatedSnapshot.Replace(model!, "");
        return undated.Length != model!.Length && _prices.TryGetValue(undated, out price) ? price : Default;
    }

    /// <summary>
    /// The cost in USD of <paramref name="usage"/> on <paramref name="model"/>; <see langword="null"/> when there is no
    /// usage, the usage is invalid (<see cref="ModelPrice.Cost"/>), or the model has no price.
    /// </summary>
    public decimal? Cost(ChatUsage? usage, string? model) =>
        usage is not null && Find(model) is { } price ? price.Cost(usage) : null;
}
