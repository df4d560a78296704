using System.Runtime.CompilerServices;
using PromptGen.TestSupport;
using Xunit;

namespace SampleTests;

/// <summary>The README's "Testing" section shows code from this project: every line of each of its C# blocks is here, in order.</summary>
public class ReadmeTests
{
    [Fact]
    public void EveryTestingSnippetInTheReadmeIsCodeOfThisProject()
    {
        var directory = Path.GetDirectoryName(SourcePath())!;

        var (count, missing) = ReadmeSections.BlocksNotIn(ReadmeSections.Root(directory), "Testing", Directory.GetFiles(directory, "*.cs").Select(File.ReadAllText));

        Assert.Equal(3, count);
        Assert.True(missing.Length == 0, "These README snippets are not in samples/PromptGen.Sample.Tests:\n" + string.Join("\n\n", missing));
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
