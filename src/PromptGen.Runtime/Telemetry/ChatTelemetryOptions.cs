using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace PromptGen.Telemetry;

/// <summary>Settings of <see cref="ChatTelemetry"/>: where logs go, what spans and metrics say about the server, and whether content is recorded.</summary>
public sealed class ChatTelemetryOptions
{
    /// <summary>Creates logs through this factory (category <c>PromptGen.ChatTelemetry</c>); <see langword="null"/> for no logs.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Creates the <see cref="Meter"/> through this factory (as <c>AddMetrics()</c> in a host provides); <see langword="null"/>
    /// for a meter of PromptGen's own. Either way the meter is named <see cref="ChatTelemetry.SourceName"/>.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// <c>gen_ai.provider.name</c>: <c>openai</c> by default, the value the GenAI conventions give OpenAI's API, which is the
    /// protocol every server PromptGen talks to speaks. Set <c>azure.ai.openai</c>, <c>ollama</c>… when that says more.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty or blank.</exception>
    public string ProviderName
    {
        get => _providerName;
        set => _providerName = value is null
            ? throw new ArgumentNullException(nameof(ProviderName))
            : value.Trim().Length > 0
                ? value
                : throw new ArgumentException($"ChatTelemetryOptions.ProviderName is '{value}'; set a provider name such as \"openai\" or \"ollama\" (gen_ai.provider.name).", nameof(ProviderName));
    }

    private string _providerName = "openai";
    private Uri? _endpoint;

    /// <summary>
    /// The endpoint, for <c>server.address</c> and <c>server.port</c>; when <see langword="null"/> and the instrumented
    /// transport is a <see cref="ChatClient"/>, its <see cref="ChatClient.Endpoint"/>. An absolute URL.
    /// </summary>
    /// <exception cref="ArgumentException">The value is a relative URL (it has no host to report).</exception>
    public Uri? Endpoint
    {
        get => _endpoint;
        set => _endpoint = value is null || value.IsAbsoluteUri
            ? value
            : throw new ArgumentException($"ChatTelemetryOptions.Endpoint is '{ConfiguredText.Quote(value.OriginalString, new Redactor(null, Secrets))}', a relative URL; set the absolute URL of the server (https://api.openai.com/v1), or null to take the ChatClient's.", nameof(Endpoint));
    }

    /// <summary>
    /// The model the transport sends when a request names none (<see cref="ChatClientOptions.Model"/>), for
    /// <c>gen_ai.request.model</c> and the span name; a request's own model wins.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a model id, by <see cref="ChatClientOptions.Model"/>'s rule (empty, blank, white space around it, a control or invisible character).</exception>
    public string? DefaultModel
    {
        get => _defaultModel;
        set => _defaultModel = value is null || OptionRules.ModelProblem(value) is not { } problem
            ? value
            : throw new ArgumentException($"ChatTelemetryOptions.DefaultModel {problem}, or set null when the transport sends none.", nameof(DefaultModel));
    }

    private string? _defaultModel;

    /// <summary>
    /// Whether prompt and reply text are recorded: on spans as <c>gen_ai.input.messages</c> and <c>gen_ai.output.messages</c>
    /// (opt-in in the GenAI conventions), and in logs as the request and reply events at <see cref="LogLevel.Trace"/>.
    /// Default <see langword="false"/>: they may hold personal data. The API key is never recorded either way.
    /// </summary>
    public bool CaptureContent { get; set; }

    /// <summary>
    /// Texts replaced by <c>[redacted]</c> wherever a recorded value contains them, should a server, a model or a caller
    /// echo them: span names, tags and events (models, ids, finish reasons, stop sequences, error codes), log values, and
    /// content (<see cref="CaptureContent"/>). Matched as the client masks its key: in any letter case, a text of any
    /// length wherever it occurs whole, and the whole token around any run of 8 or more of a text's characters. The API
    /// key of the <see cref="ChatClient"/> being instrumented (directly or inside a <see cref="ToolLoop"/>), or of the
    /// client that read a reply, is always masked without being listed here; list other secrets (custom header values:
    /// <c>AddPromptGen</c> adds them). Empty texts are ignored; a very short one masks those characters wherever they occur.
    /// </summary>
    public ICollection<string> Secrets { get; } = new List<string>();
}
