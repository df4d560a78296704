using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// A test application compiled against the running .NET with PromptGen's generator, loaded to run the generated client
/// and System.Text.Json side by side, or analysed for its PG diagnostics. Shared by the round-trip tests.
/// </summary>
internal static class GeneratedApp
{
    /// <summary>The application with the generated files, asserting the generator and the compiler report no error.</summary>
    /// <param name="name">A name for the assembly (made unique) and its one source file.</param>
    public static Compilation Compile(string source, string name)
    {
        var compilation = CSharpCompilation.Create(
            name + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: name + ".cs") },
            RunningDotNet.WithPromptGen,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return output;
    }

    /// <summary>The compiled application, loaded.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }

    /// <summary>PromptGen's analyzer diagnostics of the application, of <paramref name="least"/> severity or more.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, string name, DiagnosticSeverity least)
    {
        var output = Compile(source, name);
        var diagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false)).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("PG", StringComparison.Ordinal) && d.Severity >= least).ToImmutableArray();
    }
}
