using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>The child-process runner the packaging and trimming tests use: a hung child is killed at its limit and the error says what was running.</summary>
public class ChildProcessTests
{
    [Fact]
    public async Task AChildStillRunningAtItsLimitIsKilledAndTheTimeoutSaysWhatRanAndItsLastOutput()
    {
        var folder = Path.GetTempPath();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => ChildProcess.RunAsync("sh", "-c \"echo compiling; echo still compiling; sleep 600\"", folder, TimeSpan.FromSeconds(2)));

        Assert.StartsWith($"'sh -c \"echo compiling; echo still compiling; sleep 600\"' (in {folder}) was still running after ", error.Message);
        Assert.EndsWith(" seconds, over its limit of 2 seconds, and was killed. Its last output lines:\ncompiling\nstill compiling", error.Message);
    }

    [Fact]
    public async Task AFinishedChildGivesItsExitCodeAndItsStandardOutputThenItsStandardError()
    {
        var (exitCode, output) = await ChildProcess.RunAsync("sh", "-c \"echo out; echo err >&2; exit 3\"", Path.GetTempPath(), ChildProcess.BuildLimit);

        Assert.Equal(3, exitCode);
        Assert.Equal("out\nerr\n", output);
    }
}
