using System;
using System.Collections.Generic;
using System.IO;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// Reads a streamed reply's Server-Sent Events incrementally (through <see cref="SseParser"/>, which handles multi-line
/// <c>data:</c>, <c>event:</c>/<c>id:</c>/<c>retry:</c> fields, comments and a last event without a blank line) and turns
/// each into a <see cref="ChatCompletionChunk"/> with the source-generated metadata.
/// </summary>
/// <remarks>
/// <c>data: [DONE]</c> ends the reply. An <c>event: error</c> or a chunk with an <c>error</c> object becomes a
/// <see cref="ChatApiException"/> with status 200; an event that is not JSON, or a body that ends before <c>[DONE]</c>,
/// becomes a <see cref="ChatResponseException"/>. Events of other types (<c>event: ping</c>) and empty events are skipped.
/// </remarks>
internal sealed class ChatStreamReader : IAsyncDisposable
{
    private static readonly SseItemParser<StreamEvent> Parser = ParseEvent;

    private readonly IAsyncEnumerator<SseItem<StreamEvent>> _events;
    private readonly string? _requestId;
    private readonly int _attempts;
    private readonly string? _mediaType;
    private int _chunks;
    private bool _finished;

    public ChatStreamReader(Stream body, string? requestId, string? mediaType, int attempts, CancellationToken cancellationToken)
    {
        _mediaType = mediaType;
        _events = SseParser.Create(body, Parser).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        _requestId = requestId;
        _attempts = attempts;
    }

    /// <summary>How many chunks were read.</summary>
    public int Chunks => _chunks;

    /// <summary>Reads the next chunk, or <see langword="null"/> at <c>data: [DONE]</c>.</summary>
    public async ValueTask<ChatCompletionChunk?> ReadAsync()
    {
        while (true)
        {
            if (!await _events.MoveNextAsync().ConfigureAwait(false))
            {
                throw new ChatResponseException(
                    $"The streamed reply ended without 'data: [DONE]' after {Describe(_chunks)}" +
                    (_finished ? "" : " and before any finish_reason") +
                    (_chunks > 0 || string.Equals(_mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase)
                        ? "; the server or a proxy cut it short, so what was received is incomplete. Try the call again."
                        : $"; the reply's content type was {_mediaType ?? "not given"}, not text/event-stream, so the server (or a proxy) may not support streaming."));
            }

            var item = _events.Current.Data;
            if (item.Done)
            {
                return null;
            }

            var error = item.Error ?? item.Chunk?.Error;
            if (error is not null)
            {
                throw new ChatApiException(200, error.Message, error.Type, error.Code, error.Param, _requestId, rawBody: null, retryAfter: null, _attempts, advice: null, innerException: null);
            }

            if (item.Chunk is { } chunk)
            {
                _chunks++;
                if (!_finished)
                {
                    foreach (var choice in chunk.Choices)
                    {
                        _finished |= choice.FinishReason is not null;
                    }
                }

                return chunk;
            }
        }
    }

    public ValueTask DisposeAsync() => _events.DisposeAsync();

    private static string Describe(int chunks) => chunks == 1 ? "1 chunk" : chunks + " chunks";

    private static StreamEvent ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType == "error")
        {
            return new StreamEvent(null, ReadStreamError(data), done: false);
        }

        if (eventType != SseParser.EventTypeDefault)
        {
            return default;
        }

        data = Trim(data);
        if (data.IsEmpty)
        {
            return default;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return new StreamEvent(null, null, done: true);
        }

        ChatCompletionChunk? chunk;
        try
        {
            chunk = JsonSerializer.Deserialize(data, ChatJsonContext.Default.ChatCompletionChunk);
        }
        catch (JsonException exception)
        {
            var excerpt = ChatText.Excerpt(data);
            throw new ChatResponseException(
                $"A streamed event is not a valid chat completion chunk ({exception.Message}). Received: {excerpt}",
                excerpt,
                exception);
        }

        if (chunk is null)
        {
            throw new ChatResponseException("A streamed event is JSON null instead of a chat completion chunk.", "null");
        }

        return new StreamEvent(chunk, null, done: false);
    }

    private static ChatError ReadStreamError(ReadOnlySpan<byte> data)
    {
        var error = ChatErrors.Parse(data);
        return error ?? new ChatError { Message = "event: error with data " + ChatText.Excerpt(Trim(data)) };
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data)
    {
        var start = 0;
        while (start < data.Length && IsSpace(data[start]))
        {
            start++;
        }

        var end = data.Length;
        while (end > start && IsSpace(data[end - 1]))
        {
            end--;
        }

        return data.Slice(start, end - start);
    }

    private static bool IsSpace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private readonly struct StreamEvent
    {
        public StreamEvent(ChatCompletionChunk? chunk, ChatError? error, bool done)
        {
            Chunk = chunk;
            Error = error;
            Done = done;
        }

        public ChatCompletionChunk? Chunk { get; }

        public ChatError? Error { get; }

        public bool Done { get; }
    }
}
