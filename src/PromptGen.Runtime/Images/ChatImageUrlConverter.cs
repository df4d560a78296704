using System;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>
/// Reads and writes <c>{"url": …, "detail": …}</c>. An image held as bytes is written as its <c>data:</c> URI, base64
/// encoded straight into the writer's output through one pooled buffer: no base64 string and no array the size of the
/// image is allocated per request. With <see cref="Shorten"/> (display only, <see cref="ChatRequest.ToString"/>) a long
/// <c>data:</c> URI is written cut short.
/// </summary>
internal sealed class ChatImageUrlConverter : JsonConverter<ChatImageUrl>
{
    public ChatImageUrlConverter()
    {
    }

    private ChatImageUrlConverter(bool shorten) => Shorten = shorten;

    /// <summary>The converter for display: long <c>data:</c> URIs are shortened.</summary>
    public static ChatImageUrlConverter ForDisplay { get; } = new(shorten: true);

    /// <summary>Whether long <c>data:</c> URIs are shortened (never for a request body).</summary>
    public bool Shorten { get; }

    public override ChatImageUrl? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected 'image_url' to be an object with a 'url', but found {reader.TokenType}.");
        }

        var image = new ChatImageUrl();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "url" when reader.TokenType == JsonTokenType.String:
                    image.Url = reader.GetString()!;
                    break;
                case "detail" when reader.TokenType == JsonTokenType.String:
                    image.Detail = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return image;
    }

    public override void Write(Utf8JsonWriter writer, ChatImageUrl value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("url");
        if (Shorten)
        {
            writer.WriteStringValue(value.ToString());
        }
        else if (value.Data is { } data)
        {
            WriteDataUri(writer, value.MediaType!, data.Span);
        }
        else
        {
            writer.WriteStringValue(value.Url);
        }

        if (value.Detail is not null)
        {
            writer.WriteString("detail", value.Detail);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the quoted <c>data:</c> URI as a raw JSON value: the media type holds only characters JSON never escapes
    /// (checked by <see cref="ImageInput.FromBytes"/>) and base64 has none, so the bytes are already valid JSON text.
    /// </summary>
    private static void WriteDataUri(Utf8JsonWriter writer, string mediaType, ReadOnlySpan<byte> data)
    {
        var length = ImageInput.DataUriLength(mediaType, data.Length) + 2;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer[0] = (byte)'"';
            var written = 1 + ImageInput.WriteDataUri(buffer.AsSpan(1), mediaType, data);
            buffer[written++] = (byte)'"';
            writer.WriteRawValue(buffer.AsSpan(0, written), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
