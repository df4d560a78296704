using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// Loopback throughput: a Kestrel server on 127.0.0.1 answers every request with the canned reply its body asks for;
/// each contender (its own <see cref="HttpClient"/> over a <see cref="SocketsHttpHandler"/>) makes a warm-up run and then
/// a fixed number of calls from <c>--concurrency</c> workers. Two passes, the second in reverse order; the table shows the
/// mean calls per second, process CPU time and allocated bytes per call. Server and clients share the machine.
/// </summary>
public static class Throughput
{
    public static async Task<int> RunAsync(Options options, TextWriter output)
    {
        await using var server = await CannedServer.StartAsync().ConfigureAwait(false);
        foreach (var scenario in options.Scenarios)
        {
            var contenders = Contenders.Create(() => new HttpClient(new SocketsHttpHandler()), server.BaseUrl);
            try
            {
                var results = contenders.Select(_ => new List<(double CallsPerSecond, double CpuMicroseconds, double Bytes)>()).ToArray();
                foreach (var contender in contenders)
                {
                    await contender.VerifyAsync(scenario).ConfigureAwait(false);
                    await RunCallsAsync(contender, scenario, options.Warmup, options.Concurrency).ConfigureAwait(false);
                }

                foreach (var pass in new[] { Enumerable.Range(0, contenders.Length), Enumerable.Range(0, contenders.Length).Reverse() })
                {
                    foreach (var index in pass)
                    {
                        GC.Collect();
                        var cpuBefore = Environment.CpuUsage.TotalTime;
                        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                        var clock = Stopwatch.StartNew();
                        await RunCallsAsync(contenders[index], scenario, options.Calls, options.Concurrency).ConfigureAwait(false);
                        var elapsed = clock.Elapsed;
                        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
                        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
                        results[index].Add((options.Calls / elapsed.TotalSeconds, cpu.TotalMilliseconds * 1000 / options.Calls, (double)allocated / options.Calls));
                    }
                }

                output.WriteLine();
                output.WriteLine($"Loopback throughput, {scenario} call: {options.Calls} calls at concurrency {options.Concurrency} after {options.Warmup} warm-up calls, 2 passes (client and server in one process)");
                output.WriteLine();
                output.WriteLine("| Contender | Calls/s (mean) | Ratio | CPU us/call (client+server) | Allocated B/call (client+server) |");
                output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
                var floor = results[0].Average(r => r.CallsPerSecond);
                for (var i = 0; i < contenders.Length; i++)
                {
                    var callsPerSecond = results[i].Average(r => r.CallsPerSecond);
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {contenders[i].Name} | {callsPerSecond:0} | {callsPerSecond / floor:0.00} | {results[i].Average(r => r.CpuMicroseconds):0.0} | {results[i].Average(r => r.Bytes):0} |"));
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

    private static Task RunCallsAsync(Contender contender, Scenario scenario, int calls, int concurrency)
    {
        var next = -1;
        var workers = new Task[Math.Min(concurrency, Math.Max(calls, 1))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < calls)
                {
                    await Contenders.Call(contender, scenario).ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(workers);
    }
}

/// <summary>A Kestrel server on 127.0.0.1 (a free port) answering with the canned reply the request body asks for.</summary>
public sealed class CannedServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private TaskCompletionSource _request = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CannedServer()
    {
    }

    /// <summary><c>http://127.0.0.1:{port}/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Completes when the next request arrives (its body read).</summary>
    public Task NextRequest()
    {
        _request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _request.Task;
    }

    public static async Task<CannedServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var server = new CannedServer { _app = app };
        app.Run(server.AnswerAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
        _request.TrySetResult();
        var request = body.GetBuffer().AsSpan(0, (int)body.Length);
        var streamed = request.IndexOf("\"stream\":true"u8) >= 0;
        var json = request.IndexOf("\"response_format\""u8) >= 0;
        var (reply, type) = streamed && json ? (request.IndexOf("\"CityItems\""u8) >= 0 ? Canned.ItemsStream : Canned.ObjectStream, "text/event-stream")
            : streamed ? (Canned.Stream, "text/event-stream")
            : request.IndexOf("\"response_format\""u8) >= 0 ? (Canned.JsonCompletion, "application/json")
            : (Canned.TextCompletion, "application/json");
        context.Response.ContentType = type;
        context.Response.ContentLength = reply.Length;
        await context.Response.Body.WriteAsync(reply).ConfigureAwait(false);
    }
}

/// <summary>
/// The <c>startup</c> mode: runs an app (for example the NativeAOT and the JIT build of samples/PromptGen.AotSample) with
/// the canned server's base URL as its argument, several times, and reports the median time from starting the process
/// to the server receiving its first request, and to the process's exit.
/// </summary>
public static class Startup
{
    public static async Task<int> RunAsync(IReadOnlyList<string> apps, int runs, TextWriter output)
    {
        await using var server = await CannedServer.StartAsync().ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine($"Start-up to first request, median of {runs} runs");
        output.WriteLine();
        output.WriteLine("| App | Size on disk | Start to first request (ms) | Start to exit (ms) |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var app in apps)
        {
            var first = new List<double>();
            var exit = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var request = server.NextRequest();
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(new ProcessStartInfo(app, server.BaseUrl.ToString()) { RedirectStandardOutput = true, UseShellExecute = false })!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                await request.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                first.Add(clock.Elapsed.TotalMilliseconds);
                await process.WaitForExitAsync().ConfigureAwait(false);
                exit.Add(clock.Elapsed.TotalMilliseconds);
                var printed = await stdout.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{app} exited with {process.ExitCode}: {printed}");
                }
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(app))!;
            var size = new DirectoryInfo(folder).EnumerateFiles()
                .Where(f => !f.Name.EndsWith(".dbg", StringComparison.Ordinal) && !f.Name.EndsWith(".pdb", StringComparison.Ordinal) && !f.Name.EndsWith(".xml", StringComparison.Ordinal))
                .Sum(f => f.Length);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {app} | {size / 1024.0 / 1024.0:0.0} MB ({new FileInfo(app).Length / 1024.0 / 1024.0:0.0} MB binary) | {Median(first):0} | {Median(exit):0} |"));
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
