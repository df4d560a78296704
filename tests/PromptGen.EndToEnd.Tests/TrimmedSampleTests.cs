using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>
/// samples/PromptGen.TrimmedSample (PublishTrimmed=true in its project, self-contained, linux-x64; this machine serves
/// the runtime pack and ILLink, not the NativeAOT pack): with its JsonSerializerContext the trim and AOT analyzers and
/// ILLink report no IL2026/IL3050 (the project treats warnings as errors, and the output is checked too), and the
/// trimmed binary runs. Without the context the same sample reports both, at the generated reflection path.
/// </summary>
public class TrimmedSampleTests
{
    private static readonly Regex TrimWarning = new(@"\b(IL2\d{3}|IL3\d{3})\b");

    [Fact]
    public async Task PublishedTrimmedWithAContextHasNoTrimOrAotWarningsAndRuns()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "promptgen-trimmed-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await ChildProcess.RunAsync("dotnet", $"publish \"{SampleProject()}\" -c Release -r linux-x64 --artifacts-path \"{artifacts}\"", ChildProcess.RepositoryRoot(), ChildProcess.BuildLimit);

            Assert.True(exitCode == 0, output);
            Assert.DoesNotMatch(TrimWarning, output);
            Assert.Contains("Optimizing assemblies for size", output);

            var binary = Path.Combine(artifacts, "publish", "PromptGen.TrimmedSample", "release_linux-x64", "PromptGen.TrimmedSample");
            var (runExit, runOutput) = await ChildProcess.RunAsync(binary, "", ChildProcess.RepositoryRoot(), TimeSpan.FromMinutes(8));
            Assert.True(runExit == 0, runOutput);
            Assert.Equal(
                "log: Debug ChatRequestSent\nlog: Information ChatRequestCompleted\nBergen: Rain, 9.5 °C (3 days)",
                runOutput.Trim().ReplaceLineEndings("\n"));
        }
        finally
        {
            TryDelete(artifacts);
        }
    }

    [Fact]
    public async Task WithoutAContextTheReflectionPathRaisesTrimAndAotWarnings()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "promptgen-reflection-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await ChildProcess.RunAsync("dotnet", $"build \"{SampleProject()}\" -c Release -p:PromptGenReflection=true --artifacts-path \"{artifacts}\"", ChildProcess.RepositoryRoot(), ChildProcess.BuildLimit);

            Assert.NotEqual(0, exitCode); // warnings are errors in this repository
            Assert.Contains("IL2026: Using member 'PromptGen.JsonReplyFormat<T>.CreateWithReflection(", output);
            Assert.Contains("IL3050: Using member 'PromptGen.JsonReplyFormat<T>.CreateWithReflection(", output);
            Assert.Contains("IWeather.g.cs", output);
        }
        finally
        {
            TryDelete(artifacts);
        }
    }

    private static string SampleProject() =>
        Path.Combine(ChildProcess.RepositoryRoot(), "samples", "PromptGen.TrimmedSample", "PromptGen.TrimmedSample.csproj");

    private static void TryDelete(string path)
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
