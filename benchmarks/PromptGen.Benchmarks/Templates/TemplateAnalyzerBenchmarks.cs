using System.Linq;
using System.Threading.Tasks;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator.Diagnostics;

namespace PromptGen.Benchmarks.Templates;

/// <summary>
/// PromptGen's analyzer over one method whose template is <see cref="Kilobytes"/> KB of a repeated piece: either
/// broken (<c>{{ }}{{ ( }} {{ end }}</c>: two errors per piece, capped at 10 reported plus a summary) or valid
/// (a condition, a value and a loop). Time should grow linearly with the size (it used to be super-linear: 17.7 s at
/// 100 KB with 9,309 errors reported).
/// </summary>
[MemoryDiagnoser]
public class TemplateAnalyzerBenchmarks
{
    private Compilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [Params(12.8, 25.6, 51.2, 102.4)]
    public double Kilobytes { get; set; }

    [Params(true, false)]
    public bool Broken { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var piece = Broken ? "{{ }}{{ ( }} {{ end }}" : "{{ if b }}{{ a }}{{ end }}{{ for x in xs }}{{ x }}{{ end }} ";
        var length = (int)(Kilobytes * 1000);
        var template = string.Concat(Enumerable.Repeat(piece, (length + piece.Length - 1) / piece.Length));
        _compilation = TemplateCompilation.Create(TemplateCompilation.Interface(template, "string a, bool b, List<string> xs"));
        _analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer());
    }

    [Benchmark]
    public async Task<int> Analyze()
    {
        var withAnalyzers = _compilation.WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return diagnostics.Length;
    }
}
