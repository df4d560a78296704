using System.Text.RegularExpressions;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>
/// samples/PromptGen.AotSample published with NativeAOT (linux-x64; the ILCompiler packages come from NuGet): no trim or
/// AOT warning, and the native binary makes its five calls (text, JSON, streamed text, a ChatStream of items and a
/// PartialStream, both read through the JsonSerializerContext) against the loopback server. Its size and start-up time are
/// measured in docs/performance.md, never asserted here.
/// </summary>
public class AotSampleTests
{
    private static readonly Regex TrimOrAotWarning = new(@"\b(IL2\d{3}|IL3\d{3})\b");

    [Fact]
    public async Task PublishedWithNativeAotHasNoWarningsAndMakesItsCallsAgainstTheLoopbackServer()
    {
        var output = Path.Combine(Path.GetTempPath(), "promptgen-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Published in place, in the tests' own configuration: under `dotnet test PromptGen.sln` the runtime and the
            // generator are built already, so this costs the sample's compile and the native compilation only.
            var project = Path.Combine(ChildProcess.RepositoryRoot(), "samples", "PromptGen.AotSample", "PromptGen.AotSample.csproj");
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
            var (exitCode, publishOutput) = await ChildProcess.RunAsync("dotnet", $"publish \"{project}\" -c {configuration} -r linux-x64 -o \"{output}\"", ChildProcess.RepositoryRoot(), TimeSpan.FromMinutes(20));

            Assert.True(exitCode == 0, publishOutput);
            Assert.DoesNotMatch(TrimOrAotWarning, publishOutput);
            Assert.Contains("Generating native code", publishOutput);
            var binary = Path.Combine(output, "PromptGen.AotSample");
            Assert.False(File.Exists(Path.ChangeExtension(binary, ".dll")), "a NativeAOT publish leaves no IL assembly of the app");

            await using var server = await LoopbackServer.StartAsync();
            server.Enqueue(
                Harness.Completion("Recursion is a function calling itself."),
                Harness.Completion("""{"name":"Bergen","country":"Norway","population":291940}"""),
                Reply.Sse()
                    .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""")
                    .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"A fox"},"finish_reason":null}]}""")
                    .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" ran."},"finish_reason":null}]}""")
                    .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")
                    .Done(),
                Reply.Sse()
                    .Data("""{"id":"i","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""")
                    .Data("""{"id":"i","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{\"items\":[{\"name\":\"Oslo\",\"country\":\"Norway\",\"population\":709037},{\"na"},"finish_reason":null}]}""")
                    .Data("""{"id":"i","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"me\":\"Bergen\",\"country\":\"Norway\",\"population\":291940}]}"},"finish_reason":null}]}""")
                    .Data("""{"id":"i","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")
                    .Data("""{"id":"i","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}""")
                    .Done(),
                Reply.Sse()
                    .Data("""{"id":"p","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{\"name\":\"Oslo\","},"finish_reason":null}]}""")
                    .Data("""{"id":"p","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"\"country\":\"Norway\",\"population\":709037}"},"finish_reason":null}]}""")
                    .Data("""{"id":"p","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")
                    .Done());

            var (runExit, runOutput) = await ChildProcess.RunAsync(binary, server.BaseUrl.ToString(), ChildProcess.RepositoryRoot(), TimeSpan.FromMinutes(1));

            Assert.True(runExit == 0, runOutput);
            var lines = runOutput.Trim().Split('\n');
            Assert.Equal(
                ["text: Recursion is a function calling itself.", "json: Bergen, Norway, 291940", "stream: 2 pieces: A fox ran."],
                lines.Take(3));
            // A loopback server costs nothing by default (PriceTable.CreateFree); the prompt version is the generated constant.
            Assert.Matches(@"^items: Oslo \(709037\), Bergen \(291940\); finish stop, 42 tokens, 5 chunks, cost 0(\.0+)?, prompt [0-9a-f]{12}$", lines[3]);
            Assert.Equal("partial: name[Oslo] country[Oslo] population[Oslo] -> Oslo, Norway, 709037", lines[4]);
            Assert.Matches(@"^first reply after \d+ ms$", lines[5]);

            var requests = server.Requests;
            Assert.Equal(5, requests.Count);
            Assert.All(requests, request => Assert.Equal("/v1/chat/completions", request.Path));
            Assert.All(requests, request => Assert.Equal("Bearer aot-sample", request.Header("Authorization")));
            Assert.Equal(
                """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"What is recursion? Answer in at most 20 words."}],"temperature":0.2}""",
                requests[0].BodyText);
            Assert.StartsWith(
                """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Describe the city Bergen."}],"response_format":{"type":"json_schema","json_schema":{"name":"City",""",
                requests[1].BodyText);
            Assert.Equal(
                """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Tell a very short story about a fox."}],"stream":true,"stream_options":{"include_usage":true}}""",
                requests[2].BodyText);
            Assert.StartsWith(
                """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"List the largest cities of Norway."}],"stream":true,"stream_options":{"include_usage":true},"response_format":{"type":"json_schema","json_schema":{"name":"CityItems",""",
                requests[3].BodyText);
            Assert.Contains("\"schema\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"description\":\"A city, as the typed JSON call returns it.\",\"properties\":{\"name\":{", requests[3].BodyText);
            Assert.StartsWith(
                """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Describe the city Oslo, field by field."}],"stream":true,"stream_options":{"include_usage":true},"response_format":{"type":"json_schema","json_schema":{"name":"City",""",
                requests[4].BodyText);
        }
        finally
        {
            TryDelete(output);
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>
/// Runs every benchmark of benchmarks/PromptGen.Benchmarks (built with this project) once (BenchmarkDotNet's Dry job, in process, over a
/// five-interface generator project) plus each custom mode with tiny counts, so the suite cannot rot: a benchmark whose
/// contender returns a wrong answer fails its setup, and a failed benchmark fails the run. Measures nothing.
/// </summary>
public class BenchmarkDryRunTests
{
    private static readonly string[] Contenders = ["Floor (HttpClient + STJ)", "PromptGen", "OpenAI SDK", "Microsoft.Extensions.AI"];

    [Fact]
    public async Task EveryBenchmarkAndModeRunsOnce()
    {
        var root = ChildProcess.RepositoryRoot();
        // Built with this project (a ProjectReference without its output), in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
        var dll = Path.Combine(root, "benchmarks", "PromptGen.Benchmarks", "bin", configuration, "net10.0", "PromptGen.Benchmarks.dll");
        var artifacts = Path.Combine(Path.GetTempPath(), "promptgen-bdn-" + Guid.NewGuid().ToString("N"));
        try
        {
            var benchmarks = await RunAsync(dll, $"--filter * --job Dry --inProcess --smoke --artifacts \"{artifacts}\"");
            foreach (var row in new[] { "'Compile+emit (no generator)'", "'Generator, cold run'", "'Generator, after an unrelated edit'", "'Generator, after one template edit'", "'Analyzers (PG diagnostics)'", "'MEAI GetResponseAsync<T>'", "'MEAI streaming'" })
            {
                Assert.Contains("| " + row, benchmarks);
            }

            Assert.Contains("executed benchmarks: 56", benchmarks); // 17 call and generator benchmarks, 7 reply-reading benchmarks, 9 call-piece benchmarks, 13 template benchmarks, 4 image benchmarks (2 sizes × 2), 2 streamed-items chunk benchmarks, 4 budget benchmarks

            var interleaved = await RunAsync(dll, "interleaved --rounds 1 --batch 2");
            var throughput = await RunAsync(dll, "throughput --scenario all --calls 8 --concurrency 4 --warmup 4");
            foreach (var contender in Contenders)
            {
                Assert.Equal(3, Regex.Matches(interleaved, "^\\| " + Regex.Escape(contender) + " \\|", RegexOptions.Multiline).Count);
                Assert.Equal(3, Regex.Matches(throughput, "^\\| " + Regex.Escape(contender) + " \\|", RegexOptions.Multiline).Count);
            }

            var steps = await RunAsync(dll, "generator-steps");
            Assert.Contains("| PromptGenerator.Specs | 5/0/0/0/0 |", steps);
            Assert.Contains("| PromptGenerator.Bound | 5/0/0/0/0 | 0/0/0/5/0 | 0/1/0/4/0 |", steps);

            var time = await RunAsync(dll, "generator-time --rounds=1");
            Assert.Contains("| Generator, after an unrelated edit | ", time);
            Assert.Contains("| Symbol floor, after an unrelated edit | ", time); // the floor ran, and read each interface once (else the mode exits 1)
            Assert.Contains("read each of the 5 interfaces once", time);
        }
        finally
        {
            AotSampleTests.TryDelete(artifacts);
        }
    }

    private static async Task<string> RunAsync(string dll, string arguments)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", $"\"{dll}\" {arguments} --interfaces 5", Path.GetTempPath(), TimeSpan.FromMinutes(8));
        Assert.True(exitCode == 0, output);
        return output;
    }
}
