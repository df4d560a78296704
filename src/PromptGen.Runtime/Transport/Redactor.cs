using System;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// Removes the API key from text PromptGen builds out of what a server sent (messages, bodies, header values, error
/// objects), so that no exception, log line or <c>ToString()</c> ever shows it. Always redact BEFORE cutting text short,
/// so that a cut never leaves a piece of the key behind.
/// </summary>
/// <remarks>
/// Any run of <see cref="MinRun"/> or more consecutive characters of the key counts as the key (servers echo keys masked,
/// <c>sk-FAULT**********4321</c>, and a cut can split one). A key shorter than <see cref="MinRun"/> characters is matched
/// whole; one shorter than <see cref="MinKeyLength"/> is not looked for (it would match ordinary words).
/// </remarks>
internal sealed class Redactor
{
    /// <summary>What replaces the key or a piece of it.</summary>
    public const string Mask = "[redacted]";

    /// <summary>The shortest piece of the key that counts as the key.</summary>
    public const int MinRun = 8;

    /// <summary>Keys shorter than this are not looked for.</summary>
    public const int MinKeyLength = 6;

    private readonly string? _key;
    private readonly int _run;

    public Redactor(string? key)
    {
        _key = key is { Length: >= MinKeyLength } ? key : null;
        _run = _key is null ? 0 : Math.Min(MinRun, _key.Length);
    }

    /// <summary>A redactor that changes nothing.</summary>
    public static Redactor None { get; } = new(null);

    /// <summary>Whether <paramref name="text"/> contains the key or a piece of it.</summary>
    public bool Leaks(string? text) => text is not null && _key is not null && Match(text, 0, out _, out _);

    /// <summary><paramref name="text"/> with the key and every piece of it replaced by <see cref="Mask"/>.</summary>
    public string? Redact(string? text)
    {
        if (text is null || _key is null || !Match(text, 0, out var start, out var length))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var from = 0;
        do
        {
            result.Append(text, from, start - from).Append(Mask);
            from = start + length;
        }
        while (Match(text, from, out start, out length));

        return result.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>An error object with the key removed from its text (re-read from the redacted JSON).</summary>
    public JsonElement? Redact(JsonElement? element)
    {
        if (element is not { } value || _key is null)
        {
            return element;
        }

        var raw = value.GetRawText();
        if (!Leaks(raw))
        {
            return element;
        }

        try
        {
            using var document = JsonDocument.Parse(Redact(raw)!);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The first run of at least <see cref="_run"/> characters of the key in <paramref name="text"/> at or after
    /// <paramref name="from"/>, extended as far as it goes.
    /// </summary>
    private bool Match(string text, int from, out int start, out int length)
    {
        var key = _key!;
        for (var i = from; i <= text.Length - _run; i++)
        {
            var best = 0;
            for (var j = key.IndexOf(text[i]); j >= 0 && j <= key.Length - _run; j = key.IndexOf(text[i], j + 1))
            {
                var n = 0;
                while (i + n < text.Length && j + n < key.Length && text[i + n] == key[j + n])
                {
                    n++;
                }

                best = Math.Max(best, n);
            }

            if (best >= _run)
            {
                start = i;
                length = best;
                return true;
            }
        }

        start = 0;
        length = 0;
        return false;
    }
}
