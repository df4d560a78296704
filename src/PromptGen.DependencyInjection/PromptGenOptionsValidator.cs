using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace PromptGen;

/// <summary>
/// Checks one endpoint's <see cref="PromptGenOptions"/> when the application starts, and names each bad key by its
/// configuration path (<c>PromptGen:Timeout</c>) and environment variable (<c>PromptGen__Timeout</c>).
/// </summary>
internal sealed class PromptGenOptionsValidator : IValidateOptions<PromptGenOptions>
{
    private readonly string _name;
    private readonly string _path;

    public PromptGenOptionsValidator(string name, string path)
    {
        _name = name;
        _path = path;
    }

    public ValidateOptionsResult Validate(string? name, PromptGenOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            errors.Add($"{Key("Model")} is missing: set the model requests use when they name none, for example \"gpt-4o-mini\" ({Variable("Model")} in the environment).");
        }

        if (!string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            if (!Uri.TryCreate(options.BaseUrl!.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{Key("BaseUrl")} is '{options.BaseUrl}', which is not an absolute http or https URL (for example \"http://localhost:11434/v1\").");
            }
            else
            {
                // The runtime's own rule (user information, a fragment), in its words.
                try
                {
                    _ = new ChatClientOptions { BaseUrl = url };
                }
                catch (ArgumentException exception)
                {
                    errors.Add($"{Key("BaseUrl")}: {FirstSentences(exception)}");
                }
            }
        }
        else
        {
            try
            {
                _ = new ChatClientOptions();
            }
            catch (InvalidOperationException exception)
            {
                errors.Add($"{Key("BaseUrl")} is not set, and the default from the environment is not usable: {exception.Message}");
            }
        }

        Positive("Timeout", options.Timeout, allowInfinite: true);
        Positive("ResponseTimeout", options.ResponseTimeout, allowInfinite: false);
        Positive("StreamIdleTimeout", options.StreamIdleTimeout, allowInfinite: false);
        if (options.MaxRetries is < 0 or > RetryPolicy.MaxRetriesLimit)
        {
            errors.Add($"{Key("MaxRetries")} is {options.MaxRetries}; it must be 0 (no retries) to {RetryPolicy.MaxRetriesLimit}. For more, retry in the HttpClient (UseHttpClientResilience).");
        }

        NonNegative("RetryInitialDelay", options.RetryInitialDelay);
        NonNegative("RetryMaxDelay", options.RetryMaxDelay);
        if (options.MaxTokensField is { } field && !Enum.IsDefined(typeof(MaxTokensField), field))
        {
            errors.Add($"{Key("MaxTokensField")} is {(int)field}; it must be Auto, MaxCompletionTokens or MaxTokens.");
        }

        if (options.ProviderName is { } provider && provider.Trim().Length == 0)
        {
            errors.Add($"{Key("ProviderName")} is blank; set a provider name such as \"ollama\" (gen_ai.provider.name), or remove it for \"openai\".");
        }

        HeaderValue("ApiKey", options.ApiKey?.Trim(), quote: false); // trimmed when applied, as OPENAI_API_KEY is
        HeaderValue("Organization", options.Organization, quote: true);
        HeaderValue("Project", options.Project, quote: true);
        foreach (var header in options.Headers)
        {
            HeaderValue("Headers:" + header.Key, header.Value, quote: false);
        }
        foreach (var price in options.Prices)
        {
            if (string.IsNullOrWhiteSpace(price.Key))
            {
                errors.Add($"{Key("Prices")} has an entry with no model id; name the model, for example \"Prices\": {{ \"gpt-4o-mini\": {{ \"Input\": 0.15, \"Output\": 0.6 }} }}.");
                continue;
            }

            if (price.Value is null)
            {
                errors.Add($"{Key("Prices:" + price.Key)} has no prices; set Input and Output (USD per 1M tokens), and CachedInput if the model has a cache discount.");
                continue;
            }

            NotNegative("Prices:" + price.Key + ":Input", price.Value.Input);
            NotNegative("Prices:" + price.Key + ":CachedInput", price.Value.CachedInput);
            NotNegative("Prices:" + price.Key + ":Output", price.Value.Output);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(string key, TimeSpan? value, bool allowInfinite)
        {
            if (value is { } v && (v <= TimeSpan.Zero || v > ChatClientOptions.TimeoutLimit) && !(allowInfinite && v == System.Threading.Timeout.InfiniteTimeSpan))
            {
                errors.Add($"{Key(key)} is {v.ToString("c", CultureInfo.InvariantCulture)}; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\"{(allowInfinite ? " (or \"-00:00:00.001\" for no limit)" : " (leave it unset for no limit)")}.");
            }
        }

        void HeaderValue(string key, string? value, bool quote)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (value!.Trim().Length == 0)
            {
                errors.Add($"{Key(key)} is blank; set it, or remove it.");
            }
            else if (ControlCharacter(value) is { } position)
            {
                // A key or a header value is not quoted: it may be a secret.
                errors.Add($"{Key(key)}{(quote ? $" ('{value.Trim()}')" : "")} has a control character (a line break, a tab…) at position {position}; a header value is one line of printable characters.");
            }
        }

        void NotNegative(string key, decimal? value)
        {
            if (value is < 0)
            {
                errors.Add($"{Key(key)} is {value.Value.ToString(CultureInfo.InvariantCulture)}; a price (USD per 1M tokens) cannot be negative.");
            }
        }

        void NonNegative(string key, TimeSpan? value)
        {
            if (value is { } v && (v < TimeSpan.Zero || v > RetryPolicy.DelayLimit))
            {
                errors.Add($"{Key(key)} is {v.ToString("c", CultureInfo.InvariantCulture)}; it must be from 0 to 1 hour (\"01:00:00\").");
            }
        }
    }

    private static int? ControlCharacter(string text)
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

    /// <summary>An exception's message without the "(Parameter 'x')" line ArgumentException adds.</summary>
    private static string FirstSentences(ArgumentException exception) =>
        exception.ParamName is { } name ? exception.Message.Replace($" (Parameter '{name}')", "") : exception.Message;

    private string Key(string key) => _path.Length == 0 ? key : _path + ":" + key;

    private string Variable(string key) => Key(key).Replace(":", "__");
}
