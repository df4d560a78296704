using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Tools;

public class ToolIncrementalTests
{
    [Fact]
    public void EditingAToolsDescriptionRegeneratesTheDispatcherAndLeavesTheClientCached()
    {
        var compilation = GeneratorHarness.Compile(ToolSources.Weather);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(ToolSources.Weather.Replace("Gets the current weather for a city.", "Gets today's weather for a city."), GeneratorHarness.ParseOptions, path: "App.cs"));
        var result = driver.RunGenerators(edited).GetRunResult();

        var toolSets = result.Results.Single().TrackedSteps[TrackingNames.ToolSets].SelectMany(s => s.Outputs).ToArray();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(toolSets).Reason);
        var interfaces = result.Results.Single().TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs);
        Assert.All(interfaces, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.Contains("Gets today's weather for a city.", result.Results.Single().GeneratedSources.Single(s => s.HintName == "Demo.IWeatherTools.Dispatcher.g.cs").SourceText.ToString());
    }
}
