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

        var (count, missing) = ReadmeSections.BlocksNotIn(ReadmeSections.Root(directory), heading, new[] { File.ReadAllText(Path.Combine(directory, "ReadmeSnippets.cs")) });

        Assert.Equal(snippets, count);
        Assert.True(missing.Length == 0, "These README snippets are not in tests/PromptGen.Extensions.Tests/ReadmeSnippets.cs:\n" + string.Join("\n\n", missing));
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
