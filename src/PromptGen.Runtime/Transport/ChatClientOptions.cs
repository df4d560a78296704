using System;
using System.Collections.Generic;

namespace PromptGen;

/// <summary>Settings of a <see cref="ChatClient"/>.</summary>
public sealed class ChatClientOptions
{
    /// <summary>The API's base URL; <c>/chat/completions</c> is appended. Defaults to <c>OPENAI_BASE_URL</c>, else <c>https://api.openai.com/v1</c>.</summary>
    public Uri BaseUrl { get; set; } = new Uri("https://api.openai.com/v1");

    /// <summary>The API key sent as a bearer token. Defaults to <c>OPENAI_API_KEY</c>. Never appears in messages, logs or <see cref="object.ToString"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model used when a request names none.</summary>
    public string? Model { get; set; }

    /// <summary>Which field carries the token limit.</summary>
    public MaxTokensField MaxTokensField { get; set; }

    /// <summary>Whether streamed requests ask for a final usage chunk (<c>stream_options.include_usage</c>). Default <see langword="true"/>.</summary>
    public bool IncludeStreamUsage { get; set; } = true;
}
