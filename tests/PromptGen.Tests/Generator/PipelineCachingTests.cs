using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace PromptGen.Tests.Generator;

/// <summary>
/// Issue 13 §3: what each named step does after an edit. The parser (the <c>ForAttributeWithMetadataName</c> transform,
/// <see cref="TrackingNames.Specs"/>) is the only step that reads symbols; templates are bound in
/// <see cref="TrackingNames.Bound"/>, on its plain-value output, after <see cref="TrackingNames.Tooled"/> has filled the
/// tool definitions from the ToolSets pipeline (<see cref="TrackingNames.ToolTexts"/>). Outputs are listed per interface,
/// sorted by name (a transform output of null is an attribute that is not its interface's first trigger).
/// </summary>
public class PipelineCachingTests
{
    private const string Other = """
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        public sealed record Pet(string Name, int Age);

        public partial interface IOther
        {
            [UserPrompt("Say hello to {{ pet.Name }}{{ if loud }}!{{ end }}")]
            Task<string> HelloAsync(Pet pet, bool loud);

            [UserPrompt("Describe {{ pet.Name }}.")]
            Task<Pet> DescribeAsync(Pet pet);
        }
        """;

    private const string Unrelated = "namespace Demo; public class Unrelated { }";

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) ColdRun()
    {
        var compilation = GeneratorHarness.Compile(Sources.Tutor, Other, Unrelated);
        return (GeneratorHarness.CreateDriver().RunGenerators(compilation), compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation compilation, int tree, string source)
    {
        var old = compilation.SyntaxTrees.ElementAt(tree);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: old.FilePath));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    /// <summary>"IOther:Modified" per output of <paramref name="step"/> that is an interface, sorted.</summary>
    private static string[] Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs)
            .Where(o => o.Value is InterfaceSpec)
            .Select(o => ((InterfaceSpec)o.Value).Name + ":" + o.Reason)
            .OrderBy(x => x, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The transform's null outputs (attributes that are not their interface's first trigger): recomputed, still null.</summary>
    private static void AssertOtherTriggersUnchanged(GeneratorRunResult result)
    {
        var nulls = result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs).Where(o => o.Value is null).ToArray();
        Assert.NotEmpty(nulls);
        Assert.All(nulls, o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
    }

    private static string[] SourceOutputs(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason.ToString()).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void AnUnrelatedEditReRunsOnlyTheParserAndItsOutputIsUnchanged()
    {
        var (driver, compilation) = ColdRun();

        var result = Rerun(driver, compilation, 2, "namespace Demo; public class Unrelated { public int Added { get; set; } }");

        // The compilation changed, so Roslyn re-runs the transform for every trigger attribute; its output is equal.
        Assert.Equal(new[] { "IOther:Unchanged", "ITutor:Unchanged" }, Outputs(result, TrackingNames.Specs));
        AssertOtherTriggersUnchanged(result);
        Assert.Equal(new[] { "IOther:Cached", "ITutor:Cached" }, Outputs(result, TrackingNames.Interfaces));
        Assert.Equal(new[] { "IOther:Cached", "ITutor:Cached" }, Outputs(result, TrackingNames.Tooled));
        Assert.Equal(new[] { "IOther:Cached", "ITutor:Cached" }, Outputs(result, TrackingNames.Bound));
        Assert.All(SourceOutputs(result), reason => Assert.Equal("Cached", reason));
    }

    [Fact]
    public void EditingOneTemplateRebindsThatInterfaceAlone()
    {
        var (driver, compilation) = ColdRun();

        var result = Rerun(driver, compilation, 1, Other.Replace("Describe {{ pet.Name }}.", "Describe {{ pet.Name }} aged {{ pet.Age }}."));

        Assert.Equal(new[] { "IOther:Modified", "ITutor:Unchanged" }, Outputs(result, TrackingNames.Specs));
        AssertOtherTriggersUnchanged(result);
        Assert.Equal(new[] { "IOther:Modified", "ITutor:Cached" }, Outputs(result, TrackingNames.Interfaces));
        Assert.Equal(new[] { "IOther:Modified", "ITutor:Cached" }, Outputs(result, TrackingNames.Tooled));
        Assert.Equal(new[] { "IOther:Modified", "ITutor:Cached" }, Outputs(result, TrackingNames.Bound));
        var outputs = SourceOutputs(result);
        Assert.Equal(1, outputs.Count(r => r == "Modified"));
        Assert.All(outputs.Where(r => r != "Modified"), r => Assert.Equal("Cached", r));
    }

    [Fact]
    public void AfterATemplateEditTheParserOutputHoldsTheTemplateAndTheBoundStepItsRenderTree()
    {
        var (driver, compilation) = ColdRun();

        var result = Rerun(driver, compilation, 1, Other.Replace("Describe {{ pet.Name }}.", "Describe {{ pet.Name }} aged {{ pet.Age }}."));

        var parsed = result.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs).Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IOther");
        var describe = parsed.Methods.Single(m => m.Name == "DescribeAsync");
        Assert.Equal("Describe {{ pet.Name }} aged {{ pet.Age }}.", describe.Messages.Single(m => m.Role == "user").Text);
        Assert.Empty(describe.Messages.Single(m => m.Role == "user").Render);
        Assert.NotNull(describe.Templates);

        var bound = result.TrackedSteps[TrackingNames.Bound].SelectMany(s => s.Outputs).Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IOther");
        var boundDescribe = bound.Methods.Single(m => m.Name == "DescribeAsync");
        Assert.Null(boundDescribe.Templates);
        Assert.Equal(
            new RenderNode[]
            {
                new RenderNode.Text("Describe "),
                new RenderNode.Append("pet?.Name", IsString: true),
                new RenderNode.Text(" aged "),
                new RenderNode.Append("pet?.Age", IsString: false),
                new RenderNode.Text("."),
            },
            boundDescribe.Messages.Single(m => m.Role == "user").Render);
    }

    [Fact]
    public void TheTemplateScopeHoldsOnlyTheMembersTheTemplatesName()
    {
        var run = GeneratorHarness.Run(Sources.Tutor, Other);
        var parsed = run.Result.Results.Single().TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs)
            .Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IOther");
        var scope = parsed.Methods.Single(m => m.Name == "HelloAsync").Templates!;

        var pet = scope[scope.Variables.Single(v => v.Name == "pet").Type]!;
        Assert.Equal("Pet", pet.Display);
        Assert.Equal(new[] { "Name" }, pet.Members.Select(m => m.Name));
        Assert.Equal(new[] { "Name", "Age" }, pet.MemberNames); // all of them, for did-you-mean
        Assert.Equal(SpecialType.System_Boolean, scope[scope.Variables.Single(v => v.Name == "loud").Type]!.Special);
    }

    [Fact]
    public void TheSecondRunCheckReRunsTheParserSoItTestsEquality()
    {
        var (driver, compilation) = ColdRun();

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        Assert.Equal(new[] { "IOther:Unchanged", "ITutor:Unchanged" }, Outputs(second, TrackingNames.Specs));
        Assert.Equal(new[] { "IOther:Cached", "ITutor:Cached" }, Outputs(second, TrackingNames.Bound));
    }

    /// <summary>
    /// Issue 13 §3: the prompt version (a hash over the templates, few-shots, settings and the reply schema text) is plain
    /// value work, so it runs in the Bound step: the transform leaves it empty, and an unrelated edit never recomputes it.
    /// </summary>
    [Fact]
    public void ThePromptVersionIsComputedAfterTheTransform()
    {
        var (driver, _) = ColdRun();
        var cold = driver.GetRunResult().Results.Single();

        var parsed = cold.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs).Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IOther");
        Assert.All(parsed.Methods, m => Assert.Equal("", m.PromptVersion));

        var bound = cold.TrackedSteps[TrackingNames.Bound].SelectMany(s => s.Outputs).Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IOther");
        Assert.All(bound.Methods, m => Assert.Matches("^[0-9a-f]{12}$", m.PromptVersion));
        Assert.NotEqual(bound.Methods[0].PromptVersion, bound.Methods[1].PromptVersion);
    }

    /// <summary>
    /// Per named step after an unrelated edit, and after one template edit, in a project of several interfaces: exactly
    /// the transform re-runs (its outputs Unchanged, or Modified for the edited interface); every later step is Cached
    /// except for the edited interface.
    /// </summary>
    [Fact]
    public void StepCountsPerEdit()
    {
        var (driver, compilation) = ColdRun();

        var unrelated = Rerun(driver, compilation, 2, "namespace Demo; public class Unrelated { public int Added { get; set; } }");
        var template = Rerun(driver, compilation, 1, Other.Replace("Describe {{ pet.Name }}.", "Describe {{ pet.Name }}!"));

        Assert.Equal("Specs: Unchanged 2; Interfaces: Cached 2; Tooled: Cached 2; Bound: Cached 2", Counts(unrelated));
        Assert.Equal("Specs: Modified 1, Unchanged 1; Interfaces: Cached 1, Modified 1; Tooled: Cached 1, Modified 1; Bound: Cached 1, Modified 1", Counts(template));
        Assert.Equal("Cached 1", AllCounts(unrelated, TrackingNames.ToolTexts)); // no [PromptTools] interface: one empty index, never recomputed
        Assert.Equal("Cached 1", AllCounts(template, TrackingNames.ToolTexts));

        static string Counts(GeneratorRunResult result) => string.Join("; ", new[] { TrackingNames.Specs, TrackingNames.Interfaces, TrackingNames.Tooled, TrackingNames.Bound }.Select(step =>
            step + ": " + string.Join(", ", result.TrackedSteps[step].SelectMany(s => s.Outputs).Where(o => o.Value is InterfaceSpec)
                .GroupBy(o => o.Reason.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count()))));
    }

    private static string AllCounts(GeneratorRunResult result, string step) =>
        string.Join(", ", result.TrackedSteps[step].SelectMany(s => s.Outputs)
            .GroupBy(o => o.Reason.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count()));

    /// <summary>
    /// Issue 13 §3: the Clients transform names a method's tools interfaces instead of parsing them (the ToolSets
    /// pipeline parses each once); the Tooled step fills the text the prompt version hashes, byte for byte what
    /// <see cref="PromptVersion.ToolDefinitions"/> reads from the symbols, and an unrelated edit recomputes none of it.
    /// </summary>
    [Fact]
    public void ToolDefinitionsComeFromTheToolSetsPipelineAndStayCached()
    {
        var compilation = GeneratorHarness.Compile(PromptGen.Tests.Tools.ToolSources.Weather, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var cold = driver.GetRunResult().Results.Single();

        var parsed = cold.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs).Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IAssistant");
        var ask = parsed.Methods.Single(m => m.Name == "AskAsync");
        Assert.Null(ask.ToolDefinitions);
        Assert.Equal(new[] { new ToolSetRef("global::Demo.IWeatherTools", null) }, ask.ToolSets);

        var tooled = cold.TrackedSteps[TrackingNames.Tooled].SelectMany(s => s.Outputs).Select(o => (InterfaceSpec)o.Value).Single(s => s.Name == "IAssistant");
        var symbol = compilation.GetTypeByMetadataName("Demo.IAssistant")!.GetMembers("AskAsync").OfType<IMethodSymbol>().Single();
        var expected = PromptVersion.ToolDefinitions(symbol, default);
        Assert.NotNull(expected);
        Assert.Contains("Gets the current weather for a city.", expected);
        Assert.Equal(expected, tooled.Methods.Single(m => m.Name == "AskAsync").ToolDefinitions);

        var result = Rerun(driver, compilation, 1, "namespace Demo; public class Unrelated { public int Added { get; set; } }");
        Assert.Equal("Unchanged 1", AllCounts(result, TrackingNames.ToolSets));
        Assert.Equal("Cached 1", AllCounts(result, TrackingNames.ToolTexts));
        Assert.Equal(new[] { "IAssistant:Unchanged" }, Outputs(result, TrackingNames.Specs));
        Assert.Equal(new[] { "IAssistant:Cached" }, Outputs(result, TrackingNames.Tooled));
        Assert.Equal(new[] { "IAssistant:Cached" }, Outputs(result, TrackingNames.Bound));
        Assert.All(SourceOutputs(result), reason => Assert.Equal("Cached", reason));
    }
}
