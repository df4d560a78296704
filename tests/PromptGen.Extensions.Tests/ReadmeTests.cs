using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
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
        var readme = File.ReadAllText(Path.Combine(directory, "..", "..", "README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no \"## {heading}\" section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme.Substring(start, (end < 0 ? readme.Length : end) - start);
        var source = Lines(File.ReadAllText(Path.Combine(directory, "ReadmeSnippets.cs")));

        var blocks = Regex.Matches(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(match => Lines(match.Groups[1].Value)).ToArray();

        Assert.Equal(snippets, blocks.Length);
        foreach (var block in blocks)
        {
            Assert.True(InOrder(block, source), "This README snippet is not in tests/PromptGen.Extensions.Tests/ReadmeSnippets.cs:\n" + string.Join("\n", block));
        }
    }

    private static string[] Lines(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();

    private static bool InOrder(string[] block, string[] source)
    {
        var next = 0;
        foreach (var line in source)
        {
            if (next < block.Length && line == block[next])
            {
                next++;
            }
        }

        return next == block.Length;
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
