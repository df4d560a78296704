using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Declarations;

/// <summary>
/// Issue 10 §1: the shape users describe — a partial interface whose methods carry [SystemPrompt], [UserPrompt],
/// [FewShot] — is a prompt interface without [PromptClient], with every diagnostic and the same caching.
/// </summary>
public class MarkerlessTests
{
    private const string Extractor = DeclarationHarness.Usings + """"
        public sealed record Person(string Name, int Age, string City);

        [SystemPrompt("You extract data from text.")]
        public partial interface IExtractor
        {
            [FewShot("Anna Berg is 41 and lives in Oslo.", """{"name":"Anna Berg","age":41,"city":"Oslo"}""")]
            [UserPrompt("Extract name, age and city from: {{ text }}")]
            [Temperature(0.1)]
            Task<Person> ExtractAsync(string text, CancellationToken cancellationToken = default);

            [UserPrompt("Say hello to {{ name }} in {{ langauge }}.")]
            Task<string> GreetAsync(string name, string language, CancellationToken cancellationToken = default);
        }

        public static class Use
        {
            public static IExtractor Create(IChatTransport transport) => new IExtractor.Client(transport);
        }
        """";

    [Fact]
    public async Task TheIssuesExampleIsImplementedAndItsTypoIsPG0003()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(Extractor);

        Assert.Equal(new[] { "PG0003 Error 'langauge': The template of 'GreetAsync' uses 'langauge', which is not a parameter of the method; did you mean 'language'?" }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Equal(new[] { "IExtractor.g.cs" }, DeclarationHarness.HintNames(run));
    }

    [Fact]
    public async Task WithTheTypoFixedNothingIsReportedAndTheClientIsUsable()
    {
        var (diagnostics, generatedErrors, _) = await DeclarationHarness.AnalyzeAsync(Extractor.Replace("langauge", "language"));

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
    }

    [Theory]
    [InlineData("[PromptClient] public partial interface ITrigger { Task<string> AskAsync(string q); }")]
    [InlineData("[SystemPrompt(\"Be brief.\")] public partial interface ITrigger { Task<string> AskAsync(string q); }")]
    [InlineData("public partial interface ITrigger { [UserPrompt(\"{{ q }}\")] Task<string> AskAsync(string q); }")]
    [InlineData("public partial interface ITrigger { [SystemPrompt(\"Be brief.\")] Task<string> AskAsync(string q); }")]
    [InlineData("public partial interface ITrigger { Task<string> OtherAsync(string q); [FewShot(\"a\", \"b\")] Task<string> AskAsync(string q); }")]
    [InlineData("public partial interface ITrigger { [Temperature(0.2)] Task<string> AskAsync(string q); }")]
    [InlineData("[Temperature(0.2)] public partial interface ITrigger { Task<string> AskAsync(string q); }")]
    public async Task EachTriggerAloneMakesAPromptInterface(string declaration)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + declaration
            + "\npublic static class Use { public static ITrigger Create(IChatTransport t) => new ITrigger.Client(t); }");

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Equal(new[] { "ITrigger.g.cs" }, DeclarationHarness.HintNames(run));
    }

    [Theory]
    [InlineData("public partial interface IPlain { Task<string> AskAsync(string q); }")]
    [InlineData("public partial class Plain { [UserPrompt(\"{{ q }}\")] public Task<string> AskAsync(string q) => Task.FromResult(q); }")]
    public async Task WithoutATriggerNothingIsGeneratedOrReported(string declaration)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + declaration);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Empty(DeclarationHarness.HintNames(run));
    }

    /// <summary>A partial interface whose parts each carry triggers is still one interface, one file.</summary>
    [Fact]
    public async Task TriggersInSeveralPartsGiveOneFile()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(
            DeclarationHarness.Usings + "public partial interface ISplit { [UserPrompt(\"{{ q }}\")] Task<string> AAsync(string q, CancellationToken cancellationToken = default); }",
            DeclarationHarness.Usings + "[PromptClient] [SystemPrompt(\"Be brief.\")] public partial interface ISplit { [FewShot(\"a\", \"b\")] Task<string> BAsync(string q, CancellationToken cancellationToken = default); }");

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Equal(new[] { "ISplit.g.cs" }, DeclarationHarness.HintNames(run));
    }

    [Theory]
    [InlineData("public interface INoPartial { [UserPrompt(\"{{ q }}\")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }",
        "PG0001 Error 'INoPartial': Prompt interface 'INoPartial' is not partial; declare it 'partial interface INoPartial' so PromptGen can add its Client class")]
    [InlineData("public partial interface IHot { [UserPrompt(\"{{ q }}\")] [Temperature(5)] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }",
        "PG0005 Error '5': Temperature is 5, outside the range")]
    [InlineData("public partial interface ITypo { [UserPrompt(\"{{ qq }}\")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }",
        "PG0003 Error 'qq': The template of 'AskAsync' uses 'qq', which is not a parameter of the method")]
    [InlineData("public sealed record Age(int Years);\npublic partial interface IFit { [FewShot(\"a\", \"{\\\"years\\\":\\\"old\\\"}\")] Task<Age> AskAsync(string q, CancellationToken cancellationToken = default); }",
        "PG0027")]
    [InlineData("[SystemPrompt(\"\")] public partial interface IEmpty { Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }",
        "PG0024")]
    public async Task EveryDiagnosticFiresWithoutTheMarker(string declaration, string expected)
    {
        var (diagnostics, generatedErrors, _) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + declaration);

        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        var only = Assert.Single(diagnostics);
        Assert.StartsWith(expected, only);
    }

    [Fact]
    public void AnUnrelatedEditLeavesMarkerlessInterfacesCached()
    {
        var compilation = GeneratorHarness.Compile(Extractor, "namespace Demo; public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Added { get; set; } }", GeneratorHarness.ParseOptions, path: "App1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.NotEmpty(result.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs));
        foreach (var step in new[] { TrackingNames.Specs, TrackingNames.Interfaces, TrackingNames.HintNameClashes })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} was {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditingOneMarkerlessInterfaceRegeneratesItAlone()
    {
        const string Other = DeclarationHarness.Usings + "public partial interface IOther { [UserPrompt(\"Say hello to {{ name }}.\")] Task<string> HelloAsync(string name); }";
        var compilation = GeneratorHarness.Compile(Extractor, Other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText(Other.Replace("Say hello", "Say goodbye"), GeneratorHarness.ParseOptions, path: "App1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs)
            .Select(o => (((InterfaceSpec)o.Value).Name, o.Reason))
            .OrderBy(x => x.Name, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[] { ("IExtractor", IncrementalStepRunReason.Cached), ("IOther", IncrementalStepRunReason.Modified) }, reasons);
    }
}
