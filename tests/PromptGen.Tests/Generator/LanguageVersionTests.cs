using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using Xunit;

namespace PromptGen.Tests.Generator;

public class LanguageVersionTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        [PromptClient]
        public partial interface IOld
        {
            Task<string> AskAsync(string question, CancellationToken cancellationToken);
        }
        """;

    [Fact]
    public async Task BelowCSharp8NothingIsGeneratedAndPG0030SaysWhy()
    {
        var (generated, errors, diagnostics) = await RunAsync(LanguageVersion.CSharp7_3);

        Assert.Empty(generated);
        Assert.Empty(errors);
        Assert.Equal(
            new[] { "PG0030 Error 'IOld': The implementation of 'IOld' needs C# 8 or later, but this project compiles C# 7.3; set <LangVersion>8.0</LangVersion> or later in the project file" },
            diagnostics);
    }

    [Fact]
    public async Task CSharp8IsEnough()
    {
        var (generated, errors, diagnostics) = await RunAsync(LanguageVersion.CSharp8);

        Assert.Equal(new[] { "IOld.g.cs" }, generated);
        Assert.Empty(errors);
        Assert.Empty(diagnostics);
    }

    private static async Task<(string[] Generated, string[] Errors, string[] Diagnostics)> RunAsync(LanguageVersion version)
    {
        var options = new CSharpParseOptions(version);
        var compilation = CSharpCompilation.Create(
            "Old",
            new[] { CSharpSyntaxTree.ParseText(Source, options, path: "Old.cs") },
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new[] { new PromptGenerator().AsSourceGenerator() }, parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var analyzerDiagnostics = await output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();

        return (
            driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).ToArray(),
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorHarness.Describe).ToArray(),
            analyzerDiagnostics.Where(d => d.Severity > DiagnosticSeverity.Hidden).Select(GeneratorHarness.Describe).ToArray());
    }
}
