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
/// Any run of <see cref="MinRun"/> or more consecutive characters of the key, in any letter case, counts as the key
/// (servers echo keys masked, <c>sk-FAULT**********4321</c>, or lower-cased, and a cut can split one). The mask covers
/// the whole token around such a run, not only the run: the run is widened over every neighbouring character that occurs
/// in the key (in any case) or is a <c>*</c>, so neither a masked echo's tail nor the letters between two pieces remain.
/// A key shorter than <see cref="MinRun"/> characters is matched whole; one shorter than <see cref="MinKeyLength"/> is not
/// looked for (it would match ordinary words).
/// </remarks>
internal sealed class Redactor
{
    /// <summary>What replaces the key or a piece of it.</summary>
    public const string Mask = "[redacted]";

    /// <summary>The shortest piece of the key that counts as the key.</summary>
    public const int MinRun = 8;

    /// <summary>Keys shorter than this are not looked for.</summary>
    public const int MinKeyLength = 6;

    /// <summary>The key upper-cased (invariant, one character for one), so that matching ignores letter case.</summary>
    private readonly string? _key;
    private readonly int _run;

    public Redactor(string? key)
    {
        _key = key is { Length: >= MinKeyLength } ? key.ToUpperInvariant() : null;
        _run = _key is null ? 0 : Math.Min(MinRun, _key.Length);
    }

    /// <summary>A redactor that changes nothing.</summary>
    public static Redactor None { get; } = new(null);

    /// <summary>Whether this redactor looks for no key (none was given, or it is too short to look for).</summary>
    public bool IsEmpty => _key is null;

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
    /// The first run of at least <see cref="_run"/> characters of the key (any letter case) in <paramref name="text"/> at
    /// or after <paramref name="from"/>, widened to the whole token around it (<see cref="InToken"/>).
    /// </summary>
    private bool Match(string text, int from, out int start, out int length)
    {
        var key = _key!;
        for (var i = from; i <= text.Length - _run; i++)
        {
            var first = char.ToUpperInvariant(text[i]);
            var best = 0;
            for (var j = key.IndexOf(first); j >= 0 && j <= key.Length - _run; j = key.IndexOf(first, j + 1))
            {
                var n = 0;
                while (i + n < text.Length && j + n < key.Length && char.ToUpperInvariant(text[i + n]) == key[j + n])
                {
                    n++;
                }

                best = Math.Max(best, n);
            }

            if (best >= _run)
            {
                // Widen to the token: back to (not before) `from`, which is where the previous mask ended, and forward
                // over the rest of the token, so a masked echo's tail or the letters between two pieces go too.
                start = i;
                while (start > from && InToken(text[start - 1]))
                {
                    start--;
                }

                var end = i + best;
                while (end < text.Length && InToken(text[end]))
                {
                    end++;
                }

                length = end - start;
                return true;
            }
        }

        start = 0;
        length = 0;
        return false;
    }

    /// <summary>Whether <paramref name="c"/> can belong to the token around a piece of the key: a character of the key (any case) or the <c>*</c> servers mask with.</summary>
    private bool InToken(char c) => c == '*' || _key!.IndexOf(char.ToUpperInvariant(c)) >= 0;
}
