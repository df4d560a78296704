using System;
using System.Collections.Generic;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// The value readers the whole-reply parser (<see cref="ChatCompletionParser"/>) and the stream-chunk parser
/// (<see cref="ChatChunkParser"/>) share: strings (repeated or new), token counts, the <c>usage</c> object and its two
/// details objects, and the <c>choices</c> array. Each returns <see langword="false"/> (or <see langword="null"/>) for a
/// value the fast path leaves to the serializer; none allocates beyond the values it returns.
/// </summary>
internal static class ReplyValues
{
    /// <summary>Reads a string or null value; <see langword="false"/> for any other token.</summary>
    public static bool Text(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    /// <summary>
    /// As <see cref="Text"/>, but returns the string <paramref name="last"/> holds when the value equals it, and remembers a
    /// new value there. <paramref name="last"/> is read once, so a field shared by concurrent calls is safe (at worst a miss).
    /// </summary>
    public static bool Repeated(ref Utf8JsonReader reader, ref string? last, out string? value)
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

    /// <summary>
    /// After a members reader (<see cref="ReplyHeader.Read"/>, <see cref="ChoiceMembers.Read"/>,
    /// <see cref="MessageMembers.Read"/>) has looked at a member: skips the value of one it does not know
    /// (<see cref="HeaderMember.Other"/>, as the serializer skips unknown members); <see langword="false"/> for
    /// <see cref="HeaderMember.Unsupported"/> (the serializer reads the reply).
    /// </summary>
    public static bool Next(ref Utf8JsonReader reader, HeaderMember member)
    {
        if (member == HeaderMember.Other)
        {
            reader.Read();
            reader.Skip();
        }

        return member != HeaderMember.Unsupported;
    }

    /// <summary>
    /// Reads a <c>choices</c> array (the reader on its start) with <paramref name="parser"/>'s reader of one choice; an
    /// exactly sized array, or <see langword="null"/> when a choice is not of the common shape.
    /// </summary>
    public static TChoice[]? Choices<TChoice>(ref Utf8JsonReader reader, IChoiceReader<TChoice> parser)
        where TChoice : class
    {
        TChoice? first = null;
        List<TChoice>? more = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || parser.ReadChoice(ref reader) is not { } choice)
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

        return more is not null ? more.ToArray() : first is not null ? new[] { first } : Array.Empty<TChoice>();
    }

    /// <summary>
    /// Reads a <c>usage</c> object (the reader on its start), or <see langword="null"/> when a member has a value the fast
    /// path leaves to the serializer.
    /// </summary>
    public static ChatUsage? Usage(ref Utf8JsonReader reader)
    {
        var usage = new ChatUsage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long value;
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                if (!Int64(ref reader, out value))
                {
                    return null;
                }

                usage.PromptTokens = value;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                if (!Int64(ref reader, out value))
                {
                    return null;
                }

                usage.CompletionTokens = value;
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                if (!Int64(ref reader, out value))
                {
                    return null;
                }

                usage.TotalTokens = value;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("completion_tokens_details"u8))
            {
                var prompt = reader.ValueTextEquals("prompt_tokens_details"u8);
                if (!ReadCounts(ref reader, prompt ? PromptDetails : CompletionDetails, out var counts))
                {
                    return null;
                }

                if (prompt)
                {
                    usage.PromptTokensDetails = counts?.Prompt();
                }
                else
                {
                    usage.CompletionTokensDetails = counts?.Completion();
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

    /// <summary>The members of <c>prompt_tokens_details</c>, in the order <see cref="Counts.Prompt"/> assigns them.</summary>
    private static readonly byte[][] PromptDetails =
        { "cached_tokens"u8.ToArray(), "audio_tokens"u8.ToArray(), "text_tokens"u8.ToArray(), "image_tokens"u8.ToArray(), "cache_write_tokens"u8.ToArray() };

    /// <summary>The members of <c>completion_tokens_details</c>, in the order <see cref="Counts.Completion"/> assigns them.</summary>
    private static readonly byte[][] CompletionDetails =
        { "reasoning_tokens"u8.ToArray(), "audio_tokens"u8.ToArray(), "accepted_prediction_tokens"u8.ToArray(), "rejected_prediction_tokens"u8.ToArray(), "text_tokens"u8.ToArray() };

    /// <summary>
    /// A details object of nullable token counts named by <paramref name="names"/> (other members skipped), or
    /// <see langword="null"/> for a JSON null; <see langword="false"/> for a count that is no integer or null, or a value
    /// that is no object.
    /// </summary>
    private static bool ReadCounts(ref Utf8JsonReader reader, byte[][] names, out Counts? read)
    {
        reader.Read();
        read = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return reader.TokenType == JsonTokenType.Null;
        }

        var counts = default(Counts);

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < names.Length && index < 0; i++)
            {
                index = reader.ValueTextEquals(names[i]) ? i : -1;
            }

            reader.Read();
            if (index < 0)
            {
                reader.Skip();
            }
            else if (reader.TokenType == JsonTokenType.Null)
            {
                counts.Set(index, null);
            }
            else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            {
                counts.Set(index, number);
            }
            else
            {
                return false;
            }
        }

        read = counts;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>The five nullable counts of a details object, by position in its name list.</summary>
    private struct Counts
    {
        public long? C0;
        public long? C1;
        public long? C2;
        public long? C3;
        public long? C4;

        public readonly ChatPromptTokensDetails Prompt() =>
            new() { CachedTokens = C0, AudioTokens = C1, TextTokens = C2, ImageTokens = C3, CacheWriteTokens = C4 };

        public readonly ChatCompletionTokensDetails Completion() =>
            new() { ReasoningTokens = C0, AudioTokens = C1, AcceptedPredictionTokens = C2, RejectedPredictionTokens = C3, TextTokens = C4 };

        public void Set(int index, long? value)
        {
            switch (index)
            {
                case 0: C0 = value; break;
                case 1: C1 = value; break;
                case 2: C2 = value; break;
                case 3: C3 = value; break;
                default: C4 = value; break;
            }
        }
    }

    // Token counts are 64-bit (ChatUsage); a value that is no integer leaves the object to the serializer's lenient converter.
    private static bool Int64(ref Utf8JsonReader reader, out long value)
    {
        reader.Read();
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }
}

/// <summary>A parser's reader of one choice object (the reader on its start), for <see cref="ReplyValues.Choices"/>.</summary>
internal interface IChoiceReader<TChoice>
    where TChoice : class
{
    TChoice? ReadChoice(ref Utf8JsonReader reader);
}

/// <summary>
/// The members a whole reply's choice and a chunk's choice share — <c>index</c>, <c>finish_reason</c> and a null
/// <c>logprobs</c> — read by one method; a local of the parse, as <see cref="ReplyHeader"/>.
/// </summary>
internal struct ChoiceMembers
{
    public int Index;
    public string? FinishReason;

    public HeaderMember Read(ref Utf8JsonReader reader, ref string? lastFinishReason)
    {
        if (reader.ValueTextEquals("index"u8))
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out Index) ? HeaderMember.Read : HeaderMember.Unsupported;
        }

        if (reader.ValueTextEquals("finish_reason"u8))
        {
            return ReplyValues.Repeated(ref reader, ref lastFinishReason, out FinishReason) ? HeaderMember.Read : HeaderMember.Unsupported;
        }

        if (reader.ValueTextEquals("logprobs"u8))
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.Null ? HeaderMember.Read : HeaderMember.Unsupported;
        }

        return HeaderMember.Other;
    }
}

/// <summary>
/// The members a whole reply's message and a chunk's delta share — <c>content</c>, <c>role</c>, <c>refusal</c>, and tool
/// calls and reasoning when null — read by one method; a local of the parse, as <see cref="ReplyHeader"/>.
/// </summary>
internal struct MessageMembers
{
    public string? Content;
    public string? Role;
    public string? Refusal;

    public HeaderMember Read(ref Utf8JsonReader reader, ref string? lastRole)
    {
        bool ok;
        if (reader.ValueTextEquals("content"u8))
        {
            ok = ReplyValues.Text(ref reader, out Content);
        }
        else if (reader.ValueTextEquals("role"u8))
        {
            ok = ReplyValues.Repeated(ref reader, ref lastRole, out Role);
        }
        else if (reader.ValueTextEquals("refusal"u8))
        {
            ok = ReplyValues.Text(ref reader, out Refusal);
        }
        else if (reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("function_call"u8)
            || reader.ValueTextEquals("reasoning"u8) || reader.ValueTextEquals("reasoning_content"u8))
        {
            // Tool calls (or their fragments) and reasoning text are the serializer's (its converters read and join them);
            // null (sent on every chunk by some servers) leaves them unset, as it does there.
            reader.Read();
            ok = reader.TokenType == JsonTokenType.Null;
        }
        else
        {
            return HeaderMember.Other;
        }

        return ok ? HeaderMember.Read : HeaderMember.Unsupported;
    }
}
