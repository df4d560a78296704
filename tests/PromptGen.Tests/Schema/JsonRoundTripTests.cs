using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// Every kind of type System.Text.Json treats specially, round-tripped through the three readers of the JSON contract:
/// what System.Text.Json writes for a populated value (1) fits as a [FewShot] reply (no PG0027), (2) passes the
/// generated schema in the runtime validator and (3) reads back equal through the generated client. Each wrong value
/// is refused by both the few-shot check and the run time. The application is compiled against the running .NET
/// (so .NET 9+ attributes such as [JsonStringEnumMemberName] are real), loaded, and called.
/// </summary>
public partial class JsonRoundTripTests
{
    private const string Source = """"
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;
        using PromptGen.Testing;

        namespace Kinds;

        public enum Size { Small, [JsonStringEnumMemberName("extra-large")] ExtraLarge }

        [JsonConverter(typeof(CelsiusConverter))]
        public readonly record struct Celsius(double Degrees);

        public sealed class CelsiusConverter : JsonConverter<Celsius>
        {
            public override Celsius Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                new(double.Parse(reader.GetString()!.TrimEnd('C'), System.Globalization.CultureInfo.InvariantCulture));
            public override void Write(Utf8JsonWriter writer, Celsius value, JsonSerializerOptions options) =>
                writer.WriteStringValue(value.Degrees.ToString(System.Globalization.CultureInfo.InvariantCulture) + "C");
        }

        public sealed class UpperConverter : JsonConverter<string>
        {
            public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!.ToLowerInvariant();
            public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
        }

        /// <summary>The kinds json_schema strict mode can describe.</summary>
        public sealed class Scalars
        {
            public required string Name { get; init; }
            [JsonRequired] public int Must { get; set; }
            public string Initialised { get; init; } = "";
            [JsonPropertyName("x_renamed")] public string Renamed { get; set; } = "";
            public TimeSpan Duration { get; set; }
            public DateOnly Day { get; set; }
            public TimeOnly Time { get; set; }
            public DateTime At { get; set; }
            public DateTimeOffset Stamp { get; set; }
            public Half Half { get; set; }
            public Int128 Big { get; set; }
            public UInt128 Huge { get; set; }
            public Guid Id { get; set; }
            public Uri? Link { get; set; }
            public Version Version { get; set; } = new(1, 0);
            public char Grade { get; set; }
            public decimal Price { get; set; }
            public byte[] Bytes { get; set; } = Array.Empty<byte>();
            public Memory<byte> Memory { get; set; }
            public ReadOnlyMemory<byte> ReadOnlyMemory { get; set; }
            public Size Size { get; set; }
            public Size? NoSize { get; set; }
            public int? Missing { get; set; }
            [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] public int Counted { get; set; }
        }

        /// <summary>The kinds only non-strict modes can describe.</summary>
        public sealed class Everything
        {
            public JsonElement Element { get; set; }
            public JsonNode? Node { get; set; }
            public JsonObject? Object { get; set; }
            public JsonArray? Array { get; set; }
            public JsonDocument? Document { get; set; }
            public object? Anything { get; set; }
            public Celsius Temperature { get; set; }
            [JsonConverter(typeof(UpperConverter))] public string Code { get; set; } = "";
            public Dictionary<string, int> Counts { get; set; } = new();
            public Memory<int> Numbers { get; set; }
            [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
        }

        [PromptClient]
        public partial interface IKinds
        {
            /*FEWSHOTS_SCALARS*/
            [UserPrompt("Read {{ text }}")]
            Task<Scalars> ScalarsAsync(string text, CancellationToken cancellationToken = default);

            /*FEWSHOTS_EVERYTHING*/
            [UserPrompt("Read {{ text }}")]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            Task<Everything> EverythingAsync(string text, CancellationToken cancellationToken = default);
        }

        public static class Probe
        {
            /// <summary>PromptGen's reflection options: web defaults and string enums.</summary>
            public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

            public static string Scalars() => JsonSerializer.Serialize(new Scalars
            {
                Name = "Ann",
                Must = 7,
                Initialised = "init",
                Renamed = "renamed",
                Duration = new TimeSpan(1, 2, 3, 4, 5),
                Day = new DateOnly(2026, 11, 24),
                Time = new TimeOnly(17, 45, 30, 250),
                At = new DateTime(2026, 11, 22, 8, 30, 0, DateTimeKind.Utc),
                Stamp = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1)),
                Half = (Half)1.5,
                Big = Int128.MaxValue,
                Huge = UInt128.MaxValue,
                Id = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
                Link = new Uri("https://example.com/a?b=c"),
                Version = new Version(1, 2, 3, 4),
                Grade = 'A',
                Price = 12.5m,
                Bytes = new byte[] { 1, 2, 3 },
                Memory = new byte[] { 4, 5 },
                ReadOnlyMemory = new byte[] { 6 },
                Size = Size.ExtraLarge,
                NoSize = null,
                Missing = null,
                Counted = 5,
            }, Options);

            public static string Everything()
            {
                using var document = JsonDocument.Parse("""{"d":[1,2]}""");
                return JsonSerializer.Serialize(new Everything
                {
                    Element = JsonDocument.Parse("""{"a":[1,true,null]}""").RootElement,
                    Node = JsonNode.Parse("[1,\"two\"]"),
                    Object = new JsonObject { ["k"] = 1 },
                    Array = new JsonArray(1, 2),
                    Document = document,
                    Anything = 42,
                    Temperature = new Celsius(21.5),
                    Code = "abc",
                    Counts = new() { ["a"] = 1 },
                    Numbers = new[] { 1, 2, 3 },
                    Extra = new() { ["unknown"] = JsonDocument.Parse("true").RootElement },
                }, Options);
            }

            /// <summary>Replies <paramref name="reply"/> through the generated client: the value written again, and the request's schema.</summary>
            public static async Task<string[]> ScalarsThroughClient(string reply)
            {
                var transport = new ScriptedTransport().Reply(reply);
                IKinds client = new IKinds.Client(transport);
                var value = await client.ScalarsAsync("x");
                return new[] { JsonSerializer.Serialize(value, Options), transport.Requests[0].Body };
            }

            public static async Task<string[]> EverythingThroughClient(string reply)
            {
                var transport = new ScriptedTransport().Reply(reply);
                IKinds client = new IKinds.Client(transport);
                var value = await client.EverythingAsync("x");
                return new[] { JsonSerializer.Serialize(value, Options), transport.Requests[0].Body };
            }
        }
        """";

    /// <summary>Wrong values, one per kind: the few-shot check and the run time must both refuse each.</summary>
    private static readonly (string Method, string Property, string Json)[] WrongValues =
    {
        ("Scalars", "version", """{"major":1}"""),
        ("Scalars", "duration", "\"5 minutes\""),
        ("Scalars", "day", "\"24/11/2026\""),
        ("Scalars", "time", "\"5pm\""),
        ("Scalars", "at", "\"yesterday\""),
        ("Scalars", "id", "\"not-a-guid\""),
        ("Scalars", "bytes", "\"***\""),
        ("Scalars", "memory", "[4,5]"),
        ("Scalars", "size", "\"ExtraLarge\""),
        ("Scalars", "size", "1"),
        ("Scalars", "big", "\"12x\""),
        ("Scalars", "half", "true"),
        ("Scalars", "counted", "\"five\""),
        ("Scalars", "grade", "\"AB\""),
        ("Scalars", "must", null!),
        ("Scalars", "name", null!),
        ("Everything", "object", "[1]"),
        ("Everything", "array", """{"a":1}"""),
        ("Everything", "counts", """{"a":"x"}"""),
        ("Everything", "numbers", "\"1,2\""),
    };

    [Fact]
    public async Task EveryKindRoundTripsThroughSchemaValidatorAndSystemTextJson()
    {
        var probe = Load(Compile(Source)).GetType("Kinds.Probe")!;
        var good = new Dictionary<string, string>
        {
            ["Scalars"] = (string)probe.GetMethod("Scalars")!.Invoke(null, null)!,
            ["Everything"] = (string)probe.GetMethod("Everything")!.Invoke(null, null)!,
        };
        Assert.Contains("\"size\":\"extra-large\"", good["Scalars"]);
        Assert.Contains("\"counted\":\"5\"", good["Scalars"]);

        // (1) What System.Text.Json writes fits as a few-shot reply; each wrong value does not.
        var wrong = WrongValues.Select(w => (w.Method, w.Property, Reply: Replace(good[w.Method], w.Property, w.Json))).ToList();
        var withFewShots = Source
            .Replace("/*FEWSHOTS_SCALARS*/", FewShots(good["Scalars"], wrong.Where(w => w.Method == "Scalars").Select(w => w.Reply)))
            .Replace("/*FEWSHOTS_EVERYTHING*/", FewShots(good["Everything"], wrong.Where(w => w.Method == "Everything").Select(w => w.Reply)));
        var diagnostics = await AnalyzeAsync(withFewShots);
        Assert.Empty(diagnostics.Where(d => d.Id != "PG0027").Select(GeneratorHarness.Describe));
        var flaggedLines = diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToHashSet();
        var lines = withFewShots.Split('\n');
        foreach (var (method, property, reply) in wrong.Prepend((Method: "Scalars", Property: "", Reply: good["Scalars"])).Prepend((Method: "Everything", Property: "", Reply: good["Everything"])))
        {
            var line = Array.FindIndex(lines, l => l.Contains(Literal(reply), StringComparison.Ordinal));
            Assert.True(line >= 0, reply);
            Assert.True(flaggedLines.Contains(line) == (property.Length > 0), $"{method}.{property}: the few-shot check {(property.Length > 0 ? "accepts" : "refuses")} {reply}: {string.Join("; ", diagnostics.Select(GeneratorHarness.Describe))}");
        }

        // (2)+(3) The generated client validates and reads the good reply back equal; each wrong one is a PromptFormatException.
        foreach (var method in good.Keys)
        {
            var through = probe.GetMethod(method + "ThroughClient")!;
            var result = await (Task<string[]>)through.Invoke(null, new object[] { good[method] })!;
            Assert.Equal(good[method], result[0]);
            var schema = JsonNode.Parse(result[1])!["response_format"]!["json_schema"]!["schema"]!.AsObject();
            if (method == "Scalars")
            {
                StrictRules.Check(schema);
                var version = schema["properties"]!["version"]!;
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"string","pattern":"^\\d+(\\.\\d+){1,3}$","description":"a version as major.minor[.build[.revision]]"}"""), version), version.ToJsonString());
            }

            foreach (var (_, property, reply) in wrong.Where(w => w.Method == method))
            {
                var error = await Assert.ThrowsAsync<PromptFormatException>(() => (Task<string[]>)through.Invoke(null, new object[] { reply })!);
                Assert.NotEmpty(error.Errors);
                Assert.True(error.Errors.Any(e => e.Contains(property, StringComparison.OrdinalIgnoreCase) || e.Contains("base64", StringComparison.OrdinalIgnoreCase)), $"{method}.{property}: {string.Join(" ", error.Errors)}");
            }
        }
    }

    /// <summary>
    /// A [Flags] enum read by name whose renamed member contains a comma: System.Text.Json refuses it at run time (the
    /// comma separates the names of a combination), so the build says so (PG0050 at the return type) instead of a
    /// client whose first call fails; without [Flags] the same name is an ordinary enum value and works.
    /// </summary>
    [Fact]
    public async Task AFlagsEnumWithACommaInARenamedMemberIsRefusedAtBuildTimeAsSystemTextJsonRefusesItAtRunTime()
    {
        const string Template = """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            namespace Commas;

            /*FLAGS*/
            [JsonConverter(typeof(JsonStringEnumConverter<Perm>))]
            public enum Perm { None = 0, [JsonStringEnumMemberName("read,write")] ReadWrite = 1, Exec = 2 }

            public sealed record Grant(Perm Perm);

            [PromptClient]
            public partial interface IGrants
            {
                [UserPrompt("Grant: {{ text }}")]
                Task<Grant> GrantAsync(string text, CancellationToken cancellationToken = default);

                [UserPrompt("Check: {{ text }}")]
                Task<string> CheckAsync(string text, IPermTools tools, CancellationToken cancellationToken = default);
            }

            [PromptTools]
            public interface IPermTools
            {
                /// <summary>Whether a permission is held.</summary>
                bool Holds(Perm perm);

                /// <summary>The current permission.</summary>
                Perm Current();
            }

            public static class Probe
            {
                public static string Write() => JsonSerializer.Serialize(new Grant(Perm.ReadWrite));
            }
            """;

        // System.Text.Json's own verdict, on the running .NET.
        var flagged = Load(Compile(Template.Replace("/*FLAGS*/", "[Flags]"))).GetType("Commas.Probe")!.GetMethod("Write")!;
        var refused = Assert.IsType<InvalidOperationException>(Assert.Throws<TargetInvocationException>(() => flagged.Invoke(null, null)).InnerException);
        Assert.Contains("comma", refused.Message, StringComparison.OrdinalIgnoreCase);
        var plain = Load(Compile(Template.Replace("/*FLAGS*/", ""))).GetType("Commas.Probe")!.GetMethod("Write")!;
        Assert.Equal("""{"Perm":"read,write"}""", plain.Invoke(null, null));

        // PromptGen's: neither a [Flags] reply, nor a tool parameter or result, can be; the plain enum can.
        const string Why = "a [Flags] enum whose name 'read,write' contains a comma, which System.Text.Json refuses (a comma separates the names of a combination); rename the member without a comma";
        Assert.Equal(
            new[]
            {
                "PG0050 Error 'Task<Grant>': The reply of 'GrantAsync' cannot be described in json_schema strict mode: 'perm' is 'Perm', " + Why,
                "PG0062 Error 'perm': The parameters of tool 'Holds' cannot be described as JSON Schema: parameter 'perm' is 'Perm', " + Why,
                "PG0063 Error 'Perm': The result of tool 'Current' cannot be sent to the model: 'Perm' is " + Why,
            },
            (await AnalyzeAsync(Template.Replace("/*FLAGS*/", "[Flags]"))).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal));
        Assert.Empty((await AnalyzeAsync(Template.Replace("/*FLAGS*/", ""))).Select(GeneratorHarness.Describe));
    }

    /// <summary>The JSON with one property's value replaced (null: removed).</summary>
    private static string Replace(string json, string property, string? value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.True(node.ContainsKey(property), property);
        if (value is null)
        {
            node.Remove(property);
        }
        else
        {
            node[property] = JsonNode.Parse(value);
        }

        return node.ToJsonString();
    }

    private static string FewShots(string good, IEnumerable<string> wrong) =>
        string.Join("\n    ", wrong.Prepend(good).Select(reply => $"[FewShot(\"q\", {Literal(reply)})]"));

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static Compilation Compile(string source) => GeneratedApp.Compile(source, "Kinds");

    private static Assembly Load(Compilation compilation) => GeneratedApp.Load(compilation);

    private static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source) => GeneratedApp.AnalyzeAsync(source, "Kinds", DiagnosticSeverity.Error);
}
