using System.Diagnostics.Tracing;
using System.Globalization;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The <c>allocations</c> mode: where a contender's bytes go, by allocated type. The runtime samples an allocation about
/// every 100 KB (the GC AllocationTick event, read in process by an <see cref="EventListener"/>); each sample carries the
/// bytes allocated since the previous one, so summing them per type and dividing by the calls estimates bytes per call
/// by type. Run enough calls for a few thousand samples; the total is checked against <see cref="GC.GetTotalAllocatedBytes"/>.
/// </summary>
public static class Allocations
{
    public static async Task<int> RunAsync(Options options, TextWriter output)
    {
        foreach (var scenario in options.Scenarios)
        {
            var contenders = Contenders.InMemory(scenario);
            try
            {
                foreach (var contender in contenders.Where(c => options.Names.Count == 0 || options.Names.Any(n => c.Name.StartsWith(n, StringComparison.OrdinalIgnoreCase))))
                {
                    await contender.VerifyAsync(scenario).ConfigureAwait(false);
                    for (var i = 0; i < 2_000; i++)
                    {
                        await Contenders.Call(contender, scenario).ConfigureAwait(false);
                    }

                    using var listener = new AllocationListener();
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    for (var i = 0; i < options.Calls; i++)
                    {
                        await Contenders.Call(contender, scenario).ConfigureAwait(false);
                    }

                    var total = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)options.Calls;
                    var byType = listener.Stop();
                    var perCall = scenario == Scenario.Stream ? $", per chunk = per call / {Canned.StreamChunks}" : "";
                    output.WriteLine();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Allocations by type, {contender.Name}, {scenario} call: {total:0} B/call measured over {options.Calls} calls{perCall} ({byType.Values.Sum(v => v.Samples)} samples)"));
                    output.WriteLine();
                    output.WriteLine("| Type | Est. B/call | Share |");
                    output.WriteLine("| --- | ---: | ---: |");
                    var sampled = byType.Values.Sum(v => v.Bytes);
                    foreach (var (type, (bytes, _)) in byType.OrderByDescending(pair => pair.Value.Bytes).Take(options.Top))
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {bytes / (double)options.Calls:0} | {bytes * 100.0 / sampled:0.0} % |"));
                    }
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

    private sealed class AllocationListener : EventListener
    {
        private readonly Dictionary<string, (long Bytes, int Samples)> _byType = new(StringComparer.Ordinal);
        private bool _stopped;

        public Dictionary<string, (long Bytes, int Samples)> Stop()
        {
            lock (_byType)
            {
                _stopped = true;
                return new Dictionary<string, (long Bytes, int Samples)>(_byType, StringComparer.Ordinal);
            }
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick is verbose
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs data)
        {
            if (data.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.PayloadNames is null)
            {
                return;
            }

            var type = data.Payload![data.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            var amountIndex = data.PayloadNames.IndexOf("AllocationAmount64");
            var amount = amountIndex >= 0 ? Convert.ToInt64(data.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
            lock (_byType)
            {
                if (_stopped)
                {
                    return;
                }

                _byType[type] = _byType.TryGetValue(type, out var sum) ? (sum.Bytes + amount, sum.Samples + 1) : (amount, 1);
            }
        }
    }
}
