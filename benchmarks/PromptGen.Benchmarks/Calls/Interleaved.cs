using System.Diagnostics;
using System.Globalization;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The CPU-time interleaved mode: the contenders take turns in short batches (the order rotating every round), and each
/// batch records the process's CPU time and allocated bytes. Noise from other processes on a shared machine lands on
/// every contender alike, and CPU time ignores time spent descheduled, so the ratios repeat within a few percent where
/// wall-clock means do not. Reports the median per-call CPU time over the rounds and the mean allocated bytes.
/// </summary>
public static class Interleaved
{
    public static async Task<int> RunAsync(Options options, TextWriter output)
    {
        foreach (var scenario in options.Scenarios)
        {
            // --contender NAME (repeatable): only those, beside the floor (always first: the ratios are to it).
            var all = Contenders.InMemory(scenario);
            var contenders = all.Where((c, i) => i == 0 || options.Names.Count == 0 || options.Names.Any(n => c.Name.StartsWith(n, StringComparison.OrdinalIgnoreCase))).ToArray();
            foreach (var unused in all.Except(contenders))
            {
                unused.Dispose();
            }

            try
            {
                foreach (var contender in contenders)
                {
                    await contender.VerifyAsync(scenario).ConfigureAwait(false);
                    await Batch(contender, scenario, options.Batch ?? 500).ConfigureAwait(false); // warm-up: tiered JIT settles
                }

                // Process CPU time advances in scheduler ticks: a batch must last long enough (about 100 ms of the floor's
                // time) for the tick to be noise, unless --batch sets it.
                var batch = options.Batch ?? await CalibrateAsync(contenders[0], scenario).ConfigureAwait(false);

                var cpu = contenders.Select(_ => new List<double>()).ToArray();
                var bytes = contenders.Select(_ => new List<double>()).ToArray();
                for (var round = 0; round < options.Rounds; round++)
                {
                    for (var turn = 0; turn < contenders.Length; turn++)
                    {
                        var index = (turn + round) % contenders.Length;
                        var cpuBefore = Environment.CpuUsage.TotalTime;
                        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                        await Batch(contenders[index], scenario, batch).ConfigureAwait(false);
                        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
                        var spent = Environment.CpuUsage.TotalTime - cpuBefore;
                        cpu[index].Add(spent.TotalMilliseconds * 1000 / batch);
                        bytes[index].Add((double)allocated / batch);
                    }
                }

                output.WriteLine();
                output.WriteLine($"Interleaved CPU time, {scenario} call: {options.Rounds} rounds x {batch} calls per contender, order rotating");
                output.WriteLine();
                output.WriteLine("| Contender | CPU us/call (median) | Ratio | Allocated B/call | Alloc ratio |");
                output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
                var floorCpu = Median(cpu[0]);
                var floorBytes = bytes[0].Average();
                for (var i = 0; i < contenders.Length; i++)
                {
                    var median = Median(cpu[i]);
                    var allocatedMean = bytes[i].Average();
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {contenders[i].Name} | {median:0.0} | {median / floorCpu:0.00} | {allocatedMean:0} | {allocatedMean / floorBytes:0.00} |"));
                }
            }
            finally
            {
                foreach (var contender in contenders)
                {
                    contender.Dispose();
                }
            }
        }

        return 0;
    }

    private static async Task Batch(Contender contender, Scenario scenario, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            await Contenders.Call(contender, scenario).ConfigureAwait(false);
        }
    }

    private static async Task<int> CalibrateAsync(Contender floor, Scenario scenario)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var calls = 0;
        while (clock.ElapsedMilliseconds < 100)
        {
            await Contenders.Call(floor, scenario).ConfigureAwait(false);
            calls++;
        }

        return Math.Max(10, calls);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Arguments of the custom modes: <c>--scenario text|json|stream|all</c>, <c>--rounds N</c>, <c>--batch N</c> (default: calibrated), <c>--calls N</c>, <c>--concurrency N</c>, <c>--warmup N</c>.</summary>
public sealed class Options
{
    public Scenario[] Scenarios { get; private set; } = [Scenario.Text, Scenario.Json, Scenario.Stream];

    public int Rounds { get; private set; } = 30;

    /// <summary>Calls per batch; <see langword="null"/> to calibrate (about 100 ms of the floor's calls).</summary>
    public int? Batch { get; private set; }

    public int Calls { get; private set; } = 20_000;

    public int Concurrency { get; private set; } = 64;

    public int Warmup { get; private set; } = 5_000;

    /// <summary>How many rows the allocations mode prints per contender.</summary>
    public int Top { get; private set; } = 15;

    /// <summary>Contender name prefixes the allocations and interleaved modes look at (<c>--contender PromptGen</c>, repeatable; the interleaved mode always runs the floor too).</summary>
    public List<string> Names { get; } = [];

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--scenario":
                    options.Scenarios = value == "all" ? [Scenario.Text, Scenario.Json, Scenario.Stream] : [Enum.Parse<Scenario>(value, ignoreCase: true)];
                    break;
                case "--rounds":
                    options.Rounds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    options.Batch = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--calls":
                    options.Calls = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    options.Concurrency = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--top":
                    options.Top = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--contender":
                    options.Names.Add(value);
                    break;
                case "--warmup":
                    options.Warmup = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'. Known: --scenario text|json|stream|all, --rounds, --batch, --calls, --concurrency, --warmup, --top, --contender.");
            }
        }

        return options;
    }
}
