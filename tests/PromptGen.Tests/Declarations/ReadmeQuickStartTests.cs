using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using PromptGen.TestSupport;
using Xunit;

namespace PromptGen.Tests.Declarations;

/// <summary>
/// The README's quick start, read from README.md itself, compiles as a user pastes it into a new console project
/// (<c>dotnet new console</c>: top-level statements, implicit usings, nullable enabled) with the PromptGen package:
/// the declaration in one file, the calling code in Program.cs. No error, no warning, no PromptGen diagnostic.
/// </summary>
public class ReadmeQuickStartTests
{
    /// <summary>The global usings the SDK writes for a console project (ImplicitUsings).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    [Fact]
    public async Task QuickStartSnippetsCompileAsANewConsoleProject()
    {
        var blocks = ReadmeSections.CSharpBlocks(ReadmeSections.Root(AppContext.BaseDirectory), "Quick start");
        Assert.Equal(2, blocks.Length);

        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(ImplicitUsings, GeneratorHarness.ParseOptions, path: "GlobalUsings.g.cs"),
            CSharpSyntaxTree.ParseText(blocks[0], GeneratorHarness.ParseOptions, path: "ITutor.cs"),
            CSharpSyntaxTree.ParseText(blocks[1], GeneratorHarness.ParseOptions, path: "Program.cs"),
        };
        var compilation = CSharpCompilation.Create("QuickStart", trees, GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var withAnalyzers = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()));
        var diagnostics = generatorDiagnostics.AddRange(await withAnalyzers.GetAllDiagnosticsAsync())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || (d.Id.StartsWith("PG", StringComparison.Ordinal) && d.Severity > DiagnosticSeverity.Hidden))
            .Select(d => d.ToString());

        Assert.Empty(diagnostics);
        Assert.Contains(output.SyntaxTrees, tree => tree.FilePath.EndsWith("ITutor.g.cs", StringComparison.Ordinal));
    }
}
