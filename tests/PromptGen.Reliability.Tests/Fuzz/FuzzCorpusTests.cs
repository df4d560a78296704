using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Reliability.Tests.Fuzz;

/// <summary>
/// The generator fuzz corpus (issue 12, section 6): mutations of valid declarations (<see cref="Mutator"/>), generated
/// from a fixed seed so that every run checks the same sources. None may make the generator throw (CS8785), the analyzer
/// throw (AD0001), PromptGen report its own failure (PG0099), or the generated code fail to compile when the user's code
/// compiles. A failure is reported with its source shrunk to a short repro; such repros become named tests in
/// <see cref="FuzzRegressionTests"/>.
/// </summary>
/// <remarks>
/// CI checks 1,500 sources. More: <c>RELIABILITY_FUZZ_SOURCES=20000 RELIABILITY_FUZZ_SEED=7 dotnet test tests/PromptGen.Reliability.Tests --filter "FullyQualifiedName~FuzzCorpusTests"</c>.
/// </remarks>
public sealed class FuzzCorpusTests
{
    public const int DefaultSeed = 20261130;

    private readonly ITestOutputHelper _output;

    public FuzzCorpusTests(ITestOutputHelper output) => _output = output;

    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_FUZZ_SOURCES"), out var n) && n > 0 ? n : 1500;

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_FUZZ_SEED"), out var n) ? n : DefaultSeed;

    public static TheoryData<int> SeedIndexes() => new() { 0, 1, 2, 3, 4, 5, 6 };

    /// <summary>The seeds are valid: no compiler error, no PG error, no warning from PromptGen — so every problem the corpus finds comes from a mutation.</summary>
    [Theory]
    [MemberData(nameof(SeedIndexes))]
    public async Task SeedsCompileWithoutErrorsOrPromptDiagnostics(int index)
    {
        var source = Seeds.All[index];
        var compilation = CSharpCompilation.Create("Seed", new[] { CSharpSyntaxTree.ParseText(source, FuzzHarness.ParseOptions) },
            Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().Append(MetadataReference.CreateFromFile(typeof(ChatClient).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(new[] { new PromptGen.Generator.PromptGenerator().AsSourceGenerator() }, parseOptions: FuzzHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var analyzer = output.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new PromptGen.Generator.Diagnostics.PromptAnalyzer()));
        var prompt = (await analyzer.GetAnalyzerDiagnosticsAsync()).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString());
        Assert.Empty(prompt);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);
        Assert.Empty(FuzzHarness.Check(source));
    }

    [Fact]
    public void TheCorpusIsDeterministicAndLargeEnough()
    {
        var first = Mutator.Corpus(50, DefaultSeed).ToArray();
        var second = Mutator.Corpus(50, DefaultSeed).ToArray();
        Assert.Equal(first, second);
        Assert.True(Count >= 1500 || Environment.GetEnvironmentVariable("RELIABILITY_FUZZ_SOURCES") is not null);
        Assert.True(first.Select(s => s.Source).Distinct().Count() >= 45, "The mutations hardly change anything.");
        var names = Mutator.Corpus(1500, DefaultSeed).Select(s => s.Name).ToArray();
        foreach (var (name, _) in Mutator.Mutations)
        {
            Assert.True(names.Count(n => n.Contains(name, StringComparison.Ordinal)) >= 30, $"{name} is applied too rarely");
        }
    }

    [Fact]
    public void NoMutationCrashesTheGeneratorOrAnalyzerOrBreaksGeneratedCode()
    {
        var corpus = Mutator.Corpus(Count, Seed).ToArray();
        var failures = new ConcurrentBag<(string Name, string Source, string Problem)>();
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(corpus, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            IReadOnlyList<string> problems;
            try
            {
                problems = FuzzHarness.Check(item.Source);
            }
            catch (Exception exception)
            {
                problems = new[] { "harness exception " + exception.GetType().Name + ": " + exception.Message };
            }

            foreach (var problem in problems)
            {
                failures.Add((item.Name, item.Source, problem));
            }
        });
        _output.WriteLine($"{corpus.Length} sources (seed {Seed}) checked in {watch.Elapsed.TotalSeconds:0.0} s; {failures.Count} problems in {failures.Select(f => f.Name).Distinct().Count()} sources.");

        if (failures.IsEmpty)
        {
            return;
        }

        var groups = failures.GroupBy(f => Signature(f.Problem)).OrderByDescending(g => g.Count()).ToArray();
        var report = new System.Text.StringBuilder();
        report.AppendLine($"{failures.Select(f => f.Name).Distinct().Count()} of {corpus.Length} sources broke the generator's promise, in {groups.Length} kinds:");
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var first = group.OrderBy(f => f.Source.Length).First();
            report.AppendLine($"--- {group.Count()} x {group.Key}");
            report.AppendLine($"    e.g. {first.Name}: {first.Problem}");
            if (index < 4)
            {
                var signature = group.Key;
                var small = FuzzHarness.Minimise(first.Source, candidate => FuzzHarness.Check(candidate).Any(p => Signature(p) == signature), budget: 100);
                report.AppendLine("    minimised source:");
                report.AppendLine("    " + small.Replace("\n", "\n    ", StringComparison.Ordinal));
            }
        }

        _output.WriteLine(report.ToString());
        Assert.Fail(report.ToString());
    }

    /// <summary>A problem without the parts that vary between sources (names, numbers, quoted text).</summary>
    public static string Signature(string problem) =>
        Regex.Replace(Regex.Replace(Regex.Replace(problem, @"[\w.]+\.g\.cs", "X.g.cs"), "'[^']*'", "'…'"), @"\d+", "N");
}
