using System.Text.Json.Nodes;
using PromptGen.Tests.Generator;
using PromptGen.Tests.Schema;
using Xunit;

namespace PromptGen.Tests.Tools;

public class ToolGeneratorTests
{
    [Fact]
    public void DispatcherAndClientMatchGoldensAndCompile()
    {
        var run = GeneratorHarness.Run(ToolSources.Weather);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).Select(GeneratorHarness.Describe));
        Golden.Verify("WeatherToolsDispatcher.cs", run.GeneratedSource("Demo.IWeatherTools.Dispatcher.g.cs"));
        Golden.Verify("AssistantWithTools.cs", run.GeneratedSource("Demo.IAssistant.g.cs"));
    }

    [Fact]
    public async Task TheExampleHasNoDiagnostics()
    {
        Assert.Empty(await GeneratorHarness.PromptDiagnosticsAsync(ToolSources.Weather));
    }

    [Fact]
    public void ToolSchemasFollowStrictModeRules()
    {
        var run = GeneratorHarness.Run(ToolSources.Weather);
        var source = run.GeneratedSource("Demo.IWeatherTools.Dispatcher.g.cs");
        var schemas = System.Text.RegularExpressions.Regex.Matches(source, "parameters: (\"(?:[^\"\\\\]|\\\\.)*\"),")
            .Select(m => System.Text.Json.JsonSerializer.Deserialize<string>(m.Groups[1].Value)!)
            .ToList();

        Assert.Equal(3, schemas.Count);
        foreach (var schema in schemas)
        {
            StrictRules.Check(JsonNode.Parse(schema)!.AsObject());
        }

        Assert.Equal(
            """{"type":"object","properties":{"city":{"type":"string","description":"City name, for example \"Oslo\"."},"unit":{"type":["string","null"],"enum":["Celsius","Fahrenheit",null],"description":"Temperature unit."}},"required":["city","unit"],"additionalProperties":false}""",
            schemas[0]);
        Assert.Equal("""{"type":"object","properties":{},"required":[],"additionalProperties":false}""", schemas[1]);

        // The rules arguments are checked against do not require what has a default: a server that ignores strict mode may
        // leave it out, and the dispatcher then uses the default.
        var rules = System.Text.RegularExpressions.Regex.Matches(source, "rules: (\"(?:[^\"\\\\]|\\\\.)*\"|null),")
            .Select(m => m.Groups[1].Value == "null" ? null : System.Text.Json.JsonSerializer.Deserialize<string>(m.Groups[1].Value))
            .ToList();
        Assert.Equal(new string?[]
        {
            """{"type":"object","properties":{"city":{"type":"string","description":"City name, for example \"Oslo\"."},"unit":{"type":["string","null"],"enum":["Celsius","Fahrenheit",null],"description":"Temperature unit."}},"required":["city"],"additionalProperties":false}""",
            null,
            """{"type":"object","properties":{"city":{"type":"string","description":"The city asked about."},"days":{"type":["integer","null"],"format":"int32","description":"How many days ahead."}},"required":["city"],"additionalProperties":false}""",
        }, rules);
    }

    [Fact]
    public void InANonStrictSchemaAParameterWithADefaultIsNotRequiredAndTheDispatcherUsesTheDefault()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using PromptGen;

            namespace Demo;

            /// <summary>Counting tools.</summary>
            [PromptTools]
            public interface ICountTools
            {
                /// <summary>Sums the counts.</summary>
                /// <param name="counts">Counts by name.</param>
                /// <param name="limit">At most this many names.</param>
                int Sum(Dictionary<string, int> counts, int limit = 5);
            }
            """);
        var source = run.GeneratedSource("Demo.ICountTools.Dispatcher.g.cs");

        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        Assert.Contains("""
                parameters: "{\"type\":\"object\",\"properties\":{\"counts\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"},\"description\":\"Counts by name.\"},\"limit\":{\"type\":\"integer\",\"description\":\"At most this many names.\"}},\"required\":[\"counts\"],\"additionalProperties\":false}",
                strict: false,
                rules: "{\"type\":\"object\",\"properties\":{\"counts\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\",\"format\":\"int32\"},\"description\":\"Counts by name.\"},\"limit\":{\"type\":\"integer\",\"format\":\"int32\",\"description\":\"At most this many names.\"}},\"required\":[\"counts\"],\"additionalProperties\":false}",
""", source.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Contains("""global::PromptGen.ToolJson.ReadOptional<int>(arguments, "limit", global::PromptGen.ToolJson.Scalar<int>(), 5)""", source, StringComparison.Ordinal);
    }
}
