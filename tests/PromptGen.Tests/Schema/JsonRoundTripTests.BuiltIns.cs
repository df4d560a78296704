using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// BCL types System.Text.Json reads and writes with a built-in converter of their own (not by its general object
/// rules): what it writes fits as a [FewShot] reply, passes the generated schema and reads back equal through the
/// generated client and the generated tool dispatcher, and what it refuses is refused by the few-shot check and the run
/// time alike, with PromptGen's own message.
/// </summary>
public partial class JsonRoundTripTests
{
    private const string PairsApp = """"
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;
        using PromptGen.Testing;

        namespace Pairs;

        public sealed record Ranked(KeyValuePair<string, int> Top, List<KeyValuePair<string, KeyValuePair<int, bool>>> Nested, KeyValuePair<string, double>? Maybe);

        [PromptClient]
        public partial interface IPairs
        {
            /*FEWSHOTS_RANKED*/
            [UserPrompt("{{ q }}")]
            Task<Ranked> RankedAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_PAIR*/
            [UserPrompt("{{ q }}")]
            Task<KeyValuePair<string, int>> PairAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_LIST*/
            [UserPrompt("{{ q }}")]
            Task<List<KeyValuePair<string, int>>> ListAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_TABLE*/
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            [UserPrompt("{{ q }}")]
            Task<System.Collections.Hashtable> TableAsync(string q, CancellationToken cancellationToken = default);

            [UserPrompt("{{ q }}")]
            Task<string> AskAsync(string q, IPairTools tools, CancellationToken cancellationToken = default);
        }

        [PromptTools]
        public interface IPairTools
        {
            /// <summary>The best of the pairs.</summary>
            KeyValuePair<string, int> Best(KeyValuePair<string, int> first, List<KeyValuePair<string, int>> others);
        }

        public sealed class PairTools : IPairTools
        {
            public KeyValuePair<string, int> Best(KeyValuePair<string, int> first, List<KeyValuePair<string, int>> others)
            {
                foreach (var other in others)
                {
                    if (other.Value > first.Value)
                    {
                        first = other;
                    }
                }

                return first;
            }
        }

        public static class Probe
        {
            public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

            public static string Ranked() => JsonSerializer.Serialize(new Ranked(new("a", 1), new() { new("b", new(2, true)) }, new("c", 1.5)), Options);

            public static string Pair() => JsonSerializer.Serialize(new KeyValuePair<string, int>("a", 1), Options);

            public static string Table() => JsonSerializer.Serialize(new System.Collections.Hashtable { ["a"] = 1 }, Options);

            public static string List() => JsonSerializer.Serialize(new List<KeyValuePair<string, int>> { new("a", 1), new("b", 2) }, Options);

            /// <summary>The reply through the generated client, written again; and the request's schema.</summary>
            public static async Task<string[]> Through(string method, string reply)
            {
                var transport = new ScriptedTransport().Reply(reply);
                IPairs client = new IPairs.Client(transport);
                object value = method switch
                {
                    "Ranked" => (object)await client.RankedAsync("x"),
                    "Pair" => await client.PairAsync("x"),
                    "Table" => await client.TableAsync("x"),
                    _ => await client.ListAsync("x"),
                };
                return new[] { JsonSerializer.Serialize(value, value.GetType(), Options), transport.Requests[0].Body };
            }

            /// <summary>The tool call through the generated dispatcher: the text sent back, and whether it failed.</summary>
            public static async Task<string[]> Call(string arguments)
            {
                var result = await new PairToolsDispatcher(new PairTools()).InvokeAsync("best", arguments);
                return new[] { result.Content, result.Failed ? "failed" : "ok", PairToolsDispatcher.Tools[0].Parameters.GetRawText() };
            }
        }
        """";

    [Fact]
    public async Task KeyValuePairsAndNonGenericDictionariesAreReadAsSystemTextJsonsBuiltInConvertersReadThem()
    {
        var probe = Load(Compile(PairsApp)).GetType("Pairs.Probe")!;
        string Written(string method) => (string)probe.GetMethod(method)!.Invoke(null, null)!;
        var good = new Dictionary<string, string> { ["Ranked"] = Written("Ranked"), ["Pair"] = Written("Pair"), ["List"] = Written("List"), ["Table"] = Written("Table") };
        Assert.Equal("""{"key":"a","value":1}""", good["Pair"]); // the converter's names under the naming policy

        // Replies System.Text.Json reads wrongly or not at all: the Key/Value names of no naming policy (read as {} with
        // PropertyNameCaseInsensitive off; here they are read in any case, so an unknown name stands in), a missing value,
        // a value of the wrong type, null for a pair.
        var wrong = new (string Method, string Reply, string Error)[]
        {
            ("Pair", """{"key":"a"}""", "$.value: required property is missing."),
            ("Pair", """{"key":"a","value":"one"}""", "$.value: expected an integer, got \"one\"."),
            ("Pair", """{"k":"a","value":1}""", "$.key: required property is missing. | $.k: no such property is allowed here."),
            ("List", """{"value":[{"key":"a","value":null}]}""", "$.value[0].value: expected an integer, got null."),
            ("Table", """[1]""", "$: expected an object, got an array."),
            ("Ranked", """{"top":null,"nested":[],"maybe":null}""", "$.top: expected an object, got null."),
            ("Ranked", """{"top":{"key":"a","value":1},"nested":[{"key":"b","value":{"key":true,"value":true}}],"maybe":null}""", "$.nested[0].value.key: expected an integer, got true."),
        };

        // (1) The build: what System.Text.Json writes fits as a few-shot reply (no PG0050, no PG0062/PG0063 for the tool); the wrong ones do not.
        var source = PairsApp;
        foreach (var method in good.Keys)
        {
            var replies = wrong.Where(w => w.Method == method).Select(w => w.Reply).Prepend(good[method]);
            source = source.Replace($"/*FEWSHOTS_{method.ToUpperInvariant()}*/", string.Join("\n    ", replies.Select(reply => $"[FewShot(\"q\", {Literal(reply)})]")));
        }

        var diagnostics = await AnalyzeAsync(source);
        Assert.Empty(diagnostics.Where(d => d.Id != "PG0027").Select(GeneratorHarness.Describe));
        var flagged = diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToHashSet();
        var lines = source.Split('\n');
        foreach (var (reply, bad) in good.Values.Select(g => (g, false)).Concat(wrong.Select(w => (w.Reply, true))))
        {
            var line = Array.FindIndex(lines, l => l.Contains(Literal(reply), StringComparison.Ordinal));
            Assert.True(line >= 0, reply);
            Assert.True(flagged.Contains(line) == bad, $"the few-shot check {(bad ? "accepts" : "refuses")} {reply}: {string.Join("; ", diagnostics.Select(GeneratorHarness.Describe))}");
        }

        // (2) The run time: each good reply reads back equal, under the schema of an object of key and value.
        Task<string[]> Through(string method, string reply) => (Task<string[]>)probe.GetMethod("Through")!.Invoke(null, new object[] { method, reply })!;
        foreach (var (method, reply) in good)
        {
            var result = await Through(method, reply);
            Assert.Equal(reply, result[0]);
            if (method == "Pair")
            {
                var schema = JsonNode.Parse(result[1])!["response_format"]!["json_schema"]!["schema"]!;
                Assert.Equal(
                    """{"type":"object","properties":{"key":{"type":"string"},"value":{"type":"integer"}},"required":["key","value"],"additionalProperties":false}""",
                    schema.ToJsonString());
            }
        }

        foreach (var (method, reply, expected) in wrong)
        {
            var error = await Assert.ThrowsAsync<PromptFormatException>(() => Through(method, reply));
            Assert.Equal(expected, string.Join(" | ", error.Errors));
        }

        // (3) The tool dispatcher reads pairs as arguments and writes one as the result.
        Task<string[]> Call(string arguments) => (Task<string[]>)probe.GetMethod("Call")!.Invoke(null, new object[] { arguments })!;
        var called = await Call("""{"first":{"key":"a","value":1},"others":[{"key":"b","value":3},{"key":"c","value":2}]}""");
        Assert.Equal(new[] { """{"key":"b","value":3}""", "ok" }, called.Take(2));
        Assert.Contains("\"first\":{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"},\"value\":{\"type\":\"integer\"", called[2], StringComparison.Ordinal);
        var refused = await Call("""{"first":{"key":"a"},"others":[]}""");
        Assert.Equal(new[] { "Error: the arguments of best do not fit its parameters: $.first.value: required property is missing. Call best again with corrected arguments.", "failed" }, refused.Take(2));
    }

    /// <summary>
    /// A dictionary keyed by a nullable struct (<c>int?</c>, <c>Guid?</c>): System.Text.Json has no property-name form for
    /// <c>Nullable&lt;T&gt;</c> and throws NotSupportedException writing or reading it, so the build refuses it wherever
    /// it appears (a reply, a tool parameter, a tool result) instead of a client whose every call throws.
    /// </summary>
    [Fact]
    public async Task ADictionaryKeyedByANullableStructIsRefusedAtBuildTimeAsSystemTextJsonRefusesIt()
    {
#pragma warning disable CS8714 // the point: a nullable key type
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Dictionary<int?, int> { [1] = 1 }));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<Dictionary<Guid?, int>>("""{"6f9619ff-8b86-d011-b42d-00cf4fc964ff":1}"""));
#pragma warning restore CS8714

        const string App = """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            namespace Keys;

            [PromptClient]
            public partial interface IKeys
            {
                [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
                [UserPrompt("{{ q }}")]
                Task<Dictionary<int?, string>> CountsAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")]
                Task<string> AskAsync(string q, IKeyTools tools, CancellationToken cancellationToken = default);
            }

            [PromptTools]
            public interface IKeyTools
            {
                /// <summary>Counts.</summary>
                int Count(Dictionary<Guid?, int> seen);

                /// <summary>Seen.</summary>
                Dictionary<int?, int> Seen();
            }
            """;
        Assert.Equal(
            string.Join("\n", new[]
            {
                "PG0050 Error 'Task<Dictionary<int?, string>>': The reply of 'CountsAsync' cannot be described in json_schema: the reply is a dictionary keyed by 'int?', which System.Text.Json cannot read from a JSON property name; key it by string, a number, an enum, a Guid, a date or time, char, bool, Uri or Version",
                "PG0062 Error 'seen': The parameters of tool 'Count' cannot be described as JSON Schema: parameter 'seen' is a dictionary keyed by 'Guid?', which System.Text.Json cannot read from a JSON property name; key it by string, a number, an enum, a Guid, a date or time, char, bool, Uri or Version",
                "PG0063 Error 'Dictionary<int?, int>': The result of tool 'Seen' cannot be sent to the model: 'Dictionary<int?, int>' is a dictionary keyed by 'int?', which System.Text.Json cannot write as a JSON property name; key it by string, a number, an enum, a Guid, a date or time, char, bool, Uri or Version",
            }),
            string.Join("\n", (await AnalyzeAsync(App)).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal)));
    }

    /// <summary>
    /// A tuple (fields only) as a tool parameter: System.Text.Json reads none of its fields, so the tool would always
    /// receive it empty. PG0062 says so in a parameter's words (it used to speak of "every reply"); the same type as a
    /// reply keeps the reply's words.
    /// </summary>
    [Fact]
    public async Task ATypeSystemTextJsonReadsNoMemberOfIsReportedInTheWordsOfWhereItSits()
    {
        Assert.Equal("{}", JsonSerializer.Serialize((A: 1, B: "x")));

        const string App = """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            namespace Empty;

            [PromptClient]
            public partial interface IEmpty
            {
                [UserPrompt("{{ q }}")]
                Task<(int A, string B)> PairAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")]
                Task<string> AskAsync(string q, IEmptyTools tools, CancellationToken cancellationToken = default);
            }

            [PromptTools]
            public interface IEmptyTools
            {
                /// <summary>Uses a pair.</summary>
                int Use((int A, string B) pair);
            }
            """;
        Assert.Equal(
            string.Join("\n", new[]
            {
                "PG0050 Error 'Task<(int A, string B)>': The reply of 'PairAsync' cannot be described in json_schema strict mode: '(int A, string B)' has no property System.Text.Json reads (a tuple's fields are not), so every reply would come back empty; return a record with properties",
                "PG0062 Error 'pair': The parameters of tool 'Use' cannot be described as JSON Schema: parameter 'pair' is '(int A, string B)', which has no property System.Text.Json reads (a tuple's fields are not), so the tool would always receive it empty; take a record with properties",
            }),
            string.Join("\n", (await AnalyzeAsync(App)).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal)));
    }

    /// <summary>
    /// A polymorphic tool argument System.Text.Json would refuse goes back to the model with PromptGen's own located
    /// message (the dispatcher checks the arguments by the same rules as replies), not System.Text.Json's exception text.
    /// </summary>
    [Fact]
    public async Task APolymorphicToolArgumentSystemTextJsonWouldRefuseGetsPromptGensOwnLocatedMessage()
    {
        const string App = """
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using PromptGen;

            namespace PolyTools;

            [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
            [JsonDerivedType(typeof(Circle), "circle")]
            [JsonDerivedType(typeof(Square), "square")]
            public abstract class Shape { }
            public sealed class Circle : Shape { public double R { get; set; } }
            public sealed class Square : Shape { public double Side { get; set; } }

            [PromptTools]
            public interface IShapeTools
            {
                /// <summary>The area of a shape.</summary>
                double Area(Shape shape);
            }

            public sealed class ShapeTools : IShapeTools
            {
                public double Area(Shape shape) => shape is Square square ? square.Side * square.Side : 3 * ((Circle)shape).R * ((Circle)shape).R;
            }

            public static class Probe
            {
                public static async Task<string> Call(string arguments) => (await new ShapeToolsDispatcher(new ShapeTools()).InvokeAsync("area", arguments)).ToString();
            }
            """;
        var call = Load(Compile(App)).GetType("PolyTools.Probe")!.GetMethod("Call")!;
        Task<string> Call(string arguments) => (Task<string>)call.Invoke(null, new object[] { arguments })!;

        Assert.Equal("4", await Call("""{"shape":{"kind":"square","side":2}}"""));
        Assert.Equal(
            "failed: Error: the arguments of area do not fit its parameters: $.shape: the discriminator \"kind\" must come first (it comes after \"side\"); System.Text.Json reads it only as the first property. Call area again with corrected arguments.",
            await Call("""{"shape":{"side":2,"kind":"square"}}"""));
        Assert.Equal(
            "failed: Error: the arguments of area do not fit its parameters: $.shape: the discriminator \"kind\" appears twice; System.Text.Json reads it once. Call area again with corrected arguments.",
            await Call("""{"shape":{"kind":"square","kind":"square","side":2}}"""));
    }

    /// <summary>
    /// How messages name a member (one rule for PG0027's rules and PG0063): the C# member the user edits, and where its JSON
    /// name differs from it other than in case, the JSON name too. Under the default camelCase policy 'Rating.Stars' alone.
    /// </summary>
    [Fact]
    public async Task MessagesNameTheCSharpMemberAndItsJsonNameWhereTheyDiffer()
    {
        const string App = """"
            using System.ComponentModel.DataAnnotations;
            using System.Text.Json.Serialization;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            namespace Naming;

            public sealed class Rating
            {
                [JsonPropertyName("stars_count")] [Range(1, 5)] public int Stars { get; set; }
                [Range(0, 1)] public double Weight { get; set; }
            }

            public sealed class Dup { public int A { get; set; } [JsonPropertyName("a")] public int B { get; set; } }
            public sealed class Box { [JsonPropertyName("x_inner")] public Dup? Inner { get; set; } }
            public sealed class Crate { public Dup? Inner { get; set; } }

            [PromptClient]
            public partial interface INaming
            {
                [FewShot("q", """{"stars_count":9,"weight":2}""")]
                [UserPrompt("{{ q }}")]
                Task<Rating> RateAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")]
                Task<string> AskAsync(string q, IBoxTools tools, CancellationToken cancellationToken = default);
            }

            [PromptTools]
            public interface IBoxTools
            {
                /// <summary>A box.</summary>
                Box Open();

                /// <summary>A crate.</summary>
                Crate Unpack();
            }
            """";
        const string Why = "a type whose members 'A' and 'B' both have the JSON name 'a' under the CamelCase naming policy, which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it";
        Assert.Equal(
            string.Join("\n", new[]
            {
                "PG0027 Error '2': This [FewShot] reply does not fit 'Rating': 2 is more than the maximum 1 ([Range] on 'Rating.Weight')",
                "PG0027 Error '9': This [FewShot] reply does not fit 'Rating': 9 is more than the maximum 5 ([Range] on 'Rating.Stars' (JSON \"stars_count\"))",
                "PG0063 Error 'Box': The result of tool 'Open' cannot be sent to the model: 'x_inner' (the C# member 'Box.Inner') is 'Dup?', " + Why,
                "PG0063 Error 'Crate': The result of tool 'Unpack' cannot be sent to the model: 'inner' is 'Dup?', " + Why,
            }),
            string.Join("\n", (await AnalyzeAsync(App)).Where(d => d.Id is "PG0027" or "PG0063").Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal)));
    }
}
