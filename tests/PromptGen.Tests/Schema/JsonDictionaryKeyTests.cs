using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Json;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

public enum KeyColor
{
    Red,
    Green,
}

/// <summary>
/// Dictionary keys System.Text.Json reads from property names (checked on .NET 10 with a scratch program serialising
/// and reading a <c>Dictionary&lt;K,int&gt;</c> for each K: enums, every number type, Guid, DateTime, DateTimeOffset,
/// DateOnly, TimeOnly, TimeSpan, char, bool, Uri, Version; not object or byte[]) are described by
/// <c>propertyNames</c>, and the few-shot check and the run-time validator accept what System.Text.Json writes for
/// them and never a key it refuses.
/// </summary>
public class JsonDictionaryKeyTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void TheIssuesEnumKeyedDictionaryIsAnObjectWhosePropertyNamesAreTheEnumsNames()
    {
        var (_, rules, sent) = Build("System.Collections.Generic.Dictionary<PromptGen.Tests.Schema.KeyColor, int>");

        Assert.Equal("""{"type":"object","additionalProperties":{"type":"integer"},"propertyNames":{"type":"string","enum":["Red","Green"]}}""", sent);
        using var schema = JsonDocument.Parse(rules);
        using var reply = JsonDocument.Parse("""{"Red":1,"Blue":2}""");
        var value = schema.RootElement.GetProperty("properties").GetProperty("value");
        Assert.Equal(new[] { "$.Blue: the key \"Blue\" is not one of the allowed values \"Red\", \"Green\"." }, PromptGen.JsonSchemaValidator.Validate(value, reply.RootElement, Reflection));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<KeyColor, int>>(reply.RootElement.GetRawText(), Reflection));
    }

    public static TheoryData<string, string, string> KeyRefusals() => new()
    {
        { "int", "99999999999", "$.99999999999: the key 99999999999 is outside the range of Int32 (-2147483648 to 2147483647)." },
        { "byte", "256", "$.256: the key 256 is outside the range of Byte (0 to 255)." },
        { "System.Guid", "nope", "$.nope: the key \"nope\" is not a valid uuid." },
        { "bool", "yes", "$.yes: the key \"yes\" is not one of the allowed values \"true\", \"false\", \"True\", \"False\"." },
        { "char", "ab", "$.ab: the key has 2 characters, more than the maximum 1." },
    };

    /// <summary>The run-time message names the key; the compiled checker leaves dictionaries with propertyNames to the full validator.</summary>
    [Theory]
    [MemberData(nameof(KeyRefusals))]
    public void AKeySystemTextJsonRefusesIsRefusedByTheValidatorWithItsPath(string key, string name, string error)
    {
        var (_, rules, _) = Build($"System.Collections.Generic.Dictionary<{key}, int>");
        using var schema = JsonDocument.Parse(rules);
        var value = schema.RootElement.GetProperty("properties").GetProperty("value");
        using var reply = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, int> { [name] = 1 }));

        Assert.Equal(new[] { error }, PromptGen.JsonSchemaValidator.Validate(value, reply.RootElement, Reflection));
        using var wrapped = JsonDocument.Parse("{\"value\":" + reply.RootElement.GetRawText() + "}");
        Assert.False(PromptGen.JsonSchemaValidator.Compiled.Compile(schema.RootElement, Reflection)!.Matches(wrapped.RootElement));
        Assert.False(PromptGen.JsonSchemaValidator.Compiled.Compile(schema.RootElement, Reflection)!.Matches(System.Text.Encoding.UTF8.GetBytes(wrapped.RootElement.GetRawText()).AsSpan()));
    }

    public static TheoryData<string, string, string[]> KeyTypes() => new()
    {
        { "PromptGen.Tests.Schema.KeyColor", "PromptGen.Tests.Schema.KeyColor", new[] { "Red", "Green", "red", "1", "Blue", "", "Red, Green" } },
        { "int", "System.Int32", new[] { "1", "-1", "0", "01", "+1", "1.0", " 1", "1e2", "2147483647", "2147483648", "x" } },
        { "byte", "System.Byte", new[] { "0", "255", "256", "-1" } },
        { "ulong", "System.UInt64", new[] { "0", "18446744073709551615", "18446744073709551616", "-0" } },
        { "System.Int128", "System.Int128", new[] { "1", "-170141183460469231731687303715884105728", "170141183460469231731687303715884105728" } },
        { "System.Half", "System.Half", new[] { "1.5", "65504", "70000", "x" } },
        { "double", "System.Double", new[] { "1.5", "1.5e3", "-2", "x" } },
        { "decimal", "System.Decimal", new[] { "1.5", "1e29", "79228162514264337593543950335" } },
        { "System.Guid", "System.Guid", new[] { "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "{6f9619ff-8b86-d011-b42d-00cf4fc964ff}", "x" } },
        { "System.DateOnly", "System.DateOnly", new[] { "2026-11-30", "2026-13-01", "30.11.2026" } },
        { "System.DateTime", "System.DateTime", new[] { "2026-11-30T10:00:00Z", "2026-11-30", "x" } },
        { "System.TimeSpan", "System.TimeSpan", new[] { "1.02:03:04", "00:00:01", "5 minutes" } },
        { "System.TimeOnly", "System.TimeOnly", new[] { "10:00:00", "25:00:00" } },
        { "char", "System.Char", new[] { "a", "ab", "" } },
        { "bool", "System.Boolean", new[] { "true", "false", "True", "yes" } },
        { "System.Version", "System.Version", new[] { "1.2", "1.2.3.4", "1", "x" } },
        { "System.Uri", "System.Uri", new[] { "http://x/", "rel/a" } },
    };

    /// <summary>
    /// Never a key System.Text.Json refuses: whatever the few-shot check or the validator accepts, it reads. And what
    /// it writes for a key (its canonical form) both accept. (It reads more than it writes — enum numbers and any
    /// case, <c>+1</c>, <c>True</c> — which the schema does not invite.)
    /// </summary>
    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void FewShotCheckAndValidatorAcceptNoKeySystemTextJsonRefusesAndEveryKeyItWrites(string key, string clrName, string[] names)
    {
        var (type, rules, _) = Build($"System.Collections.Generic.Dictionary<{key}, int>");
        using var schema = JsonDocument.Parse(rules);
        var value = schema.RootElement.GetProperty("properties").GetProperty("value");
        var clrKey = clrName == "System.Uri" ? typeof(Uri) : Type.GetType(clrName, throwOnError: false) ?? typeof(KeyColor);
        var dictionaryType = typeof(Dictionary<,>).MakeGenericType(clrKey, typeof(int));

        var failures = new List<string>();
        var read = 0;
        foreach (var name in names)
        {
            var json = JsonSerializer.Serialize(new Dictionary<string, int> { [name] = 1 });
            object? dictionary = null;
            try
            {
                dictionary = JsonSerializer.Deserialize(json, dictionaryType, Reflection);
            }
            catch (JsonException)
            {
            }

            var fits = JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection).Count == 0;
            using var reply = JsonDocument.Parse(json);
            var validates = PromptGen.JsonSchemaValidator.Validate(value, reply.RootElement, Reflection).Count == 0;
            if (dictionary is null && (fits || validates))
            {
                failures.Add($"\"{name}\": System.Text.Json refuses it, the few-shot check {(fits ? "accepts" : "refuses")} it, the validator {(validates ? "accepts" : "refuses")} it");
                continue;
            }

            if (dictionary is null)
            {
                continue;
            }

            read++;

            // What System.Text.Json writes for the key it read: both checks accept it.
            var written = JsonSerializer.Serialize(dictionary, dictionaryType, Reflection);
            var writtenFits = JsonFit.Check(JsonText.Parse(written, out _, out _, out _)!, type, JsonContractOptions.Reflection).Count == 0;
            using var writtenReply = JsonDocument.Parse(written);
            var writtenValidates = PromptGen.JsonSchemaValidator.Validate(value, writtenReply.RootElement, Reflection).Count == 0;
            if (!writtenFits || !writtenValidates)
            {
                failures.Add($"{written} (written for \"{name}\"): the few-shot check {(writtenFits ? "accepts" : "refuses")} it, the validator {(writtenValidates ? "accepts" : "refuses")} it");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(read > 0, "no sample was read");
    }

    [Fact]
    public async Task AFewShotWithAKeyTheEnumLacksIsPG0027AtTheKey()
    {
        var diagnostics = await GeneratorHarness.PromptDiagnosticsAsync(""""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using PromptGen;

            public enum Color { Red, Green }

            [PromptClient]
            public partial interface IColors
            {
                [FewShot("a", """{"Red":1,"Blue":2}""")]
                [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
                Task<Dictionary<Color, int>> ByColorAsync(string q);
            }
            """");

        Assert.Equal("PG0027 Error '\"Blue\"': This [FewShot] reply does not fit 'Dictionary<Color, int>': the key \"Blue\" cannot be read as 'Color', which expects one of 'Red', 'Green'", Assert.Single(diagnostics));
    }

    private static (ITypeSymbol Type, string Rules, string Sent) Build(string csharp)
    {
        var compilation = GeneratorHarness.Compile($"namespace PromptGen.Tests.Schema {{ public enum KeyColor {{ Red, Green }} }} public sealed class Holder {{ public {csharp} Value {{ get; set; }} = null!; }}");
        var type = compilation.GetTypeByMetadataName("Holder")!.GetMembers("Value").OfType<IPropertySymbol>().Single().Type;
        var result = SchemaBuilder.Build(type, new SchemaSettings(false, "json_schema", JsonContractOptions.Reflection));
        Assert.Empty(result.Problems);
        var sent = JsonDocument.Parse(result.Root.ToJson(SchemaBuilder.Sendable)).RootElement.GetProperty("properties").GetProperty("value").GetRawText();
        return (type, result.Root.ToJson(), sent);
    }
}
