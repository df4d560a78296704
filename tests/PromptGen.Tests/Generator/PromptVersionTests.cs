using Microsoft.CodeAnalysis;
using Xunit;

namespace PromptGen.Tests.Generator;

/// <summary>
/// The generated <c>{Method}PromptVersion</c> constant: a hash of what is fixed about the prompt at build time. It must
/// change exactly when the prompt's definition does: never for formatting, names or code outside the prompt, always for
/// any change inside a template, a few-shot example, a setting or the reply's schema.
/// </summary>
public sealed class PromptVersionTests
{
    private const string Baseline = """
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        public sealed record City(string Name, int Population);

        [SystemPrompt("You know cities.")]
        public partial interface IAtlas
        {
            [UserPrompt("Describe {{ city }}.")]
            [FewShot("Oslo", "{\"name\":\"Oslo\",\"population\":709000}")]
            [Temperature(0.2)]
            Task<City> DescribeAsync(string city, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void TheVersionIsTwelveLowercaseHexCharactersAndTheSameOnEveryRun()
    {
        var version = VersionOf(Baseline);

        Assert.Matches("^[0-9a-f]{12}$", version);
        Assert.Equal(version, VersionOf(Baseline));
    }

    public static TheoryData<string, string, string> Unchanged() => new()
    {
        { "reformatted", "    [UserPrompt(\"Describe {{ city }}.\")]\n    [FewShot", "    [UserPrompt(  \"Describe {{ city }}.\"  )]\n\n    // a comment\n    [FewShot" },
        { "attributes reordered", "[FewShot(\"Oslo\", \"{\\\"name\\\":\\\"Oslo\\\",\\\"population\\\":709000}\")]\n    [Temperature(0.2)]", "[Temperature(0.2)]\n    [FewShot(\"Oslo\", \"{\\\"name\\\":\\\"Oslo\\\",\\\"population\\\":709000}\")]" },
        { "parameter renamed in code only", "CancellationToken cancellationToken = default", "CancellationToken ct = default" },
        { "interface renamed", "IAtlas", "IGazetteer" },
        { "another member added", "Task<City> DescribeAsync", "Task<string> OtherAsync(string x);\n    [UserPrompt(\"Describe {{ city }}.\")]\n    [FewShot(\"Oslo\", \"{\\\"name\\\":\\\"Oslo\\\",\\\"population\\\":709000}\")]\n    [Temperature(0.2)]\n    Task<City> DescribeAsync" },
        { "temperature written differently", "[Temperature(0.2)]", "[Temperature(0.20)]" },
        { "a raw string literal with the same text", "[UserPrompt(\"Describe {{ city }}.\")]", "[UserPrompt(\"\"\"Describe {{ city }}.\"\"\")]" },
    };

    [Theory]
    [MemberData(nameof(Unchanged))]
    public void ChangesOutsideThePromptKeepTheVersion(string what, string from, string to)
    {
        var changed = Replace(Baseline, from, to);

        Assert.True(changed != Baseline, what);
        Assert.Equal(VersionOf(Baseline), VersionOf(changed));
    }

    public static TheoryData<string, string, string> Changed() => new()
    {
        { "one character in the user template", "Describe {{ city }}.", "Describe {{ city }}!" },
        { "whitespace inside the user template", "Describe {{ city }}.", "Describe  {{ city }}." },
        { "whitespace inside a template expression", "{{ city }}", "{{city}}" },
        { "the system prompt", "You know cities.", "You know all cities." },
        { "a few-shot reply", "709000", "709001" },
        { "the temperature", "[Temperature(0.2)]", "[Temperature(0.3)]" },
        { "a setting added", "[Temperature(0.2)]", "[Temperature(0.2)]\n    [MaxTokens(100)]" },
        { "the reply's schema", "record City(string Name, int Population)", "record City(string Name, double Population)" },
        { "a repair allowed", "[Temperature(0.2)]", "[Temperature(0.2)]\n    [Repair(1)]" },
    };

    [Theory]
    [MemberData(nameof(Changed))]
    public void ChangesToThePromptChangeTheVersion(string what, string from, string to)
    {
        var changed = Replace(Baseline, from, to);

        Assert.NotEqual(VersionOf(Baseline), VersionOf(changed));
        Assert.True(changed != Baseline, what);
    }

    [Fact]
    public void OverloadsGetNumberedConstantsAndTheirRequestsCarryTheirOwnVersion()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using PromptGen;

            namespace Demo;

            public partial interface IEcho
            {
                [UserPrompt("Say {{ text }}.")]
                Task<string> SayAsync(string text);

                [UserPrompt("Say {{ text }} {{ times }} times.")]
                Task<string> SayAsync(string text, int times);
            }
            """);

        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var client = run.Output.GetTypeByMetadataName("Demo.IEcho+Client")!;
        var first = (string)((IFieldSymbol)client.GetMembers("SayAsyncPromptVersion").Single()).ConstantValue!;
        var second = (string)((IFieldSymbol)client.GetMembers("SayAsyncPromptVersion2").Single()).ConstantValue!;
        Assert.NotEqual(first, second);
        var generated = string.Join("\n", run.Output.SyntaxTrees.Select(t => t.ToString()));
        Assert.Contains("new global::PromptGen.PromptMethod(\"Demo.IEcho\", \"SayAsync\", SayAsyncPromptVersion);", generated);
        Assert.Contains("new global::PromptGen.PromptMethod(\"Demo.IEcho\", \"SayAsync\", SayAsyncPromptVersion2);", generated);
    }

    private static string Replace(string source, string from, string to)
    {
        Assert.Contains(from, source);
        return source.Replace(from, to);
    }

    /// <summary>The value of the single <c>…PromptVersion</c> constant of <c>DescribeAsync</c> in the generated Client.</summary>
    private static string VersionOf(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var client = run.Output.GetTypeByMetadataName("Demo.IAtlas+Client") ?? run.Output.GetTypeByMetadataName("Demo.IGazetteer+Client")!;
        var constant = (IFieldSymbol)client.GetMembers("DescribeAsyncPromptVersion").Single();
        return (string)constant.ConstantValue!;
    }
}
