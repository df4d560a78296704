using System;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// Reads the common shape of a streamed chunk straight off a <see cref="Utf8JsonReader"/>: the fast path of
/// <see cref="ChatStreamReader"/>. One parser serves one stream, and hands back the previous chunk's <c>id</c>,
/// <c>object</c>, <c>model</c>, <c>system_fingerprint</c>, <c>service_tier</c>, <c>role</c> and <c>finish_reason</c> strings
/// when a chunk repeats them (they are the same on every chunk), so a chunk costs its objects and its text only.
/// </summary>
/// <remarks>
/// <para>
/// The fast path covers what nearly every chunk is: the top-level strings and <c>created</c>, <c>choices</c> whose
/// <c>index</c> is an integer, whose <c>delta</c> has <c>role</c>, <c>content</c> and <c>refusal</c> as strings or null,
/// and <c>finish_reason</c>, <c>logprobs</c> null, and a <c>usage</c> of integers (<see cref="ReplyValues.Usage"/>). Members the wire model does not know are skipped, as
/// the serializer skips them (<c>obfuscation</c>). Anything else — logprobs, tool calls, reasoning, content
/// parts, an <c>error</c>, a value of an unexpected type, JSON the reader rejects — makes <see cref="TryRead"/> return
/// <see langword="null"/>, and the caller reads the chunk with the source-generated serializer instead, which gives exactly
/// the result (or the <see cref="JsonException"/>) it always did.
/// </para>
/// <para>
/// Why not the serializer for every chunk: a <see cref="JsonSerializer.Deserialize(ReadOnlySpan{byte}, System.Text.Json.Serialization.Metadata.JsonTypeInfo)"/>
/// call of a nested object allocates its read stack (about 470 bytes), and the chunk model's strings and list come new on
/// every chunk: together about 2.5 times the bytes of the chunk's own text. See docs/performance.md.
/// </para>
/// </remarks>
internal sealed class ChatChunkParser : IChoiceReader<ChatChunkChoice>
{
    private RepeatedStrings _known;
    private string? _role;
    private string? _finishReason;

    /// <summary>The chunk in <paramref name="data"/> (one event's JSON), or <see langword="null"/> when it is not of the common shape.</summary>
    public ChatCompletionChunk? TryRead(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            return ReadChunk(ref reader) is { } chunk && !reader.Read() ? chunk : null;
        }
        catch (JsonException)
        {
            // Left to the serializer, which reports it in its own words.
            return null;
        }
    }

    private ChatCompletionChunk? ReadChunk(ref Utf8JsonReader reader)
    {
        var header = default(ReplyHeader);
        return header.ReadReply(ref reader, ref _known, repeatId: true, this, out var choices, out var choicesSent)
            ? header.WriteTo(new ChatCompletionChunk(), choices, choicesSent)
            : null;
    }

    /// <inheritdoc/>
    public ChatChunkChoice? ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = new ChatChunkChoice();
        var members = default(ChoiceMembers);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    choice.Delta = null;
                }
                else if (reader.TokenType != JsonTokenType.StartObject || ReadDelta(ref reader) is not { } delta)
                {
                    return null;
                }
                else
                {
                    choice.Delta = delta;
                }
            }
            else if (!ReplyValues.Next(ref reader, members.Read(ref reader, ref _finishReason)))
            {
                return null;
            }
        }

        choice.Index = members.Index;
        choice.FinishReason = members.FinishReason;
        return reader.TokenType == JsonTokenType.EndObject ? choice : null;
    }

    private ChatDelta? ReadDelta(ref Utf8JsonReader reader)
    {
        var members = default(MessageMembers);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!ReplyValues.Next(ref reader, members.Read(ref reader, ref _role)))
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? new ChatDelta { Content = members.Content, Role = members.Role, Refusal = members.Refusal } : null;
    }
}
