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
        var sources = Directory.GetFiles(directory, "*.cs").Select(path => ReadmeSections.Lines(File.ReadAllText(path))).ToArray();

        var blocks = ReadmeSections.CSharpBlocks(ReadmeSections.Root(directory), "Testing").Select(ReadmeSections.Lines).ToArray();

        Assert.Equal(3, blocks.Length);
        foreach (var block in blocks)
        {
            Assert.True(sources.Any(source => ReadmeSections.InOrder(block, source)), "This README snippet is not in samples/PromptGen.Sample.Tests:\n" + string.Join("\n", block));
        }
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
