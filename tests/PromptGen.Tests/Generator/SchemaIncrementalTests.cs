using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace PromptGen.Tests.Generator;

/// <summary>The schema is part of the cached spec: editing a return type in another file must reach the generated code.</summary>
public class SchemaIncrementalTests
{
    private const string Prompts = """
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        [PromptClient]
        public partial interface IExtract { Task<Person> ExtractAsync(string text); }
        """;

    private const string Person = "namespace Demo; public sealed record Person(string Name);";

    [Fact]
    public void EditingTheReturnTypeRegeneratesTheSchema()
    {
        var compilation = GeneratorHarness.Compile(Prompts, Person);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public sealed record Person(string Name, int Age);", GeneratorHarness.ParseOptions, path: "App1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult();

        var output = Assert.Single(result.Results.Single().TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, output.Reason);
        var source = result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("\\\"age\\\":{\\\"type\\\":\\\"integer\\\"}", source);
    }

    [Fact]
    public void AnUnrelatedEditLeavesTheSchemaCached()
    {
        var compilation = GeneratorHarness.Compile(Prompts, Person, "namespace Demo; public class Other { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Other { public int X { get; set; } }", GeneratorHarness.ParseOptions, path: "App2.cs"));
        var result = driver.RunGenerators(edited).GetRunResult();

        var output = Assert.Single(result.Results.Single().TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs));
        Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString());
    }
}
