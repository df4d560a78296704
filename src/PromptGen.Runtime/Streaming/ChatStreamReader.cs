using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// Reads a streamed reply's Server-Sent Events incrementally (<see cref="SseReader"/>) and turns each into a
/// <see cref="ChatCompletionChunk"/>: the common shape through <see cref="ChatChunkParser"/>, anything else with the
/// source-generated metadata.
/// </summary>
/// <remarks>
/// <para>
/// <c>data: [DONE]</c> ends the reply. Every field that carries an error is an error, raised where it arrives as a
/// <see cref="ChatApiException"/> with <see cref="ChatApiException.InsideSuccessfulResponse"/> set: an <c>event: error</c>,
/// an <c>error</c> object in a <c>data:</c> event, and llama.cpp's <c>error:</c> field.
/// </para>
/// <para>
/// Failures: an event that is not JSON, a body that ends before <c>[DONE]</c> (after a whole event, or in the middle of
/// one: both <see cref="ChatResponseException.IsCutShort"/>, the second saying the last event is incomplete rather than
/// calling it malformed), and a <c>[DONE]</c> after a stream that delivered neither a choice nor a finish_reason (the
/// server answered nothing, which means it failed without saying so) become a <see cref="ChatResponseException"/>. Events of other types (<c>event: ping</c>) and empty events are skipped.
/// </para>
/// </remarks>
internal sealed class ChatStreamReader : IDisposable
{
    private readonly SseReader _events;
    private readonly ErrorBodyReader _errors;
    private readonly string? _requestId;
    private readonly int _attempt;
    private readonly string? _mediaType;
    private readonly CancellationToken _cancellationToken;
    private readonly ChatChunkParser _parser = new();
    private int _chunks;
    private bool _finished;
    private bool _sawChoice;

    public ChatStreamReader(Stream body, ErrorBodyReader errors, string? requestId, string? mediaType, int attempt, CancellationToken cancellationToken)
    {
        _events = new SseReader(body);
        _errors = errors;
        _requestId = requestId;
        _mediaType = mediaType;
        _attempt = attempt;
        _cancellationToken = cancellationToken;
    }

    /// <summary>How many chunks were read, for messages.</summary>
    public int Chunks => _chunks;

    /// <summary>Reads the next chunk, or <see langword="null"/> at <c>data: [DONE]</c>.</summary>
    public async ValueTask<ChatCompletionChunk?> ReadAsync()
    {
        while (true)
        {
            if (await _events.ReadAsync(_cancellationToken).ConfigureAwait(false) is not { } item)
            {
                var cut = _chunks > 0 || string.Equals(_mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
                throw new ChatResponseException(
                    $"The streamed reply ended without 'data: [DONE]' after {Describe(_chunks)}" +
                    (_finished ? "" : " and before any finish_reason") +
                    (cut
                        ? "; the server or a proxy cut it short, so what was received is incomplete. Try the call again."
                        : $"; the reply's content type was {_errors.Redactor.Redact(_mediaType) ?? "not given"}, not text/event-stream, so the server (or a proxy) may not support streaming."))
                {
                    IsCutShort = cut,
                };
            }

            if (item.Error is { } errorField)
            {
                throw Error(ParseError(errorField.Span, "error:", _errors.Redactor), errorField.Span);
            }

            var data = Trim(item.Data.Span);
            if (item.Type == "error")
            {
                throw Error(ParseError(data, "event: error", _errors.Redactor), data);
            }

            if ((item.Type is not null && item.Type != "message") || data.IsEmpty)
            {
                continue;
            }

            if (data.SequenceEqual("[DONE]"u8))
            {
                if (!_sawChoice && !_finished)
                {
                    throw new ChatResponseException(
                        $"The streamed reply ended with 'data: [DONE]' after {Describe(_chunks)} without any choice or finish_reason: the server answered nothing, which usually means it failed without reporting an error. Try the call again, or check the server's log.");
                }

                return null;
            }

            var chunk = _parser.TryRead(data) ?? (item.Complete ? Parse(data, _errors.Redactor) : ParseLast(data));
            if (chunk.Error is { } error)
            {
                throw Error(error, data);
            }

            _chunks++;
            var choices = chunk.Choices;
            for (var i = 0; i < choices.Count; i++)
            {
                _sawChoice = true;
                _finished |= choices[i].FinishReason is not null;
            }

            return chunk;
        }
    }

    public void Dispose() => _events.Dispose();

    private ChatApiException Error(ChatError error, ReadOnlySpan<byte> raw) =>
        _errors.InsideSuccess(error, Encoding.UTF8.GetString(raw.ToArray()), _requestId, _attempt);

    private static ChatCompletionChunk Parse(ReadOnlySpan<byte> data, Redactor redactor)
    {
        try
        {
            return JsonSerializer.Deserialize(data, ChatJsonContext.Default.ChatCompletionChunk)
                ?? throw new ChatResponseException("A streamed event is JSON null instead of a chat completion chunk.", "null");
        }
        catch (JsonException exception)
        {
            var excerpt = ChatText.Excerpt(data, redactor: redactor);
            throw new ChatResponseException(
                $"A streamed event is not a valid chat completion chunk: {JsonFailure.NotOf("its data", exception, Encoding.UTF8.GetString(data.ToArray()), "a chat completion chunk", redactor)} Received: {excerpt}",
                excerpt,
                exception);
        }
    }

    /// <summary>
    /// The last event of a body that ended before the blank line ending it: a chunk when its data is whole (a server that
    /// ends without a newline), else the stream was cut off in the middle of the event, which is no malformed event.
    /// </summary>
    private ChatCompletionChunk ParseLast(ReadOnlySpan<byte> data)
    {
        try
        {
            var chunk = JsonSerializer.Deserialize(data, ChatJsonContext.Default.ChatCompletionChunk);
            if (chunk is not null)
            {
                return chunk;
            }
        }
        catch (JsonException)
        {
            // Cut mid-way: reported below as a cut stream.
        }

        var excerpt = ChatText.Excerpt(data, redactor: _errors.Redactor);
        throw new ChatResponseException(
            $"The streamed reply ended without 'data: [DONE]' after {Describe(_chunks)}, in the middle of an event: the body stopped before the event was complete (received of it: {excerpt}). The server or a proxy cut the stream off, so what was received is incomplete. Try the call again.",
            excerpt)
        {
            IsCutShort = true,
        };
    }

    private static ChatError ParseError(ReadOnlySpan<byte> data, string field, Redactor redactor) =>
        ChatErrors.Parse(data) ?? new ChatError { Message = field + " with data " + ChatText.Excerpt(Trim(data), redactor: redactor) };

    private static string Describe(int chunks) => chunks == 1 ? "1 chunk" : chunks + " chunks";

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
}
