using System;
using System.Globalization;
using System.Net.Http;

namespace PromptGen;

/// <summary>
/// The rules for what a client accepts, each written once: <see cref="ChatClientOptions"/>, <see cref="RetryPolicy"/>,
/// <see cref="ChatClient"/>'s constructor, a request's model at send time, and PromptGen.DependencyInjection's start-up
/// validation all ask these, so configuration cannot pass a value the client would refuse later.
/// </summary>
/// <remarks>
/// A text rule returns the end of a sentence that follows the option's name (<c>ChatClientOptions.Model</c>,
/// <c>PromptGen:Model (PromptGen__Model in the environment)</c>), or <see langword="null"/> when the value is fine; each
/// caller names the option in its own terms. A rule about a secret (the API key) never quotes the value, nor any part of it.
/// </remarks>
internal static class OptionRules
{
    /// <summary>Whether <paramref name="value"/> is a whole-call timeout: positive and at most <see cref="ChatClientOptions.TimeoutLimit"/>, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
    public static bool IsCallTimeout(TimeSpan value) =>
        IsWaitLimit(value) || value == System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Whether <paramref name="value"/> is a wait limit (<c>ResponseTimeout</c>, <c>StreamIdleTimeout</c>): positive and at most <see cref="ChatClientOptions.TimeoutLimit"/>.</summary>
    public static bool IsWaitLimit(TimeSpan value) => value > TimeSpan.Zero && value <= ChatClientOptions.TimeoutLimit;

    /// <summary>Whether <paramref name="value"/> is a retry count: 0 to <see cref="RetryPolicy.MaxRetriesLimit"/>.</summary>
    public static bool IsRetryCount(int value) => value is >= 0 and <= RetryPolicy.MaxRetriesLimit;

    /// <summary>Whether <paramref name="value"/> is a retry delay: 0 to <see cref="RetryPolicy.DelayLimit"/>.</summary>
    public static bool IsRetryDelay(TimeSpan value) => value >= TimeSpan.Zero && value <= RetryPolicy.DelayLimit;

    /// <summary>Whether <paramref name="value"/> is one of <see cref="MaxTokensField"/>'s names.</summary>
    public static bool IsMaxTokensField(MaxTokensField value) => Enum.IsDefined(typeof(MaxTokensField), value);

    /// <summary>
    /// What is wrong with <paramref name="value"/> as a model id, or <see langword="null"/>: empty, blank, white space
    /// before or after it (a server matches ids exactly), a line break or another control character, or an invisible
    /// formatting character (a zero-width space pasted with it). The id is quoted only where that shows the fault; it is
    /// no secret.
    /// </summary>
    public static string? ModelProblem(string value)
    {
        if (value.Length == 0)
        {
            return "is empty; name the model, such as \"gpt-4o-mini\"";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\r' or '\n')
            {
                return $"contains a line break {Where(c, i, value)}; a model id is one line: remove the line break";
            }

            if (char.IsControl(c))
            {
                return $"contains the control character {Where(c, i, value)}; remove it";
            }

            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return $"contains an invisible formatting character {Where(c, i, value)}, often pasted with the id; type the id again";
            }
        }

        if (value.Trim().Length == 0)
        {
            return $"is blank ({value.Length.ToString(CultureInfo.InvariantCulture)} white-space characters); name the model, such as \"gpt-4o-mini\"";
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]))
        {
            return $"is '{value}', with white space {(char.IsWhiteSpace(value[0]) ? "before" : "after")} the id; the server matches model ids exactly, so remove it";
        }

        return null;
    }

    /// <summary>
    /// What is wrong with an API key (white space around it already removed) beyond what any header value may not hold, or
    /// <see langword="null"/>: a pasted <c>Authorization:</c> header name or <c>Bearer </c> scheme, or quotes around it.
    /// Neither the key nor any part of it is quoted.
    /// </summary>
    public static string? ApiKeyProblem(string trimmed)
    {
        if (trimmed.StartsWith("Authorization", StringComparison.OrdinalIgnoreCase) && trimmed.Length > 13 && (trimmed[13] == ':' || char.IsWhiteSpace(trimmed[13])))
        {
            return "starts with the header name \"Authorization\": the client sends that header itself, with \"Bearer \" and the key. Set the key alone: remove \"Authorization: Bearer \" from the start of the value";
        }

        if (trimmed.Length > 6 && trimmed.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) && (char.IsWhiteSpace(trimmed[6]) || trimmed[6] == ':'))
        {
            return "starts with the scheme \"Bearer\": the client sends \"Authorization: Bearer \" followed by the key itself, so it would be sent twice. Set the key alone: remove \"Bearer \" from the start of the value";
        }

        var first = IsQuote(trimmed[0]);
        var last = trimmed.Length > 1 && IsQuote(trimmed[trimmed.Length - 1]);
        if (first || last)
        {
            var quote = first ? trimmed[0] : trimmed[trimmed.Length - 1];
            var where = first && last ? "is wrapped in quotes" : first ? "starts with a quote" : "ends with a quote";
            return $"{where} (U+{(int)quote:X4}), which would be sent as part of the key. Set the key alone: remove the {(first && last ? "quotes" : "quote")} (in JSON and environment files the value needs no quotes of its own)";
        }

        return null;
    }

    /// <summary>
    /// What is wrong with <paramref name="name"/> as the name of an extra request header, or <see langword="null"/>: it
    /// must be an HTTP token (letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>: no space, colon or character that is not
    /// ASCII), and not a content header (<c>Content-Type</c> and the like, which the client sets with the body).
    /// </summary>
    public static string? HeaderNameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "is an empty header name; name the header, such as \"api-key\"";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (IsTokenCharacter(c))
            {
                continue;
            }

            var what = c switch
            {
                ' ' => "a space",
                ':' => "a colon",
                '\r' or '\n' => "a line break",
                _ when char.IsControl(c) => "a control character",
                _ when c > '~' => "a character that is not ASCII",
                _ => $"the character '{c}'",
            };
            return $"is not a valid header name: it contains {what} {Where(c, i, name)}. A header name is letters, digits and !#$%&'*+-.^_`|~ only (such as \"api-key\" or \"X-Team\"); the value goes in the value, not after a colon in the name";
        }

        using var probe = new HttpRequestMessage();
        if (!probe.Headers.TryAddWithoutValidation(name, ""))
        {
            return $"is the content header {name}, set by the client with the body; remove it";
        }

        return null;
    }

    /// <summary>A name (a header's, a configuration key's) as messages quote it: a control character (a line break) as its code, so the message stays one line.</summary>
    public static string Shown(string name)
    {
        var shown = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            _ = char.IsControl(c) ? shown.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)) : shown.Append(c);
        }

        return shown.ToString();
    }

    /// <summary>The character's code and position, as messages show them: <c>(U+000A, character 7 of 12)</c>.</summary>
    internal static string Where(char c, int index, string value) =>
        $"(U+{(int)c:X4}, character {(index + 1).ToString(CultureInfo.InvariantCulture)} of {value.Length.ToString(CultureInfo.InvariantCulture)})";

    private static bool IsQuote(char c) => c is '"' or '\'' or '`' or '\u2018' or '\u2019' or '\u201C' or '\u201D';

    private static bool IsTokenCharacter(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
