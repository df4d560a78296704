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
/// and <c>finish_reason</c>, <c>logprobs</c> null, and a <c>usage</c> of integers (<see cref="ChatCompletionParser.ReadUsage"/>). Members the wire model does not know are skipped, as
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
internal sealed class ChatChunkParser
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
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var chunk = new ChatCompletionChunk();
        var header = default(ReplyHeader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    chunk.Choices = null!;
                }
                else if (reader.TokenType != JsonTokenType.StartArray || ReadChoices(ref reader) is not { } choices)
                {
                    return null;
                }
                else
                {
                    chunk.Choices = choices;
                }
            }
            else
            {
                switch (header.Read(ref reader, ref _known, repeatId: true))
                {
                    case HeaderMember.Unsupported:
                        return null;
                    case HeaderMember.Other:
                        reader.Read();
                        reader.Skip();
                        break;
                }
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return null;
        }

        chunk.Id = header.Id;
        chunk.Object = header.Object;
        chunk.Created = header.Created;
        chunk.Model = header.Model;
        chunk.SystemFingerprint = header.SystemFingerprint;
        chunk.ServiceTier = header.ServiceTier;
        chunk.Usage = header.Usage;
        return chunk;
    }

    private ChatChunkChoice[]? ReadChoices(ref Utf8JsonReader reader)
    {
        ChatChunkChoice? first = null;
        System.Collections.Generic.List<ChatChunkChoice>? more = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || ReadChoice(ref reader) is not { } choice)
            {
                return null;
            }

            if (first is null)
            {
                first = choice;
            }
            else
            {
                (more ??= new() { first }).Add(choice);
            }
        }

        return more is not null ? more.ToArray() : first is not null ? new[] { first } : Array.Empty<ChatChunkChoice>();
    }

    private ChatChunkChoice? ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = new ChatChunkChoice();
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
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var index))
                {
                    return null;
                }

                choice.Index = index;
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                if (!Repeated(ref reader, ref _finishReason, out var value))
                {
                    return null;
                }

                choice.FinishReason = value;
            }
            else if (reader.ValueTextEquals("logprobs"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    return null;
                }

                choice.Logprobs = null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? choice : null;
    }

    private ChatDelta? ReadDelta(ref Utf8JsonReader reader)
    {
        var delta = new ChatDelta();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                if (!Text(ref reader, out var content))
                {
                    return null;
                }

                delta.Content = content;
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                if (!Repeated(ref reader, ref _role, out var role))
                {
                    return null;
                }

                delta.Role = role;
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                if (!Text(ref reader, out var refusal))
                {
                    return null;
                }

                delta.Refusal = refusal;
            }
            else if (reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("function_call"u8)
                || reader.ValueTextEquals("reasoning"u8) || reader.ValueTextEquals("reasoning_content"u8))
            {
                // Tool call fragments and reasoning text are the serializer's (its converters join and read them); null
                // (sent on every chunk by some servers) leaves both unset, as it does there.
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    return null;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? delta : null;
    }

    /// <summary>Reads a string or null value; <see langword="false"/> for any other token.</summary>
    internal static bool Text(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    /// <summary>
    /// As <see cref="Text"/>, but returns the string <paramref name="last"/> holds when the value equals it, and remembers a
    /// new value there. <paramref name="last"/> is read once, so a field shared by concurrent calls is safe (at worst a miss).
    /// </summary>
    internal static bool Repeated(ref Utf8JsonReader reader, ref string? last, out string? value)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                value = null;
                return true;
            case JsonTokenType.String:
                var known = last;
                if (known is not null && reader.ValueTextEquals(known))
                {
                    value = known;
                }
                else
                {
                    value = reader.GetString();
                    last = value;
                }

                return true;
            default:
                value = null;
                return false;
        }
    }
}
