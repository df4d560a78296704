using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// Removes the API key from text PromptGen builds out of what a server sent (messages, bodies, header values, error
/// objects), so that no exception, log line or <c>ToString()</c> ever shows it. Always redact BEFORE cutting text short,
/// so that a cut never leaves a piece of the key behind.
/// </summary>
/// <remarks>
/// <para>
/// A secret of any length is looked for: the promise that the key never appears has no length caveat. A secret shorter
/// than <see cref="MinRun"/> characters is matched whole; in a longer one any run of <see cref="MinRun"/> or more
/// consecutive characters counts as the secret (servers echo keys masked, <c>sk-FAULT**********4321</c>, or lower-cased,
/// and a cut can split one). Matching ignores letter case. The mask covers the whole token around a match, not only the
/// match: it is widened over every neighbouring character that occurs in the secret (in any case) or is a <c>*</c>, so
/// neither a masked echo's tail nor the letters between two pieces remain. Text with a backslash is matched as JSON would
/// read it (<c>\u0073</c> as <c>s</c>), and a mask there covers the whole escapes, so an escaped echo in a raw body goes
/// too and JSON stays JSON. A mask already in the text is never matched again (a second secret does not eat into it).
/// </para>
/// <para>
/// The price of no length caveat: a very short key (a placeholder such as <c>EMPTY</c>) is masked wherever those
/// characters occur in a message, words of the message included. Messages then read worse, never leak; a local server
/// that needs no key is best given none (no Authorization header is then sent). Header values, which are often not
/// secrets (<c>2</c>, <c>web</c>), count as secrets from <see cref="MinRun"/> characters (<see cref="IsHeaderSecret"/>).
/// </para>
/// </remarks>
internal sealed class Redactor
{
    /// <summary>What replaces the key or a piece of it.</summary>
    public const string Mask = "[redacted]";

    /// <summary>The shortest piece of the key that counts as the key.</summary>
    public const int MinRun = 8;

    /// <summary>The key upper-cased (invariant, one character for one), so that matching ignores letter case.</summary>
    private readonly string? _key;
    private readonly int _run;

    /// <summary>The redactor of the next secret, when there are several (the key, then the header values).</summary>
    private readonly Redactor? _next;

    public Redactor(string? key)
    {
        _key = string.IsNullOrEmpty(key) ? null : key!.ToUpperInvariant();
        _run = _key is null ? 0 : Math.Min(MinRun, _key.Length);
    }

    /// <summary>
    /// A redactor of <paramref name="key"/> and of each of <paramref name="others"/> (a client's header values, which may
    /// carry a credential such as Azure's <c>api-key</c>), each by the same rule; the texts it returns hold none of them.
    /// </summary>
    public Redactor(string? key, IEnumerable<string?> others)
        : this(key)
    {
        Redactor? chain = null;
        foreach (var other in others)
        {
            // A header value counts as a secret from MinRun characters: a credential in a header (Azure's api-key, a
            // bearer token) is longer, and masking a short value ("2", "web") would mask every digit or word it matches
            // in messages ("HTTP 4[redacted]9"). The key itself is masked at any length.
            if (IsHeaderSecret(other) && !string.Equals(other, key, StringComparison.OrdinalIgnoreCase))
            {
                chain = new Redactor(other!, chain);
            }
        }

        _next = chain;
    }

    private Redactor(string key, Redactor? next)
        : this(key)
    {
        _next = next;
    }

    /// <summary>Whether a header value is masked as a secret: <see cref="MinRun"/> characters or more (the key is masked at any length).</summary>
    public static bool IsHeaderSecret(string? value) => value is not null && value.Trim().Length >= MinRun;

    /// <summary>A redactor that changes nothing.</summary>
    public static Redactor None { get; } = new(null);

    /// <summary>Whether this redactor looks for no secret (none was given, or each was empty).</summary>
    public bool IsEmpty => !KeyShapes && _key is null && (_next?.IsEmpty ?? true);

    /// <summary>Whether <paramref name="text"/> contains a secret or a piece of one, as it is or written with JSON escapes.</summary>
    public bool Leaks(string? text) =>
        (text is not null && _key is not null && (Match(text, 0, out _, out _) || (text.IndexOf('\\') >= 0 && Match(Unescape(text, null, null), 0, out _, out _))))
        || (_next?.Leaks(text) ?? false);

    /// <summary>
    /// <paramref name="text"/> with the key and every piece of it replaced by <see cref="Mask"/>: as it is, and written with
    /// JSON escapes (<c>\u0073\u006b-…</c>, <c>\/</c>), so that a server echoing the key inside a JSON string escaped does
    /// not leak it through a raw body either. The mask replaces the escapes whole, so JSON stays JSON.
    /// </summary>
    public string? Redact(string? text)
    {
        // Text with a backslash is read with its escapes (plain text reads as itself), so that a mask never splits an escape.
        var own = text is null || _key is null || text.IndexOf('\\') < 0 ? RedactPlain(text) : RedactEscaped(text);
        var redacted = _next is null ? own : _next.Redact(own);
        return KeyShapes && redacted is not null ? ConfiguredText.MaskKeyShapes(redacted) : redacted;
    }

    /// <summary>
    /// Whether text shaped like an API key is masked too, configured or not (<see cref="ConfiguredText.MaskKeyShapes"/>):
    /// set for the redactor of messages that quote configured values, where a key pasted into the wrong setting is most
    /// likely exactly when the key's own setting is empty.
    /// </summary>
    public bool KeyShapes { get; init; }

    /// <summary><paramref name="text"/> with the key and every piece of it, as written, replaced by <see cref="Mask"/>.</summary>
    private string? RedactPlain(string? text)
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

    /// <summary>
    /// <paramref name="text"/> with every piece of the key that shows once its JSON escapes are read replaced by
    /// <see cref="Mask"/>, over the whole escapes that spell it.
    /// </summary>
    private string RedactEscaped(string text)
    {
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        var decoded = Unescape(text, starts, ends);
        if (!Match(decoded, 0, out var start, out var length))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var from = 0; // in text
        var next = 0; // in decoded
        do
        {
            var first = starts[start];
            result.Append(text, from, first - from).Append(Mask);
            from = ends[start + length - 1];
            next = start + length;
        }
        while (Match(decoded, next, out start, out length));

        return result.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>
    /// <paramref name="text"/> with its JSON escapes read (<c>\uXXXX</c>, <c>\"</c>, <c>\\</c>, <c>\/</c>, <c>\b</c>,
    /// <c>\f</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>); any other backslash is kept. When given, <paramref name="starts"/> and
    /// <paramref name="ends"/> receive, for each character of the result, where the text that spells it starts and ends.
    /// </summary>
    private static string Unescape(string text, List<int>? starts, List<int>? ends)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            var width = 1;
            if (c == '\\' && i + 1 < text.Length)
            {
                var e = text[i + 1];
                if (e == 'u' && i + 5 < text.Length && TryHex(text, i + 2, out var code))
                {
                    c = (char)code;
                    width = 6;
                }
                else if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
                {
                    c = e switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => e };
                    width = 2;
                }
            }

            result.Append(c);
            starts?.Add(i);
            ends?.Add(i + width);
            i += width;
        }

        return result.ToString();
    }

    private static bool TryHex(string text, int at, out int code)
    {
        code = 0;
        for (var i = at; i < at + 4; i++)
        {
            var c = text[i];
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
            {
                return false;
            }

            code = (code * 16) + digit;
        }

        return true;
    }

    /// <summary>An error object with the key removed from its text (re-read from the redacted JSON).</summary>
    public JsonElement? Redact(JsonElement? element)
    {
        if (element is not { } value || IsEmpty)
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
            if (text[i] == '[' && string.CompareOrdinal(text, i, Mask, 0, Mask.Length) == 0)
            {
                // A mask (this secret's, or an earlier one's in a chain) is not text to match: skip it whole.
                i += Mask.Length - 1;
                from = Math.Max(from, i + 1);
                continue;
            }

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
