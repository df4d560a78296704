using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using PromptGen.Generator;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// The catalog is documented and tracked: every diagnostic the analyzer supports has a help link to its page under
/// docs/diagnostics, a row in the README table and in AnalyzerReleases; every page's wrong example raises its id and
/// its fixed example raises nothing (where both examples are whole declarations; excerpts are only read).
/// </summary>
public class DocumentationTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in new PromptAnalyzer().SupportedDiagnostics.Where(d => d.Id != "PG0099"))
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void EveryDiagnosticHasAHelpLinkAPageAReadmeRowAndAReleaseEntry()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var releases = File.ReadAllText(Path.Combine(Root, "src", "PromptGen.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new PromptAnalyzer().SupportedDiagnostics)
        {
            var id = descriptor.Id;
            Assert.EndsWith($"/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(Root, "docs", "diagnostics", id + ".md")), id + " has no page");
            Assert.Contains($"[{id}](docs/diagnostics/{id}.md)", readme);
            Assert.Contains($"{id} | PromptGen | {descriptor.DefaultSeverity} | {descriptor.Title}", releases);
            var page = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", id + ".md"));
            Assert.StartsWith($"# {id}: {descriptor.Title}", page);
            Assert.True(page.Contains($"| {descriptor.DefaultSeverity} | PromptGen |") || page.Contains($"**Severity:** {descriptor.DefaultSeverity}"), id + " page does not state its severity");
            Assert.Contains("## Wrong", page);
            Assert.Contains("## Fixed", page);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task PageExamplesRaiseTheIdAndThenNothing(string id)
    {
        var path = Path.Combine(Root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(path), $"{id} needs a page docs/diagnostics/{id}.md with a '## Wrong' and a '## Fixed' csharp example");
        var page = File.ReadAllText(path);
        var wrong = Example(page, "Wrong");
        var fixedExample = Example(page, "Fixed");
        if (!IsComplete(wrong) || !IsComplete(fixedExample))
        {
            return; // an excerpt ('…', or members without their interface): read, not compiled
        }

        var wrongDiagnostics = await CatalogHarness.AllAsync(CatalogHarness.Usings + wrong);
        var fixedDiagnostics = await CatalogHarness.AllAsync(CatalogHarness.Usings + fixedExample);

        Assert.Contains(wrongDiagnostics, d => d.Id == id);
        Assert.Empty(fixedDiagnostics.Where(d => d.Severity > DiagnosticSeverity.Hidden || d.Id.StartsWith("PG", StringComparison.Ordinal)).Select(d => d.ToString()));
    }

    /// <summary>
    /// A whole declaration — an interface with [PromptClient] or a prompt attribute ([PromptClient] is optional), or a
    /// [PromptFake] with what it names — nothing elided.
    /// </summary>
    private static bool IsComplete(string example) =>
        ((example.Contains("interface ", StringComparison.Ordinal) && Regex.IsMatch(example, @"\[(PromptClient|UserPrompt|SystemPrompt|FewShot)\b"))
            || example.Contains("PromptFake(", StringComparison.Ordinal))
        && !example.Contains('…');

    private static string Example(string page, string heading)
    {
        var match = Regex.Match(page, "## " + heading + "\\s+(?:(?!## ).)*?```csharp\\n(.*?)\\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"no '{heading}' example");
        return match.Groups[1].Value;
    }

    private static string FindRoot()
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
}
