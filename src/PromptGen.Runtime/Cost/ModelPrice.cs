using System;
using System.Globalization;

namespace PromptGen;

/// <summary>
/// What one model costs, in US dollars per 1,000,000 tokens: prompt (input) tokens, prompt tokens the provider served
/// from its prompt cache (<c>usage.prompt_tokens_details.cached_tokens</c>), and completion (output) tokens, reasoning
/// tokens included.
/// </summary>
public sealed class ModelPrice : IEquatable<ModelPrice>
{
    /// <summary>A price of 0 for everything: a local server, or a model you do not pay per token for.</summary>
    public static readonly ModelPrice Free = new(0m, 0m, 0m);

    /// <summary>Creates a price.</summary>
    /// <param name="input">USD per 1M prompt tokens.</param>
    /// <param name="cachedInput">USD per 1M cached prompt tokens; <see langword="null"/> when the model has no cache discount (cached tokens then cost <paramref name="input"/>).</param>
    /// <param name="output">USD per 1M completion tokens.</param>
    /// <exception cref="ArgumentOutOfRangeException">A price is negative.</exception>
    public ModelPrice(decimal input, decimal? cachedInput, decimal output)
    {
        Input = input >= 0 ? input : throw new ArgumentOutOfRangeException(nameof(input), input, "A price cannot be negative.");
        CachedInput = cachedInput is null or >= 0 ? cachedInput : throw new ArgumentOutOfRangeException(nameof(cachedInput), cachedInput, "A price cannot be negative.");
        Output = output >= 0 ? output : throw new ArgumentOutOfRangeException(nameof(output), output, "A price cannot be negative.");
    }

    /// <summary>USD per 1M prompt tokens not served from the cache.</summary>
    public decimal Input { get; }

    /// <summary>USD per 1M prompt tokens served from the cache; <see langword="null"/>: the same as <see cref="Input"/>.</summary>
    public decimal? CachedInput { get; }

    /// <summary>USD per 1M completion tokens (reasoning tokens are completion tokens).</summary>
    public decimal Output { get; }

    /// <summary>
    /// The cost in USD of <paramref name="usage"/>: uncached prompt tokens at <see cref="Input"/>, cached ones at
    /// <see cref="CachedInput"/>, completion tokens at <see cref="Output"/>; <see langword="null"/> (unknown, never a
    /// wrong 0) when the usage is invalid: a negative or unreadable count, or more cached than prompt tokens (see <see cref="ChatUsage"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="usage"/> is <see langword="null"/>.</exception>
    public decimal? Cost(ChatUsage usage)
    {
        if (usage is null)
        {
            throw new ArgumentNullException(nameof(usage));
        }

        if (!UsageRules.IsValid(usage))
        {
            return null;
        }

        var prompt = usage.PromptTokens;
        var cached = usage.PromptTokensDetails?.CachedTokens ?? 0;
        return ((prompt - cached) * Input + cached * (CachedInput ?? Input) + usage.CompletionTokens * Output) / 1_000_000m;
    }

    /// <inheritdoc/>
    public bool Equals(ModelPrice? other) =>
        other is not null && Input == other.Input && CachedInput == other.CachedInput && Output == other.Output;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ModelPrice);

    /// <inheritdoc/>
    public override int GetHashCode() => (Input, CachedInput, Output).GetHashCode();

    /// <summary>The price as <c>input $x, cached $y, output $z per 1M tokens</c>.</summary>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "input ${0}, cached ${1}, output ${2} per 1M tokens",
        Input,
        CachedInput?.ToString(CultureInfo.InvariantCulture) ?? Input.ToString(CultureInfo.InvariantCulture),
        Output);
}
