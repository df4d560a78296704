using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

public class TypedReplyDiagnosticTests
{
    private static Task<string[]> Diagnose(string members, string interfaceAttributes = "[PromptClient]", string types = "") =>
        GeneratorHarness.PromptDiagnosticsAsync($$"""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using PromptGen;

            public sealed class Bag { public object? Anything { get; set; } public Dictionary<string, int> Counts { get; set; } = new(); }
            public sealed class ByNumber { public Dictionary<int, string> Names { get; set; } = new(); }
            public abstract class Animal { public string Name { get; set; } = ""; }
            public sealed class Zoo { public List<Animal> Animals { get; set; } = new(); }
            public sealed record Person(string Name, int Age);
            {{types}}

            {{interfaceAttributes}}
            public partial interface IPrompts
            {
            {{members}}
            }
            """);

    [Theory]
    [InlineData("nint")]
    [InlineData("nuint")]
    [InlineData("System.Type")]
    [InlineData("System.Reflection.MethodInfo")]
    [InlineData("System.Action")]
    [InlineData("System.Func<int>")]
    [InlineData("System.Delegate")]
    [InlineData("System.Runtime.Serialization.SerializationInfo")]
    [InlineData("System.IO.Stream")]
    [InlineData("System.IO.MemoryStream")]
    public async Task TypesSystemTextJsonRefusesAreNamedAsSuchInEveryMode(string type)
    {
        // System.Text.Json throws NotSupportedException for these (its UnsupportedTypeConverterFactory): the advice must
        // not be [JsonDerivedType] (Type, MethodInfo are abstract) or "add properties" (nint looked like an empty struct).
        var types = $"public sealed record Holder({type} Value);";
        var generic = type.IndexOf('<', StringComparison.Ordinal);
        var shown = type.Substring(type.LastIndexOf('.', generic < 0 ? type.Length - 1 : generic) + 1); // as messages name types: no namespace
        var expected = $"'value' is '{shown}', which System.Text.Json cannot read or write; use a string, a number, an enum or a record";

        Assert.Equal($"PG0050 Error 'Task<Holder>': The reply of 'ReadAsync' cannot be described in json_schema strict mode: {expected}",
            Assert.Single(await Diagnose("Task<Holder> ReadAsync(string text);", types: types)));
        Assert.Equal($"PG0050 Error 'Task<Holder>': The reply of 'ReadAsync' cannot be described in json_object mode: {expected}",
            Assert.Single(await Diagnose("[ResponseFormat(ResponseFormatKind.JsonObject)] Task<Holder> ReadAsync(string text);", types: types)));
    }

    [Fact]
    public async Task AMultiDimensionalArrayIsABuildErrorWhereverItIs()
    {
        // It built cleanly with an array schema, and every call threw PromptFormatException ("Serialization and
        // deserialization of 'System.Int32[,]' instances is not supported") after the request was paid for (session 7 review).
        var root = Assert.Single(await Diagnose("Task<int[,]> ReadAsync(string text);"));
        Assert.StartsWith("PG0050 Error 'Task<int[,]>': The reply of 'ReadAsync' cannot be described in json_schema strict mode: ", root);
        Assert.EndsWith("'int[,]', which System.Text.Json cannot read or write; use a string, a number, an enum or a record", root);
        Assert.Equal(
            "PG0050 Error 'Task<Grid>': The reply of 'ReadAsync' cannot be described in json_schema strict mode: 'cells' is 'string[,,]', which System.Text.Json cannot read or write; use a string, a number, an enum or a record",
            Assert.Single(await Diagnose("Task<Grid> ReadAsync(string text);", types: "public sealed record Grid(string[,,] Cells);")));
    }

    [Fact]
    public async Task AULongEnumAboveLongMaxValueIsDescribedWithoutAnInternalError()
    {
        // Its members were read with Convert.ToInt64, which threw inside the generator (PG0099, no client).
        Assert.Empty(await Diagnose("Task<Huge> ReadAsync(string text);", types: "public enum Huge : ulong { Small = 1, Max = ulong.MaxValue }"));
        Assert.Empty(await Diagnose("Task<Huge> ReadAsync(string text);", types: "[System.Flags] public enum Huge : ulong { None = 0, Small = 1, Big = 0x8000000000000000 }"));
    }

    [Fact]
    public async Task ObjectAndDictionaryMembersAreReportedAtTheReturnTypeInStrictMode()
    {
        var diagnostics = await Diagnose("Task<Bag> ReadAsync(string text);");

        Assert.Equal(string.Join("\n", new[]
        {
            "PG0050 Error 'Task<Bag>': The reply of 'ReadAsync' cannot be described in json_schema strict mode: 'anything' is 'object', which can hold any JSON and json_schema strict mode cannot describe; give it a concrete type, or use [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]",
            "PG0050 Error 'Task<Bag>': The reply of 'ReadAsync' cannot be described in json_schema strict mode: 'counts' is a dictionary, which json_schema strict mode cannot describe (it requires additionalProperties: false); use a list of records, or [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]",
        }), string.Join("\n", diagnostics));
    }

    [Theory]
    [InlineData("[ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]")]
    [InlineData("[ResponseFormat(ResponseFormatKind.JsonObject)]")]
    [InlineData("[ResponseFormat(ResponseFormatKind.Text)]")]
    public async Task NonStrictModesDescribeObjectsAndDictionaries(string attribute)
    {
        Assert.Empty(await Diagnose(attribute + " Task<Bag> ReadAsync(string text);"));
        Assert.Empty(await Diagnose("Task<Bag> ReadAsync(string text);", "[PromptClient]\n" + attribute));
    }

    [Theory]
    [InlineData("Task<(string A, int B)>", "(string A, int B)", " (a tuple's fields are not)")]
    [InlineData("Task<Empty>", "Empty", " (it reads properties, not fields: make them properties, or mark them [JsonInclude])")]
    [InlineData("Task<Bag2>", "Bag2", " (its property 'Items' has no setter: add 'set' or 'init', or a constructor parameter of the same name)")] // review 12 #4: no tuple here
    [InlineData("Task<System.Numerics.BigInteger>", "BigInteger", " ('BigInteger' is a .NET type whose properties it does not set)")]
    public async Task TypesWithNoPropertySystemTextJsonReadsAreReported(string returnType, string shown, string why)
    {
        var diagnostics = await Diagnose(returnType + " ReadAsync(string text);",
            types: "public sealed class Empty { public int Field; }\npublic sealed class Bag2 { public System.Collections.Generic.List<int> Items { get; } = new(); }");

        Assert.Equal(new[] { $"PG0050 Error '{returnType}': The reply of 'ReadAsync' cannot be described in json_schema strict mode: '{shown}' has no property System.Text.Json reads{why}, so every reply would come back empty; return a record with properties" }, diagnostics);
    }

    /// <summary>
    /// System.Text.Json reads dictionary keys of many types from property names (int keys included: this test said
    /// they were refused until the keys were described by propertyNames), so only key types it refuses are reported.
    /// </summary>
    [Fact]
    public async Task DictionaryKeysSystemTextJsonReadsAreDescribedAndOnlyTheOthersAreReported()
    {
        Assert.Empty(await Diagnose("[ResponseFormat(ResponseFormatKind.JsonObject)] Task<ByNumber> ReadAsync(string text);"));
        Assert.Empty(await Diagnose("[ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] Task<Dictionary<Color, int>> ByColorAsync(string q);", types: "public enum Color { Red, Green }"));

        var diagnostics = await Diagnose("[ResponseFormat(ResponseFormatKind.JsonObject)] Task<Dictionary<Point, int>> ReadAsync(string text);", types: "public sealed record Point(int X, int Y);");

        Assert.Equal("PG0050 Error 'Task<Dictionary<Point, int>>': The reply of 'ReadAsync' cannot be described in json_object mode: the reply is a dictionary keyed by 'Point', which System.Text.Json cannot read from a JSON property name; key it by string, a number, an enum, a Guid, a date or time, char, bool, Uri or Version", Assert.Single(diagnostics));
    }

    [Fact]
    public async Task InStrictModeADictionaryIsStillReportedWhateverItsKey()
    {
        var diagnostics = await Diagnose("Task<Dictionary<Color, int>> ByColorAsync(string q);", types: "public enum Color { Red, Green }");

        Assert.Equal("PG0050 Error 'Task<Dictionary<Color, int>>': The reply of 'ByColorAsync' cannot be described in json_schema strict mode: the reply is a dictionary, which json_schema strict mode cannot describe (it requires additionalProperties: false); use a list of records, or [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]", Assert.Single(diagnostics));
    }

    [Fact]
    public async Task AbstractTypesWithoutDerivedTypesAreReported()
    {
        var diagnostics = await Diagnose("Task<ChatResult<Zoo>> ReadAsync(string text);");

        Assert.Equal(new[] { "PG0050 Error 'Task<ChatResult<Zoo>>': The reply of 'ReadAsync' cannot be described in json_schema strict mode: each item of 'animals' is the abstract type 'Animal' without [JsonDerivedType]; list its concrete types with [JsonDerivedType(typeof(…), \"…\")] or use a concrete type" }, diagnostics);
    }

    [Fact]
    public async Task ReturnTypeMissingFromTheJsonContextIsReported()
    {
        var diagnostics = await Diagnose(
            "Task<Person> ReadAsync(string text);\n    Task<IReadOnlyList<Bag>> ListAsync(string text);",
            "[PromptClient(JsonContext = typeof(AppJson))]",
            "[JsonSerializable(typeof(Person))] public sealed partial class AppJson : JsonSerializerContext { public AppJson() : base(null) { } public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null; protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null; }");

        Assert.Contains("PG0051 Error 'Task<IReadOnlyList<Bag>>': 'ListAsync' returns 'Bag', which 'AppJson' does not register; add [JsonSerializable(typeof(Bag))] to 'AppJson'", diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Contains("'ReadAsync'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AJsonContextThatIsNotAJsonSerializerContextIsReportedAtTheArgument()
    {
        var diagnostics = await Diagnose("Task<Person> ReadAsync(string text);", "[PromptClient(JsonContext = typeof(Person))]");

        Assert.Equal(new[] { "PG0052 Error 'typeof(Person)': JsonContext 'Person' of 'IPrompts' is not a JsonSerializerContext; name a partial class deriving from JsonSerializerContext with [JsonSerializable] for each return type" }, diagnostics);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public async Task RepairLimitOutOfRangeIsReportedAtTheArgument(int limit)
    {
        var diagnostics = await Diagnose($"[Repair({limit})] Task<Person> ReadAsync(string text);");

        Assert.Equal(new[] { $"PG0053 Error '{limit}': [Repair] allows {limit} retries; choose 0 to 10" }, diagnostics);
    }

    [Fact]
    public async Task RecursiveAndPolymorphicTypesAreFine()
    {
        var diagnostics = await Diagnose(
            "Task<Node> TreeAsync(string text);\n    Task<Shape> ShapeAsync(string text);",
            types: """
                public sealed class Node { public List<Node> Children { get; set; } = new(); public Node? Parent { get; set; } }
                [JsonDerivedType(typeof(Circle), "circle")] public abstract class Shape { }
                public sealed class Circle : Shape { public double Radius { get; set; } }
                """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void ContextBoundMethodsDeserialiseThroughTheContext()
    {
        var run = GeneratorHarness.Run("""
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using PromptGen;

            public sealed record Person(string Name);

            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
            [JsonSerializable(typeof(Person))]
            public sealed partial class AppJson : JsonSerializerContext { }

            [PromptClient(JsonContext = typeof(AppJson))]
            public partial interface IPrompts { [Repair(3)] Task<Person> ReadAsync(string text); }
            """);

        var source = run.GeneratedSource("IPrompts.g.cs");
        Assert.Contains("global::PromptGen.JsonReplyFormat<global::Person>.Create(", source);
        Assert.Contains("typeInfo: (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<global::Person>)global::AppJson.Default.GetTypeInfo(typeof(global::Person))!);", source);
        Assert.Contains("name: \"Person\",", source);
        Assert.Contains("schema: \"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"name\\\":{\\\"type\\\":\\\"string\\\"}}", source);
        Assert.Contains("maxRetries: 3,", source);
        Assert.DoesNotContain("CreateWithReflection", source);
    }
}
