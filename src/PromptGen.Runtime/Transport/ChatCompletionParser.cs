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
internal sealed class ChatCompletionParser : IChoiceReader<ChatChoice>
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

    private ChatCompletion? ReadCompletion(ref Utf8JsonReader reader)
    {
        var header = default(ReplyHeader);
        return header.ReadReply(ref reader, ref _known, repeatId: false, this, out var choices, out var choicesSent)
            ? header.WriteTo(new ChatCompletion(), choices, choicesSent)
            : null;
    }

    /// <inheritdoc/>
    public ChatChoice? ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = new ChatChoice();
        var members = default(ChoiceMembers);
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
            else if (!ReplyValues.Next(ref reader, members.Read(ref reader, ref _finishReason)))
            {
                return null;
            }
        }

        choice.Index = members.Index;
        choice.FinishReason = members.FinishReason;
        return reader.TokenType == JsonTokenType.EndObject ? choice : null;
    }

    private ChatReplyMessage? ReadMessage(ref Utf8JsonReader reader)
    {
        var message = new ChatReplyMessage();
        var members = default(MessageMembers);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("annotations"u8))
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
            else if (!ReplyValues.Next(ref reader, members.Read(ref reader, ref _role)))
            {
                return null;
            }
        }

        message.Content = members.Content;
        message.Role = members.Role;
        message.Refusal = members.Refusal;
        return reader.TokenType == JsonTokenType.EndObject ? message : null;
    }
}
