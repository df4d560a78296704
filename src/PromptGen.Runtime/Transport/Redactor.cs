using System;

namespace PromptGen;

/// <summary>
/// Removes the API key from text PromptGen builds out of what a server sent (messages, bodies, header values), so that
/// no exception, log line or <c>ToString()</c> ever shows it.
/// </summary>
internal sealed class Redactor
{
    /// <summary>What replaces the key.</summary>
    public const string Mask = "[redacted]";

    /// <summary>Keys shorter than this are not looked for (they would match ordinary words).</summary>
    private const int MinKeyLength = 6;

    private readonly string? _key;

    public Redactor(string? key)
    {
        _key = key is { Length: >= MinKeyLength } ? key : null;
    }

    /// <summary>A redactor that changes nothing.</summary>
    public static Redactor None { get; } = new(null);

    /// <summary>Whether <paramref name="text"/> contains the key.</summary>
    public bool Leaks(string? text) => text is not null && _key is not null && text.IndexOf(_key, StringComparison.Ordinal) >= 0;

    /// <summary><paramref name="text"/> with the key replaced by <see cref="Mask"/>.</summary>
    public string? Redact(string? text) => Leaks(text) ? text!.Replace(_key!, Mask) : text;
}
