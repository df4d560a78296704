using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PromptGen;

/// <summary>
/// Reads tool arguments and writes tool results for generated dispatchers, through System.Text.Json metadata chosen at
/// build time: PromptGen's own for strings, numbers, booleans, dates and GUIDs, a name-based converter for enums, the
/// interface's JsonContext for other types, and reflection only when the interface names no context.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolJson
{
    /// <summary>What a tool without a result (<c>void</c>, <c>Task</c>) sends back.</summary>
    public const string Done = "done";

    /// <summary>The metadata of a scalar type PromptGen registers (string, numbers, bool, dates, GUID and their nullables).</summary>
    public static JsonTypeInfo<T> Scalar<T>() => Scalars<T>.Info;

    /// <summary>
    /// The metadata of an enum read and written by name, as the tool schema lists it (names renamed by
    /// [JsonStringEnumMemberName]; a [Flags] combination as <c>"Read, Write"</c>, read with or without the space). A name
    /// in another case is accepted too (models send <c>"celsius"</c> for <c>Celsius</c>; a schema the server does not
    /// enforce cannot prevent it); anything else (another name, a number) fails with a message naming the allowed values.
    /// </summary>
    public static JsonTypeInfo<T> Enum<T>()
        where T : struct, Enum => Enums<T>.Info;

    /// <summary>The metadata of a nullable enum.</summary>
    public static JsonTypeInfo<T?> NullableEnum<T>()
        where T : struct, Enum => Enums<T>.NullableInfo;

    /// <summary>The metadata of <typeparamref name="T"/> from reflection (the interface names no JsonContext).</summary>
#if NET
    [RequiresUnreferencedCode("Tool argument and result types are read by reflection; name a JsonContext on [PromptTools] to avoid it.")]
    [RequiresDynamicCode("Tool argument and result types are read by reflection; name a JsonContext on [PromptTools] to avoid it.")]
#endif
    public static JsonTypeInfo<T> Reflection<T>() => (JsonTypeInfo<T>)PromptReply.ReflectionOptions.Value.GetTypeInfo(typeof(T));

    /// <summary>Reads the required argument <paramref name="name"/>.</summary>
    /// <exception cref="ToolArgumentException">It is missing, null, or not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(JsonElement arguments, string name, JsonTypeInfo<T> info)
    {
        if (!arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new ToolArgumentException($"$.{name}: the argument is required.");
        }

        return Convert(value, name, info)!;
    }

    /// <summary>Reads the argument <paramref name="name"/>, or returns <paramref name="fallback"/> (the parameter's default) when it is missing or null.</summary>
    public static T ReadOptional<T>(JsonElement arguments, string name, JsonTypeInfo<T> info, T fallback) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Convert(value, name, info)! : fallback;

    /// <summary>A result as the <c>tool</c> message's text: JSON written with <paramref name="info"/>.</summary>
    public static string Write<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info);

    private static T? Convert<T>(JsonElement value, string name, JsonTypeInfo<T> info)
    {
        try
        {
            return value.Deserialize(info);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new ToolArgumentException(JsonFailure.NotReadable(exception, value, "$." + name, typeof(T).Name), exception);
        }
    }

    private static class Scalars<T>
    {
        public static readonly JsonTypeInfo<T> Info = (JsonTypeInfo<T>)(ToolJsonContext.Default.GetTypeInfo(typeof(T))
            ?? throw new NotSupportedException($"{typeof(T)} is not a scalar PromptGen registers."));
    }

    private static class Enums<T>
        where T : struct, Enum
    {
        private static readonly JsonSerializerOptions Options = new() { TypeInfoResolver = ToolJsonContext.Default };

        public static readonly JsonTypeInfo<T> Info = JsonMetadataServices.CreateValueInfo<T>(Options, new EnumNameConverter<T>());

        public static readonly JsonTypeInfo<T?> NullableInfo = JsonMetadataServices.CreateValueInfo<T?>(Options, new NullableEnumNameConverter<T>());
    }

    /// <summary><see cref="EnumNameConverter{T}"/> for <c>T?</c>: <c>null</c> reads and writes as null.</summary>
    private sealed class NullableEnumNameConverter<T> : JsonConverter<T?>
        where T : struct, Enum
    {
        private readonly EnumNameConverter<T> _names = new();

        public override bool HandleNull => true;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : _names.Read(ref reader, typeof(T), options);

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is { } named)
            {
                _names.Write(writer, named, options);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>
    /// Reads and writes an enum as System.Text.Json's <c>JsonStringEnumConverter&lt;T&gt;</c> does (names renamed by
    /// [JsonStringEnumMemberName], a name in any case, a [Flags] combination as <c>"Read, Write"</c>), except that a
    /// number (or a string holding one) is refused with a message naming the allowed values, as the schema lists names
    /// only. A value without a name or combination of names is written as its number.
    /// </summary>
    private sealed class EnumNameConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly JsonSerializerOptions Plain = new() { TypeInfoResolver = ToolJsonContext.Default };
        private static readonly JsonConverter<T> Reader = Create(allowIntegerValues: false);
        private static readonly JsonConverter<T> Writer = Create(allowIntegerValues: true);
        private static string? _allowed;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonValueException($"expected {Allowed()} (a string), got {Describe(reader.TokenType)}.");
            }

            var copy = reader;
            try
            {
                return Reader.Read(ref reader, typeof(T), options);
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
            {
                throw new JsonValueException($"\"{copy.GetString()}\" is not {Allowed()}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => Writer.Write(writer, value, options);

        private static JsonConverter<T> Create(bool allowIntegerValues) =>
            (JsonConverter<T>)new JsonStringEnumConverter<T>(namingPolicy: null, allowIntegerValues).CreateConverter(typeof(T), Plain)!;

        /// <summary>"one of None, Read, Write" (the names as written), and for [Flags] enums "or a combination such as \"Read, Write\"".</summary>
        private static string Allowed()
        {
            if (_allowed is { } known)
            {
                return known;
            }

#if NET
            var values = System.Enum.GetValues<T>();
#else
            var values = (T[])System.Enum.GetValues(typeof(T));
#endif
            var names = new System.Collections.Generic.List<string>();
            foreach (var value in values)
            {
                var name = Text(value);
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }

            var text = "one of " + string.Join(", ", names);
            if (typeof(T).IsDefined(typeof(FlagsAttribute), inherit: false))
            {
                var combinable = new System.Collections.Generic.List<string>();
                foreach (var value in values)
                {
                    if (System.Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0 && combinable.Count < 2)
                    {
                        combinable.Add(Text(value));
                    }
                }

                text += $" or a combination such as \"{string.Join(", ", combinable)}\"";
            }

            return _allowed = text;
        }

        /// <summary>The name (or names) <paramref name="value"/> is written as.</summary>
        private static string Text(T value)
        {
            using var buffer = new System.IO.MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                Writer.Write(json, value, Plain);
            }

            var reader = new Utf8JsonReader(buffer.ToArray());
            reader.Read();
            return reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.Null => "null",
            _ => token.ToString(),
        };
    }
}

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(bool?))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(long?))]
[JsonSerializable(typeof(short))]
[JsonSerializable(typeof(short?))]
[JsonSerializable(typeof(byte))]
[JsonSerializable(typeof(byte?))]
[JsonSerializable(typeof(uint))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(double?))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(float?))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(decimal?))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTime?))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(DateTimeOffset?))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(Guid?))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(TimeSpan?))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(System.Collections.Generic.List<string>))]
[JsonSerializable(typeof(System.Collections.Generic.IReadOnlyList<string>))]
internal sealed partial class ToolJsonContext : JsonSerializerContext
{
}
