using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// A JSON method's few-shot reply in the shape the request asks for. The response format's root is always an object:
/// a streamed items method asks for <c>{"items": [T, …]}</c>, and a reply whose schema is not a plain object (a number,
/// a list, a dictionary, any JSON, a nullable or polymorphic type: <see cref="SchemaResult.Wrapped"/>) for
/// <c>{"value": …}</c>. A few-shot reply may be written in the wire's shape or short (one item, the bare value). Which
/// one it is is decided here, by one structural rule that the check (PG0027) and the message sent both follow:
/// <list type="bullet">
/// <item>a wrapped reply written as an object of exactly one member named <c>"value"</c> is the envelope; anything else is the value itself;</item>
/// <item>an items stream's reply written as an object of exactly one member <c>"items"</c> holding an array is the envelope; anything else is one item.</item>
/// </list>
/// The rule reads the schema's fact (<c>Wrapped</c>), never the type again, so the two cannot drift apart; where a text
/// could also be read the other way (a dictionary holding the key "value", an item with an "items" property), the
/// message says which way it was read and what to write for the other.
/// </summary>
internal static class FewShotWire
{
    /// <summary>
    /// PG0027's check of a few-shot reply of <paramref name="type"/> (each item's type for <paramref name="items"/>) as
    /// the wire rule reads it. <paramref name="text"/> is the reply's text, quoted in what to write instead.
    /// </summary>
    /// <param name="wrapped">The reply schema's <see cref="SchemaResult.Wrapped"/>: the value travels as <c>{"value": …}</c>.</param>
    public static List<JsonMismatch> Check(JsonValue reply, string text, ITypeSymbol type, bool items, bool wrapped, JsonContracts contracts)
    {
        if (items)
        {
            return CheckItems(reply, text, type, contracts);
        }

        if (!wrapped || !IsValueObject(reply))
        {
            return JsonFit.Check(reply, type, contracts);
        }

        var inner = reply.Members[0].Value;
        var mismatches = JsonFit.Check(inner, type, contracts);
        if (mismatches.Count > 0 && JsonFit.Check(reply, type, contracts).Count == 0)
        {
            // {"value":1} for a Dictionary<string, int>, or for a nullable record whose only property is Value.
            var display = DisplayNames.Of(type);
            return One(reply, $"a reply of '{display}' travels as {{\"value\": …}}, so a reply of one member \"value\" is read as that envelope, "
                + $"and {inner.Describe()} cannot be read as '{display}'; to reply with an object whose only property is \"value\", write it inside the envelope: {{\"value\":{Quote(text)}}}");
        }

        return mismatches;
    }

    /// <summary>
    /// The assistant message a few-shot reply is sent as: as written when it already has the wire's shape (or is not
    /// JSON at all, PG0026), else inside the envelope the response format asks for — one item as <c>{"items":[item]}</c>,
    /// a bare value as <c>{"value":value}</c>. The text inside is the user's, unchanged. Reads only strings and flags,
    /// so it can run on the cached spec's values.
    /// </summary>
    /// <param name="wrapped">The reply schema's <see cref="SchemaResult.Wrapped"/>.</param>
    public static string Sent(string assistant, bool items, bool wrapped)
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

        return IsValueObject(value) ? assistant : "{\"value\":" + assistant.Trim() + "}";
    }

    /// <summary>The items of a few-shot reply written as the items stream's envelope <c>{"items": […]}</c> (exactly that one member, an array), or null when it is one item.</summary>
    private static JsonValue? Envelope(JsonValue value) =>
        value is { Kind: JsonKind.Object, Members.Count: 1 } && value.Members[0].Name == "items" && value.Members[0].Value.Kind == JsonKind.Array
            ? value.Members[0].Value
            : null;

    /// <summary>Whether the value is one member named "value": the shape of the <c>{"value": …}</c> envelope.</summary>
    private static bool IsValueObject(JsonValue value) => value is { Kind: JsonKind.Object, Members.Count: 1 } && value.Members[0].Name == "value";

    /// <summary>
    /// An items stream's reply: the envelope's items each against <paramref name="itemType"/> (an empty list is an
    /// example of no items), or the reply as one item. A text read one way that only fits the other, or an envelope
    /// written wrong (<c>"items"</c> not an array, other members beside it), is told apart in the message.
    /// </summary>
    private static List<JsonMismatch> CheckItems(JsonValue reply, string text, ITypeSymbol itemType, JsonContracts contracts)
    {
        var display = DisplayNames.Of(itemType);
        if (Envelope(reply) is { } items)
        {
            var inside = items.Items.SelectMany(item => CheckItem(item, itemType, contracts)).ToList();
            if (inside.Count > 0 && JsonFit.Check(reply, itemType, contracts).Count == 0)
            {
                // {"items":[1,2]} for an item type whose only property is Items.
                return One(reply, $"a reply of one member \"items\" holding an array is read as the stream's envelope {{\"items\": […]}}, whose array holds the items, each read as '{display}'; "
                    + $"to reply with one item whose only property is \"items\", write it inside the envelope: {{\"items\":[{Quote(text)}]}}");
            }

            return inside;
        }

        var single = CheckItem(reply, itemType, contracts);
        var member = reply.Kind == JsonKind.Object ? reply.Members.FindIndex(m => m.Name == "items") : -1;
        if (single.Count == 0 || member < 0)
        {
            return single;
        }

        // An object with an "items" member that the item type does not read (or an item type that is no object at all)
        // was meant as the envelope: say what the envelope must look like, not that the item lacks a property "items".
        var (_, nameStart, _, value) = reply.Members[member];
        if (IsObjectRead(contracts.Of(itemType)) && !single.Exists(m => m.Start == nameStart))
        {
            return single;
        }

        var problems = new List<JsonMismatch>();
        foreach (var (name, start, length, _) in reply.Members)
        {
            if (name != "items")
            {
                problems.Add(new JsonMismatch($"a stream's envelope {{\"items\": […]}} holds only \"items\", and '{display}' has no property \"items\" to make this one item; remove \"{name}\" (or write the item alone)", start, length));
            }
        }

        if (value.Kind == JsonKind.Array)
        {
            problems.AddRange(value.Items.SelectMany(item => CheckItem(item, itemType, contracts)));
        }
        else
        {
            problems.Add(new JsonMismatch($"\"items\" holds {value.Describe()}, but a stream's envelope {{\"items\": […]}} holds an array of items, each read as '{display}'; write \"items\":[…] (or the item alone, without the envelope)", value.Start, value.Length));
        }

        problems.Sort((a, b) => a.Start.CompareTo(b.Start));
        return problems;
    }

    /// <summary>
    /// One item of a stream: its items travel bare inside <c>"items"</c>, never in a reply's <c>{"value": …}</c>
    /// envelope, so <c>{"value":4}</c> for an <c>int</c> item is refused with what to write instead. An item whose type
    /// reads <c>{"value": …}</c> itself (a record with a property Value, a dictionary, any JSON) is that item.
    /// </summary>
    private static List<JsonMismatch> CheckItem(JsonValue item, ITypeSymbol itemType, JsonContracts contracts)
    {
        var mismatches = JsonFit.Check(item, itemType, contracts, "this item");
        if (mismatches.Count > 0 && IsValueObject(item) && JsonFit.Check(item.Members[0].Value, itemType, contracts).Count == 0)
        {
            return One(item, $"a stream's items travel bare inside \"items\", not as {{\"value\": …}}: write the item itself, here {item.Members[0].Value.Describe()}");
        }

        return mismatches;
    }

    /// <summary>Whether a JSON object can be read as the contract's type (so an object holding "items" may be one item).</summary>
    private static bool IsObjectRead(JsonContract contract) =>
        contract.Kind is JsonShapeKind.Object or JsonShapeKind.Dictionary or JsonShapeKind.Any or JsonShapeKind.AnyObject;

    private static List<JsonMismatch> One(JsonValue at, string message) => new() { new JsonMismatch(message, at.Start, at.Length) };

    /// <summary>The user's reply as written (trimmed) to quote in what to write instead; a long one is named, not cut.</summary>
    private static string Quote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 80 ? trimmed : "<this reply>";
    }
}
