using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
#if NETSTANDARD
using System.Runtime.InteropServices;
#endif
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptGen;

/// <summary>
/// Writes a <see cref="ChatRequest"/> body with a <see cref="Utf8JsonWriter"/>: the same bytes as the source-generated
/// metadata of <see cref="ChatSerializer.RequestInfo"/> (members in declaration order, <see langword="null"/> left out), with
/// the client's default model and stream settings written in place instead of on a copy of the request.
/// </summary>
/// <remarks>
/// <para>
/// Why by hand: the request's metadata is built through a resolver modifier (the <c>max_tokens</c> field's name), so the
/// serializer cannot take the source-generated fast path and allocates its write stack on every call, and filling in the
/// model and stream settings cost a copy of the request. Each message, tool and tool choice is still written by the same
/// metadata (one object at a time, which needs no stack); the response format is written here as well, since its schema
/// sits two objects deep.
/// </para>
/// <para>
/// <c>ChatRequestWriterTests</c> checks the bytes against the serializer for every member, and that this writer knows every
/// member of <see cref="ChatRequest"/>, <see cref="ChatResponseFormat"/> and <see cref="ChatJsonSchema"/>: a member added
/// there must be added here.
/// </para>
/// </remarks>
internal sealed class ChatRequestWriter
{
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Messages = JsonEncodedText.Encode("messages");
    private static readonly JsonEncodedText Temperature = JsonEncodedText.Encode("temperature");
    private static readonly JsonEncodedText TopP = JsonEncodedText.Encode("top_p");
    private static readonly JsonEncodedText FrequencyPenalty = JsonEncodedText.Encode("frequency_penalty");
    private static readonly JsonEncodedText PresencePenalty = JsonEncodedText.Encode("presence_penalty");
    private static readonly JsonEncodedText Stop = JsonEncodedText.Encode("stop");
    private static readonly JsonEncodedText N = JsonEncodedText.Encode("n");
    private static readonly JsonEncodedText Seed = JsonEncodedText.Encode("seed");
    private static readonly JsonEncodedText Stream = JsonEncodedText.Encode("stream");
    private static readonly JsonEncodedText StreamOptions = JsonEncodedText.Encode("stream_options");
    private static readonly JsonEncodedText IncludeUsage = JsonEncodedText.Encode("include_usage");
    private static readonly JsonEncodedText ResponseFormat = JsonEncodedText.Encode("response_format");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText JsonSchema = JsonEncodedText.Encode("json_schema");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    private static readonly JsonEncodedText Strict = JsonEncodedText.Encode("strict");
    private static readonly JsonEncodedText Tools = JsonEncodedText.Encode("tools");
    private static readonly JsonEncodedText ToolChoice = JsonEncodedText.Encode("tool_choice");
    private static readonly JsonEncodedText ParallelToolCalls = JsonEncodedText.Encode("parallel_tool_calls");
    private static readonly JsonEncodedText Logprobs = JsonEncodedText.Encode("logprobs");
    private static readonly JsonEncodedText TopLogprobs = JsonEncodedText.Encode("top_logprobs");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");

    private static readonly ChatRequestWriter WithMaxTokens = new(MaxTokensField.MaxTokens);
    private static readonly ChatRequestWriter WithMaxCompletionTokens = new(MaxTokensField.MaxCompletionTokens);

    private static readonly StopConverter StopWriter = new();

    private readonly JsonEncodedText _maxTokens;
    private readonly JsonSerializerOptions _options;
    private readonly JsonTypeInfo<ChatMessage> _message;
    private readonly JsonTypeInfo<ChatTool> _tool;
    private readonly JsonTypeInfo<ChatToolChoice> _toolChoice;

    private ChatRequestWriter(MaxTokensField field)
    {
        _maxTokens = JsonEncodedText.Encode(field == MaxTokensField.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens");

        // The nested values are written by the request metadata's own options, so they escape and name alike.
        _options = ChatSerializer.RequestInfo(field).Options;
        _message = (JsonTypeInfo<ChatMessage>)_options.GetTypeInfo(typeof(ChatMessage));
        _tool = (JsonTypeInfo<ChatTool>)_options.GetTypeInfo(typeof(ChatTool));
        _toolChoice = (JsonTypeInfo<ChatToolChoice>)_options.GetTypeInfo(typeof(ChatToolChoice));
    }

    /// <summary>The writer that names the token limit as <paramref name="field"/> says (never <see cref="MaxTokensField.Auto"/>).</summary>
    public static ChatRequestWriter For(MaxTokensField field) =>
        field == MaxTokensField.MaxCompletionTokens ? WithMaxCompletionTokens : WithMaxTokens;

    /// <summary>
    /// Writes <paramref name="request"/>. With <paramref name="streaming"/> set, writes what <see cref="RequestDefaults.Prepare"/>
    /// would have filled in: <paramref name="defaultModel"/> when the request names no model; for a streamed call
    /// <c>"stream":true</c> and the stream options (<c>include_usage</c> when <paramref name="includeStreamUsage"/> and the
    /// request sets none), else neither. With <paramref name="streaming"/> <see langword="null"/>, writes the request as it is.
    /// </summary>
    public void Write(Utf8JsonWriter writer, ChatRequest request, string? defaultModel, bool? streaming, bool includeStreamUsage)
    {
        var fill = streaming.HasValue;
        writer.WriteStartObject();

        var model = fill && string.IsNullOrEmpty(request.Model) ? defaultModel : request.Model;
        if (model is not null)
        {
            writer.WriteString(Model, model);
        }

        if (request.Messages is { } messages)
        {
            writer.WritePropertyName(Messages);
            writer.WriteStartArray();
            for (var i = 0; i < messages.Count; i++)
            {
                if (messages[i] is { } message)
                {
                    JsonSerializer.Serialize(writer, message, _message);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }

        Number(writer, Temperature, request.Temperature);
        Number(writer, TopP, request.TopP);
        Number(writer, _maxTokens, request.MaxTokens);
        Number(writer, FrequencyPenalty, request.FrequencyPenalty);
        Number(writer, PresencePenalty, request.PresencePenalty);
        if (request.Stop is { } stop)
        {
            writer.WritePropertyName(Stop);
            StopWriter.Write(writer, stop, _options);
        }

        Number(writer, N, request.N);
        if (request.Seed is { } seed)
        {
            writer.WriteNumber(Seed, seed);
        }

        var stream = fill ? (streaming == true ? true : null) : request.Stream;
        Boolean(writer, Stream, stream);
        var streamOptions = fill ? (streaming == true ? request.StreamOptions : null) : request.StreamOptions;
        if (streamOptions is not null || (fill && streaming == true && includeStreamUsage))
        {
            writer.WritePropertyName(StreamOptions);
            writer.WriteStartObject();
            Boolean(writer, IncludeUsage, streamOptions is null ? true : streamOptions.IncludeUsage);
            writer.WriteEndObject();
        }

        if (request.ResponseFormat is { } format)
        {
            writer.WritePropertyName(ResponseFormat);
            Write(writer, format);
        }

        if (request.Tools is { } tools)
        {
            writer.WritePropertyName(Tools);
            writer.WriteStartArray();
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i] is { } tool)
                {
                    JsonSerializer.Serialize(writer, tool, _tool);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }

        if (request.ToolChoice is { } toolChoice)
        {
            writer.WritePropertyName(ToolChoice);
            JsonSerializer.Serialize(writer, toolChoice, _toolChoice);
        }

        Boolean(writer, ParallelToolCalls, request.ParallelToolCalls);
        Boolean(writer, Logprobs, request.Logprobs);
        Number(writer, TopLogprobs, request.TopLogprobs);
        if (request.User is { } user)
        {
            writer.WriteString(User, user);
        }

        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, ChatResponseFormat format)
    {
        writer.WriteStartObject();
        if (format.Type is { } type)
        {
            writer.WriteString(Type, type);
        }

        if (format.JsonSchema is { } schema)
        {
            writer.WritePropertyName(JsonSchema);
            writer.WriteStartObject();
            if (schema.Name is { } name)
            {
                writer.WriteString(Name, name);
            }

            if (schema.Description is { } description)
            {
                writer.WriteString(Description, description);
            }

            if (schema.Schema is { } element)
            {
                writer.WritePropertyName(Schema);
                WriteElement(writer, element);
            }

            Boolean(writer, Strict, schema.Strict);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <paramref name="element"/> as <see cref="JsonElement.WriteTo"/> does. When the element's own text is already
    /// what <c>WriteTo</c> would write with <paramref name="writer"/>'s encoder (<see cref="IsAsWritten"/>), it is copied as
    /// it is: a schema sent with every call then costs a copy (about 0.1 µs for a three-field schema) instead of a walk
    /// that unescapes and re-encodes every name and string (about 0.7 µs; docs/performance.md, session 7).
    /// </summary>
    internal static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && RawText is { } rawText)
        {
            var raw = rawText(element);
            if (IsAsWritten(raw, relaxed: ReferenceEquals(writer.Options.Encoder, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)))
            {
                writer.WriteRawValue(raw, skipInputValidation: true); // it came from a parsed document: valid JSON
                return;
            }
        }

        element.WriteTo(writer);
    }

    /// <summary>An element's own UTF-8 text, without a copy; <see langword="null"/> where System.Text.Json has no such method.</summary>
    internal delegate ReadOnlySpan<byte> RawUtf8Value(JsonElement element);

    /// <summary>
    /// <c>JsonMarshal.GetRawUtf8Value</c> (System.Text.Json 9+). The .NET Standard build references that package and calls
    /// it; the net8.0 build compiles against .NET 8's System.Text.Json, which lacks it, so it binds to the method of the
    /// System.Text.Json it runs on (.NET 9 and later), or to nothing — the element is then walked, as before.
    /// </summary>
    internal static readonly RawUtf8Value? RawText = FindRawText();

#if NET
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "A method the trimmer removed is not found, and the element is then written by WriteTo.")]
#endif
    private static RawUtf8Value? FindRawText()
    {
#if NETSTANDARD
        return JsonMarshal.GetRawUtf8Value;
#else
        try
        {
            var method = System.Type.GetType("System.Runtime.InteropServices.JsonMarshal, System.Text.Json", throwOnError: false)
                ?.GetMethod("GetRawUtf8Value", BindingFlags.Public | BindingFlags.Static, null, new System.Type[] { typeof(JsonElement) }, null);
            return method is not null && method.ReturnType == typeof(ReadOnlySpan<byte>)
                ? (RawUtf8Value)Delegate.CreateDelegate(typeof(RawUtf8Value), method)
                : null;
        }
        catch (Exception exception) when (exception is ArgumentException or MemberAccessException or NotSupportedException)
        {
            return null;
        }
#endif
    }

#if NET
    /// <summary>Bytes that need no look at their context with any encoder: printable ASCII no encoder escapes, and structure.</summary>
    private static readonly SearchValues<byte> Plain = SearchValues.Create(PlainBytes(relaxed: false));

    /// <summary>The same with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, which leaves <c>&lt; &gt; &amp; ' + `</c> as they are.</summary>
    private static readonly SearchValues<byte> PlainRelaxed = SearchValues.Create(PlainBytes(relaxed: true));
#endif

    /// <summary>
    /// Whether <paramref name="raw"/> (the text of a parsed JSON value) is byte for byte what <see cref="JsonElement.WriteTo"/>
    /// writes for it: no white space between tokens (the writer is not indented), no string or name with a backslash
    /// escape, a control character or a non-ASCII byte, and no comment or trailing comma (a document parsed leniently keeps
    /// them in its text; <c>WriteTo</c> leaves them out). Unless <paramref name="relaxed"/> (the writer's encoder is
    /// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, as for every request), a string with one of
    /// <c>&lt; &gt; &amp; ' + `</c> is not either: the default encoder escapes those. Numbers and literals are written as
    /// they are read, so they always match. Anything this refuses is walked by <c>WriteTo</c>, so a refusal costs time, never
    /// correctness (<c>ChatRequestWriterTests</c> compares both ways with both encoders).
    /// </summary>
    internal static bool IsAsWritten(ReadOnlySpan<byte> raw, bool relaxed)
    {
#if NET
        // The common case, a generated schema: no spaces at all, nothing the encoder escapes.
        if (raw.IndexOfAnyExcept(relaxed ? PlainRelaxed : Plain) < 0 && raw.IndexOf(",}"u8) < 0 && raw.IndexOf(",]"u8) < 0)
        {
            return true;
        }
#endif

        var inString = false;
        var previous = (byte)0;
        foreach (var b in raw)
        {
            if (inString)
            {
                if (b == (byte)'"')
                {
                    inString = false;
                }
                else if (b < 0x20 || b >= 0x7F || b == (byte)'\\' || (!relaxed && IsHtmlSensitive(b)))
                {
                    return false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/' || (b is (byte)'}' or (byte)']' && previous == (byte)','))
            {
                return false; // white space, a comment or a trailing comma (a document read leniently): WriteTo leaves them out
            }

            previous = b;
        }

        return true;
    }

    /// <summary>The printable ASCII the default encoder escapes and the relaxed one does not.</summary>
    private static bool IsHtmlSensitive(byte b) => b is (byte)'<' or (byte)'>' or (byte)'&' or (byte)'\'' or (byte)'+' or (byte)'`';

#if NET
    private static byte[] PlainBytes(bool relaxed)
    {
        var bytes = new List<byte>();
        for (var b = 0x21; b < 0x7F; b++)
        {
            if (b is not ('\\' or '/') && (relaxed || !IsHtmlSensitive((byte)b)))
            {
                bytes.Add((byte)b);
            }
        }

        return bytes.ToArray();
    }
#endif

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Boolean(Utf8JsonWriter writer, JsonEncodedText name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }
}
