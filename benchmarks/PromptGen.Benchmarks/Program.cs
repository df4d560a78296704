using BenchmarkDotNet.Running;

namespace PromptGen.Benchmarks;

/// <summary>Entry point of the benchmark suite: BenchmarkDotNet's switcher (--filter, --list, --job); see docs/performance.md.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks the arguments select.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
