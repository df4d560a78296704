using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PromptGen;

/// <summary>
/// The one rule for messages that quote a configured value (a base URL, a header name, a setting's text that could not be
/// read): the value's URL user information is masked (<see cref="UrlText"/>), then every configured secret — the API key
/// and each header value, trimmed as they are sent — wherever it occurs, by the <see cref="Redactor"/> rule. Used by
/// <see cref="ChatClientOptions"/>, the <see cref="ChatClient"/> constructor and the configuration validation of
/// <c>AddPromptGen</c>, so that a key pasted into the wrong setting is never shown back.
/// </summary>
/// <remarks>
/// Only the quoted value is masked, never the words of the message around it. A setter can only mask the secrets set
/// before it runs (an object initializer sets <see cref="ChatClientOptions.BaseUrl"/> before a later
/// <see cref="ChatClientOptions.ApiKey"/>), so the setters' messages also leave out the parts of a value that are not
/// needed to fix it (a base URL's fragment is described, not quoted).
/// </remarks>
internal static class ConfiguredText
{
    /// <summary>
    /// The secrets of a configuration: <paramref name="apiKey"/> and each of <paramref name="headerValues"/>, and any text
    /// shaped like an API key (<see cref="MaskKeyShapes"/>), configured or not.
    /// </summary>
    public static Redactor Secrets(string? apiKey, IEnumerable<string?> headerValues) =>
        new(apiKey?.Trim(), headerValues.Select(static value => value?.Trim()).ToArray()) { KeyShapes = true };

    /// <summary>
    /// Text shaped like an API key, whichever is configured: the prefixed keys providers issue (<c>sk-…</c> of OpenAI,
    /// Anthropic, OpenRouter and DeepSeek; <c>gsk_…</c> of Groq; <c>xai-…</c>; <c>AIza…</c> of Google) and the token
    /// after <c>Bearer </c>. A key pasted into the wrong setting (<c>MaxRetries</c>, a base URL, a header name) is then not
    /// shown back even when the key's own setting is empty, as it usually is then.
    /// </summary>
    private static readonly Regex KeyShape = new(
        @"(?<![A-Za-z0-9])(?:(?:sk|gsk|xai|rk|pk)[-_][A-Za-z0-9_\-]{8,}|AIza[A-Za-z0-9_\-]{20,})|(?<=\bBearer\s+)[^\s'""]{8,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary><paramref name="text"/> with every run shaped like an API key replaced by <see cref="Redactor.Mask"/>.</summary>
    public static string MaskKeyShapes(string text) => text.IndexOf('-') < 0 && text.IndexOf('_') < 0 && text.IndexOf("AIza", System.StringComparison.Ordinal) < 0 && text.IndexOf("earer", System.StringComparison.OrdinalIgnoreCase) < 0
        ? text
        : KeyShape.Replace(text, Redactor.Mask);

    /// <summary>The secrets <paramref name="options"/> holds now: its API key and the values of its headers.</summary>
    public static Redactor Secrets(ChatClientOptions options) => Secrets(options.ApiKey, options.Headers.Values);

    /// <summary><paramref name="value"/> as a message quotes it: URL user information and every secret of <paramref name="secrets"/> masked.</summary>
    public static string Quote(string value, Redactor secrets) => secrets.Redact(UrlText.Show(value))!;
}
