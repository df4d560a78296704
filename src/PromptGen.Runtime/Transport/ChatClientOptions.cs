using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace PromptGen;

/// <summary>
/// Settings of a <see cref="ChatClient"/>. A client copies them when it is constructed, so changing an options object
/// afterwards does not affect clients already built from it.
/// </summary>
/// <remarks>
/// The environment defaults (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>) are read once, when the options object is
/// constructed; assigning <see cref="BaseUrl"/> or <see cref="ApiKey"/> replaces them.
/// </remarks>
public sealed class ChatClientOptions
{
    /// <summary>The public OpenAI endpoint used when neither <see cref="BaseUrl"/> nor <c>OPENAI_BASE_URL</c> says otherwise.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    /// <summary>
    /// The longest <see cref="Timeout"/>, <see cref="ResponseTimeout"/> and <see cref="StreamIdleTimeout"/> other than
    /// "no limit": 1 day. (A timer cannot run longer than about 24.8 days, and no chat call should come near that.)
    /// </summary>
    public static readonly TimeSpan TimeoutLimit = TimeSpan.FromDays(1);

    private Uri _baseUrl;
    private string? _model;
    private MaxTokensField _maxTokensField;
    private RetryPolicy _retry = new();
    private TimeSpan _timeout = TimeSpan.FromMinutes(10);
    private TimeSpan? _responseTimeout;
    private TimeSpan? _streamIdleTimeout;

    /// <summary>Creates options with the defaults, reading <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c> now.</summary>
    /// <exception cref="InvalidOperationException">
    /// <c>OPENAI_BASE_URL</c> is set but is not a usable base URL (see <see cref="BaseUrl"/>), or <c>OPENAI_API_KEY</c>
    /// holds a control character.
    /// </exception>
    public ChatClientOptions()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    internal ChatClientOptions(Func<string, string?> environment)
    {
        // The key first: a message quoting OPENAI_BASE_URL masks it (ConfiguredText), should it be pasted there too.
        var apiKey = environment("OPENAI_API_KEY");
        if (ApiKeyVariableProblem(apiKey) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey!.Trim();
        if (BaseUrlVariableProblem(environment("OPENAI_BASE_URL"), ConfiguredText.Secrets(this), out var baseUrl) is { } baseUrlProblem)
        {
            throw new InvalidOperationException(baseUrlProblem);
        }

        _baseUrl = baseUrl;
    }

    /// <summary>
    /// What is wrong with the value of <c>OPENAI_BASE_URL</c> (<paramref name="baseUrl"/>) as the default base URL, as a
    /// whole message, or <see langword="null"/> with the URL it gives in <paramref name="url"/> (<see cref="DefaultBaseUrl"/>
    /// when it is not set). PromptGen.DependencyInjection asks it too when configuration sets no base URL.
    /// </summary>
    /// <param name="baseUrl">The variable's value, or null when it is not set.</param>
    /// <param name="secrets">The configured key and header values, masked wherever the message quotes the URL.</param>
    /// <param name="url">The base URL the variable gives, or <see cref="DefaultBaseUrl"/>.</param>
    internal static string? BaseUrlVariableProblem(string? baseUrl, Redactor secrets, out Uri url)
    {
        url = DefaultBaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(baseUrl!.Trim(), UriKind.Absolute, out var parsed) || !IsHttp(parsed))
        {
            return $"The environment variable OPENAI_BASE_URL is '{ConfiguredText.Quote(baseUrl, secrets)}', which is not an absolute http or https URL. " +
                "Fix or unset it, or set ChatClientOptions.BaseUrl.";
        }

        if (BaseUrlFault(parsed, secrets) is { } fault)
        {
            return $"The environment variable OPENAI_BASE_URL {fault} Fix or unset it, or set ChatClientOptions.BaseUrl.";
        }

        url = parsed;
        return null;
    }

    /// <summary>
    /// What is wrong with the value of <c>OPENAI_API_KEY</c> (<paramref name="apiKey"/>) as the default key, as a whole
    /// message, or <see langword="null"/>: a control character inside it, a pasted <c>Bearer </c> scheme, quotes around it.
    /// Never quotes the key. PromptGen.DependencyInjection asks it too when configuration sets no key.
    /// </summary>
    internal static string? ApiKeyVariableProblem(string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return null;
        }

        // A pasted scheme or quotes first, as the ChatClient constructor checks ChatClientOptions.ApiKey: the more telling message.
        var trimmed = apiKey!.Trim();
        if (OptionRules.ApiKeyProblem(trimmed) is { } problem)
        {
            return $"The environment variable OPENAI_API_KEY {problem}. Fix or unset it, or set ChatClientOptions.ApiKey.";
        }

        return ControlCharacter(trimmed) is { } position
            ? $"The environment variable OPENAI_API_KEY has a control character (a line break, a tab…) at position {position}; an API key is one line of printable characters. Fix or unset it, or set ChatClientOptions.ApiKey."
            : null;
    }

    /// <summary>
    /// The API's base URL; <c>/chat/completions</c> is appended (a trailing slash does not matter, a query string is kept).
    /// Defaults to <c>OPENAI_BASE_URL</c> when set, else <c>https://api.openai.com/v1</c>.
    /// Examples: <c>http://localhost:11434/v1/</c> (Ollama), <c>https://{resource}.openai.azure.com/openai/v1/</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The value is not an absolute http or https URL, or it has user information (<c>https://user:password@host</c>: it
    /// would be sent and shown wherever the endpoint is) or a fragment (<c>#…</c>, which has no meaning for a request).
    /// </exception>
    public Uri BaseUrl
    {
        get => _baseUrl;
        set
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (!value.IsAbsoluteUri)
            {
                throw new ArgumentException(
                    $"The base URL must be an absolute http or https URL, but was the relative URL '{ConfiguredText.Quote(value.OriginalString, ConfiguredText.Secrets(this))}'. Start it with https:// (http:// for a server on this machine).",
                    nameof(value));
            }

            if (!IsHttp(value))
            {
                // Only the scheme is quoted: the rest may hold a key not set yet, which no mask could know of.
                throw new ArgumentException(
                    $"The base URL must be an absolute http or https URL, but its scheme is '{ConfiguredText.Quote(value.Scheme, ConfiguredText.Secrets(this))}'. Start it with https:// (http:// for a server on this machine).",
                    nameof(value));
            }

            if (BaseUrlFault(value, ConfiguredText.Secrets(this)) is { } fault)
            {
                throw new ArgumentException($"The base URL {fault}", nameof(value));
            }

            _baseUrl = value;
        }
    }

    /// <summary>
    /// The API key, sent as <c>Authorization: Bearer</c>; when <see langword="null"/>, empty or white space no Authorization
    /// header is sent (local servers need none). Defaults to <c>OPENAI_API_KEY</c>. Never appears in messages, logs or
    /// <see cref="ToString"/>.
    /// </summary>
    /// <remarks>
    /// White space around the key is ignored wherever it comes from (this property, <c>OPENAI_API_KEY</c>, configuration),
    /// so a key read with <c>File.ReadAllText</c> works with its trailing newline. A line break, another control character
    /// or a character that is not ASCII inside the key makes the <see cref="ChatClient"/> constructor throw an
    /// <see cref="ArgumentException"/> naming this option (never the key): it could not be sent as a header. The same
    /// holds for <see cref="Organization"/>, <see cref="Project"/> and the values of <see cref="Headers"/>. The key alone
    /// is set here: one pasted with its <c>Bearer </c> scheme or in quotes is refused the same way (the client adds the
    /// scheme), here and in <c>OPENAI_API_KEY</c>.
    /// </remarks>
    public string? ApiKey { get; set; }

    /// <summary>Sent as the <c>OpenAI-Organization</c> header when set (white space around it ignored; see <see cref="ApiKey"/> for the characters allowed).</summary>
    public string? Organization { get; set; }

    /// <summary>Sent as the <c>OpenAI-Project</c> header when set (white space around it ignored; see <see cref="ApiKey"/> for the characters allowed).</summary>
    public string? Project { get; set; }

    /// <summary>
    /// Extra headers sent with every request (for example <c>api-key</c> for Azure key auth, or a gateway's routing header);
    /// one replaces a standard header of the same name. White space around a value is ignored; a line break, another
    /// control character or a character that is not ASCII inside one makes the <see cref="ChatClient"/> constructor throw
    /// an <see cref="ArgumentException"/> naming the header (never its value).
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The model used when a request names none (<see langword="null"/>: every request must name one).</summary>
    /// <exception cref="ArgumentException">
    /// The value is empty or blank, has white space before or after the id, or holds a line break, another control
    /// character or an invisible formatting character (a zero-width space): the server matches model ids exactly.
    /// </exception>
    public string? Model
    {
        get => _model;
        set => _model = value is null || OptionRules.ModelProblem(value) is not { } problem
            ? value
            : throw new ArgumentException($"ChatClientOptions.Model {problem}, or set null when every request names its model.", nameof(Model));
    }

    /// <summary>Which field carries the token limit; <see cref="MaxTokensField.Auto"/> picks by the base URL's host.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="PromptGen.MaxTokensField"/>'s names.</exception>
    public MaxTokensField MaxTokensField
    {
        get => _maxTokensField;
        set => _maxTokensField = OptionRules.IsMaxTokensField(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxTokensField), value, $"ChatClientOptions.MaxTokensField is {(int)value}, which is none of Auto, MaxCompletionTokens and MaxTokens.");
    }

    /// <summary>Whether streamed requests ask for a final usage chunk (<c>stream_options.include_usage</c>) when the request sets no stream options. Default <see langword="true"/>.</summary>
    public bool IncludeStreamUsage { get; set; } = true;

    /// <summary>
    /// How failed calls are retried. Defaults to a new <see cref="RetryPolicy"/> (two retries with backoff); use
    /// <see cref="RetryPolicy.None"/> to turn retrying off when the <see cref="System.Net.Http.HttpClient"/> already retries
    /// (Polly, a <see cref="System.Net.Http.DelegatingHandler"/>, Microsoft.Extensions.Http.Resilience).
    /// </summary>
    public RetryPolicy Retry
    {
        get => _retry;
        set => _retry = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The longest a whole call may take, retries and backoff waits included, and for a streamed call until the last chunk
    /// has been read. Positive and at most <see cref="TimeoutLimit"/> (1 day); default 10 minutes;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative (other than <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>) or longer than <see cref="TimeoutLimit"/>.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = OptionRules.IsCallTimeout(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, $"ChatClientOptions.Timeout is {RetryPolicy.Describe(value)}; it must be positive and at most {RetryPolicy.Describe(TimeoutLimit)} (ChatClientOptions.TimeoutLimit), or Timeout.InfiniteTimeSpan for no limit.");
    }

    /// <summary>
    /// The longest to wait, per attempt, for the server to start answering: for the response headers, and then again for
    /// the first byte of the body — a JSON reply, an error body, or a streamed reply's first event. Default
    /// <see langword="null"/>: no separate limit (only <see cref="Timeout"/>). Positive and at most <see cref="TimeoutLimit"/> (1 day).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/> included: use null), or longer than <see cref="TimeoutLimit"/>.</exception>
    public TimeSpan? ResponseTimeout
    {
        get => _responseTimeout;
        set => _responseTimeout = Positive(value, nameof(ResponseTimeout));
    }

    /// <summary>
    /// The longest gap allowed between two pieces of a response body once its first byte arrived: between streamed events
    /// (comments and keep-alives count), and likewise inside a JSON reply or an error body that stalls part-way. Default
    /// <see langword="null"/>: no limit (only <see cref="Timeout"/>). When it fires, the connection is closed. Positive and
    /// at most <see cref="TimeoutLimit"/> (1 day).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/> included: use null), or longer than <see cref="TimeoutLimit"/>.</exception>
    public TimeSpan? StreamIdleTimeout
    {
        get => _streamIdleTimeout;
        set => _streamIdleTimeout = Positive(value, nameof(StreamIdleTimeout));
    }

    /// <summary>
    /// The prices that turn each reply's usage into a cost (<see cref="ChatResult{T}.Cost"/>, <see cref="ChatClient.Totals"/>).
    /// <see langword="null"/> (the default): free (0) for a server on this machine (<c>localhost</c>, a loopback address),
    /// else <see cref="PriceTable.CreateOpenAI"/>. Replace it, or extend <see cref="PriceTable.CreateOpenAI"/> with
    /// <see cref="PriceTable.Set"/>; a model with no price has no cost rather than a wrong one.
    /// </summary>
    public PriceTable? Prices { get; set; }

    /// <summary>
    /// Counts prompt tokens for methods with <see cref="MaxPromptTokensAttribute"/>, whose history is trimmed to the budget
    /// before sending. <see langword="null"/> (the default): such a method fails before sending, saying to set it —
    /// <c>OpenAITokenCounter.Default</c> from the <c>PromptGen.Tokenizers</c> package, or your own <see cref="ITokenCounter"/>.
    /// </summary>
    public ITokenCounter? TokenCounter { get; set; }

    /// <summary>
    /// Describes the options without revealing the API key, the values of <see cref="Headers"/> (only their names), or
    /// credentials in <see cref="BaseUrl"/> (<c>https://user:secret@host/v1</c> is shown as <c>https://[redacted]@host/v1</c>);
    /// the key or a header value pasted into a value shown (the model, a header name) is shown as <c>[redacted]</c>.
    /// </summary>
    public override string ToString()
    {
        // Each configured value shown is masked as option messages mask it, should the key have been pasted into it.
        var secrets = ConfiguredText.Secrets(this);
        var text = new StringBuilder("ChatClientOptions { BaseUrl = ").Append(ConfiguredText.Quote(_baseUrl.ToString(), secrets))
            .Append(", ApiKey = ").Append(ApiKey is null ? "(none)" : "(set)");
        if (Organization is not null)
        {
            text.Append(", Organization = ").Append(ConfiguredText.Quote(Organization, secrets));
        }

        if (Project is not null)
        {
            text.Append(", Project = ").Append(ConfiguredText.Quote(Project, secrets));
        }

        if (Headers.Count > 0)
        {
            text.Append(", Headers = [").Append(ConfiguredText.Quote(string.Join(", ", Headers.Keys), secrets)).Append(']');
        }

        return text.Append(", Model = ").Append(Model is null ? "(none)" : ConfiguredText.Quote(Model, secrets))
            .Append(", MaxTokensField = ").Append(MaxTokensField)
            .Append(", IncludeStreamUsage = ").Append(IncludeStreamUsage)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", ResponseTimeout = ").Append(ResponseTimeout?.ToString() ?? "(none)")
            .Append(", StreamIdleTimeout = ").Append(StreamIdleTimeout?.ToString() ?? "(none)")
            .Append(", Retry = ").Append(_retry)
            .Append(" }").ToString();
    }

    private static TimeSpan? Positive(TimeSpan? value, string name) =>
        value is null || OptionRules.IsWaitLimit(value.Value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"ChatClientOptions.{name} is {RetryPolicy.Describe(value!.Value)}; it must be positive and at most {RetryPolicy.Describe(TimeoutLimit)} (ChatClientOptions.TimeoutLimit), or null for no limit.");

    /// <summary>
    /// What makes an absolute http(s) URL unusable as a base URL, as the end of a sentence; null when nothing does. What it
    /// quotes is masked by <paramref name="secrets"/> (<see cref="ConfiguredText"/>); the parts that may hold a credential
    /// (user information, a fragment) are described, never quoted.
    /// </summary>
    internal static string? BaseUrlFault(Uri url, Redactor secrets)
    {
        if (url.UserInfo.Length > 0)
        {
            // The URL is not quoted: its user information may be a password.
            return $"has user information before its host ({url.Scheme}://…@{ConfiguredText.Quote(url.Host, secrets)}), which would be sent and shown wherever the endpoint is. Put a key in ChatClientOptions.ApiKey or a header in ChatClientOptions.Headers instead.";
        }

        if (url.Fragment.Length > 0)
        {
            var fragment = url.Fragment.Length - 1;
            return $"'{ConfiguredText.Quote(url.GetLeftPart(UriPartial.Query), secrets)}' has a fragment ('#' and {fragment} character{(fragment == 1 ? "" : "s")} after it), which means nothing to a server. Remove it.";
        }

        return null;
    }

    /// <summary>The index of the first control character of <paramref name="text"/>, or null.</summary>
    internal static int? ControlCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;
}
