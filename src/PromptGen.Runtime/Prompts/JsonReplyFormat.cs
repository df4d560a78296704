using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptGen;

/// <summary>
/// How one JSON method's reply is requested and read: the return type's JSON Schema (computed at build time and parsed
/// once), the response format, how to deserialise, and how often to ask again. Generated code creates one per method
/// and keeps it in a static field; one instance serves concurrent calls.
/// </summary>
/// <typeparam name="T">The method's value type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonReplyFormat<T>
{
    private const string ReflectionMessage =
        "Deserialising the reply uses reflection-based System.Text.Json. Name a JsonSerializerContext that registers the return type ([PromptClient(JsonContext = typeof(...))]) to make it trim- and AOT-safe.";

    private JsonReplyFormat(ResponseFormatKind kind, bool strict, string name, string schema, string? rules, bool wrapped, bool nullable, int maxRetries, JsonTypeInfo<T> typeInfo)
    {
        if (maxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, "The retry limit cannot be negative.");
        }

        Kind = kind;
        Strict = strict;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Schema = Parse(schema ?? throw new ArgumentNullException(nameof(schema)));
        Rules = rules is null ? Schema : Parse(rules);
        Wrapped = wrapped;
        Nullable = nullable;
        MaxRetries = maxRetries;
        TypeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));
        RulesCheck = JsonSchemaValidator.Compiled.Compile(Rules, typeInfo.Options);
        ValueRulesCheck = wrapped && Rules.ValueKind == JsonValueKind.Object && Rules.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("value", out var valueRules)
            ? JsonSchemaValidator.Compiled.Compile(valueRules, typeInfo.Options)
            : null;
    }

    /// <summary>A format that deserialises through source-generated metadata (trim- and AOT-safe).</summary>
    /// <param name="kind">How the request asks for JSON.</param>
    /// <param name="strict">Whether a <c>json_schema</c> request is strict.</param>
    /// <param name="name">The schema's name (<c>json_schema.name</c>).</param>
    /// <param name="schema">The schema sent to the server (or stated in the instructions).</param>
    /// <param name="rules">The schema replies are checked against, when it has more rules than <paramref name="schema"/> (keywords strict mode does not accept); <see langword="null"/> to use <paramref name="schema"/>.</param>
    /// <param name="wrapped">Whether the value is wrapped as <c>{"value": …}</c> because the schema's root must be an object.</param>
    /// <param name="nullable">Whether the declared value type admits null (<c>int?</c>, <c>Person?</c>): a null reply is then the value <see langword="null"/>; else it is a format error.</param>
    /// <param name="maxRetries">How many more requests may be sent after a reply that does not parse or validate.</param>
    /// <param name="typeInfo">The metadata to deserialise with.</param>
    public static JsonReplyFormat<T> Create(ResponseFormatKind kind, bool strict, string name, string schema, string? rules, bool wrapped, bool nullable, int maxRetries, JsonTypeInfo<T> typeInfo) =>
        new(kind, strict, name, schema, rules, wrapped, nullable, maxRetries, typeInfo);

    /// <summary>A format that deserialises with reflection-based System.Text.Json (web defaults, enums as strings).</summary>
    /// <param name="kind">How the request asks for JSON.</param>
    /// <param name="strict">Whether a <c>json_schema</c> request is strict.</param>
    /// <param name="name">The schema's name (<c>json_schema.name</c>).</param>
    /// <param name="schema">The schema sent to the server (or stated in the instructions).</param>
    /// <param name="rules">The schema replies are checked against, when it differs; <see langword="null"/> to use <paramref name="schema"/>.</param>
    /// <param name="wrapped">Whether the value is wrapped as <c>{"value": …}</c>.</param>
    /// <param name="nullable">Whether a null reply is the value <see langword="null"/> (the declared type admits null); else it is a format error.</param>
    /// <param name="maxRetries">How many more requests may be sent after a reply that does not parse or validate.</param>
#if NET
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
#endif
    public static JsonReplyFormat<T> CreateWithReflection(ResponseFormatKind kind, bool strict, string name, string schema, string? rules, bool wrapped, bool nullable, int maxRetries) =>
        new(kind, strict, name, schema, rules, wrapped, nullable, maxRetries, (JsonTypeInfo<T>)PromptReply.ReflectionOptions.Value.GetTypeInfo(typeof(T)));

    /// <summary>How the request asks for JSON.</summary>
    public ResponseFormatKind Kind { get; }

    /// <summary>Whether a <c>json_schema</c> request is strict.</summary>
    public bool Strict { get; }

    /// <summary>The schema's name.</summary>
    public string Name { get; }

    /// <summary>The schema sent with the request (or stated in the instructions).</summary>
    public JsonElement Schema { get; }

    /// <summary>The schema replies are checked against: <see cref="Schema"/> plus the rules strict mode does not accept.</summary>
    public JsonElement Rules { get; }

    /// <summary>Whether the value travels as <c>{"value": …}</c>.</summary>
    public bool Wrapped { get; }

    /// <summary>Whether a null reply is the value <see langword="null"/>: the method's declared value type admits null (<c>int?</c>, <c>Person?</c>).</summary>
    public bool Nullable { get; }

    /// <summary>How many more requests may be sent after a reply that does not parse or validate.</summary>
    public int MaxRetries { get; }

    /// <summary>The metadata replies are deserialised with.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    /// <summary><see cref="Rules"/> compiled once for <see cref="TypeInfo"/>'s options: accepts a matching reply without allocating; null when only the full validator can read the schema.</summary>
    internal JsonSchemaValidator.Compiled? RulesCheck { get; }

    /// <summary>For a <see cref="Wrapped"/> format, the rules of the bare value (<c>properties.value</c>, its own root), compiled; else null.</summary>
    internal JsonSchemaValidator.Compiled? ValueRulesCheck { get; }

    /// <summary>The request's <c>response_format</c>: <see langword="null"/> for <see cref="ResponseFormatKind.Text"/>.</summary>
    public ChatResponseFormat? ResponseFormat => Kind switch
    {
        ResponseFormatKind.JsonSchema => ChatResponseFormat.ForJsonSchema(Name, Schema, Strict),
        ResponseFormatKind.JsonObject => ChatResponseFormat.JsonObject,
        _ => null,
    };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
