using System.Diagnostics;
using System.Text;

namespace PromptGen.EndToEnd.Tests;

/// <summary>Runs a child process (dotnet pack/build/publish/run, or a published app) for the packaging and trimming tests.</summary>
internal static class ChildProcess
{
    /// <summary>The repository's root: the folder above the test assembly that holds PromptGen.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PromptGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PromptGen.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// How long one dotnet pack/build/publish/run may take: generous, because on a loaded shared machine (2 cores, several
    /// builds at once) one took over 8 minutes; a quiet machine needs a minute or two. Only a hung process reaches it.
    /// </summary>
    public static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(15);

    /// <summary>How many of the last output lines a timeout message shows.</summary>
    private const int TailLines = 30;

    /// <summary>
    /// Runs the command to its end and returns its exit code and output (standard output, then standard error). A command
    /// still running after <paramref name="limit"/> is killed with its whole process tree and a <see cref="TimeoutException"/>
    /// says what was running (command, folder, limit) and the last lines it wrote; so a test never waits longer than the limit.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host's MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // No build node or build server outlives the child holding its output pipes open (reading would wait for them).
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var lines = new Queue<string>();
        void Collect(StringBuilder into, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                into.Append(line).Append('\n');
                lines.Enqueue(line);
                if (lines.Count > TailLines)
                {
                    lines.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(stderr, e.Data);
        var started = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token); // also waits for the end of both outputs
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended just now; its output may still be open in a grandchild: report the timeout all the same.
            }

            string tail;
            lock (lines)
            {
                tail = lines.Count == 0 ? "(no output)" : string.Join("\n", lines);
            }

            throw new TimeoutException(
                $"'{fileName} {arguments}' (in {workingDirectory}) was still running after {Describe(started.Elapsed)}, " +
                $"over its limit of {Describe(limit)}, and was killed. Its last output lines:\n{tail}");
        }

        lock (lines)
        {
            return (process.ExitCode, stdout.ToString() + stderr);
        }
    }

    /// <summary>A duration as a person reads it: "15 minutes", "2 seconds".</summary>
    private static string Describe(TimeSpan duration) =>
        duration.TotalMinutes >= 1 ? $"{duration.TotalMinutes:0.#} minutes" : $"{duration.TotalSeconds:0} seconds";
}
