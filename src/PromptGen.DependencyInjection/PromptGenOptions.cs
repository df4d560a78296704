using System;
using System.Collections.Generic;
using System.Text;

namespace PromptGen;

/// <summary>
/// The settings of one PromptGen endpoint as they come from configuration (a section such as <c>"PromptGen"</c> in
/// appsettings.json, and environment variables such as <c>PromptGen__ApiKey</c>). Validated when the application starts;
/// turned into <see cref="ChatClientOptions"/> for the endpoint's <see cref="ChatClient"/>.
/// </summary>
/// <remarks>
/// What is not set keeps <see cref="ChatClientOptions"/>' default, so <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c>
/// still apply when the section names no key or URL.
/// </remarks>
public sealed class PromptGenOptions
{
    /// <summary>The API's base URL (<c>http://localhost:11434/v1</c>); default <c>OPENAI_BASE_URL</c>, else <c>https://api.openai.com/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// The API key; default <c>OPENAI_API_KEY</c>. Keep it in user secrets or the environment, not in appsettings.json. Never
    /// logged. White space around it is ignored (as for <see cref="ChatClientOptions.ApiKey"/>); a line break or another
    /// character a header cannot carry inside it, a pasted <c>Bearer </c> scheme or quotes around it fail validation at
    /// start-up. When it is not set, <c>OPENAI_API_KEY</c> is checked there by the same rule.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The model used when a request names none (<c>gpt-4o-mini</c>). Required, and a model id by <see cref="ChatClientOptions.Model"/>'s rule (no white space around it, no line break or other control or invisible character).</summary>
    public string? Model { get; set; }

    /// <summary>Sent as <c>OpenAI-Organization</c>.</summary>
    public string? Organization { get; set; }

    /// <summary>Sent as <c>OpenAI-Project</c>.</summary>
    public string? Project { get; set; }

    /// <summary>
    /// Extra headers on every request (a gateway's routing header, Azure's <c>api-key</c>): <c>"Headers": { "api-key": "…" }</c>.
    /// Each name must be a header name (letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>; not a content header such as
    /// Content-Type) and each value a header value; either fails validation at start-up, naming the key.
    /// </summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which field carries the token limit; default <see cref="PromptGen.MaxTokensField.Auto"/>.</summary>
    public MaxTokensField? MaxTokensField { get; set; }

    /// <summary>Whether streamed requests ask for a final usage chunk; default <see langword="true"/>.</summary>
    public bool? IncludeStreamUsage { get; set; }

    /// <summary>The longest a whole call may take (<c>"00:02:00"</c>); default 10 minutes. Positive and at most 1 day (<c>"1.00:00:00"</c>), or <c>"-00:00:00.001"</c> for no limit.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The longest wait for the response headers or first streamed chunk, per attempt; default none. Positive and at most 1 day.</summary>
    public TimeSpan? ResponseTimeout { get; set; }

    /// <summary>The longest gap between streamed chunks; default none. Positive and at most 1 day.</summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>How many times PromptGen retries a failed call: 0 (none) to 10 (<see cref="RetryPolicy.MaxRetriesLimit"/>); default 2. Ignored (0) when the HttpClient retries (<c>UseHttpClientResilience</c>).</summary>
    public int? MaxRetries { get; set; }

    /// <summary>The first backoff between retries when the server asks for no wait: 0 to 1 hour; default 0.5 s.</summary>
    public TimeSpan? RetryInitialDelay { get; set; }

    /// <summary>The longest backoff between retries: 0 to 1 hour; default 8 s.</summary>
    public TimeSpan? RetryMaxDelay { get; set; }

    /// <summary><c>gen_ai.provider.name</c> on spans and metrics; default <c>openai</c>. Not blank.</summary>
    public string? ProviderName { get; set; }

    /// <summary>Whether prompt and reply text are recorded on spans and in trace-level logs; default <see langword="false"/>.</summary>
    public bool CaptureContent { get; set; }

    /// <summary>
    /// Prices per model (USD per 1M tokens), added to the endpoint's price table or replacing a model's price there —
    /// from configuration: <c>"Prices": { "my-model": { "Input": 0.4, "CachedInput": 0.1, "Output": 1.6 } }</c>
    /// (<c>PromptGen__Prices__my-model__Input</c> in the environment). The table they go into is <see cref="PriceTable"/>
    /// when set, else <see cref="ChatClientOptions"/>' default (OpenAI's list prices, or 0 for a server on this machine).
    /// A model id is matched as <see cref="PromptGen.PriceTable.Find"/> does (any case; a dated snapshot finds it).
    /// </summary>
    public Dictionary<string, PromptGenModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The configuration binder's message when it could not convert a value of this endpoint's section (the validator
    /// names the key and its environment variable instead when it knows the key), else <see langword="null"/>.
    /// </summary>
    internal string? BindingFailure { get; set; }

    private static bool IsLocal(Uri baseUrl) =>
        baseUrl.IsLoopback || string.Equals(baseUrl.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Describes the options without revealing the API key, header values or credentials in <see cref="BaseUrl"/> (shown as
    /// <c>[redacted]@</c>); the key or a header value pasted into a value shown is shown as <c>[redacted]</c>.
    /// </summary>
    public override string ToString()
    {
        var secrets = ConfiguredText.Secrets(ApiKey, Headers.Values);
        var text = new StringBuilder("PromptGenOptions { BaseUrl = ").Append(BaseUrl is null ? "(default)" : ConfiguredText.Quote(BaseUrl, secrets))
            .Append(", ApiKey = ").Append(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")
            .Append(", Model = ").Append(Model is null ? "(none)" : ConfiguredText.Quote(Model, secrets));
        if (Headers.Count > 0)
        {
            text.Append(", Headers = [").Append(ConfiguredText.Quote(string.Join(", ", Headers.Keys), secrets)).Append(']');
        }

        return text.Append(" }").ToString();
    }

    /// <summary>
    /// The client options these settings describe; <paramref name="retryInHttpClient"/> turns PromptGen's retry off,
    /// <paramref name="priceTable"/> and <paramref name="tokenCounter"/> are what the builder set in code.
    /// </summary>
    internal ChatClientOptions ToChatClientOptions(bool retryInHttpClient, PriceTable? priceTable = null, ITokenCounter? tokenCounter = null)
    {
        // OPENAI_BASE_URL and OPENAI_API_KEY are read only where the section sets no value of its own (the validator checks
        // them in the same cases): a variable that is overridden cannot fail the endpoint.
        var options = new ChatClientOptions(variable => variable switch
        {
            "OPENAI_BASE_URL" when !string.IsNullOrWhiteSpace(BaseUrl) => null,
            "OPENAI_API_KEY" when !string.IsNullOrWhiteSpace(ApiKey) => null,
            _ => Environment.GetEnvironmentVariable(variable),
        });
        if (!string.IsNullOrWhiteSpace(BaseUrl))
        {
            options.BaseUrl = new Uri(BaseUrl!.Trim(), UriKind.Absolute);
        }

        if (!string.IsNullOrWhiteSpace(ApiKey))
        {
            options.ApiKey = ApiKey!.Trim();
        }

        options.Model = Model;
        options.Organization = Organization;
        options.Project = Project;
        foreach (var header in Headers)
        {
            options.Headers[header.Key] = header.Value;
        }

        if (MaxTokensField is { } field)
        {
            options.MaxTokensField = field;
        }

        if (IncludeStreamUsage is { } includeUsage)
        {
            options.IncludeStreamUsage = includeUsage;
        }

        if (Timeout is { } timeout)
        {
            options.Timeout = timeout;
        }

        options.ResponseTimeout = ResponseTimeout;
        options.StreamIdleTimeout = StreamIdleTimeout;
        var retry = new RetryPolicy();
        if (retryInHttpClient)
        {
            retry.MaxRetries = 0;
        }
        else if (MaxRetries is { } maxRetries)
        {
            retry.MaxRetries = maxRetries;
        }

        if (RetryInitialDelay is { } initialDelay)
        {
            retry.InitialDelay = initialDelay;
        }

        if (RetryMaxDelay is { } maxDelay)
        {
            retry.MaxDelay = maxDelay;
        }

        options.Retry = retry;
        options.TokenCounter = tokenCounter;
        if (priceTable is not null || Prices.Count > 0)
        {
            // ChatClientOptions.Prices null means "the default for the base URL"; start from that default when only Prices are set.
            var table = new PriceTable(priceTable ?? (IsLocal(options.BaseUrl) ? PriceTable.CreateFree() : PriceTable.CreateOpenAI()));
            foreach (var price in Prices)
            {
                table.Set(price.Key, price.Value.ToModelPrice());
            }

            options.Prices = table;
        }

        return options;
    }
}
