using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;

namespace PromptGen.Tests.Generator;

/// <summary>Compiles source strings against .NET 8 and the PromptGen runtime, and runs the generator and the analyzer over them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(PromptGen.ChatClient).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "App",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: i == 0 ? "App.cs" : $"App{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new PromptGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator; returns the output compilation and the generator's own diagnostics. Every run is checked to
    /// stay cached (<see cref="AssertSecondRunCached"/>), so every golden and harness test is a caching test too.
    /// </summary>
    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        AssertSecondRunCached(driver, compilation);
        return new GeneratorRun(compilation, output, generatorDiagnostics, driver.GetRunResult());
    }

    /// <summary>The generator's named steps (<see cref="TrackingNames"/>).</summary>
    public static readonly string[] TrackedStepNames = typeof(TrackingNames)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    /// <summary>
    /// Runs <paramref name="driver"/> again on a copy of <paramref name="compilation"/>: the same trees with new semantic
    /// state, as after an edit elsewhere, so Roslyn re-runs every transform. Every named step must then be Unchanged or
    /// Cached and every output Cached: the models compare by value (as NetEscapades' generator test helpers check).
    /// </summary>
    public static void AssertSecondRunCached(GeneratorDriver driver, Compilation compilation)
    {
        var second = driver.RunGenerators(compilation.Clone()).GetRunResult();
        var checkedSteps = 0;
        foreach (var result in second.Results)
        {
            foreach (var name in TrackedStepNames)
            {
                if (!result.TrackedSteps.TryGetValue(name, out var steps))
                {
                    continue;
                }

                checkedSteps++;
                foreach (var output in steps.SelectMany(s => s.Outputs))
                {
                    if (output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    {
                        Xunit.Assert.Fail($"On a second run over the same sources, step '{name}' was {output.Reason} for {output.Value}: a model is not value-equatable.");
                    }
                }
            }

            foreach (var (name, steps) in result.TrackedOutputSteps.Select(p => (p.Key, p.Value)))
            {
                foreach (var output in steps.SelectMany(s => s.Outputs))
                {
                    if (output.Reason != IncrementalStepRunReason.Cached)
                    {
                        Xunit.Assert.Fail($"On a second run over the same sources, output step '{name}' was {output.Reason} for {output.Value}.");
                    }
                }
            }
        }

        // A run that tracked none of the named steps checked nothing (tracking off, or the names no longer match).
        Xunit.Assert.True(checkedSteps > 0, "The second run tracked none of the steps named in TrackingNames: nothing was checked.");
    }

    /// <summary>
    /// The one diagnostics harness: runs the generator once (checked to stay cached) and the analyzer over its output,
    /// and returns every diagnostic the user would get — the generator's, the compiler's (generated code included) and
    /// the analyzer's — in source order. The other helpers below read this.
    /// </summary>
    public static async Task<Analysis> AnalyzeAsync(params string[] sources)
    {
        var run = Run(sources);
        var exceptions = new List<Exception>();
        var withAnalyzers = run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        Xunit.Assert.Empty(exceptions.Select(e => e.ToString()));
        return new Analysis(run, run.GeneratorDiagnostics.AddRange(all)
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray());
    }

    /// <summary>Every diagnostic a user would see: errors and warnings (the compiler's, in generated code too) plus PromptGen's non-hidden ones.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AllDiagnosticsAsync(params string[] sources) =>
        (await AnalyzeAsync(sources)).Visible;

    /// <summary>PromptGen's diagnostics only, with the text they point at: "PG0003 Error 'topc': …".</summary>
    public static async Task<string[]> PromptDiagnosticsAsync(params string[] sources) =>
        (await AnalyzeAsync(sources)).Prompt();

    public static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        var text = diagnostic.Location.IsInSource ? diagnostic.Location.SourceTree!.GetText().ToString(span) : "";
        return $"{diagnostic.Id} {diagnostic.Severity} '{text}': {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

/// <summary>What <see cref="GeneratorHarness.AnalyzeAsync"/> found: the run and every diagnostic, in source order.</summary>
internal sealed record Analysis(GeneratorRun Run, ImmutableArray<Diagnostic> All)
{
    /// <summary>Errors and warnings, and PromptGen's diagnostics that are not hidden: what a build shows.</summary>
    public ImmutableArray<Diagnostic> Visible =>
        All.Where(d => d.Severity >= DiagnosticSeverity.Warning || (IsPromptGen(d) && d.Severity > DiagnosticSeverity.Hidden)).ToImmutableArray();

    /// <summary>PromptGen's diagnostics (hidden ones only when asked), described by <see cref="GeneratorHarness.Describe"/>.</summary>
    public string[] Prompt(bool includeHidden = false) =>
        All.Where(d => IsPromptGen(d) && (includeHidden || d.Severity != DiagnosticSeverity.Hidden)).Select(GeneratorHarness.Describe).ToArray();

    /// <summary>Diagnostics of at least <paramref name="severity"/> located in generated trees, which the user cannot fix.</summary>
    public string[] InGeneratedCode(DiagnosticSeverity severity)
    {
        var generated = Run.Output.SyntaxTrees.Except(Run.Input.SyntaxTrees).ToHashSet();
        return All.Where(d => d.Severity >= severity && d.Location.SourceTree is { } tree && generated.Contains(tree)).Select(d => d.ToString()).ToArray();
    }

    private static bool IsPromptGen(Diagnostic d) => d.Id.StartsWith("PG", StringComparison.Ordinal);
}

internal sealed record GeneratorRun(Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result)
{
    public string GeneratedSource(string hintName) =>
        Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<Diagnostic> CompilerErrors =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);
}
