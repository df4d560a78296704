using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptGen.Telemetry;

/// <summary>
/// Logs, traces and metrics for chat calls, following the OpenTelemetry GenAI semantic conventions: wrap a transport
/// with <see cref="Instrument"/> and every request becomes one <c>chat {model}</c> client span, one set of
/// <c>gen_ai.client.*</c> measurements and a few log events.
/// </summary>
/// <remarks>
/// <para>
/// The <see cref="ActivitySource"/> and the <see cref="Meter"/> are both named <see cref="SourceName"/> (<c>PromptGen</c>):
/// <c>AddSource("PromptGen")</c> and <c>AddMeter("PromptGen")</c> in OpenTelemetry's setup collect them. Nothing is
/// recorded while nobody listens, and logs go nowhere without <see cref="ChatTelemetryOptions.LoggerFactory"/>.
/// </para>
/// <para>
/// Each request is measured once: a JSON method whose reply is repaired sends several requests, and each has its own span
/// with its own <c>gen_ai.usage.*</c>, so summing spans or the token histogram never counts a token twice. Retries inside
/// the transport are not separate requests here: they are <c>retry</c> events on the request's span (reported through
/// <see cref="RetryPolicy.OnRetry"/>: set it to <see cref="OnRetry"/>), and HttpClient's own <c>System.Net.Http</c> spans show each attempt.
/// </para>
/// <para>One instance is thread-safe and can instrument any number of transports; create it once.</para>
/// </remarks>
public sealed class ChatTelemetry
{
    /// <summary>The name of PromptGen's <see cref="ActivitySource"/> and <see cref="Meter"/>: <c>PromptGen</c>.</summary>
    public const string SourceName = "PromptGen";

    /// <summary>The logger category of PromptGen's log events.</summary>
    public const string LoggerCategory = "PromptGen.ChatTelemetry";

    private static readonly string? Version = typeof(ChatTelemetry).Assembly.GetName().Version?.ToString();
    private static readonly ActivitySource Source = new(SourceName, Version);
    private static readonly Meter SharedMeter = new(SourceName, Version);

    // Bucket boundaries the GenAI metric conventions advise.
    private static readonly double[] SecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] FirstChunkBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    private readonly ChatTelemetryOptions _options;

    /// <summary>
    /// What <see cref="Scrub"/> masks: <see cref="ChatTelemetryOptions.Secrets"/>, then the key of every
    /// <see cref="ChatClient"/> this instance observed (<see cref="Learn"/>). Replaced whole, never changed in place.
    /// </summary>
    private Redactor[] _secrets;

    /// <summary>Creates the instruments; <paramref name="options"/> is copied.</summary>
    /// <param name="options">Where logs go and what is recorded; <see langword="null"/> for no logs, provider <c>openai</c>, no content.</param>
    public ChatTelemetry(ChatTelemetryOptions? options = null)
    {
        options ??= new ChatTelemetryOptions();
        _options = new ChatTelemetryOptions
        {
            LoggerFactory = options.LoggerFactory,
            MeterFactory = options.MeterFactory,
            ProviderName = string.IsNullOrEmpty(options.ProviderName) ? "openai" : options.ProviderName,
            Endpoint = options.Endpoint,
            DefaultModel = options.DefaultModel,
            CaptureContent = options.CaptureContent,
        };
        // The transport's own redaction rule (Redactor): a secret of any length, or any run of 8 or more of its characters, is masked.
        _secrets = options.Secrets.Where(static secret => !string.IsNullOrEmpty(secret)).Distinct(StringComparer.Ordinal).Select(static secret => new Redactor(secret)).ToArray();
        Logger = options.LoggerFactory?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;
        var meter = options.MeterFactory?.Create(new MeterOptions(SourceName) { Version = Version }) ?? SharedMeter;
        OperationDuration = Histogram(meter, "gen_ai.client.operation.duration", "s", "GenAI operation duration.", SecondsBuckets);
        TokenUsage = Histogram(meter, "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.", TokenBuckets);
        TimeToFirstChunk = Histogram(
            meter, "gen_ai.client.operation.time_to_first_chunk", "s", "Time to receive the first chunk of a streamed reply, from when the request is issued.", FirstChunkBuckets);
    }

    /// <summary>A histogram of the GenAI semantic conventions, with their advised bucket boundaries.</summary>
    private static Histogram<T> Histogram<T>(Meter meter, string name, string unit, string description, IReadOnlyList<T> buckets)
        where T : struct =>
        meter.CreateHistogram(name, unit, description, tags: null, advice: new InstrumentAdvice<T> { HistogramBucketBoundaries = buckets });

    internal ILogger Logger { get; }

    internal Histogram<double> OperationDuration { get; }

    internal Histogram<long> TokenUsage { get; }

    internal Histogram<double> TimeToFirstChunk { get; }

    internal string ProviderName => _options.ProviderName;

    internal string? DefaultModel => _options.DefaultModel;

    internal bool CaptureContent => _options.CaptureContent;

    /// <summary>
    /// <paramref name="text"/> with every secret replaced by <c>[redacted]</c> (the transport's <see cref="Redactor"/> rule:
    /// any letter case, a secret of any length, the whole token around it or around a piece of 8 or more of its characters): applied to every value a server or a
    /// caller supplied before it becomes a tag, an event or a log value.
    /// </summary>
    internal string Scrub(string text)
    {
        foreach (var secret in Volatile.Read(ref _secrets))
        {
            text = secret.Redact(text)!;
        }

        return text;
    }

    /// <summary>
    /// Masks <paramref name="key"/> from now on, as if it were in <see cref="ChatTelemetryOptions.Secrets"/>: the API key of
    /// a client this instance observes, found when it is instrumented or handed over with each reply. Thread-safe.
    /// </summary>
    internal void Learn(Redactor key)
    {
        if (key.IsEmpty)
        {
            return;
        }

        while (true)
        {
            var current = Volatile.Read(ref _secrets);
            if (Array.IndexOf(current, key) >= 0)
            {
                return;
            }

            var next = new Redactor[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = key;
            if (Interlocked.CompareExchange(ref _secrets, next, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Wraps <paramref name="transport"/> so that each request it sends is logged, traced and measured; the requests and
    /// replies pass through unchanged, and so do exceptions. The API key of the <see cref="ChatClient"/> underneath is
    /// masked in every span name, tag, event and log value, whether or not it is in <see cref="ChatTelemetryOptions.Secrets"/>.
    /// </summary>
    /// <param name="transport">The transport to observe, usually a <see cref="ChatClient"/>.</param>
    /// <returns>A transport to give the generated client (<c>new ITutor.Client(telemetry.Instrument(chat))</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> is <see langword="null"/>.</exception>
    public IChatTransport Instrument(IChatTransport transport)
    {
        if (transport is null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        // The client's own API key is masked without being listed in Secrets (wrapped in a ToolLoop too); a transport of
        // another kind hands its client's key over with each reply (ChatCompletion.Redactor).
        if (TransportKeys.KeyOf(transport) is { } key)
        {
            Learn(key);
        }

        return new InstrumentedTransport(transport, this, _options.Endpoint ?? (transport as ChatClient)?.Endpoint);
    }

    /// <summary>
    /// Logs the retry (event 4, warning) and adds a <c>retry</c> event to the current request's span. Give it to the
    /// transport that retries: <c>options.Retry.OnRetry = telemetry.OnRetry</c> (the DI registration does this).
    /// </summary>
    /// <param name="retry">The retry the transport is about to make.</param>
    /// <exception cref="ArgumentNullException"><paramref name="retry"/> is <see langword="null"/>.</exception>
    public void OnRetry(ChatRetry retry)
    {
        if (retry is null)
        {
            throw new ArgumentNullException(nameof(retry));
        }

        var errorCode = (retry.Failure as ChatApiException)?.ErrorCode is { } code ? Scrub(code) : null;
        var failure = retry.StatusCode is { } status
            ? "HTTP " + status.ToString(CultureInfo.InvariantCulture) + (errorCode is null ? "" : " (" + errorCode + ")")
            : retry.Failure.GetType().FullName ?? "a connection failure";
        var activity = Activity.Current;
        var ours = activity is not null && activity.Source == Source ? activity : null;
        var address = ours?.GetTagItem("server.address") as string ?? _options.Endpoint?.Host;
        if (Logger.IsEnabled(LogLevel.Warning))
        {
            ChatLog.Retried(Logger, address, retry.Attempt, failure, retry.Attempt + 1, retry.Wait.TotalMilliseconds);
        }

        if (ours is not null)
        {
            var tags = new ActivityTagsCollection
            {
                ["promptgen.retry.attempt"] = retry.Attempt,
                ["promptgen.retry.wait_ms"] = retry.Wait.TotalMilliseconds,
            };
            if (retry.StatusCode is { } statusCode)
            {
                tags["http.response.status_code"] = statusCode;
            }
            else
            {
                tags["error.type"] = retry.Failure.GetType().FullName;
            }

            ours.AddEvent(new ActivityEvent("retry", tags: tags));
        }
    }

    /// <summary>Whether anyone listens to PromptGen's spans now.</summary>
    internal static bool IsListening => Source.HasListeners();

    /// <summary>Starts the span of a prompt-method call (see <see cref="MethodSpan"/>), or returns null when nobody listens.</summary>
    internal static Activity? StartMethodActivity(PromptMethod method)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var tags = new TagList
        {
            { "code.function.name", method.FullName },
            { "promptgen.prompt.version", method.Version },
        };
        return Source.StartActivity(method.FullName, ActivityKind.Internal, default(ActivityContext), tags);
    }

    internal static Activity? StartActivity(string name, in TagList tags) =>
        Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Client, default(ActivityContext), tags) : null;
}
