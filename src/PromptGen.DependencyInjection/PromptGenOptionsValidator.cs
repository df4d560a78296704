using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PromptGen;

/// <summary>
/// Checks one endpoint's <see cref="PromptGenOptions"/> when the application starts, and names each bad key by its
/// configuration path (<c>PromptGen:Timeout</c>) and environment variable (<c>PromptGen__Timeout</c>) — a value the
/// configuration binder could not convert (<c>"MaxRetries": "abc"</c>) as well as one out of range.
/// </summary>
internal sealed class PromptGenOptionsValidator : IValidateOptions<PromptGenOptions>
{
    /// <summary>The keys bound to a type other than text, and how the binder converts their text.</summary>
    private static readonly (string Key, Func<string, bool> Converts, string Expected)[] TypedKeys =
    [
        ("MaxTokensField", static text => Enum.TryParse<MaxTokensField>(text, ignoreCase: true, out _), "one of Auto, MaxTokens, MaxCompletionTokens"),
        ("IncludeStreamUsage", static text => bool.TryParse(text, out _), "true or false"),
        ("Timeout", IsDuration, "a duration such as \"00:02:00\""),
        ("ResponseTimeout", IsDuration, "a duration such as \"00:00:30\""),
        ("StreamIdleTimeout", IsDuration, "a duration such as \"00:00:30\""),
        ("MaxRetries", static text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "a whole number from 0 (no retries) to 10"),
        ("RetryInitialDelay", IsDuration, "a duration such as \"00:00:00.5\""),
        ("RetryMaxDelay", IsDuration, "a duration such as \"00:00:08\""),
        ("CaptureContent", static text => bool.TryParse(text, out _), "true or false"),
    ];

    private static readonly string[] PriceKeys = ["Input", "CachedInput", "Output"];

    private readonly string _name;
    private readonly string _path;
    private readonly IConfiguration? _configuration;
    private readonly Func<string, string?> _environment;

    /// <param name="name">The endpoint's name.</param>
    /// <param name="path">The configuration path of its section, for the messages.</param>
    /// <param name="configuration">Its section, whose text values are checked as the binder converts them.</param>
    /// <param name="environment">Reads an environment variable (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, the defaults when the section sets no URL or key); the process's by default.</param>
    public PromptGenOptionsValidator(string name, string path, IConfiguration? configuration = null, Func<string, string?>? environment = null)
    {
        _name = name;
        _path = path;
        _configuration = configuration;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public ValidateOptionsResult Validate(string? name, PromptGenOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        // Every message that quotes a configured value masks the key and the header values in it (ConfiguredText).
        var secrets = ConfiguredText.Secrets(string.IsNullOrWhiteSpace(options.ApiKey) ? _environment("OPENAI_API_KEY") : options.ApiKey, options.Headers.Values); // the key requests would send
        Unconvertible(errors, secrets);
        if (errors.Count == 0 && options.BindingFailure is { } failure)
        {
            // The binder failed on a value the checks above do not know; its message names the path (and may quote the value).
            errors.Add($"{(_path.Length == 0 ? "The configuration" : _path)} could not be bound: {secrets.Redact(failure)}");
        }

        if (string.IsNullOrEmpty(options.Model))
        {
            errors.Add($"{Key("Model")} is missing: set the model requests use when they name none, for example \"gpt-4o-mini\" ({Variable("Model")} in the environment).");
        }
        else if (OptionRules.ModelProblem(options.Model!) is { } modelProblem)
        {
            // ChatClientOptions.Model's own rule: the client would refuse the same value.
            errors.Add($"{Named("Model")} {modelProblem}.");
        }

        if (!string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            if (!Uri.TryCreate(options.BaseUrl!.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{Key("BaseUrl")} is '{ConfiguredText.Quote(options.BaseUrl, secrets)}', which is not an absolute http or https URL such as \"http://localhost:11434/v1\" ({Variable("BaseUrl")} in the environment).");
            }
            else if (ChatClientOptions.BaseUrlFault(url, secrets) is { } fault)
            {
                // The runtime's own rule (user information, a fragment), in its words. (Not by setting a new
                // ChatClientOptions' BaseUrl: its constructor reads OPENAI_BASE_URL, which this value overrides.)
                errors.Add($"{Key("BaseUrl")}: The base URL {fault.TrimEnd('.')} ({Variable("BaseUrl")} in the environment).");
            }
        }
        else if (ChatClientOptions.BaseUrlVariableProblem(_environment("OPENAI_BASE_URL"), secrets, out _) is { } baseUrlProblem)
        {
            errors.Add($"{Key("BaseUrl")} is not set ({Variable("BaseUrl")} in the environment), and the default from the environment is not usable: {baseUrlProblem}");
        }

        Positive("Timeout", options.Timeout, allowInfinite: true);
        Positive("ResponseTimeout", options.ResponseTimeout, allowInfinite: false);
        Positive("StreamIdleTimeout", options.StreamIdleTimeout, allowInfinite: false);
        if (options.MaxRetries is { } retries && !OptionRules.IsRetryCount(retries))
        {
            errors.Add($"{Key("MaxRetries")} is {options.MaxRetries}; it must be 0 (no retries) to {RetryPolicy.MaxRetriesLimit}; for more, retry in the HttpClient (UseHttpClientResilience) ({Variable("MaxRetries")} in the environment).");
        }

        NonNegative("RetryInitialDelay", options.RetryInitialDelay);
        NonNegative("RetryMaxDelay", options.RetryMaxDelay);
        if (options.MaxTokensField is { } field && !OptionRules.IsMaxTokensField(field))
        {
            errors.Add($"{Key("MaxTokensField")} is {(int)field}; it must be Auto, MaxCompletionTokens or MaxTokens ({Variable("MaxTokensField")} in the environment).");
        }

        if (options.ProviderName is { } provider && provider.Trim().Length == 0)
        {
            errors.Add($"{Key("ProviderName")} is blank; set a provider name such as \"ollama\" (gen_ai.provider.name), or remove it for \"openai\" ({Variable("ProviderName")} in the environment).");
        }

        foreach (var price in options.Prices)
        {
            if (string.IsNullOrWhiteSpace(price.Key))
            {
                errors.Add($"{Key("Prices")} has an entry with no model id; name the model, for example \"Prices\": {{ \"gpt-4o-mini\": {{ \"Input\": 0.15, \"Output\": 0.6 }} }} ({Variable("Prices")}__gpt-4o-mini__Input in the environment).");
                continue;
            }

            if (OptionRules.ModelProblem(price.Key.Trim()) is { } priceModelProblem)
            {
                // PriceTable.Set's rule (white space around the id ignored): the endpoint would refuse the entry.
                errors.Add($"{Named("Prices:" + OptionRules.Shown(price.Key))} names no model id: the key {priceModelProblem}.");
                continue;
            }

            if (price.Value is null)
            {
                errors.Add($"{Key("Prices:" + price.Key)} has no prices; set Input and Output (USD per 1M tokens), and CachedInput if the model has a cache discount ({Variable("Prices:" + price.Key)}__Input in the environment).");
                continue;
            }

            NotNegative("Prices:" + price.Key + ":Input", price.Value.Input);
            NotNegative("Prices:" + price.Key + ":CachedInput", price.Value.CachedInput);
            NotNegative("Prices:" + price.Key + ":Output", price.Value.Output);
        }

        if (options.ApiKey?.Trim() is { Length: > 0 } apiKey)
        {
            // A pasted "Bearer " or quotes first: the message for them says more than "not ASCII" would for a curly quote.
            if (OptionRules.ApiKeyProblem(apiKey) is { } keyProblem)
            {
                errors.Add($"{Named("ApiKey")} {keyProblem}.");
            }
            else
            {
                HeaderValue("ApiKey", apiKey, "Authorization");
            }
        }
        else if (ChatClientOptions.ApiKeyVariableProblem(_environment("OPENAI_API_KEY")) is { } keyVariableProblem)
        {
            errors.Add($"{Key("ApiKey")} is not set ({Variable("ApiKey")} in the environment), and the default from the environment is not usable: {keyVariableProblem}");
        }

        HeaderValue("Organization", options.Organization, "OpenAI-Organization");
        HeaderValue("Project", options.Project, "OpenAI-Project");
        NestedHeaders(errors);
        foreach (var header in options.Headers)
        {
            // The names by the client's own rule too: a name it would refuse fails here, not at the first resolve.
            if (OptionRules.HeaderNameProblem(header.Key) is { } nameProblem)
            {
                errors.Add($"{Named("Headers:" + OptionRules.Shown(header.Key))} {nameProblem}.");
                continue;
            }

            HeaderValue("Headers:" + header.Key, header.Value, header.Key);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        // The client's own rule (white space around the value ignored; no line break, control or non-ASCII character inside),
        // checked here so that the application does not start with a value the endpoint's client would refuse.
        void HeaderValue(string key, string? value, string header)
        {
            if (value?.Trim() is { Length: > 0 } trimmed && HeaderValues.Problem(trimmed, $"{Key(key)} ({Variable(key)} in the environment)", header) is { } problem)
            {
                errors.Add(problem);
            }
        }

        void Positive(string key, TimeSpan? value, bool allowInfinite)
        {
            if (value is { } v && !(allowInfinite ? OptionRules.IsCallTimeout(v) : OptionRules.IsWaitLimit(v)))
            {
                errors.Add($"{Key(key)} is {v.ToString("c", CultureInfo.InvariantCulture)}; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\"{(allowInfinite ? ", or \"-00:00:00.001\" for no limit" : "; leave it unset for no limit")} ({Variable(key)} in the environment).");
            }
        }

        void NotNegative(string key, decimal? value)
        {
            if (value is < 0)
            {
                errors.Add($"{Key(key)} is {value.Value.ToString(CultureInfo.InvariantCulture)}; a price (USD per 1M tokens) cannot be negative ({Variable(key)} in the environment).");
            }
        }

        void NonNegative(string key, TimeSpan? value)
        {
            if (value is { } v && !OptionRules.IsRetryDelay(v))
            {
                errors.Add($"{Key(key)} is {v.ToString("c", CultureInfo.InvariantCulture)}; it must be from 0 to 1 hour (\"01:00:00\") ({Variable(key)} in the environment).");
            }
        }
    }

    /// <summary>
    /// Adds a message for each typed key whose text the binder cannot convert, naming the key, its environment variable,
    /// the text received and what is expected. The text is quoted as every configured value is, with the key and the header
    /// values masked (<see cref="ConfiguredText"/>): these keys hold numbers, durations and flags, but a key pasted into one
    /// must not be shown back.
    /// </summary>
    private void Unconvertible(List<string> errors, Redactor secrets)
    {
        if (_configuration is null)
        {
            return;
        }

        foreach (var (key, converts, expected) in TypedKeys)
        {
            Check(key, converts, expected);
        }

        foreach (var model in _configuration.GetSection("Prices").GetChildren())
        {
            foreach (var price in PriceKeys)
            {
                Check("Prices:" + model.Key + ":" + price, IsPrice, "a number of US dollars per 1M tokens, such as 0.15");
            }
        }

        void Check(string key, Func<string, bool> converts, string expected)
        {
            if (_configuration[key] is { Length: > 0 } text && !converts(text))
            {
                errors.Add($"{Key(key)} is '{ConfiguredText.Quote(text, secrets)}', which is not {expected} ({Variable(key)} in the environment).");
            }
        }
    }

    /// <summary>
    /// Adds a message for each key under <c>Headers</c> that has keys under it and no value: <c>"Headers:api-key: abc"</c>
    /// is such a path (a colon separates configuration keys), and the binder sends nothing for it. Only the keys are named,
    /// never a value.
    /// </summary>
    private void NestedHeaders(List<string> errors)
    {
        if (_configuration is null)
        {
            return;
        }

        foreach (var header in _configuration.GetSection("Headers").GetChildren())
        {
            if (header.Value is null && header.GetChildren() is var children && children.Any())
            {
                var under = string.Join(", ", children.Select(child => OptionRules.Shown(child.Key)));
                errors.Add($"{Named("Headers:" + OptionRules.Shown(header.Key))} has no value, only keys under it ({under}): a header is one key with the header's name and its value, such as \"Headers\": {{ \"api-key\": \"…\" }}.");
            }
        }
    }

    private static bool IsDuration(string text) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _);

    private static bool IsPrice(string text) => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private string Key(string key) => _path.Length == 0 ? key : _path + ":" + key;

    /// <summary>A key and its environment variable, to start a sentence: <c>PromptGen:Model (PromptGen__Model in the environment)</c>.</summary>
    private string Named(string key) => $"{Key(key)} ({Variable(key)} in the environment)";

    private string Variable(string key) => Key(key).Replace(":", "__");
}
