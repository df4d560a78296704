using System;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// Reads the common shape of a whole (not streamed) reply straight off a <see cref="Utf8JsonReader"/>: the fast path of
/// <see cref="ChatClient"/>. One parser serves one client; it hands back the strings that repeat from reply to reply
/// (<c>object</c>, <c>model</c>, <c>system_fingerprint</c>, <c>service_tier</c>, <c>role</c>, <c>finish_reason</c>) instead of
/// creating them again. The reply's <c>id</c> is new on every reply and is always read as new.
/// </summary>
/// <remarks>
/// <para>
/// The fast path covers what a text or JSON reply is: the top-level strings and <c>created</c>, <c>choices</c> whose
/// <c>index</c> is an integer and whose <c>message</c> has <c>role</c>, <c>content</c> and <c>refusal</c> as strings or null
/// and empty (or null) <c>annotations</c>, <c>tool_calls</c>, <c>function_call</c> and reasoning, <c>logprobs</c> null, and a
/// <c>usage</c> object of integers. Members the wire model does not know are skipped, as the serializer skips them.
/// Anything else — tool calls, reasoning text, content parts, logprobs, an <c>error</c>, a value of an unexpected type, JSON
/// the reader rejects — makes <see cref="TryRead"/> return <see langword="null"/>, and the caller reads the body with the
/// source-generated serializer as before, which gives exactly the result (or the <see cref="JsonException"/>) it always did.
/// </para>
/// <para>
/// Why: the serializer's read of the nested reply model allocates its read stack (about 470 bytes) and a list per
/// collection on every call; see docs/performance.md.
/// </para>
/// </remarks>
internal sealed class ChatCompletionParser
{
    private RepeatedStrings _known;
    private string? _role;
    private string? _finishReason;

    /// <summary>The reply in <paramref name="json"/>, or <see langword="null"/> when it is not of the common shape.</summary>
    public ChatCompletion? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return ReadCompletion(ref reader) is { } completion && !reader.Read() ? completion : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a <c>usage</c> object (the reader on its start), or <see langword="null"/> when a member has a value the fast
    /// path leaves to the serializer.
    /// </summary>
    internal static ChatUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        var usage = new ChatUsage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                if (!Int64(ref reader, out var value))
                {
                    return null;
                }

                usage.PromptTokens = value;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                if (!Int64(ref reader, out var value))
                {
                    return null;
                }

                usage.CompletionTokens = value;
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                if (!Int64(ref reader, out var value))
                {
                    return null;
                }

                usage.TotalTokens = value;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    usage.PromptTokensDetails = null;
                }
                else if (reader.TokenType != JsonTokenType.StartObject || ReadPromptDetails(ref reader) is not { } details)
                {
                    return null;
                }
                else
                {
                    usage.PromptTokensDetails = details;
                }
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    usage.CompletionTokensDetails = null;
                }
                else if (reader.TokenType != JsonTokenType.StartObject || ReadCompletionDetails(ref reader) is not { } details)
                {
                    return null;
                }
                else
                {
                    usage.CompletionTokensDetails = details;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? usage : null;
    }

    private ChatCompletion? ReadCompletion(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var completion = new ChatCompletion();
        var header = default(ReplyHeader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    completion.Choices = null!;
                }
                else if (reader.TokenType != JsonTokenType.StartArray || ReadChoices(ref reader) is not { } choices)
                {
                    return null;
                }
                else
                {
                    completion.Choices = choices;
                }
            }
            else
            {
                switch (header.Read(ref reader, ref _known, repeatId: false))
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

        completion.Id = header.Id;
        completion.Object = header.Object;
        completion.Created = header.Created;
        completion.Model = header.Model;
        completion.SystemFingerprint = header.SystemFingerprint;
        completion.ServiceTier = header.ServiceTier;
        completion.Usage = header.Usage;
        return completion;
    }

    private ChatChoice[]? ReadChoices(ref Utf8JsonReader reader)
    {
        ChatChoice? first = null;
        System.Collections.Generic.List<ChatChoice>? more = null;
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

        return more is not null ? more.ToArray() : first is not null ? new[] { first } : Array.Empty<ChatChoice>();
    }

    private ChatChoice? ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = new ChatChoice();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    choice.Message = null;
                }
                else if (reader.TokenType != JsonTokenType.StartObject || ReadMessage(ref reader) is not { } message)
                {
                    return null;
                }
                else
                {
                    choice.Message = message;
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
                if (!ChatChunkParser.Repeated(ref reader, ref _finishReason, out var value))
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

    private ChatReplyMessage? ReadMessage(ref Utf8JsonReader reader)
    {
        var message = new ChatReplyMessage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                if (!ChatChunkParser.Text(ref reader, out var content))
                {
                    return null;
                }

                message.Content = content;
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                if (!ChatChunkParser.Repeated(ref reader, ref _role, out var role))
                {
                    return null;
                }

                message.Role = role;
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                if (!ChatChunkParser.Text(ref reader, out var refusal))
                {
                    return null;
                }

                message.Refusal = refusal;
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    message.Annotations = null;
                }
                else if (reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.EndArray)
                {
                    message.Annotations = Array.Empty<ChatAnnotation>();
                }
                else
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("function_call"u8)
                || reader.ValueTextEquals("reasoning"u8) || reader.ValueTextEquals("reasoning_content"u8))
            {
                // Tool calls and reasoning text are the serializer's; null leaves them unset, as it does there.
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

        return reader.TokenType == JsonTokenType.EndObject ? message : null;
    }

    private static ChatPromptTokensDetails? ReadPromptDetails(ref Utf8JsonReader reader)
    {
        var details = new ChatPromptTokensDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long? value;
            if (reader.ValueTextEquals("cached_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.CachedTokens = value;
            }
            else if (reader.ValueTextEquals("audio_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.AudioTokens = value;
            }
            else if (reader.ValueTextEquals("text_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.TextTokens = value;
            }
            else if (reader.ValueTextEquals("image_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.ImageTokens = value;
            }
            else if (reader.ValueTextEquals("cache_write_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.CacheWriteTokens = value;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? details : null;
    }

    private static ChatCompletionTokensDetails? ReadCompletionDetails(ref Utf8JsonReader reader)
    {
        var details = new ChatCompletionTokensDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long? value;
            if (reader.ValueTextEquals("reasoning_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.ReasoningTokens = value;
            }
            else if (reader.ValueTextEquals("audio_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.AudioTokens = value;
            }
            else if (reader.ValueTextEquals("accepted_prediction_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.AcceptedPredictionTokens = value;
            }
            else if (reader.ValueTextEquals("rejected_prediction_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.RejectedPredictionTokens = value;
            }
            else if (reader.ValueTextEquals("text_tokens"u8))
            {
                if (!NullableInt64(ref reader, out value))
                {
                    return null;
                }

                details.TextTokens = value;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? details : null;
    }

    // Token counts are 64-bit (ChatUsage); a value that is no integer leaves the object to the serializer's lenient converter.
    private static bool Int64(ref Utf8JsonReader reader, out long value)
    {
        reader.Read();
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    private static bool NullableInt64(ref Utf8JsonReader reader, out long? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            value = number;
            return true;
        }

        return false;
    }
}
