using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// A snapshot of a <typeparamref name="T"/> while the model is writing it: the properties whose values are complete so
/// far, by their JSON names, in the order they arrived. It is deliberately not a <typeparamref name="T"/>: a half-written
/// object has unset members and unchecked rules, so it cannot flow where a whole, validated value is expected. The
/// whole value is <see cref="PartialStream{T}.Value"/>, once the stream has ended.
/// </summary>
/// <remarks>
/// A property appears once its whole value has arrived: a string when its closing quote arrives, a nested object or
/// array when it closes. Values are not checked against the schema until the final value is (a rule cannot be checked
/// on half a value; checking early is where partial-object libraries went wrong). Each snapshot is a new, immutable
/// object; earlier snapshots stay valid.
/// </remarks>
/// <typeparam name="T">The type being written.</typeparam>
public sealed class Partial<T>
{
    private readonly KeyValuePair<string, JsonElement>[] _properties;
    private readonly JsonSerializerOptions _options;

    internal Partial(KeyValuePair<string, JsonElement>[] properties, JsonSerializerOptions options)
    {
        _properties = properties;
        _options = options;
    }

    /// <summary>The complete properties so far: JSON name and value, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Properties => _properties;

    /// <summary>How many properties are complete.</summary>
    public int Count => _properties.Length;

    /// <summary>The name of the property that completed last (the one this snapshot adds), or <see langword="null"/> for none.</summary>
    public string? Latest => _properties.Length == 0 ? null : _properties[_properties.Length - 1].Key;

    /// <summary>Whether the property named <paramref name="jsonName"/> (its JSON name, <c>"stars"</c>) is complete.</summary>
    public bool Has(string jsonName) => Find(jsonName) >= 0;

    /// <summary>
    /// The value of a complete property, deserialised with the method's options (its <c>JsonSerializerContext</c> when
    /// it names one; <typeparamref name="TValue"/> must then be a type the context knows, as the types of
    /// <typeparamref name="T"/>'s properties are). <see langword="false"/> while the property is not complete.
    /// </summary>
    /// <param name="jsonName">The property's JSON name (<c>"stars"</c>, as in the schema).</param>
    /// <param name="value">The value, or default.</param>
    /// <exception cref="JsonException">The value does not read as <typeparamref name="TValue"/>.</exception>
    public bool TryGet<TValue>(string jsonName, out TValue? value)
    {
        var index = Find(jsonName);
        if (index < 0)
        {
            value = default;
            return false;
        }

        value = _properties[index].Value.Deserialize((JsonTypeInfo<TValue>)_options.GetTypeInfo(typeof(TValue)));
        return true;
    }

    /// <summary>The snapshot as a JSON object of the complete properties.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder("{");
        for (var i = 0; i < _properties.Length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append('"').Append(JsonEncodedText.Encode(_properties[i].Key).ToString()).Append('"').Append(':').Append(_properties[i].Value.GetRawText());
        }

        return text.Append('}').ToString();
    }

    internal Partial<T> With(string name, JsonElement value)
    {
        var properties = new KeyValuePair<string, JsonElement>[_properties.Length + 1];
        Array.Copy(_properties, properties, _properties.Length);
        properties[_properties.Length] = new KeyValuePair<string, JsonElement>(name, value);
        return new Partial<T>(properties, _options);
    }

    private int Find(string name)
    {
        var ignoreCase = _options.PropertyNameCaseInsensitive;
        for (var i = 0; i < _properties.Length; i++)
        {
            if (string.Equals(_properties[i].Key, name, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A stream of <see cref="Partial{T}"/> snapshots of one object as the model writes it, and, after the stream has ended,
/// the whole value checked against <typeparamref name="T"/>'s schema (<see cref="Value"/>) and the stream's
/// <see cref="ChatStream{T}.Result"/>.
/// </summary>
/// <remarks>
/// A final reply that does not fit <typeparamref name="T"/> is repaired as <c>Task&lt;T&gt;</c> replies are, under
/// <c>[Repair]</c>: the reply and its errors are sent back and the corrected JSON is requested again, without streaming
/// (no further snapshots are yielded for it). Without <c>[Repair]</c>, or when the last attempt fails, the stream throws
/// <see cref="PromptFormatException"/> at its end.
/// </remarks>
/// <typeparam name="T">The type being written.</typeparam>
public sealed class PartialStream<T> : ChatStream<Partial<T>>
{
    private bool _hasValue;
    private T _value = default!;
    private int _attempts;

    internal PartialStream(Func<StreamTally, CancellationToken, IAsyncEnumerable<Partial<T>>> run, CancellationToken callToken)
        : base(run, callToken)
    {
    }

    /// <summary>
    /// A stream for fakes and tests: <paramref name="value"/> written with <paramref name="typeInfo"/>, yielded as one
    /// snapshot per property in the order they are written, then <see cref="Value"/> is <paramref name="value"/> and
    /// <see cref="ChatStream{T}.Result"/> is <paramref name="result"/>.
    /// </summary>
    /// <param name="value">The final value.</param>
    /// <param name="typeInfo">How to write it (the snapshots' names are its JSON names); it must write a JSON object.</param>
    /// <param name="result">What <see cref="ChatStream{T}.Result"/> reports.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> does not write as a JSON object.</exception>
    public static PartialStream<T> FromValue(T value, JsonTypeInfo<T> typeInfo, ChatStreamResult result)
    {
        if (typeInfo is null)
        {
            throw new ArgumentNullException(nameof(typeInfo));
        }

        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The value writes as a JSON {document.RootElement.ValueKind}, not an object, so it has no properties to snapshot.", nameof(value));
        }

        var snapshots = new List<Partial<T>>();
        var snapshot = new Partial<T>(Array.Empty<KeyValuePair<string, JsonElement>>(), typeInfo.Options);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            snapshot = snapshot.With(property.Name, property.Value.Clone());
            snapshots.Add(snapshot);
        }

        return new PartialStream<T>((tally, cancellationToken) => Replay(snapshots, value, result, tally, cancellationToken), default);
    }

    /// <summary>The whole value, validated; known once the stream has been read to its end (else <see cref="InvalidOperationException"/>).</summary>
    public T Value => _hasValue
        ? _value
        : throw new InvalidOperationException("The stream's Value is known once the stream has been read to its end: read the snapshots with 'await foreach' first.");

    /// <summary>How many requests were sent: 1, or more when <c>[Repair]</c> asked again after the stream.</summary>
    public int Attempts => _hasValue ? _attempts : throw new InvalidOperationException("Attempts is known once the stream has been read to its end.");

    private static async IAsyncEnumerable<Partial<T>> Replay(List<Partial<T>> snapshots, T value, ChatStreamResult result, StreamTally tally, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var snapshot in snapshots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return snapshot;
        }

        await Task.CompletedTask.ConfigureAwait(false);
        tally.FinalValue = value;
        tally.Replayed = result;
    }

    private protected override void OnCompleted(StreamTally tally)
    {
        _value = (T)tally.FinalValue!;
        _attempts = tally.Attempts;
        _hasValue = true;
    }
}
