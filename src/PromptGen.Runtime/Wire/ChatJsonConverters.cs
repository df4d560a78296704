using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>Reads <c>stop</c> as a string or an array; writes one sequence as a string and several as an array.</summary>
internal sealed class StopConverter : JsonConverter<IList<string>>
{
    public override IList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new List<string> { reader.GetString()! };
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected 'stop' to be a string or an array of strings, but found {reader.TokenType}.");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"Expected 'stop' to hold strings only, but found {reader.TokenType}.");
            }

            list.Add(reader.GetString()!);
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IList<string> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            writer.WriteStringValue(value[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads and writes message content as a string or an array of parts.</summary>
internal sealed class ChatContentConverter : JsonConverter<ChatContent>
{
    public override ChatContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new ChatContent(reader.GetString()!);
            case JsonTokenType.StartArray:
                var parts = new List<ChatContentPart>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    parts.Add(JsonSerializer.Deserialize(ref reader, ChatJsonContext.Default.ChatContentPart)
                        ?? throw new JsonException("A message content part was null."));
                }

                return new ChatContent(parts);
            default:
                throw new JsonException($"Expected message content to be a string or an array of parts, but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ChatContent value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        // The parts' metadata comes from the options in use, so a converter they carry (the display form of image
        // URLs, ChatRequest.ToString) applies inside content too.
        var partInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ChatContentPart>)options.GetTypeInfo(typeof(ChatContentPart));
        writer.WriteStartArray();
        foreach (var part in value.Parts!)
        {
            JsonSerializer.Serialize(writer, part, partInfo);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads and writes <c>tool_choice</c> as <c>"none" | "auto" | "required"</c> or <c>{"type":"function","function":{"name":…}}</c>.</summary>
internal sealed class ChatToolChoiceConverter : JsonConverter<ChatToolChoice>
{
    public override ChatToolChoice? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return ChatToolChoice.FromMode(reader.GetString()!);
        }

        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("function", out var function)
            && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var name)
            && name.ValueKind == JsonValueKind.String)
        {
            return ChatToolChoice.Function(name.GetString()!);
        }

        throw new JsonException("Expected 'tool_choice' to be a string or {\"type\":\"function\",\"function\":{\"name\":…}}.");
    }

    public override void Write(Utf8JsonWriter writer, ChatToolChoice value, JsonSerializerOptions options)
    {
        if (value.FunctionName is null)
        {
            writer.WriteStringValue(value.Mode);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WritePropertyName("function");
        writer.WriteStartObject();
        writer.WriteString("name", value.FunctionName);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary>Reads a string, number or boolean as text (servers disagree on the type of <c>error.code</c>).</summary>
internal sealed class LooseStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.GetRawText();
                }

            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Reads an error body in any of the shapes servers send — <c>{"error":{…}}</c>, <c>{"error":"text"}</c>, or the error's
/// fields at the top level (vLLM before 0.10.1) — and writes the standard <c>{"error":{…}}</c>.
/// </summary>
internal sealed class ChatErrorResponseConverter : JsonConverter<ChatErrorResponse>
{
    public override ChatErrorResponse? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var response = new ChatErrorResponse();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return response;
        }

        if (root.TryGetProperty("error", out var error))
        {
            switch (error.ValueKind)
            {
                case JsonValueKind.Object:
                    response.Error = error.Deserialize(ChatJsonContext.Default.ChatError);
                    return response;
                case JsonValueKind.String:
                    response.Error = new ChatError { Message = error.GetString() };
                    return response;
            }
        }

        if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            response.Error = root.Deserialize(ChatJsonContext.Default.ChatError);
        }

        return response;
    }

    public override void Write(Utf8JsonWriter writer, ChatErrorResponse value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Error is not null)
        {
            writer.WritePropertyName("error");
            JsonSerializer.Serialize(writer, value.Error, ChatJsonContext.Default.ChatError);
        }

        writer.WriteEndObject();
    }
}

/// <summary>
/// Reads JSON text: a string as itself, and any other value (an object, array, number or boolean) as its raw JSON, so
/// tool-call arguments a server sends as an object instead of a JSON-encoded string still arrive as JSON text.
/// Writes a string.
/// </summary>
internal sealed class JsonTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Reads a count or index that servers may send as <see langword="null"/> (read as 0) or as an integral number with a
/// fraction part such as <c>12.0</c>; anything else fails with a <see cref="JsonException"/> naming the value.
/// </summary>
/// <summary>
/// Reads a token count: any JSON integer (64-bit), a number with no fraction (<c>12.0</c>), <c>null</c> as 0; anything
/// else — a fraction, a string, a number beyond 64 bits — as <see cref="ChatUsage.Unreadable"/>, which makes the usage
/// invalid (its cost unknown) instead of failing a reply whose content is fine.
/// </summary>
internal sealed class LenientInt64Converter : JsonConverter<long>
{
    public override bool HandleNull => true;

    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LenientNullableInt64Converter.ReadCount(ref reader) ?? 0;

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>Reads an optional token count as <see cref="LenientInt64Converter"/> does; <c>null</c> stays <see langword="null"/>.</summary>
internal sealed class LenientNullableInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadCount(ref reader);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } count)
        {
            writer.WriteNumberValue(count);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static long? ReadCount(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var value):
                return value;
            case JsonTokenType.Number when reader.TryGetDouble(out var number)
                && number >= -9.2e18 && number <= 9.2e18 && Math.Floor(number) == number:
                return (long)number;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return ChatUsage.Unreadable;
            default:
                return ChatUsage.Unreadable;
        }
    }
}

internal sealed class LenientInt32Converter : JsonConverter<int>
{
    public override bool HandleNull => true;

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return 0;
            case JsonTokenType.Number when reader.TryGetInt32(out var value):
                return value;
            case JsonTokenType.Number when reader.TryGetDouble(out var number)
                && number >= int.MinValue && number <= int.MaxValue && Math.Floor(number) == number:
                return (int)number;
            default:
                throw new JsonException($"Expected an integer, but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>
/// Reads an error object (<c>message</c>, <c>type</c>, <c>param</c>, <c>code</c>, <c>status_code</c>, each as text whatever
/// its JSON type) and keeps the whole object as sent; a string reads as the message. Writes the four standard fields.
/// </summary>
internal sealed class ChatErrorConverter : JsonConverter<ChatError>
{
    public override ChatError? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                return new ChatError
                {
                    Message = Text(root, "message"),
                    Type = Text(root, "type"),
                    Param = Text(root, "param"),
                    Code = Text(root, "code"),
                    StatusCodeText = Text(root, "status_code"),
                    Json = root.Clone(),
                };
            case JsonValueKind.Null:
                return null;
            default:
                return new ChatError { Message = root.ValueKind == JsonValueKind.String ? root.GetString() : root.GetRawText(), Json = root.Clone() };
        }
    }

    public override void Write(Utf8JsonWriter writer, ChatError value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        Write(writer, "message", value.Message);
        Write(writer, "type", value.Type);
        Write(writer, "param", value.Param);
        Write(writer, "code", value.Code);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>A member as text: a string as itself, a number or boolean as its JSON; objects, arrays and null as <see langword="null"/>.</summary>
    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;
}

/// <summary>Reply content as sent: its text, and the text of any <c>thinking</c> parts.</summary>
internal sealed class ReplyContent
{
    public ReplyContent(string? text, string? thinking)
    {
        Text = text;
        Thinking = thinking;
    }

    /// <summary>The answer text; <see langword="null"/> when an array of parts held no <c>text</c> part.</summary>
    public string? Text { get; }

    /// <summary>The text of the <c>thinking</c> parts, or <see langword="null"/>.</summary>
    public string? Thinking { get; }

    /// <summary><paramref name="first"/> followed by <paramref name="second"/>, either of which may be <see langword="null"/>.</summary>
    public static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + second;

    /// <summary>As <see cref="Join"/>, but one copy when both are the same (servers that send <c>reasoning</c> and <c>reasoning_content</c> alike).</summary>
    public static string? JoinDistinct(string? first, string? second) => first == second ? first : Join(first, second);
}

/// <summary>
/// Reads reply content given as a string, or as an array of parts (Mistral): <c>{"type":"text","text":…}</c> parts make the
/// text, <c>{"type":"thinking","thinking":[parts]|"text"}</c> parts the reasoning, other parts are skipped. Writes the text.
/// </summary>
internal sealed class ReplyContentConverter : JsonConverter<ReplyContent>
{
    public override ReplyContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new ReplyContent(reader.GetString(), null);
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    string? text = null;
                    string? thinking = null;
                    foreach (var part in document.RootElement.EnumerateArray())
                    {
                        Read(part, ref text, ref thinking);
                    }

                    return new ReplyContent(text, thinking);
                }

            default:
                throw new JsonException($"Expected the reply content to be a string, an array of parts or null, but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ReplyContent value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);

    private static void Read(JsonElement part, ref string? text, ref string? thinking)
    {
        if (part.ValueKind == JsonValueKind.String)
        {
            text = ReplyContent.Join(text, part.GetString());
            return;
        }

        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return;
        }

        switch (type.GetString())
        {
            case "text" when part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String:
                text = ReplyContent.Join(text, value.GetString());
                break;
            case "thinking" when part.TryGetProperty("thinking", out var inner):
                string? innerText = null;
                string? ignored = null;
                if (inner.ValueKind == JsonValueKind.String)
                {
                    innerText = inner.GetString();
                }
                else if (inner.ValueKind == JsonValueKind.Array)
                {
                    foreach (var innerPart in inner.EnumerateArray())
                    {
                        Read(innerPart, ref innerText, ref ignored);
                    }
                }

                thinking = ReplyContent.Join(thinking, innerText);
                break;
        }
    }
}
