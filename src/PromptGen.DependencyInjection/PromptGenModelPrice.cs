namespace PromptGen;

/// <summary>
/// One model's price as configuration gives it (<see cref="PromptGenOptions.Prices"/>), in US dollars per 1,000,000
/// tokens; it becomes a <see cref="ModelPrice"/>.
/// </summary>
public sealed class PromptGenModelPrice
{
    /// <summary>USD per 1M prompt (input) tokens.</summary>
    public decimal Input { get; set; }

    /// <summary>USD per 1M prompt tokens served from the provider's cache; <see langword="null"/> (unset): the same as <see cref="Input"/>.</summary>
    public decimal? CachedInput { get; set; }

    /// <summary>USD per 1M completion (output) tokens, reasoning tokens included.</summary>
    public decimal Output { get; set; }

    /// <summary>The price as <see cref="ModelPrice"/>.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">A price is negative (the options validator reports this at start-up first).</exception>
    public ModelPrice ToModelPrice() => new(Input, CachedInput, Output);
}
