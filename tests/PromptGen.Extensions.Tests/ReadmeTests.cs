using System.Runtime.CompilerServices;
using PromptGen.TestSupport;
using Xunit;

namespace PromptGen.Extensions.Tests;

/// <summary>The C# snippets of README's four integration sections are compiled code: every line of each is in ReadmeSnippets.cs, in order.</summary>
public class ReadmeTests
{
    [Theory]
    [InlineData("ASP.NET Core and DI", 3)]
    [InlineData("Logging", 1)]
    [InlineData("OpenTelemetry", 1)]
    [InlineData("Microsoft.Extensions.AI", 1)]
    public void EverySnippetOfTheSectionIsCompiledCode(string heading, int snippets)
    {
        var directory = Path.GetDirectoryName(SourcePath())!;
        var source = ReadmeSections.Lines(File.ReadAllText(Path.Combine(directory, "ReadmeSnippets.cs")));

        var blocks = ReadmeSections.CSharpBlocks(ReadmeSections.Root(directory), heading).Select(ReadmeSections.Lines).ToArray();

        Assert.Equal(snippets, blocks.Length);
        foreach (var block in blocks)
        {
            Assert.True(ReadmeSections.InOrder(block, source), "This README snippet is not in tests/PromptGen.Extensions.Tests/ReadmeSnippets.cs:\n" + string.Join("\n", block));
        }
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
