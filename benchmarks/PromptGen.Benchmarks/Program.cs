using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PromptGen.Benchmarks.Calls;
using PromptGen.Benchmarks.Generator;

namespace PromptGen.Benchmarks;

/// <summary>
/// Entry point of the benchmark suite (commands and results: docs/performance.md):
/// <list type="bullet">
/// <item><c>interleaved [--scenario text|json|stream|all] [--rounds 30] [--batch 200] [--contender PromptGen]</c> — the CPU-time interleaved mode (the floor and the named contenders, or all);</item>
/// <item><c>throughput [--scenario ...] [--calls 20000] [--concurrency 64] [--warmup 5000]</c> — loopback Kestrel throughput;</item>
/// <item><c>allocations [--scenario ...] [--contender PromptGen] [--calls 20000] [--top 15]</c> — allocated bytes per call by type (sampled);</item>
/// <item><c>startup APP... [--runs=10]</c> — start-up to first request of apps given the canned server's URL (the NativeAOT sample);</item>
/// <item><c>generator-steps</c> — the generator's tracked step counts after each edit;</item>
/// <item><c>generator-time [--rounds=5]</c> — the generator cases by process CPU time and allocated bytes, interleaved;</item>
/// <item><c>--interfaces N</c> with any mode — the generator project's size (default 100 interfaces × 10 methods);</item>
/// <item>anything else — BenchmarkDotNet's switcher (<c>--filter</c>, <c>--list</c>, <c>--job</c>, <c>--inProcess</c>).</item>
/// </list>
/// </summary>
public static class Program
{
    /// <summary>Runs the mode or the benchmarks the arguments select.</summary>
    public static async Task<int> Main(string[] args)
    {
        // --interfaces N (any mode): the generator project's size, 100 interfaces unless given. Passed on through the
        // environment, so benchmark processes BenchmarkDotNet starts see it too.
        var size = Array.IndexOf(args, "--interfaces");
        if (size >= 0 && size + 1 < args.Length)
        {
            Environment.SetEnvironmentVariable("PROMPTGEN_BENCH_INTERFACES", args[size + 1]);
            args = [.. args[..size], .. args[(size + 2)..]];
        }

        switch (args.FirstOrDefault())
        {
            case "interleaved":
                return await Interleaved.RunAsync(Options.Parse(args[1..]), Console.Out);
            case "throughput":
                return await Throughput.RunAsync(Options.Parse(["--scenario", "text", .. args[1..]]), Console.Out);
            case "allocations":
                return await Allocations.RunAsync(Options.Parse(["--calls", "20000", .. args[1..]]), Console.Out);
            case "startup":
                var apps = args[1..].Where(a => !a.StartsWith("--runs=", StringComparison.Ordinal)).ToArray();
                var runs = args.FirstOrDefault(a => a.StartsWith("--runs=", StringComparison.Ordinal)) is { } given ? int.Parse(given[7..], System.Globalization.CultureInfo.InvariantCulture) : 10;
                return await Startup.RunAsync(apps, runs, Console.Out);
            case "generator-steps":
                return GeneratorSteps.Run(Console.Out);
            case "generator-profile":
                var edits = args.FirstOrDefault(a => a.StartsWith("--edits=", StringComparison.Ordinal)) is { } e ? int.Parse(e[8..], System.Globalization.CultureInfo.InvariantCulture) : 20;
                return GeneratorProfile.Run(Console.Out, args.Contains("--floor"), edits);
            case "generator-time":
                var rounds = args.FirstOrDefault(a => a.StartsWith("--rounds=", StringComparison.Ordinal)) is { } r ? int.Parse(r[9..], System.Globalization.CultureInfo.InvariantCulture) : 5;
                return GeneratorTime.Run(Console.Out, rounds);
            default:
                // --smoke: the dry run of tests/PromptGen.EndToEnd.Tests, which may be a Debug build of the runtime; its
                // numbers mean nothing, so BenchmarkDotNet's check for optimised assemblies is off there only.
                var smoke = args.Contains("--smoke");
                var config = smoke ? DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator) : DefaultConfig.Instance;
                var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--smoke").ToArray(), config);
                return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
        }
    }
}
