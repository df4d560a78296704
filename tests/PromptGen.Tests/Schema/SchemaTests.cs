using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

public class SchemaTests
{
    private static readonly Lazy<Compilation> Corpus = new(() => GeneratorHarness.Compile(SchemaCorpus.Source));

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var method in CorpusMethods())
        {
            data.Add(method.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void SchemaMatchesGolden(string method)
    {
        var type = ValueType(method);
        var strict = SchemaBuilder.Build(type, new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection));
        var loose = SchemaBuilder.Build(type, new SchemaSettings(false, "json_object mode", JsonContractOptions.Reflection));

        var golden = new JsonObject
        {
            ["type"] = type.ToDisplayString(),
            ["wrapped"] = strict.Wrapped,
            ["strict"] = JsonNode.Parse(strict.Root.ToJson(SchemaBuilder.StrictAccepts)),
            ["strictRules"] = JsonNode.Parse(strict.Root.ToJson()),
            ["strictProblems"] = new JsonArray(strict.Problems.Select(p => (JsonNode)p!).ToArray()),
            ["nonStrict"] = JsonNode.Parse(loose.Root.ToJson()),
            ["nonStrictProblems"] = new JsonArray(loose.Problems.Select(p => (JsonNode)p!).ToArray()),
        };
        Golden.Verify("Schema." + method + ".json", golden.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryStrictSchemaFollowsStrictModeRules(string method)
    {
        var result = SchemaBuilder.Build(ValueType(method), new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection));
        if (SchemaCorpus.NotStrict.Contains(method))
        {
            Assert.NotEmpty(result.Problems);
            return;
        }

        Assert.Empty(result.Problems);
        StrictRules.Check(JsonNode.Parse(result.Root.ToJson(SchemaBuilder.StrictAccepts))!.AsObject());
    }

    [Fact]
    public void GeneratedClientForTheWholeCorpusCompiles()
    {
        var run = GeneratorHarness.Run(SchemaCorpus.Source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        var source = run.GeneratedSource("Corpus.ICorpus.g.cs");
        Assert.Contains("global::PromptGen.JsonReplyFormat<global::Corpus.Point?>.CreateWithReflection(", source);
        Assert.Contains("global::PromptGen.JsonReplyFormat<global::System.Collections.Generic.List<global::Corpus.Person>>.CreateWithReflection(", source);
    }

    [Fact]
    public void SnakeCaseAndNumericEnumsFollowTheContextsOptions()
    {
        var order = SchemaBuilder.Build(ValueType("Order"), new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection with { Naming = NamingPolicy.SnakeCaseLower, StringEnums = false }));
        var properties = JsonNode.Parse(order.Root.ToJson())!["properties"]!.AsObject();

        Assert.Contains("customer_name", properties.Select(p => p.Key));
        Assert.Contains("placed", properties.Select(p => p.Key));
        JsonAssert("""{"type":["integer","null"],"enum":[0,1,2,null]}""", properties["mood"]!);
    }

    [Theory]
    [InlineData(1, "URLValue", "urlValue")]
    [InlineData(1, "Id", "id")]
    [InlineData(2, "CustomerName", "customer_name")]
    [InlineData(2, "URLValue", "url_value")]
    [InlineData(3, "Value2Go", "VALUE2_GO")]
    [InlineData(4, "CustomerName", "customer-name")]
    [InlineData(0, "CustomerName", "CustomerName")]
    public void NamesFollowSystemTextJsonPolicies(int policyValue, string name, string expected)
    {
        var policy = (NamingPolicy)policyValue;
        var actual = Names.Apply(policy, name);
        var reference = policy switch
        {
            NamingPolicy.CamelCase => JsonNamingPolicy.CamelCase.ConvertName(name),
            NamingPolicy.SnakeCaseLower => JsonNamingPolicy.SnakeCaseLower.ConvertName(name),
            NamingPolicy.SnakeCaseUpper => JsonNamingPolicy.SnakeCaseUpper.ConvertName(name),
            NamingPolicy.KebabCaseLower => JsonNamingPolicy.KebabCaseLower.ConvertName(name),
            _ => name,
        };

        Assert.Equal(expected, actual);
        Assert.Equal(reference, actual);
    }

    private static void JsonAssert(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());

    private static IEnumerable<IMethodSymbol> CorpusMethods() =>
        Corpus.Value.GetTypeByMetadataName("Corpus.ICorpus")!.GetMembers().OfType<IMethodSymbol>();

    private static ITypeSymbol ValueType(string method) =>
        ((INamedTypeSymbol)CorpusMethods().Single(m => m.Name == method).ReturnType).TypeArguments[0];
}

/// <summary>
/// Structured Outputs' strict-mode rules, checked independently of the builder: the root is an object; every object lists
/// all its properties in <c>required</c> and sets <c>additionalProperties: false</c>; only supported keywords and formats
/// appear; every <c>$ref</c> resolves; objects nest at most 10 deep.
/// </summary>
internal static class StrictRules
{
    private static readonly HashSet<string> Keywords = new() { "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs", "description", "pattern", "minimum", "maximum", "format" };
    private static readonly HashSet<string> Formats = new() { "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid" };

    public static void Check(JsonObject root)
    {
        Assert.Equal("object", root["type"]?.GetValue<string>());
        Assert.Null(root["anyOf"]);
        Walk(root, root, "$", 0);
    }

    private static void Walk(JsonObject root, JsonObject schema, string path, int depth)
    {
        Assert.True(depth <= 10, $"{path}: nested deeper than 10");
        foreach (var (keyword, value) in schema)
        {
            Assert.True(Keywords.Contains(keyword), $"{path}: keyword '{keyword}' is not accepted in strict mode");
            if (keyword == "format")
            {
                Assert.True(Formats.Contains(value!.GetValue<string>()), $"{path}: format '{value}' is not accepted in strict mode");
            }
        }

        if (schema["$ref"] is { } reference)
        {
            var target = reference.GetValue<string>();
            Assert.True(target == "#" || root["$defs"]?[target.Replace("#/$defs/", "")] is not null, $"{path}: $ref '{target}' does not resolve");
            Assert.Single(schema, p => p.Key != "description");
        }

        if (schema["properties"] is JsonObject properties)
        {
            Assert.Equal("object", schema["type"]!.GetValueKind() == JsonValueKind.String ? schema["type"]!.GetValue<string>() : "object");
            Assert.False(schema["additionalProperties"]!.GetValue<bool>(), $"{path}: additionalProperties must be false");
            var required = schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Equal(properties.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), required.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (name, child) in properties)
            {
                Walk(root, child!.AsObject(), path + "." + name, depth + 1);
            }
        }
        else if (schema["type"] is { } type && type.ToJsonString().Contains("\"object\""))
        {
            Assert.Fail($"{path}: an object without properties (a dictionary) cannot be strict");
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(root, items, path + "[]", depth);
        }

        if (schema["anyOf"] is JsonArray options)
        {
            foreach (var option in options)
            {
                Walk(root, option!.AsObject(), path + "|", depth);
            }
        }

        if (schema["$defs"] is JsonObject definitions)
        {
            foreach (var (name, definition) in definitions)
            {
                Walk(root, definition!.AsObject(), "#/$defs/" + name, 1);
            }
        }
    }
}
