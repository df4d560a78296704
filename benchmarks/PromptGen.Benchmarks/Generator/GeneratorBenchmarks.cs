using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PromptGen.Benchmarks.Generator;

/// <summary>
/// The generator and analyzer over a 1,000-method project (see <see cref="GeneratedProject"/>), against the compiler's
/// own compile+emit of the same project (the baseline). Every invocation gets a new, unbound compilation, as a build or
/// a keystroke does; the incremental cases start from a driver that has already run on the unedited project.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class GeneratorBenchmarks
{
    private GeneratedProject _project = null!;
    private SyntaxTree[] _generated = [];
    private GeneratorDriver _warm = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _project = GeneratedProject.Create();
        _analyzers = [.. PromptGenGenerator.Analyzers()];
        _warm = PromptGenGenerator.CreateDriver().RunGeneratorsAndUpdateCompilation(_project.Compile(), out var output, out var generatorDiagnostics);
        _generated = output.SyntaxTrees.Skip(_project.Trees.Length).ToArray();
        var errors = output.GetDiagnostics().Concat(generatorDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0 || _generated.Length != _project.Interfaces)
        {
            throw new InvalidOperationException($"The generated project does not build ({_generated.Length} generated files for {_project.Interfaces} interfaces): {string.Join("; ", errors.Take(5))}");
        }
    }

    [IterationSetup(Target = nameof(CompileAndEmit))]
    public void FreshWithGenerated() => _compilation = _project.Compile(_generated);

    [IterationSetup(Targets = [nameof(ColdGeneratorRun), nameof(Analyzers)])]
    public void Fresh() => _compilation = _project.Compile();

    [IterationSetup(Target = nameof(AfterUnrelatedEdit))]
    public void FreshUnrelatedEdit() => _compilation = _project.Compile().ReplaceSyntaxTree(_project.UnrelatedTree, _project.UnrelatedEdited);

    [IterationSetup(Target = nameof(AfterTemplateEdit))]
    public void FreshTemplateEdit() => _compilation = _project.Compile().ReplaceSyntaxTree(_project.TemplateTree, _project.TemplateEdited);

    /// <summary>What the compiler itself spends: binding, checking and emitting the project with its generated code.</summary>
    [Benchmark(Baseline = true, Description = "Compile+emit (no generator)")]
    public long CompileAndEmit()
    {
        using var image = new MemoryStream();
        var result = _compilation.Emit(image);
        return result.Success ? image.Length : throw new InvalidOperationException(string.Join("; ", result.Diagnostics.Take(5)));
    }

    [Benchmark(Description = "Generator, cold run")]
    public GeneratorDriver ColdGeneratorRun() => PromptGenGenerator.CreateDriver().RunGenerators(_compilation);

    [Benchmark(Description = "Generator, after an unrelated edit")]
    public GeneratorDriver AfterUnrelatedEdit() => _warm.RunGenerators(_compilation);

    [Benchmark(Description = "Generator, after one template edit")]
    public GeneratorDriver AfterTemplateEdit() => _warm.RunGenerators(_compilation);

    [Benchmark(Description = "Analyzers (PG diagnostics)")]
    public int Analyzers() => _compilation.WithAnalyzers(_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
}
