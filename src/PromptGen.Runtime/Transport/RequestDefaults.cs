using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;

namespace PromptGen;

/// <summary>
/// What a client fills in before a request is written, and how it is written: the default model, <c>stream</c> and
/// <c>stream_options</c> for streamed calls, and the field that carries the token limit. <see cref="ChatClient"/> and
/// <see cref="Testing.ScriptedTransport"/> share it, so a scripted test sees the very bytes the HTTP path would send.
/// </summary>
internal sealed class RequestDefaults
{
    private readonly JsonTypeInfo<ChatRequest> _requestInfo;
    private readonly JsonWriterOptions _writerOptions;
    private readonly ChatRequestWriter _writer;

    /// <summary>
    /// A writer kept for the next call: serialising a request then costs no new <see cref="Utf8JsonWriter"/>. Calls take it
    /// with an exchange, so concurrent calls never share it (the ones that find it taken create their own).
    /// </summary>
    private Utf8JsonWriter? _spareWriter;

    public RequestDefaults(ChatClientOptions options)
    {
        Model = string.IsNullOrEmpty(options.Model) ? null : options.Model;
        MaxTokensField = options.MaxTokensField != MaxTokensField.Auto
            ? options.MaxTokensField
            : string.Equals(options.BaseUrl.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase) ? MaxTokensField.MaxCompletionTokens : MaxTokensField.MaxTokens;
        IncludeStreamUsage = options.IncludeStreamUsage;
        _requestInfo = ChatSerializer.RequestInfo(MaxTokensField);
        _writer = ChatRequestWriter.For(MaxTokensField);

        // The writer's options decide the escaping, so they come from the metadata's options (the relaxed encoder).
        _writerOptions = new JsonWriterOptions { Encoder = _requestInfo.Options.Encoder, Indented = _requestInfo.Options.WriteIndented };
    }

    /// <summary>The model sent when a request names none.</summary>
    public string? Model { get; }

    /// <summary>The field the token limit is written to; never <see cref="MaxTokensField.Auto"/>.</summary>
    public MaxTokensField MaxTokensField { get; }

    /// <summary>Whether streamed requests without stream options ask for a final usage chunk.</summary>
    public bool IncludeStreamUsage { get; }

    /// <summary>
    /// The request as it is sent: <paramref name="request"/> itself when nothing needs filling in, else a shallow copy with
    /// the model and the stream settings filled in (the caller's request is never changed).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request's model is not a model id (see <see cref="CheckModel"/>).</exception>
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    public ChatRequest Prepare(ChatRequest request, bool streaming)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        CheckModel(request);
        var needsModel = request.Model is null;
        if (needsModel && Model is null)
        {
            throw new InvalidOperationException(
                "The request names no model and ChatClientOptions.Model sets no default. Set ChatRequest.Model or ChatClientOptions.Model (for example \"gpt-4o-mini\").");
        }

        var needsStream = streaming
            ? request.Stream != true || (request.StreamOptions is null && IncludeStreamUsage)
            : request.Stream is not null || request.StreamOptions is not null;
        if (!needsModel && !needsStream)
        {
            return request;
        }

        var copy = request.ShallowCopy();
        if (needsModel)
        {
            copy.Model = Model;
        }

        if (streaming)
        {
            copy.Stream = true;
            if (copy.StreamOptions is null && IncludeStreamUsage)
            {
                copy.StreamOptions = new ChatStreamOptions { IncludeUsage = true };
            }
        }
        else
        {
            copy.Stream = null;
            copy.StreamOptions = null;
        }

        return copy;
    }

    /// <summary>Writes a prepared request as the UTF-8 JSON body, into a pooled buffer the caller disposes.</summary>
    public PooledBufferWriter Serialize(ChatRequest prepared) => Serialize(prepared, fill: false, streaming: false);

    /// <summary>
    /// Writes <paramref name="request"/> as <see cref="Prepare"/> would make it and <see cref="Serialize(ChatRequest)"/> would
    /// write it — the same bytes — without the copy: the default model and the stream settings are written in place.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    public PooledBufferWriter Serialize(ChatRequest request, bool streaming)
    {
        Check(request);
        return Serialize(request, fill: true, streaming);
    }

    /// <summary>Throws what <see cref="Prepare"/> throws for <paramref name="request"/>, without preparing it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    /// <exception cref="ArgumentException">The request's model is not a model id (see <see cref="CheckModel"/>).</exception>
    public void Check(ChatRequest request)
    {
        if (request is null || (request.Model is null && Model is null))
        {
            Prepare(request!, streaming: false); // throws the one message for each
        }

        CheckModel(request!);
    }

    /// <summary>
    /// Refuses a request whose own model (a <c>[Model]</c> attribute's, or the caller's) is no model id: empty, blank,
    /// white space around it, a line break or another control character, an invisible formatting character. The rule is
    /// <see cref="ChatClientOptions.Model"/>'s (<see cref="OptionRules.ModelProblem"/>); <see langword="null"/> takes the
    /// options' model.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not a model id; the message says what to remove.</exception>
    private static void CheckModel(ChatRequest request)
    {
        if (request.Model is { } model && OptionRules.ModelProblem(model) is { } problem)
        {
            throw new ArgumentException($"ChatRequest.Model (set by a [Model] attribute or by the caller) {problem}, or leave it null to use ChatClientOptions.Model.", nameof(request));
        }
    }

    private PooledBufferWriter Serialize(ChatRequest request, bool fill, bool streaming)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            var writer = Interlocked.Exchange(ref _spareWriter, null);
            if (writer is null)
            {
                writer = new Utf8JsonWriter(buffer, _writerOptions);
            }
            else
            {
                writer.Reset(buffer);
            }

            _writer.Write(writer, request, fill ? Model ?? "" : null, fill ? streaming : null, IncludeStreamUsage);
            writer.Flush();

            // Only a writer that finished cleanly is kept; Reset points it at the buffer again before its next use.
            Interlocked.CompareExchange(ref _spareWriter, writer, null);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
