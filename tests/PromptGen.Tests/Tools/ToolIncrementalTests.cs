using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptGen.Generator;
using PromptGen.Generator.Clients;
using PromptGen.Generator.Shared;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Tools;

public class ToolIncrementalTests
{
    /// <summary>
    /// A tool's description is sent with every request of the methods that use the tools, so it is part of their prompt
    /// version: the dispatcher is regenerated, and so is the client — with nothing changed but that version. The Clients
    /// transform does not parse the tools interface (its spec is Unchanged): the text comes from the ToolSets pipeline's
    /// spec in the Tooled step.
    /// </summary>
    [Fact]
    public void EditingAToolsDescriptionRegeneratesTheDispatcherAndOnlyTheClientsPromptVersion()
    {
        var compilation = GeneratorHarness.Compile(ToolSources.Weather);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = (InterfaceSpec)driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Bound].SelectMany(s => s.Outputs).Single().Value;

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(ToolSources.Weather.Replace("Gets the current weather for a city.", "Gets today's weather for a city."), GeneratorHarness.ParseOptions, path: "App.cs"));
        var result = driver.RunGenerators(edited).GetRunResult();

        var toolSets = result.Results.Single().TrackedSteps[TrackingNames.ToolSets].SelectMany(s => s.Outputs).ToArray();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(toolSets).Reason);
        var parsed = result.Results.Single().TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs).Where(o => o.Value is InterfaceSpec);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(parsed).Reason);
        var client = Assert.Single(result.Results.Single().TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Cached, client.Reason);
        var tooled = Assert.Single(result.Results.Single().TrackedSteps[TrackingNames.Tooled].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, tooled.Reason);
        var bound = Assert.Single(result.Results.Single().TrackedSteps[TrackingNames.Bound].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, bound.Reason);
        var after = (InterfaceSpec)bound.Value;
        Assert.NotEqual(before.Methods.Select(m => m.PromptVersion), after.Methods.Select(m => m.PromptVersion));
        Assert.Equal(before with { Methods = Unversioned(before) }, after with { Methods = Unversioned(after) });
        Assert.Contains("Gets today's weather for a city.", result.Results.Single().GeneratedSources.Single(s => s.HintName == "Demo.IWeatherTools.Dispatcher.g.cs").SourceText.ToString());
    }

    private static EquatableArray<MethodSpec> Unversioned(InterfaceSpec spec) =>
        spec.Methods.Select(m => m with { PromptVersion = "", ToolDefinitions = null }).ToEquatableArray();
}
