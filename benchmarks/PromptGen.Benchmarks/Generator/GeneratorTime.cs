using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PromptGen.Benchmarks.Generator;

/// <summary>
/// The <c>generator-time</c> mode: the cases of <see cref="GeneratorBenchmarks"/> measured by process CPU time and
/// allocated bytes, interleaved round by round (the order rotates), median per case. For a shared, loaded machine, where
/// BenchmarkDotNet's in-process toolchain gives up on the minute-long compile+emit and wall-clock times mean little:
/// the CPU time a case used and the bytes it allocated do not depend on what else runs.
/// </summary>
public static class GeneratorTime
{
    private sealed record Case(string Name, Func<Compilation> Prepare, Func<Compilation, object> Run);

    public static int Run(TextWriter output, int rounds)
    {
        var project = GeneratedProject.Create();
        var analyzers = ImmutableArray.Create(PromptGenGenerator.Analyzers());
        var warm = PromptGenGenerator.CreateDriver().RunGeneratorsAndUpdateCompilation(project.Compile(), out var withGenerated, out var generatorDiagnostics);
        var floorWarm = SymbolFloor.CreateDriver().RunGenerators(project.Compile());
        var generated = withGenerated.SyntaxTrees.Skip(project.Trees.Length).ToArray();
        var errors = withGenerated.GetDiagnostics().Concat(generatorDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0 || generated.Length != project.Interfaces)
        {
            output.WriteLine($"The generated project does not build ({generated.Length} files): {string.Join("; ", errors.Take(5))}");
            return 1;
        }

        var cases = new[]
        {
            new Case("Compile+emit (no generator)", () => project.Compile(generated), c =>
            {
                using var image = new MemoryStream();
                return c.Emit(image).Success ? image.Length : throw new InvalidOperationException("compile failed");
            }),
            new Case("Generator, cold run", () => project.Compile(), c => PromptGenGenerator.CreateDriver().RunGenerators(c)),
            new Case("Generator, after an unrelated edit", () => project.Compile().ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdited), c => warm.RunGenerators(c)),
            new Case("Generator, after one template edit", () => project.Compile().ReplaceSyntaxTree(project.TemplateTree, project.TemplateEdited), c => warm.RunGenerators(c)),
            new Case("Analyzers (PG diagnostics)", () => project.Compile(), c => c.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length),
            new Case("Symbol floor, cold run", () => project.Compile(), c => SymbolFloor.CreateDriver().RunGenerators(c)),
            new Case("Symbol floor, after an unrelated edit", () => project.Compile().ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdited), c => floorWarm.RunGenerators(c)),
        };
        var (floorInterfaces, floorRead) = SymbolFloor.Check(project.Compile());
        if (floorInterfaces != project.Interfaces)
        {
            output.WriteLine($"The symbol floor read {floorInterfaces} interfaces, not {project.Interfaces}.");
            return 1;
        }

        var cpu = cases.Select(_ => new List<double>()).ToArray();
        var bytes = cases.Select(_ => new List<long>()).ToArray();
        foreach (var c in cases)
        {
            c.Run(c.Prepare()); // JIT and first-use costs out of the way
        }

        var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var i = (k + round) % cases.Length;
                var compilation = cases[i].Prepare();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                GC.KeepAlive(cases[i].Run(compilation));
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                process.Refresh();
                cpu[i].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                bytes[i].Add(allocated);
            }
        }

        output.WriteLine();
        output.WriteLine($"Generator over {project.Interfaces} interfaces x 10 methods, {rounds} interleaved rounds: median process CPU time and allocated bytes per case");
        output.WriteLine();
        output.WriteLine("| Case | CPU ms (median) | CPU ms (min–max) | ÷ compile+emit | ÷ cold run | Allocated MB (median) | ÷ cold run |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var compile = Median(cpu[0]);
        var cold = Median(cpu[1]);
        var coldBytes = Median(bytes[1]);
        for (var i = 0; i < cases.Length; i++)
        {
            var median = Median(cpu[i]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cases[i].Name} | {median:F0} | {cpu[i].Min():F0}–{cpu[i].Max():F0} | {median / compile:F3} | {median / cold:F2} | {Median(bytes[i]) / 1048576.0:F1} | {(double)Median(bytes[i]) / coldBytes:F2} |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The symbol floor (SymbolFloor.cs) read each of the {floorInterfaces} interfaces once (checksum of what it read: {floorRead})."));
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static long Median(List<long> values) => values.Order().ElementAt(values.Count / 2);
}
