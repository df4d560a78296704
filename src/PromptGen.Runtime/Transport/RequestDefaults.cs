using System;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// What a client fills in before a request is written, and how it is written: the default model, <c>stream</c> and
/// <c>stream_options</c> for streamed calls, and the field that carries the token limit. <see cref="ChatClient"/> and
/// <see cref="Testing.ScriptedTransport"/> share it, so a scripted test sees the very bytes the HTTP path would send.
/// </summary>
internal sealed class RequestDefaults
{
    public RequestDefaults(ChatClientOptions options)
    {
        Model = string.IsNullOrEmpty(options.Model) ? null : options.Model;
        MaxTokensField = options.MaxTokensField != MaxTokensField.Auto
            ? options.MaxTokensField
            : string.Equals(options.BaseUrl.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase) ? MaxTokensField.MaxCompletionTokens : MaxTokensField.MaxTokens;
        IncludeStreamUsage = options.IncludeStreamUsage;
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
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    public ChatRequest Prepare(ChatRequest request, bool streaming)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var needsModel = string.IsNullOrEmpty(request.Model);
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
    public PooledBufferWriter Serialize(ChatRequest prepared)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            ChatSerializer.WriteRequest(buffer, prepared, MaxTokensField);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
