using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace PromptGen.Telemetry;

/// <summary>The transport <see cref="ChatTelemetry.Instrument"/> returns: one <see cref="ChatObservation"/> per request around the inner transport.</summary>
internal sealed class InstrumentedTransport : IChatTransport
{
    private readonly IChatTransport _inner;
    private readonly ChatTelemetry _telemetry;
    private readonly string? _serverAddress;
    private readonly int? _serverPort;

    public InstrumentedTransport(IChatTransport inner, ChatTelemetry telemetry, Uri? endpoint)
    {
        _inner = inner;
        _telemetry = telemetry;
        _serverAddress = endpoint?.Host;
        _serverPort = endpoint?.Port;
    }

    /// <summary>The observed transport.</summary>
    public IChatTransport Inner => _inner;

    public async Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var observation = new ChatObservation(_telemetry, request, streaming: false, _serverAddress, _serverPort);
        try
        {
            var completion = await _inner.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            observation.Completed(completion);
            return completion;
        }
        catch (Exception exception)
        {
            observation.Failed(exception, cancellationToken);
            throw;
        }
    }

    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
        StreamCoreAsync(request, cancellationToken);

    private async IAsyncEnumerable<ChatCompletionChunk> StreamCoreAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The request is sent when enumeration starts, so the span starts here, not when StreamAsync is called.
        var observation = new ChatObservation(_telemetry, request, streaming: true, _serverAddress, _serverPort);
        IAsyncEnumerator<ChatCompletionChunk>? chunks = null;
        var finished = false;
        try
        {
            while (true)
            {
                ChatCompletionChunk chunk;
                try
                {
                    // The span is the current activity while the inner transport works (its retries and HTTP spans sit under it).
                    var previous = Activity.Current;
                    Activity.Current = observation.Activity ?? previous;
                    try
                    {
                        chunks ??= _inner.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                        if (!await chunks.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    finally
                    {
                        Activity.Current = previous;
                    }

                    chunk = chunks.Current;
                    observation.Chunk(chunk);
                }
                catch (Exception exception)
                {
                    finished = true;
                    observation.Failed(exception, cancellationToken);
                    throw;
                }

                yield return chunk;
            }

            finished = true;
            observation.StreamCompleted();
        }
        finally
        {
            if (!finished)
            {
                observation.Abandoned();
            }

            if (chunks is not null)
            {
                await chunks.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>
/// One request observed from start to end: its span, its measurements and its log events. Tags follow the OpenTelemetry
/// GenAI semantic conventions (<c>gen_ai.*</c>, <c>server.*</c>, <c>error.type</c>).
/// </summary>
internal sealed class ChatObservation
{
    // Content is recorded as written (a span attribute, not HTML): no \uXXXX for quotes and non-ASCII text.
    private static readonly JsonWriterOptions ContentJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ChatTelemetry _telemetry;
    private readonly bool _streaming;
    private readonly string _operation;
    private readonly string? _model;
    private readonly string? _serverAddress;
    private readonly int? _serverPort;
    private readonly long _started;
    private long _firstChunk;
    private string? _responseId;
    private string? _responseModel;
    private string? _fingerprint;
    private ChatUsage? _usage;
    private SortedDictionary<int, string>? _finishReasons;
    private SortedDictionary<int, StringBuilder>? _texts;

    public ChatObservation(ChatTelemetry telemetry, ChatRequest request, bool streaming, string? serverAddress, int? serverPort)
    {
        _telemetry = telemetry;
        _streaming = streaming;
        _operation = "chat";
        _model = Scrubbed(request.Model ?? telemetry.DefaultModel);
        _serverAddress = serverAddress;
        _serverPort = serverPort;

        var tags = Tags(responseModel: null, error: null);
        Activity = ChatTelemetry.StartActivity(_model is null ? _operation : _operation + " " + _model, tags);
        if (Activity is { IsAllDataRequested: true } activity)
        {
            SetRequestTags(activity, request);
        }

        var logger = telemetry.Logger;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            ChatLog.RequestSent(logger, streaming ? "Streamed chat" : "Chat", serverAddress, _model, request.Messages?.Count ?? 0, OutputType(request) ?? "text", request.PromptMethod?.FullName, request.PromptMethod?.Version);
        }

        if (telemetry.CaptureContent && logger.IsEnabled(LogLevel.Trace))
        {
            ChatLog.RequestContent(logger, telemetry.Scrub(request.ToString())); // ToJson, with long image data: URIs shortened
        }

        _started = Stopwatch.GetTimestamp();
    }

    public Activity? Activity { get; }

    private string OperationLabel => _streaming ? "Streamed chat" : "Chat";

    public void Completed(ChatCompletion completion)
    {
        _telemetry.Learn(completion.Redactor); // the key of the client that read the reply, however deep it is wrapped
        _responseId = Scrubbed(completion.Id);
        _responseModel = Scrubbed(completion.Model);
        _fingerprint = Scrubbed(completion.SystemFingerprint);
        _usage = completion.Usage;
        foreach (var choice in completion.Choices)
        {
            Choice(choice.Index, choice.FinishReason, choice.Message?.Content);
        }

        End();
    }

    public void Chunk(ChatCompletionChunk chunk)
    {
        if (_firstChunk == 0)
        {
            _telemetry.Learn(chunk.Redactor); // the key of the client that read the stream, however deep it is wrapped
            _firstChunk = Stopwatch.GetTimestamp();
            var seconds = Seconds(_started, _firstChunk);
            _telemetry.TimeToFirstChunk.Record(seconds, MetricTags(error: null));
            if (_telemetry.Logger.IsEnabled(LogLevel.Debug))
            {
                ChatLog.FirstChunk(_telemetry.Logger, _serverAddress, Milliseconds(seconds));
            }
        }

        _responseId ??= Scrubbed(chunk.Id);
        _responseModel ??= Scrubbed(chunk.Model);
        _fingerprint ??= Scrubbed(chunk.SystemFingerprint);
        if (chunk.Usage is not null)
        {
            _usage = chunk.Usage;
        }

        foreach (var choice in chunk.Choices)
        {
            Choice(choice.Index, choice.FinishReason, choice.Delta?.Content);
        }
    }

    public void StreamCompleted() => End();

    /// <summary>The caller stopped reading a stream before its end: the span ends without an error, marked as abandoned.</summary>
    public void Abandoned()
    {
        Activity?.SetTag("promptgen.stream.abandoned", true);
        End();
    }

    public void Failed(Exception exception, CancellationToken cancellationToken)
    {
        var errorType = ErrorType(exception);
        var elapsed = Seconds(_started, Stopwatch.GetTimestamp());
        var tags = MetricTags(errorType);
        _telemetry.OperationDuration.Record(elapsed, tags);
        if (Activity is { } activity)
        {
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            activity.Dispose();
        }

        var logger = _telemetry.Logger;
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                ChatLog.RequestCancelled(logger, OperationLabel, _serverAddress, Milliseconds(elapsed));
            }
        }
        else if (logger.IsEnabled(LogLevel.Error))
        {
            var api = exception as ChatApiException;
            ChatLog.RequestFailed(logger, OperationLabel, _serverAddress, Milliseconds(elapsed), errorType, api?.StatusCode, Scrubbed(api?.ErrorCode), Scrubbed(api?.RequestId));
        }
    }

    private void End()
    {
        var elapsed = Seconds(_started, Stopwatch.GetTimestamp());
        var tags = MetricTags(error: null);
        _telemetry.OperationDuration.Record(elapsed, tags);
        if (_usage is not null)
        {
            var input = tags;
            input.Add("gen_ai.token.type", "input");
            _telemetry.TokenUsage.Record(_usage.PromptTokens, input);
            var output = tags;
            output.Add("gen_ai.token.type", "output");
            _telemetry.TokenUsage.Record(_usage.CompletionTokens, output);
        }

        var reasons = FinishReasons();
        if (Activity is { } activity)
        {
            if (activity.IsAllDataRequested)
            {
                SetTagIfNotNull(activity, "gen_ai.response.id", _responseId);
                SetTagIfNotNull(activity, "gen_ai.response.model", _responseModel);
                if (reasons.Length > 0)
                {
                    activity.SetTag("gen_ai.response.finish_reasons", reasons);
                }

                if (_usage is not null)
                {
                    activity.SetTag("gen_ai.usage.input_tokens", _usage.PromptTokens);
                    activity.SetTag("gen_ai.usage.output_tokens", _usage.CompletionTokens);
                }

                SetTagIfNotNull(activity, "openai.response.system_fingerprint", _fingerprint);
                if (_telemetry.CaptureContent)
                {
                    activity.SetTag("gen_ai.output.messages", _telemetry.Scrub(OutputMessages()));
                }
            }

            activity.Dispose();
        }

        var logger = _telemetry.Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            ChatLog.RequestCompleted(logger, OperationLabel, _serverAddress, Milliseconds(elapsed), _responseModel, _usage?.PromptTokens, _usage?.CompletionTokens, string.Join(",", reasons), _responseId);
        }

        if (_telemetry.CaptureContent && _texts is not null && logger.IsEnabled(LogLevel.Trace))
        {
            foreach (var text in _texts)
            {
                ChatLog.ReplyContent(logger, text.Key, _telemetry.Scrub(text.Value.ToString()));
            }
        }
    }

    /// <summary>Notes a choice's finish reason, and its text when content is captured (a whole reply's, or a chunk's piece).</summary>
    private void Choice(int index, string? finishReason, string? content)
    {
        if (finishReason is not null)
        {
            (_finishReasons ??= new SortedDictionary<int, string>())[index] = finishReason;
        }

        if (content is not null && _telemetry.CaptureContent)
        {
            Text(index).Append(content);
        }
    }

    private TagList MetricTags(string? error) => Tags(_responseModel, error);

    /// <summary>
    /// The tags the activity starts with (no response model or error yet) and every metric carries: operation, provider,
    /// request model, response model, server address and port, error type — each when known.
    /// </summary>
    private TagList Tags(string? responseModel, string? error)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", _operation },
            { "gen_ai.provider.name", _telemetry.ProviderName },
        };
        if (_model is not null)
        {
            tags.Add("gen_ai.request.model", _model);
        }

        if (responseModel is not null)
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        if (_serverAddress is not null)
        {
            tags.Add("server.address", _serverAddress);
            tags.Add("server.port", _serverPort);
        }

        if (error is not null)
        {
            tags.Add("error.type", error);
        }

        return tags;
    }

    private void SetRequestTags(Activity activity, ChatRequest request)
    {
        SetTagIfNotNull(activity, "gen_ai.request.temperature", request.Temperature);
        SetTagIfNotNull(activity, "gen_ai.request.top_p", request.TopP);
        SetTagIfNotNull(activity, "gen_ai.request.max_tokens", request.MaxTokens);
        SetTagIfNotNull(activity, "gen_ai.request.frequency_penalty", request.FrequencyPenalty);
        SetTagIfNotNull(activity, "gen_ai.request.presence_penalty", request.PresencePenalty);
        SetTagIfNotNull(activity, "gen_ai.request.seed", request.Seed);
        if (request.Stop is { Count: > 0 } stop)
        {
            var sequences = new string[stop.Count];
            stop.CopyTo(sequences, 0);
            for (var i = 0; i < sequences.Length; i++)
            {
                sequences[i] = _telemetry.Scrub(sequences[i]);
            }

            activity.SetTag("gen_ai.request.stop_sequences", sequences);
        }

        if (request.N is { } n && n != 1)
        {
            activity.SetTag("gen_ai.request.choice.count", n);
        }

        SetTagIfNotNull(activity, "gen_ai.output.type", OutputType(request));
        if (_telemetry.CaptureContent)
        {
            activity.SetTag("gen_ai.input.messages", _telemetry.Scrub(InputMessages(request)));
        }
    }

    private static void SetTagIfNotNull(Activity activity, string name, object? value)
    {
        if (value is not null)
        {
            activity.SetTag(name, value);
        }
    }

    /// <summary><c>gen_ai.output.type</c>: <c>json</c> for a JSON response format, <c>text</c> for an explicit text one, else none.</summary>
    private static string? OutputType(ChatRequest request) => request.ResponseFormat?.Type switch
    {
        null => null,
        "text" => "text",
        _ => "json",
    };

    private string[] FinishReasons()
    {
        if (_finishReasons is null)
        {
            return [];
        }

        var reasons = new string[_finishReasons.Count];
        _finishReasons.Values.CopyTo(reasons, 0);
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = _telemetry.Scrub(reasons[i]);
        }

        return reasons;
    }

    /// <summary>
    /// A value the server or the caller sent (model, id, fingerprint, error code, request id) with every secret masked, as
    /// recorded content is: the response's values are kept masked, so spans, metrics and logs all read the masked ones.
    /// </summary>
    private string? Scrubbed(string? text) => text is null ? null : _telemetry.Scrub(text);

    private StringBuilder Text(int index)
    {
        _texts ??= new SortedDictionary<int, StringBuilder>();
        if (!_texts.TryGetValue(index, out var text))
        {
            _texts[index] = text = new StringBuilder();
        }

        return text;
    }

    /// <summary>
    /// The error's low-cardinality class: the HTTP status of an error status (<c>429</c>), <c>timeout</c> for a PromptGen
    /// timeout, else the exception's full type name.
    /// </summary>
    internal static string ErrorType(Exception exception) => exception switch
    {
        ChatApiException { StatusCode: >= 400 } api => api.StatusCode.ToString(CultureInfo.InvariantCulture),
        ChatTimeoutException => "timeout",
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    /// <summary>Seconds as milliseconds to a tenth, for log messages.</summary>
    private static double Milliseconds(double seconds) => Math.Round(seconds * 1000, 1);

    /// <summary><c>gen_ai.input.messages</c> as JSON, in the conventions' shape: <c>[{"role","parts":[{"type":"text","content"}]}]</c>.</summary>
    private static string InputMessages(ChatRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ContentJson))
        {
            json.WriteStartArray();
            foreach (var message in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role);
                json.WriteStartArray("parts");
                if (message.Content is { } content)
                {
                    if (content.Text is not null)
                    {
                        WriteText(json, content.Text, message.Role == ChatRole.Tool ? message.ToolCallId : null);
                    }
                    else
                    {
                        foreach (var part in content.Parts!)
                        {
                            if (part.Text is not null)
                            {
                                WriteText(json, part.Text, null);
                            }
                            else
                            {
                                json.WriteStartObject();
                                json.WriteString("type", part.Type);
                                json.WriteEndObject();
                            }
                        }
                    }
                }

                if (message.ToolCalls is not null)
                {
                    foreach (var call in message.ToolCalls)
                    {
                        json.WriteStartObject();
                        json.WriteString("type", "tool_call");
                        json.WriteString("id", call.Id);
                        json.WriteString("name", call.Function?.Name);
                        json.WriteString("arguments", call.Function?.Arguments);
                        json.WriteEndObject();
                    }
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());

        static void WriteText(Utf8JsonWriter json, string text, string? toolCallId)
        {
            json.WriteStartObject();
            if (toolCallId is null)
            {
                json.WriteString("type", "text");
                json.WriteString("content", text);
            }
            else
            {
                json.WriteString("type", "tool_call_response");
                json.WriteString("id", toolCallId);
                json.WriteString("response", text);
            }

            json.WriteEndObject();
        }
    }

    /// <summary><c>gen_ai.output.messages</c> as JSON: one assistant message per choice, with its finish reason.</summary>
    private string OutputMessages()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ContentJson))
        {
            json.WriteStartArray();
            var indexes = new SortedSet<int>();
            if (_texts is not null)
            {
                indexes.UnionWith(_texts.Keys);
            }

            if (_finishReasons is not null)
            {
                indexes.UnionWith(_finishReasons.Keys);
            }

            foreach (var index in indexes)
            {
                json.WriteStartObject();
                json.WriteString("role", "assistant");
                json.WriteStartArray("parts");
                if (_texts is not null && _texts.TryGetValue(index, out var text))
                {
                    json.WriteStartObject();
                    json.WriteString("type", "text");
                    json.WriteString("content", text.ToString());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (_finishReasons is not null && _finishReasons.TryGetValue(index, out var reason))
                {
                    json.WriteString("finish_reason", reason);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
