using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace SampleTests;

/// <summary>The README's "Testing" section shows code from this project: every line of each of its C# blocks is here, in order.</summary>
public class ReadmeTests
{
    [Fact]
    public void EveryTestingSnippetInTheReadmeIsCodeOfThisProject()
    {
        var directory = Path.GetDirectoryName(SourcePath())!;
        var readme = File.ReadAllText(Path.Combine(directory, "..", "..", "README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf("\n## Testing\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"## Testing\" section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme.Substring(start, (end < 0 ? readme.Length : end) - start);
        var sources = Directory.GetFiles(directory, "*.cs").Select(path => Lines(File.ReadAllText(path))).ToArray();

        var blocks = Regex.Matches(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(match => Lines(match.Groups[1].Value)).ToArray();

        Assert.Equal(3, blocks.Length);
        foreach (var block in blocks)
        {
            Assert.True(sources.Any(source => InOrder(block, source)), "This README snippet is not in samples/PromptGen.Sample.Tests:\n" + string.Join("\n", block));
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
