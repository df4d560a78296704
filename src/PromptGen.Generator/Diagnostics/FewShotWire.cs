using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// A JSON method's few-shot reply in the shape the request asks for. The response format's root is always an object:
/// a streamed items method asks for <c>{"items": [T, …]}</c>, a value that is not an object with properties (a number,
/// a list, a nullable type) for <c>{"value": …}</c>. A few-shot reply may be written either way — the wire's shape, or one
/// item / the bare value for short — and the check (PG0027) and the message sent read it by the same rule here, so an
/// example that passes the build is sent in the very shape the model is asked to answer in.
/// </summary>
internal static class FewShotWire
{
    /// <summary>The items of a few-shot reply written as the items stream's envelope <c>{"items": […]}</c>, or null when it is one item.</summary>
    public static JsonValue? Envelope(JsonValue value) =>
        value is { Kind: JsonKind.Object, Members.Count: 1 } && value.Members[0].Name == "items" && value.Members[0].Value.Kind == JsonKind.Array
            ? value.Members[0].Value
            : null;

    /// <summary>
    /// Whether <paramref name="value"/> is a wrapped reply's envelope <c>{"value": …}</c>: a one-member object named
    /// "value" for a type that travels wrapped (nullable, or not a JSON object). For an object or dictionary type it is
    /// the value itself.
    /// </summary>
    public static bool IsValueEnvelope(JsonValue value, JsonContract contract) =>
        IsValueObject(value) && (contract.IsNullable || !IsObjectShaped(contract));

    /// <summary>Whether the value is one member named "value": the shape of the <c>{"value": …}</c> envelope.</summary>
    private static bool IsValueObject(JsonValue value) => value is { Kind: JsonKind.Object, Members.Count: 1 } && value.Members[0].Name == "value";

    /// <summary>Whether the contract is read from a JSON object (then a one-member "value" object is that object).</summary>
    private static bool IsObjectShaped(JsonContract contract) =>
        contract.Kind is JsonShapeKind.Object or JsonShapeKind.Dictionary or JsonShapeKind.Any or JsonShapeKind.AnyObject;

    /// <summary>
    /// PG0027's check of a few-shot reply for an items stream: an envelope's items each against <paramref name="itemType"/>
    /// (an empty list is an example of no items), or the reply as one item.
    /// </summary>
    public static List<JsonMismatch> CheckItems(JsonValue value, ITypeSymbol itemType, JsonContracts contracts)
    {
        if (Envelope(value) is not { } items)
        {
            return CheckItem(value, itemType, contracts);
        }

        var mismatches = new List<JsonMismatch>();
        foreach (var item in items.Items)
        {
            mismatches.AddRange(CheckItem(item, itemType, contracts));
        }

        return mismatches;
    }

    /// <summary>
    /// One item of a stream: its items travel bare inside <c>"items"</c>, never in a reply's <c>{"value": …}</c>
    /// envelope, so <c>{"value":4}</c> for an <c>int</c> item is refused here (the check of a whole reply would accept it).
    /// An item whose type is an object (nullable or not) is read as that object.
    /// </summary>
    private static List<JsonMismatch> CheckItem(JsonValue item, ITypeSymbol itemType, JsonContracts contracts)
    {
        var contract = contracts.Of(itemType);
        if (IsValueObject(item) && !IsObjectShaped(contract))
        {
            return new List<JsonMismatch>
            {
                new($"a stream's items travel bare inside \"items\", not as {{\"value\": …}}: write the item itself, here {item.Members[0].Value.Describe()}", item.Start, item.Length),
            };
        }

        return JsonFit.Check(item, itemType, contracts, bare: true);
    }

    /// <summary>
    /// The assistant message a few-shot reply is sent as: as written when it already has the wire's shape (or is not
    /// JSON at all, PG0026), else inside the envelope the response format asks for — one item as <c>{"items":[item]}</c>,
    /// a bare value as <c>{"value":value}</c>. The text inside is the user's, unchanged.
    /// </summary>
    public static string Sent(string assistant, ITypeSymbol valueType, bool items, bool wrapped, JsonContracts contracts)
    {
        if (!items && !wrapped)
        {
            return assistant;
        }

        var value = JsonText.Parse(assistant, out _, out _, out _);
        if (value is null)
        {
            return assistant;
        }

        if (items)
        {
            return Envelope(value) is null ? "{\"items\":[" + assistant.Trim() + "]}" : assistant;
        }

        return IsValueEnvelope(value, contracts.Of(valueType)) ? assistant : "{\"value\":" + assistant.Trim() + "}";
    }
}
