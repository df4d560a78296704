using System;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// The common case of a typed JSON reply, read once: the reply's text encoded to UTF-8 into a pooled buffer, checked
/// there by the compiled rules (<see cref="JsonSchemaValidator.Compiled.Matches(ReadOnlySpan{byte})"/>, one
/// <see cref="Utf8JsonReader"/> pass) and deserialised from the same bytes — no <see cref="JsonDocument"/>.
/// </summary>
/// <remarks>
/// Only a reply that is strict JSON, that the compiled rules accept and that deserialises to a value (or to null where
/// the type admits it) is read here. Anything else — invalid or lenient JSON (comments, trailing commas), a reply the
/// rules reject or are unsure of, a deserialiser exception, a schema that was not compiled — returns
/// <see langword="false"/> and <see cref="PromptReply.TryRead{T}"/> reads it exactly as before (a
/// <see cref="JsonDocument"/>, the full validator's errors, the same exception texts). So the result of a call is the
/// same either way; only the cost of the accepted reply changes.
/// </remarks>
internal static class JsonReplyReader
{
    private const int MaxPooledChars = 1024 * 1024;

    /// <summary>Strict: text with a lone surrogate is left to the slow path (<see cref="JsonDocument"/> rejects it there).</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly byte[] ValueName = Encoding.UTF8.GetBytes("value");

    public static bool TryReadOnce<T>(string content, JsonReplyFormat<T> format, out T value)
    {
        value = default!;
        var check = format.RulesCheck;
        if (check is null)
        {
            return false;
        }

        var text = PromptReply.StripCodeFence(content);
        if (text.Length == 0 || text.Length > MaxPooledChars)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
        try
        {
            var length = StrictUtf8.GetBytes(text, 0, text.Length, buffer, 0);
            var utf8 = new ReadOnlySpan<byte>(buffer, 0, length);
            if (!check.Matches(utf8))
            {
                return false;
            }

            if (format.Wrapped && !TryFindValue(ref utf8))
            {
                return false;
            }

            var result = JsonSerializer.Deserialize(utf8, format.TypeInfo);
            if (result is null)
            {
                return format.Nullable; // not nullable: the slow path says "null is not a …"
            }

            value = result;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return false; // The slow path meets the same reply and reports it as it always has.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Narrows a wrapped reply <c>{"value": …}</c> to the bytes of its <c>value</c> member (the last of that name, as
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>); false when the root has none (the slow path
    /// then reads the bare-value leniency).
    /// </summary>
    private static bool TryFindValue(ref ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, default(JsonReaderOptions));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var start = -1;
        var end = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals(ValueName);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isValue)
            {
                start = valueStart;
                end = (int)reader.BytesConsumed;
            }
        }

        if (start < 0)
        {
            return false;
        }

        utf8 = utf8.Slice(start, end - start);
        return true;
    }
}
