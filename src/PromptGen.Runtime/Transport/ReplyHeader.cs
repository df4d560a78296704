using System.Collections.Generic;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// The strings that repeat from reply to reply (or chunk to chunk), kept by a parser so that a repeated value is handed
/// back instead of created again. Each is read once per use, so a parser shared by concurrent calls stays safe (at worst a
/// miss); see <see cref="ReplyValues.Repeated"/>.
/// </summary>
internal struct RepeatedStrings
{
    public string? Id;
    public string? Object;
    public string? Model;
    public string? Fingerprint;
    public string? Tier;
}

/// <summary>What <see cref="ReplyHeader.Read"/> made of the member the reader is at.</summary>
internal enum HeaderMember
{
    /// <summary>Not a header member: the caller reads it (or skips it).</summary>
    Other,

    /// <summary>A header member, read.</summary>
    Read,

    /// <summary>A header member of a shape the fast path does not take: the caller gives up (the serializer reads the reply).</summary>
    Unsupported,
}

/// <summary>
/// A reply object the members of <see cref="ReplyHeader"/> are written to: <see cref="ChatCompletion"/> and
/// <see cref="ChatCompletionChunk"/>, whose public properties of these names implement it.
/// </summary>
/// <typeparam name="TChoice">The reply's choice type.</typeparam>
internal interface IReplyHeader<TChoice>
{
    string? Id { set; }

    string? Object { set; }

    long? Created { set; }

    string? Model { set; }

    string? SystemFingerprint { set; }

    string? ServiceTier { set; }

    ChatUsage? Usage { set; }

    IReadOnlyList<TChoice> Choices { set; }
}

/// <summary>
/// The top-level members a whole reply and a stream chunk share — <c>id</c>, <c>object</c>, <c>created</c>, <c>model</c>,
/// <c>system_fingerprint</c>, <c>service_tier</c>, <c>usage</c> and a null <c>error</c> — read by one method for
/// <see cref="ChatCompletionParser"/> and <see cref="ChatChunkParser"/>. A local of the parse (never a parser's field, as a
/// parser serves concurrent calls); no allocation beyond the values themselves.
/// </summary>
internal struct ReplyHeader
{
    public string? Id;
    public string? Object;
    public long? Created;
    public string? Model;
    public string? SystemFingerprint;
    public string? ServiceTier;
    public ChatUsage? Usage;

    /// <summary>
    /// Reads a whole reply or chunk object (the reader before its start): the header members into this, the
    /// <c>choices</c> with <paramref name="parser"/>, other members skipped. <see langword="false"/> when it is not of the
    /// common shape. <paramref name="choicesSent"/>: whether the object had a <c>choices</c> member (then
    /// <paramref name="choices"/> is its array, or null for a JSON null).
    /// </summary>
    public bool ReadReply<TChoice>(ref Utf8JsonReader reader, ref RepeatedStrings known, bool repeatId, IChoiceReader<TChoice> parser, out TChoice[]? choices, out bool choicesSent)
        where TChoice : class
    {
        choices = null;
        choicesSent = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                choicesSent = true;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    choices = null;
                }
                else if (reader.TokenType != JsonTokenType.StartArray || ReplyValues.Choices(ref reader, parser) is not { } read)
                {
                    return false;
                }
                else
                {
                    choices = read;
                }
            }
            else if (!ReplyValues.Next(ref reader, Read(ref reader, ref known, repeatId)))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>
    /// Writes the members read to <paramref name="reply"/> (a new reply or chunk), and the choices when the object had a
    /// <c>choices</c> member (as <see cref="ReadReply"/> gave them); returns it. The one place the header becomes an object,
    /// for both parsers.
    /// </summary>
    public readonly TReply WriteTo<TReply, TChoice>(TReply reply, TChoice[]? choices, bool choicesSent)
        where TReply : class, IReplyHeader<TChoice>
    {
        reply.Id = Id;
        reply.Object = Object;
        reply.Created = Created;
        reply.Model = Model;
        reply.SystemFingerprint = SystemFingerprint;
        reply.ServiceTier = ServiceTier;
        reply.Usage = Usage;
        if (choicesSent)
        {
            reply.Choices = choices!;
        }

        return reply;
    }

    /// <summary>
    /// Reads the member whose name the reader is at when it is a header member. <paramref name="repeatId"/>: whether the
    /// <c>id</c> repeats (on every chunk of a stream) or is new each time (a whole reply's).
    /// </summary>
    public HeaderMember Read(ref Utf8JsonReader reader, ref RepeatedStrings known, bool repeatId)
    {
        bool ok;
        if (reader.ValueTextEquals("id"u8))
        {
            ok = repeatId ? ReplyValues.Repeated(ref reader, ref known.Id, out Id) : ReplyValues.Text(ref reader, out Id);
        }
        else if (reader.ValueTextEquals("object"u8))
        {
            ok = ReplyValues.Repeated(ref reader, ref known.Object, out Object);
        }
        else if (reader.ValueTextEquals("model"u8))
        {
            ok = ReplyValues.Repeated(ref reader, ref known.Model, out Model);
        }
        else if (reader.ValueTextEquals("system_fingerprint"u8))
        {
            ok = ReplyValues.Repeated(ref reader, ref known.Fingerprint, out SystemFingerprint);
        }
        else if (reader.ValueTextEquals("service_tier"u8))
        {
            ok = ReplyValues.Repeated(ref reader, ref known.Tier, out ServiceTier);
        }
        else if (reader.ValueTextEquals("created"u8))
        {
            reader.Read();
            ok = true;
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var created))
            {
                Created = created;
            }
            else if (reader.TokenType == JsonTokenType.Null)
            {
                Created = null;
            }
            else
            {
                ok = false;
            }
        }
        else if (reader.ValueTextEquals("usage"u8))
        {
            reader.Read();
            ok = true;
            if (reader.TokenType == JsonTokenType.Null)
            {
                Usage = null;
            }
            else if (reader.TokenType != JsonTokenType.StartObject || ReplyValues.Usage(ref reader) is not { } usage)
            {
                ok = false;
            }
            else
            {
                Usage = usage;
            }
        }
        else if (reader.ValueTextEquals("error"u8))
        {
            // An error (even inside a successful reply) is the serializer's: its converter keeps the object as sent. Null leaves it unset.
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
