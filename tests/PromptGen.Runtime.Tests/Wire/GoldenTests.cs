using PromptGen;
using Xunit;
using Xunit.Sdk;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>The golden-file helper itself: pass, mismatch with a received file and a diff, missing golden, accept.</summary>
public sealed class GoldenTests : IDisposable
{
    private readonly string _source = Path.Combine(Path.GetTempPath(), "promptgen-golden-" + Guid.NewGuid().ToString("N"));
    private readonly string _output = Path.Combine(Path.GetTempPath(), "promptgen-golden-out-" + Guid.NewGuid().ToString("N"));

    public GoldenTests()
    {
        Directory.CreateDirectory(_source);
        Directory.CreateDirectory(_output);
    }

    public void Dispose()
    {
        Directory.Delete(_source, recursive: true);
        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public void MatchingTextPassesWhateverTheLineEndings()
    {
        File.WriteAllText(Path.Combine(_source, "a.json"), "{\r\n  \"x\": 1\r\n}\r\n");

        Golden.Verify("a.json", "{\n  \"x\": 1\n}\n", _source, _output, accept: false);

        Assert.False(File.Exists(Path.Combine(_source, "a.received.json")));
    }

    [Fact]
    public void MismatchWritesReceivedBesideTheGoldenAndShowsADiff()
    {
        File.WriteAllText(Path.Combine(_source, "a.json"), "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");

        var failure = Assert.Throws<XunitException>(() =>
            Golden.Verify("a.json", "one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\nnine\n", _source, _output, accept: false));

        Assert.Equal("one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\nnine\n", File.ReadAllText(Path.Combine(_source, "a.received.json")));
        Assert.Contains("Golden file differs: " + Path.Combine(_source, "a.json"), failure.Message, StringComparison.Ordinal);
        Assert.Contains("PROMPTGEN_ACCEPT=1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("@@ golden line 2 @@\n  two\n  three\n  four\n- five\n+ FIVE\n  six\n  seven\n  eight\n", failure.Message.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("  one", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("  nine", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingGoldenFailsAndWritesReceived()
    {
        var failure = Assert.Throws<XunitException>(() => Golden.Verify("new.json", "{}\n", _source, _output, accept: false));

        Assert.StartsWith("Golden file is missing: ", failure.Message, StringComparison.Ordinal);
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(_source, "new.received.json")));
    }

    [Fact]
    public void AcceptReplacesTheGoldenAndRemovesTheReceivedFile()
    {
        File.WriteAllText(Path.Combine(_source, "a.json"), "old\n");
        File.WriteAllText(Path.Combine(_source, "a.received.json"), "stale\n");

        Golden.Verify("a.json", "new\n", _source, _output, accept: true);

        Assert.Equal("new\n", File.ReadAllText(Path.Combine(_source, "a.json")));
        Assert.False(File.Exists(Path.Combine(_source, "a.received.json")));
    }

    [Fact]
    public void OutputCopyIsUsedWhenTheSourceTreeHasNoGolden()
    {
        File.WriteAllText(Path.Combine(_output, "a.json"), "same\n");

        Golden.Verify("a.json", "same\n", _source, _output, accept: false);
    }

    [Fact]
    public void SourceGoldensDirectoryIsTheTestProjectsGoldensFolder()
    {
        var directory = Golden.SourceGoldensDirectory();

        Assert.Equal("Goldens", Path.GetFileName(directory));
        Assert.True(File.Exists(Path.Combine(directory, "..", "PromptGen.Runtime.Tests.csproj")));
        Assert.True(File.Exists(Path.Combine(directory, "request.combined.json")));
    }

    [Fact]
    public void PrettyJsonIsIndentedWithLineFeeds()
    {
        Assert.Equal("{\n  \"a\": [\n    1,\n    \"x\"\n  ]\n}\n", Golden.PrettyJson("""{"a":[1,"x"]}"""u8));
    }
}
