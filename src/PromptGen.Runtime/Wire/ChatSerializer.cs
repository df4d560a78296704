using System;
using System.Buffers;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptGen;

/// <summary>Reads and writes the wire types through <see cref="ChatJsonContext"/>; the one place that knows the JSON settings.</summary>
internal static class ChatSerializer
{
    private static readonly JsonTypeInfo<ChatRequest> RequestWithMaxTokens = CreateRequestInfo("max_tokens");
    private static readonly JsonTypeInfo<ChatRequest> RequestWithMaxCompletionTokens = CreateRequestInfo("max_completion_tokens");
    private static readonly JsonTypeInfo<ChatRequest> RequestForDisplay = CreateRequestInfo("max_tokens", display: true);

    /// <summary>The metadata that writes <see cref="ChatRequest.MaxTokens"/> under the name <paramref name="field"/> selects.</summary>
    public static JsonTypeInfo<ChatRequest> RequestInfo(MaxTokensField field) =>
        field == MaxTokensField.MaxCompletionTokens ? RequestWithMaxCompletionTokens : RequestWithMaxTokens;

    /// <summary>Writes the request as UTF-8 JSON straight into <paramref name="destination"/> (for example a pooled buffer).</summary>
    public static void WriteRequest(IBufferWriter<byte> destination, ChatRequest request, MaxTokensField field)
    {
        // The writer's options decide the escaping, so they must carry the same encoder as the type info's options.
        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        JsonSerializer.Serialize(writer, request, RequestInfo(field));
    }

    /// <summary>Writes the request as UTF-8 JSON bytes.</summary>
    public static byte[] SerializeRequest(ChatRequest request, MaxTokensField field) =>
        JsonSerializer.SerializeToUtf8Bytes(request, RequestInfo(field));

    /// <summary>
    /// The request as JSON for display (<see cref="ChatRequest.ToString"/>): as <see cref="SerializeRequest"/> writes it
    /// with <c>max_tokens</c>, except that a <c>data:</c> URI over 100 characters is shortened. Never a request body.
    /// </summary>
    public static string RequestForDisplayText(ChatRequest request) =>
        System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(request, RequestForDisplay));

    private static JsonTypeInfo<ChatRequest> CreateRequestInfo(string maxTokensName, bool display = false)
    {
        var options = new JsonSerializerOptions(ChatJsonContext.Default.Options)
        {
            // A request body is never embedded in HTML: escape only what JSON requires, and send non-ASCII text as
            // UTF-8 rather than \uXXXX (smaller bodies, and readable when logged).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = ChatJsonContext.Default.WithAddedModifier(info =>
            {
                if (info.Type != typeof(ChatRequest))
                {
                    return;
                }

                foreach (var property in info.Properties)
                {
                    if (property.Name == "max_tokens")
                    {
                        property.Name = maxTokensName;
                    }
                }
            }),
        };
        if (display)
        {
            options.Converters.Add(ChatImageUrlConverter.ForDisplay);
        }

        options.MakeReadOnly();
        return (JsonTypeInfo<ChatRequest>)options.GetTypeInfo(typeof(ChatRequest));
    }
}
