using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PromptGen.TestSupport;

/// <summary>
/// Reads the C# snippets of a README section, for the tests that prove they are real code. One source file, linked into
/// each test project that checks README snippets (PromptGen.Tests, PromptGen.Extensions.Tests, PromptGen.Sample.Tests).
/// </summary>
internal static class ReadmeSections
{
    /// <summary>The repository root: the nearest directory above <paramref name="from"/> holding README.md and PromptGen.sln.</summary>
    public static string Root(string from)
    {
        for (var directory = new DirectoryInfo(from); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "README.md")) && File.Exists(Path.Combine(directory.FullName, "PromptGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No README.md with PromptGen.sln above {from}.");
    }

    /// <summary>The text of each ```csharp block in the README section under <c>## {heading}</c> (up to the next <c>## </c>).</summary>
    public static string[] CSharpBlocks(string root, string heading)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no \"## {heading}\" section.");
        }

        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme.Substring(start, (end < 0 ? readme.Length : end) - start);
        return Regex.Matches(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Cast<Match>().Select(match => match.Groups[1].Value).ToArray();
    }

    /// <summary>
    /// The README section's C# blocks (each as its trimmed, non-empty lines) and those of them that no source of
    /// <paramref name="sourceTexts"/> holds, every line in order: a README snippet must be code that compiles somewhere.
    /// </summary>
    public static (int Count, string[] Missing) BlocksNotIn(string root, string heading, IEnumerable<string> sourceTexts)
    {
        var sources = sourceTexts.Select(Lines).ToArray();
        var blocks = CSharpBlocks(root, heading).Select(Lines).ToArray();
        var missing = blocks.Where(block => !sources.Any(source => InOrder(block, source))).Select(block => string.Join("\n", block)).ToArray();
        return (blocks.Length, missing);
    }

    /// <summary>The non-empty lines of <paramref name="text"/>, trimmed.</summary>
    public static string[] Lines(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();

    /// <summary>Whether every line of <paramref name="block"/> appears in <paramref name="source"/>, in order.</summary>
    public static bool InOrder(string[] block, string[] source)
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
}
