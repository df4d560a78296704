using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// The one JSON contract model: the schema, the few-shot check (PG0027) and the deserialiser read a type the same way —
/// under the JsonContext's naming policy and case rules, and with System.Text.Json's built-in converters' shapes.
/// </summary>
public class JsonContractTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        public sealed record Person(string FirstName);

        """;

    /// <summary>A context the harness can compile without System.Text.Json's own generator.</summary>
    private static string Context(string options, string registered = "Person") => $$"""
        {{options}}
        [JsonSerializable(typeof({{registered}}))]
        public sealed partial class SnakeContext : JsonSerializerContext
        {
            public SnakeContext() : base(null) { }
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }

        """;

    private static Task<string[]> FewShotAsync(string reply, string options, string client = "[PromptClient(JsonContext = typeof(SnakeContext))]") =>
        GeneratorHarness.PromptDiagnosticsAsync(Usings + Context(options) + client + $$$""""

            public partial interface IPeople
            {
                [FewShot("Ann", """{{{reply}}}""")]
                [UserPrompt("Who: {{ text }}")]
                Task<Person> FindAsync(string text, CancellationToken cancellationToken = default);
            }
            """");

    private const string Snake = "[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]";

    [Fact]
    public async Task ASnakeCaseContextsNamesFitTheFewShot()
    {
        Assert.Empty(await FewShotAsync("""{"first_name":"Ann"}""", Snake));
    }

    [Fact]
    public async Task UnderASnakeCaseContextTheCamelCaseNameIsTheUnknownOne()
    {
        var diagnostics = await FewShotAsync("""{"firstName":"Ann"}""", Snake);

        Assert.Equal(new[]
        {
            "PG0027 Error '{': This [FewShot] reply does not fit 'Person': the reply requires 'first_name', which is missing",
            "PG0027 Error '\"firstName\"': This [FewShot] reply does not fit 'Person': 'Person' has no property 'firstName' (it has 'first_name')",
        }, diagnostics);
    }

    [Fact]
    public async Task NamesMatchInAnyCaseOnlyUnderPropertyNameCaseInsensitive()
    {
        var sensitive = await FewShotAsync("""{"FIRST_NAME":"Ann"}""", Snake);
        var insensitive = await FewShotAsync("""{"FIRST_NAME":"Ann"}""", "[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true)]");
        var reflection = await FewShotAsync("""{"FirstName":"Ann"}""", Snake, client: "[PromptClient]");

        Assert.Equal(new[]
        {
            "PG0027 Error '{': This [FewShot] reply does not fit 'Person': the reply requires 'first_name', which is missing",
            "PG0027 Error '\"FIRST_NAME\"': This [FewShot] reply does not fit 'Person': 'Person' has no property 'FIRST_NAME' (it has 'first_name')",
        }, sensitive);
        Assert.Empty(insensitive);
        Assert.Empty(reflection); // PromptGen's reflection options are the web defaults: case-insensitive.
    }

    [Fact]
    public void TheSchemaSentUsesTheContextsNames()
    {
        var run = GeneratorHarness.Run(Usings + Context(Snake) + """
            [PromptClient(JsonContext = typeof(SnakeContext))]
            public partial interface IPeople
            {
                [UserPrompt("Who: {{ text }}")]
                Task<Person> FindAsync(string text, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Contains("""schema: "{\"type\":\"object\",\"properties\":{\"first_name\":{\"type\":\"string\"}},\"required\":[\"first_name\"],\"additionalProperties\":false}",""", run.GeneratedSource("IPeople.g.cs"));
    }

    [Fact]
    public async Task NumbersInStringsFitOnlyWhereSystemTextJsonReadsThem()
    {
        const string Types = "public sealed class Count { public int N { get; set; } [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public int M { get; set; } }\n";
        string Source(string options) => Usings + Types + Context(options, "Count") + """"
            [PromptClient(JsonContext = typeof(SnakeContext))]
            public partial interface ICounts
            {
                [FewShot("two", """{"n":"2","m":"3"}""")]
                [UserPrompt("Count: {{ text }}")]
                Task<Count> CountAsync(string text, CancellationToken cancellationToken = default);
            }
            """";

        var strict = await GeneratorHarness.PromptDiagnosticsAsync(Source("[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]"));
        var lenient = await GeneratorHarness.PromptDiagnosticsAsync(Source("[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]"));

        Assert.Equal(new[] { "PG0027 Error '\"2\"': This [FewShot] reply does not fit 'Count': a string cannot be read as 'int', which expects a number" }, strict);
        Assert.Empty(lenient);
    }

    [Fact]
    public async Task FewShotsAreCheckedForWhatTheRunTimeChecks()
    {
        const string Types = """
            public enum Size { Small, Large }
            public sealed class Spec
            {
                public required string Id { get; init; }
                public Version Version { get; set; } = new(1, 0);
                public TimeSpan Window { get; set; }
                public DateOnly Due { get; set; }
                public Guid Reference { get; set; }
                public byte[] Data { get; set; } = Array.Empty<byte>();
                public char Grade { get; set; }
                public Size Size { get; set; }
            }

            """;
        var diagnostics = await GeneratorHarness.PromptDiagnosticsAsync(Usings + Types + """"
            [PromptClient]
            public partial interface ISpecs
            {
                [FewShot("a", """{"version":{"major":1},"window":"5 minutes","due":"24/11/2026","reference":"x","data":"***","grade":"AB","size":"Huge"}""")]
                [FewShot("b", """{"id":"a","version":"1.2.3","window":"1.02:03:04","due":"2026-11-24","reference":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","data":"AQID","grade":"A","size":"Large"}""")]
                [UserPrompt("Spec: {{ text }}")]
                Task<Spec> ReadAsync(string text, CancellationToken cancellationToken = default);
            }
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '{': This [FewShot] reply does not fit 'Spec': the reply requires 'id', which is missing",
            "PG0027 Error '{\"major\":1}': This [FewShot] reply does not fit 'Spec': an object cannot be read as 'Version', which expects a string",
            "PG0027 Error '\"5 minutes\"': This [FewShot] reply does not fit 'Spec': \"5 minutes\" cannot be read as 'TimeSpan', which expects a duration as [-][d.]hh:mm:ss[.fffffff]",
            "PG0027 Error '\"24/11/2026\"': This [FewShot] reply does not fit 'Spec': \"24/11/2026\" cannot be read as 'DateOnly', which expects a date as yyyy-MM-dd",
            "PG0027 Error '\"x\"': This [FewShot] reply does not fit 'Spec': \"x\" cannot be read as 'Guid', which expects a GUID such as \"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"",
            "PG0027 Error '\"***\"': This [FewShot] reply does not fit 'Spec': \"***\" cannot be read as 'byte[]', which expects base64-encoded bytes",
            "PG0027 Error '\"AB\"': This [FewShot] reply does not fit 'Spec': \"AB\" cannot be read as 'char', which expects exactly one character",
            "PG0027 Error '\"Huge\"': This [FewShot] reply does not fit 'Spec': \"Huge\" is not a value of 'Size' (it has 'Small', 'Large')",
        }, diagnostics);
    }

    public static TheoryData<string, string> MemberSchemas() => new()
    {
        { "System.Version", """{"type":"string","pattern":"^\\d+(\\.\\d+){1,3}$","description":"a version as major.minor[.build[.revision]]"}""" },
        { "TimeSpan", $$"""{"type":"string","pattern":{{JsonSerializer.Serialize(JsonContract.TimeSpanPattern)}},"description":"a duration as [-][d.]hh:mm:ss[.fffffff]"}""" },
        { "DateOnly", """{"type":"string","format":"date"}""" },
        { "TimeOnly", $$"""{"type":"string","pattern":{{JsonSerializer.Serialize(JsonContract.TimeOnlyPattern)}},"description":"a time of day as HH:mm:ss[.fffffff]"}""" },
        { "DateTimeOffset", """{"type":"string","format":"date-time"}""" },
        { "Half", """{"type":"number","minimum":-65504,"maximum":65504}""" },
        { "byte", """{"type":"integer","minimum":0,"maximum":255}""" },
        { "sbyte", """{"type":"integer","minimum":-128,"maximum":127}""" },
        { "short", """{"type":"integer","minimum":-32768,"maximum":32767}""" },
        { "ushort", """{"type":"integer","minimum":0,"maximum":65535}""" },
        { "uint", """{"type":"integer","minimum":0}""" },
        { "ulong", """{"type":"integer","minimum":0}""" },
        { "long", """{"type":"integer"}""" },
        { "float", """{"type":"number"}""" },
        { "decimal", """{"type":"number"}""" },
        { "char", """{"type":"string","minLength":1,"maxLength":1}""" },
        { "Int128", """{"type":"integer"}""" },
        { "UInt128", """{"type":"integer","minimum":0}""" },
        { "Uri", """{"type":"string","format":"uri"}""" },
        { "Guid", """{"type":"string","format":"uuid"}""" },
        { "byte[]", """{"type":"string","contentEncoding":"base64","description":"base64-encoded bytes"}""" },
        { "Memory<byte>", """{"type":"string","contentEncoding":"base64","description":"base64-encoded bytes"}""" },
        { "ReadOnlyMemory<byte>", """{"type":"string","contentEncoding":"base64","description":"base64-encoded bytes"}""" },
        { "Memory<int>", """{"type":"array","items":{"type":"integer"}}""" },
        { "JsonElement", "{}" },
        { "JsonDocument", "{}" },
        { "JsonNode", "{}" },
        { "JsonObject", """{"type":"object"}""" },
        { "JsonArray", """{"type":"array"}""" },
        { "object", "{}" },
        { "int?", """{"type":["integer","null"]}""" },
        { "Person?", """{"anyOf":[{"type":"object","properties":{"firstName":{"type":"string"}},"required":["firstName"]},{"type":"null"}]}""" },
        { "Celsius", "{}" },
        { "[property: JsonConverter(typeof(UpperConverter))] string", "{}" },
        { "[property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int", """{"type":["integer","string"],"pattern":"^-?(?:0|[1-9]\\d*)$"}""" },
        { "[property: JsonConverter(typeof(JsonStringEnumConverter<Size>))] Size", """{"type":"string","enum":["Small","Large"]}""" },
    };

    /// <summary>Each type System.Text.Json reads specially gets the schema of what its converter reads, as sent (non-strict mode, web defaults with numeric enums).</summary>
    [Theory]
    [MemberData(nameof(MemberSchemas))]
    public void EachSpecialTypeGetsTheSchemaOfWhatSystemTextJsonReads(string member, string expected)
    {
        var type = Holder(member);
        var result = SchemaBuilder.Build(type, new SchemaSettings(false, "json_schema", JsonContractOptions.Reflection with { StringEnums = false }));

        Assert.Empty(result.Problems);
        var actual = JsonNode.Parse(result.Root.ToJson(SchemaBuilder.Sendable))!["properties"]!["value"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());
    }

    public static TheoryData<string, string, string> NumberRules() => new()
    {
        { "sbyte", """{"type":"integer","minimum":-128,"maximum":127,"format":"int8"}""", """{"type":"integer","minimum":-128,"maximum":127}""" },
        { "byte", """{"type":"integer","minimum":0,"maximum":255,"format":"uint8"}""", """{"type":"integer","minimum":0,"maximum":255}""" },
        { "short", """{"type":"integer","minimum":-32768,"maximum":32767,"format":"int16"}""", """{"type":"integer","minimum":-32768,"maximum":32767}""" },
        { "ushort", """{"type":"integer","minimum":0,"maximum":65535,"format":"uint16"}""", """{"type":"integer","minimum":0,"maximum":65535}""" },
        { "int", """{"type":"integer","format":"int32"}""", """{"type":"integer"}""" },
        { "uint", """{"type":"integer","minimum":0,"format":"uint32"}""", """{"type":"integer","minimum":0}""" },
        { "long", """{"type":"integer","format":"int64"}""", """{"type":"integer"}""" },
        { "ulong", """{"type":"integer","minimum":0,"format":"uint64"}""", """{"type":"integer","minimum":0}""" },
        { "Int128", """{"type":"integer","format":"int128"}""", """{"type":"integer"}""" },
        { "UInt128", """{"type":"integer","minimum":0,"format":"uint128"}""", """{"type":"integer","minimum":0}""" },
        { "Half", """{"type":"number","minimum":-65504,"maximum":65504,"format":"float16"}""", """{"type":"number","minimum":-65504,"maximum":65504}""" },
        { "float", """{"type":"number","format":"float"}""", """{"type":"number"}""" },
        { "double", """{"type":"number","format":"double"}""", """{"type":"number"}""" },
        { "decimal", """{"type":"number","format":"decimal"}""", """{"type":"number"}""" },
        { "char", """{"type":"string","minLength":1,"maxLength":1,"pattern":"^[\\s\\S]$"}""", """{"type":"string","pattern":"^[\\s\\S]$"}""" },
    };

    /// <summary>
    /// Strict mode: the validation rules name each number type by its format (the run-time validator refuses what the
    /// type cannot hold), never sent; the ranges a model plausibly exceeds are sent; a char is one character by pattern.
    /// </summary>
    [Theory]
    [MemberData(nameof(NumberRules))]
    public void ANumbersRulesNameItsTypeAndTheStrictSchemaSendsOnlyTheRangesWorthTheirTokens(string member, string rules, string sent)
    {
        var result = SchemaBuilder.Build(Holder(member), new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection));

        Assert.Empty(result.Problems);
        Assert.Equal(rules, JsonNode.Parse(result.Root.ToJson())!["properties"]!["value"]!.ToJsonString());
        Assert.Equal(sent, JsonNode.Parse(result.Root.ToJson(SchemaBuilder.StrictAccepts))!["properties"]!["value"]!.ToJsonString());
    }

    [Fact]
    public void AConverterWhoseShapeIsUnknownIsAStrictModeProblem()
    {
        var result = SchemaBuilder.Build(Holder("Celsius"), new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection));

        Assert.Equal(new[] { "'value' is read by the converter 'CelsiusConverter', whose JSON json_schema strict mode cannot know; remove the [JsonConverter], or use [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]" }, result.Problems);
    }

    [Fact]
    public void AConverterInTheContextsOptionsMakesItsTypesShapeUnknown()
    {
        var compilation = GeneratorHarness.Compile(Usings + ConverterTypes + Context("[JsonSourceGenerationOptions(Converters = new[] { typeof(CelsiusConverter), typeof(JsonStringEnumConverter<Size>) })]")
            + "public sealed class Reading { public double Raw { get; set; } public Size Size { get; set; } }");
        var options = JsonContractOptions.OfContext(compilation.GetTypeByMetadataName("SnakeContext")!);
        var raw = compilation.GetTypeByMetadataName("Reading")!;

        Assert.Equal("Celsius", Assert.Single(options.ConvertedTypes));
        Assert.Equal("Size", Assert.Single(options.StringEnumTypes));
        var schema = SchemaBuilder.Build(raw, new SchemaSettings(false, "json_schema", options)).Root.ToJson(SchemaBuilder.Sendable);
        Assert.Equal("""{"type":"object","properties":{"Raw":{"type":"number"},"Size":{"type":"string","enum":["Small","Large"]}}}""", schema);
    }

    public static TheoryData<string, string, bool> NullableRoots() => new()
    {
        { "int?", """{"type":"object","properties":{"value":{"type":["integer","null"]}},"required":["value"],"additionalProperties":false}""", true },
        { "Size?", """{"type":"object","properties":{"value":{"type":["string","null"],"enum":["Small","Large",null]}},"required":["value"],"additionalProperties":false}""", true },
        { "Person?", """{"type":"object","properties":{"value":{"anyOf":[{"type":"object","properties":{"firstName":{"type":"string"}},"required":["firstName"],"additionalProperties":false},{"type":"null"}]}},"required":["value"],"additionalProperties":false}""", true },
        { "Person", """{"type":"object","properties":{"firstName":{"type":"string"}},"required":["firstName"],"additionalProperties":false}""", false },
        { "int", """{"type":"object","properties":{"value":{"type":"integer"}},"required":["value"],"additionalProperties":false}""", false },
    };

    /// <summary>A nullable declared return type allows null in strict mode too: the value travels wrapped, as strict mode wants an object root.</summary>
    [Theory]
    [MemberData(nameof(NullableRoots))]
    public void ANullableReturnTypeAllowsNullAndStaysStrict(string valueType, string expected, bool nullable)
    {
        var run = GeneratorHarness.Run(Usings + ConverterTypes + $$$"""
            [PromptClient]
            public partial interface IFind
            {
                [UserPrompt("Find: {{ text }}")]
                Task<{{{valueType}}}> FindAsync(string text, CancellationToken cancellationToken = default);
            }
            """);
        var source = run.GeneratedSource("IFind.g.cs");

        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        var schema = source.Split('\n').Single(l => l.TrimStart().StartsWith("schema: ", StringComparison.Ordinal)).Trim();
        var json = System.Text.Json.JsonSerializer.Deserialize<string>(schema["schema: ".Length..^1])!;
        Assert.Equal(expected, json);
        StrictRules.Check(JsonNode.Parse(json)!.AsObject());
        Assert.Contains("nullable: " + (nullable ? "true" : "false") + ",", source);
    }

    private const string ConverterTypes = """
        public enum Size { Small, Large }

        [JsonConverter(typeof(CelsiusConverter))]
        public readonly record struct Celsius(double Degrees);

        public sealed class CelsiusConverter : JsonConverter<Celsius>
        {
            public override Celsius Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(double.Parse(reader.GetString()!.TrimEnd('C')));
            public override void Write(Utf8JsonWriter writer, Celsius value, JsonSerializerOptions options) => writer.WriteStringValue(value.Degrees + "C");
        }

        public sealed class UpperConverter : JsonConverter<string>
        {
            public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!.ToLowerInvariant();
            public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
        }

        """;

    /// <summary>A class with one property <c>Value</c>; "[property: X] T" puts the attribute X on it.</summary>
    private static ITypeSymbol Holder(string member)
    {
        var attribute = member.StartsWith('[') ? member[..(member.IndexOf("] ", StringComparison.Ordinal) + 1)].Replace("property: ", "") : "";
        var type = member[(attribute.Length == 0 ? 0 : member.IndexOf("] ", StringComparison.Ordinal) + 2)..];
        var compilation = GeneratorHarness.Compile(Usings + ConverterTypes + $$"""
            public sealed class Holder { {{attribute}} public {{type}} Value { get; set; } = default!; }
            """);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return compilation.GetTypeByMetadataName("Holder")!;
    }
}

/// <summary>The run time's validator accepts what the deserialiser's own options accept, and no more.</summary>
public class ValidatorOptionsTests
{
    private const string Schema = """{"type":"object","properties":{"count":{"type":"integer","maximum":10},"ratio":{"type":"number"}},"required":["count"],"additionalProperties":false}""";

    [Theory]
    [InlineData("""{"count":"5","ratio":"0.5"}""", "")]
    [InlineData("""{"COUNT":5}""", "")]
    [InlineData("""{"count":"11"}""", "$.count: 11 is more than the maximum 10.")]
    [InlineData("""{"count":"5.5"}""", "$.count: expected an integer, got \"5.5\".")]
    [InlineData("""{"count":" 5"}""", "$.count: expected an integer, got \" 5\".")]
    [InlineData("""{"count":-170141183460469231731687303715884105728}""", "")] // Int128.MinValue: whole beyond 64 bits
    public void WebDefaultsAcceptNumbersInStringsAndNamesInAnyCase(string reply, string expected)
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);

        Assert.Equal(expected, string.Join(" ", JsonSchemaValidator.Validate(Parse(Schema), Parse(reply), options)));
    }

    [Fact]
    public void GeneralDefaultsAcceptNeither()
    {
        var options = new System.Text.Json.JsonSerializerOptions();

        Assert.Equal(
            new[] { "$.count: expected an integer, got \"5\"." },
            JsonSchemaValidator.Validate(Parse(Schema), Parse("""{"count":"5"}"""), options));
        Assert.Equal(
            new[] { "$.count: required property is missing.", "$.COUNT: no such property is allowed here." },
            JsonSchemaValidator.Validate(Parse(Schema), Parse("""{"COUNT":5}"""), options));
    }

    private static System.Text.Json.JsonElement Parse(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;
}
