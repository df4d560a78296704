using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;
using PromptGen.Tests.Schema;
using Xunit;
using Node = System.Text.Json.Nodes.JsonNode;

namespace PromptGen.Tests.FewShot;

/// <summary>
/// Review 11 #1: a few-shot reply is read (PG0027) and sent by one rule, the one the reply's schema was built by
/// (<c>SchemaResult.Wrapped</c>, <c>{"items": […]}</c> for item streams). Every return shape (Task&lt;T&gt;,
/// ChatResult&lt;T&gt;, [Choices] lists, IAsyncEnumerable&lt;T&gt; and ChatStream&lt;T&gt; items, PartialStream&lt;T&gt;)
/// × every kind of contract (records, nullable and polymorphic objects, dictionaries, any-JSON types, arrays, scalars)
/// is compiled with the generator, its examples written short and in the wire's envelope; each method is called through
/// the generated client and the request's assistant messages must be (1) exactly the expected wire texts, (2) valid
/// against the request's own response_format schema in the runtime's validator, and (3) read back by the generated
/// client, replayed as the model's reply, as the very value the example meant (so no value is wrapped twice or unwrapped
/// once too often).
/// </summary>
public class FewShotWireMatrixTests
{
    /// <summary>
    /// A contract kind: its C# type, the values its examples mean (JSON), whether its schema wraps it, whether a
    /// PartialStream may return it (an object), whether an item stream may (not of <c>object</c>, PG0002).
    /// </summary>
    private sealed record Kind(string Name, string Type, string[] Values, bool Wrapped, bool Partial = false, bool Items = true);

    private static readonly Kind[] Kinds =
    {
        new("Record", "Item", new[] { """{"a":1}""" }, Wrapped: false, Partial: true),
        new("NullableRecord", "Item?", new[] { """{"a":1}""", "null" }, Wrapped: true),
        new("ValueRecord", "Boxed", new[] { """{"value":2}""" }, Wrapped: false, Partial: true),
        new("NullableValueRecord", "Boxed?", new[] { """{"value":2}""" }, Wrapped: true),
        new("ItemsRecord", "Bag", new[] { """{"items":[1,2]}""" }, Wrapped: false, Partial: true),
        new("Dictionary", "Dictionary<string, int>", new[] { """{"k":1}""", """{"value":3}""" }, Wrapped: true),
        new("Element", "JsonElement", new[] { "1", """{"value":1}""", """{"a":[true]}""", "\"s\"" }, Wrapped: true),
        new("Node", "JsonNode", new[] { """{"a":1}""", "[1]" }, Wrapped: true),
        new("Object", "object", new[] { "1", """{"value":1}""" }, Wrapped: true, Items: false),
        new("Document", "JsonDocument", new[] { """{"a":1}""" }, Wrapped: true),
        new("JsonObject", "JsonObject", new[] { """{"a":1}""", """{"value":1}""" }, Wrapped: true),
        new("JsonArray", "JsonArray", new[] { "[1,2]" }, Wrapped: true),
        new("Polymorphic", "Shape", new[] { """{"$type":"circle","r":1.5}""" }, Wrapped: true),
        new("List", "List<Item>", new[] { """[{"a":1}]""" }, Wrapped: true),
        new("Int", "int", new[] { "3" }, Wrapped: true),
        new("NullableInt", "int?", new[] { "3", "null" }, Wrapped: true),
        new("Guid", "Guid", new[] { "\"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"" }, Wrapped: true), // (a string is a text reply)
        new("Bool", "bool", new[] { "true" }, Wrapped: true),
        new("Double", "double", new[] { "1.5" }, Wrapped: true),
        new("Enum", "Mood", new[] { "\"Happy\"" }, Wrapped: true),
        new("NullableEnum", "Mood?", new[] { "\"Sad\"", "null" }, Wrapped: true),
        new("IntKeys", "Dictionary<int, string>", new[] { """{"1":"one"}""" }, Wrapped: true),
        new("Pair", "KeyValuePair<string, int>", new[] { """{"key":"k","value":1}""" }, Wrapped: false, Partial: true),
        new("Converted", "Celsius", new[] { "\"21.5C\"" }, Wrapped: true),
        new("Recursive", "Tree", new[] { """{"name":"a","children":[{"name":"b","children":[]}]}""" }, Wrapped: false, Partial: true),
        new("Extension", "Open", new[] { """{"id":1,"more":true}""" }, Wrapped: false, Partial: true),
    };

    private enum Shape
    {
        Task,
        Result,
        Choices,
        Items,
        ChatStream,
        Partial,
    }

    /// <summary>One method: its name, what each example is written as and sent as, and what each sent example means.</summary>
    private sealed record Case(string Method, Kind Kind, Shape Shape, (string Written, string Sent, string Means)[] Examples);

    private static bool IsOneMember(string json, string name) =>
        Node.Parse(json) is System.Text.Json.Nodes.JsonObject { Count: 1 } o && o.ContainsKey(name)
        && (name != "items" || o["items"] is System.Text.Json.Nodes.JsonArray);

    private static IEnumerable<(string Written, string Sent, string Means)> Examples(Kind kind, Shape shape)
    {
        foreach (var value in kind.Values)
        {
            if (shape is Shape.Items or Shape.ChatStream)
            {
                // An item is written alone or in the envelope; {"items":[…]} alone is the envelope (the rule), never one item.
                if (!IsOneMember(value, "items"))
                {
                    yield return (value, "{\"items\":[" + value + "]}", "[" + value + "]");
                }

                yield return ("{\"items\":[" + value + "]}", "{\"items\":[" + value + "]}", "[" + value + "]");
                yield return ("{\"items\":[" + value + "," + value + "]}", "{\"items\":[" + value + "," + value + "]}", "[" + value + "," + value + "]");
            }
            else if (kind.Wrapped)
            {
                // A value is written bare or in the envelope; {"value": …} alone is the envelope (the rule), never the value.
                if (!IsOneMember(value, "value"))
                {
                    yield return (value, "{\"value\":" + value + "}", value);
                }

                yield return ("{\"value\":" + value + "}", "{\"value\":" + value + "}", value);
            }
            else
            {
                yield return (value, value, value);
            }
        }

        if (shape is Shape.Items or Shape.ChatStream)
        {
            yield return ("{\"items\":[]}", "{\"items\":[]}", "[]");
        }
    }

    private static List<Case> Cases()
    {
        var cases = new List<Case>();
        foreach (var kind in Kinds)
        {
            foreach (var shape in Enum.GetValues<Shape>())
            {
                if ((shape == Shape.Partial && !kind.Partial) || (shape is Shape.Items or Shape.ChatStream && !kind.Items))
                {
                    continue; // a partial stream's type is a JSON object; a stream of 'object' is PG0002
                }

                cases.Add(new Case(kind.Name + shape + "Async", kind, shape, Examples(kind, shape).ToArray()));
            }
        }

        return cases;
    }

    private static string ReturnType(Case c) => c.Shape switch
    {
        Shape.Task => $"Task<{c.Kind.Type}>",
        Shape.Result => $"Task<ChatResult<{c.Kind.Type}>>",
        Shape.Choices => $"Task<IReadOnlyList<{c.Kind.Type}>>",
        Shape.Items => $"IAsyncEnumerable<{c.Kind.Type}>",
        Shape.ChatStream => $"ChatStream<{c.Kind.Type}>",
        _ => $"PartialStream<{c.Kind.Type}>",
    };

    /// <summary>The probe's call of one method: the reply scripted, the value read back written with the client's options.</summary>
    private static string Call(Case c) => c.Shape switch
    {
        Shape.Task => $"var t = new ScriptedTransport().Reply(reply); var v = await ((IShots)new IShots.Client(t)).{c.Method}(\"q\"); return new[] {{ t.Requests[0].Body, Write(v) }};",
        Shape.Result => $"var t = new ScriptedTransport().Reply(reply); var v = (await ((IShots)new IShots.Client(t)).{c.Method}(\"q\")).Value; return new[] {{ t.Requests[0].Body, Write(v) }};",
        Shape.Choices => $"var t = new ScriptedTransport().ReplyChoices(reply, reply); var v = await ((IShots)new IShots.Client(t)).{c.Method}(\"q\"); return new[] {{ t.Requests[0].Body, Write(v[0]), Write(v[1]) }};",
        Shape.Items or Shape.ChatStream => $"var t = new ScriptedTransport().Stream(reply); var v = new List<{c.Kind.Type}>(); await foreach (var x in ((IShots)new IShots.Client(t)).{c.Method}(\"q\")) v.Add(x); return new[] {{ t.Requests[0].Body, Write(v) }};",
        _ => $"var t = new ScriptedTransport().Stream(reply); var s = ((IShots)new IShots.Client(t)).{c.Method}(\"q\"); await foreach (var _ in s) {{ }} return new[] {{ t.Requests[0].Body, Write(s.Value) }};",
    };

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Source(List<Case> cases)
    {
        var source = new StringBuilder("""
            using System;
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Text.Json.Nodes;
            using System.Text.Json.Serialization;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;
            using PromptGen.Testing;

            namespace Shots;

            public sealed record Item(int A);
            public sealed record Boxed(int Value);
            public sealed record Bag(List<int> Items);
            public enum Mood { Happy, Sad }
            [JsonDerivedType(typeof(Circle), "circle")]
            public abstract record Shape;
            public sealed record Circle(double R) : Shape;
            public sealed record Tree(string Name, List<Tree> Children);
            public sealed class Open { public int Id { get; set; } [JsonExtensionData] public Dictionary<string, JsonElement>? More { get; set; } }
            [JsonConverter(typeof(CelsiusConverter))]
            public readonly record struct Celsius(double Degrees);
            public sealed class CelsiusConverter : JsonConverter<Celsius>
            {
                public override Celsius Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                    new(double.Parse(reader.GetString()!.TrimEnd('C'), System.Globalization.CultureInfo.InvariantCulture));
                public override void Write(Utf8JsonWriter writer, Celsius value, JsonSerializerOptions options) =>
                    writer.WriteStringValue(value.Degrees.ToString(System.Globalization.CultureInfo.InvariantCulture) + "C");
            }

            [PromptClient]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            public partial interface IShots
            {

            """);
        foreach (var c in cases)
        {
            var index = 0;
            foreach (var (written, _, _) in c.Examples)
            {
                source.Append("    [FewShot(\"q").Append(++index).Append("\", ").Append(Literal(written)).Append(")]\n");
            }

            source.Append(c.Shape == Shape.Choices ? "    [Choices(2)]\n" : "")
                .Append("    [UserPrompt(\"{{ q }}\")]\n")
                .Append("    ").Append(ReturnType(c)).Append(' ').Append(c.Method).Append("(string q, CancellationToken cancellationToken = default);\n\n");
        }

        source.Append("""
            }

            public static class Probe
            {
                private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

                private static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

                public static async Task<string[]> Call(string method, string reply)
                {
                    switch (method)
                    {

            """);
        foreach (var c in cases)
        {
            source.Append("            case \"").Append(c.Method).Append("\": { ").Append(Call(c)).Append(" }\n");
        }

        source.Append("""
                        default: throw new ArgumentException(method);
                    }
                }
            }
            """);
        return source.ToString();
    }

    private static bool SameJson(string expected, string actual) =>
        Node.DeepEquals(Node.Parse(expected), Node.Parse(actual));

    [Fact]
    public async Task EveryShapeAndKindSendsItsFewShotsAsTheReplySchemaAcceptsAndTheClientReadsThemBackAsMeant()
    {
        var cases = Cases();
        var source = Source(cases);

        // The build: no PromptGen diagnostic at all (every example is read as meant, so none is refused).
        var diagnostics = await GeneratedApp.AnalyzeAsync(source, "Shots", DiagnosticSeverity.Info);
        Assert.Empty(diagnostics.Where(d => d.Id != "PG0028").Select(GeneratorHarness.Describe));

        var probe = GeneratedApp.Load(GeneratedApp.Compile(source, "Shots")).GetType("Shots.Probe")!.GetMethod("Call")!;
        async Task<string[]> Run(string method, string reply) => await (Task<string[]>)probe.Invoke(null, new object[] { method, reply })!;

        var failures = new List<string>();
        foreach (var c in cases)
        {
            // Any reply the schema accepts will do for the first call; its request carries the few-shots as sent.
            var first = await Run(c.Method, c.Examples[0].Sent);
            using var body = JsonDocument.Parse(first[0]);
            var sent = body.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("role").GetString() == "assistant").Select(m => m.GetProperty("content").GetString()!).ToArray();
            if (!body.RootElement.TryGetProperty("response_format", out var format) || !format.TryGetProperty("json_schema", out var jsonSchema))
            {
                failures.Add($"{c.Method}: the request has no json_schema response_format: {first[0]}");
                continue;
            }

            var schema = jsonSchema.GetProperty("schema");

            // (1) Exactly the expected wire texts, in order.
            var expected = c.Examples.Select(e => e.Sent).ToArray();
            if (!expected.SequenceEqual(sent))
            {
                failures.Add($"{c.Method} ({ReturnType(c)}): sent [{string.Join(" | ", sent)}], expected [{string.Join(" | ", expected)}]");
                continue;
            }

            foreach (var (written, wire, means) in c.Examples)
            {
                // (2) What the schema accepts.
                using var value = JsonDocument.Parse(wire);
                var errors = JsonSchemaValidator.Validate(schema, value.RootElement);
                if (errors.Count > 0)
                {
                    failures.Add($"{c.Method}: {wire} (written {written}) is refused by its schema {schema.GetRawText()}: {string.Join("; ", errors)}");
                    continue;
                }

                // (3) Read back by the client as the value the example meant.
                var read = await Run(c.Method, wire);
                foreach (var back in read.Skip(1))
                {
                    if (!SameJson(means, back))
                    {
                        failures.Add($"{c.Method}: {written} is sent as {wire}, which the client reads as {back}, not {means}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Kinds.Length * 5 + Kinds.Count(k => k.Partial) - 2 * Kinds.Count(k => !k.Items), cases.Count);
    }
}
