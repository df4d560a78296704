using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using PromptGen.Tests.Generator;
using static PromptGen.Tests.Diagnostics.CatalogHarness;

namespace PromptGen.Tests.Images;

/// <summary>Image parameters: the generated user message (golden), and PG0070–PG0073 with their exact locations.</summary>
public class ImageGeneratorTests
{
    private const string Ct = "CancellationToken cancellationToken = default";

    private const string Vision = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        [SystemPrompt("You describe pictures.")]
        public partial interface IVision
        {
            [UserPrompt("Compare {{ label }} with the references.")]
            [ImageDetail(ImageDetail.Low)]
            Task<string> CompareAsync(string label, [ImageDetail(ImageDetail.High)] ImageInput photo, IReadOnlyList<ImageInput> references, ImageInput? extra = null, CancellationToken cancellationToken = default);

            Task<string> AskAsync(string question, ImageInput[] pages, CancellationToken cancellationToken = default);

            [UserPrompt("Describe {{ label }}.")]
            IAsyncEnumerable<string> StreamAsync(string label, IEnumerable<ImageInput?>? photos, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void ImageParametersBecomePartsAfterTheTextInParameterOrder()
    {
        var run = GeneratorHarness.Run(Vision);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        Golden.Verify("Vision.cs", run.GeneratedSource("Demo.IVision.g.cs"));
    }

    [Fact]
    public async Task AValidImageDeclarationHasNoDiagnostics()
    {
        Assert.Empty(await GeneratorHarness.PromptDiagnosticsAsync(Vision));
    }

    [Fact]
    public async Task PG0070_AnImageInsertedInATemplateIsReportedAtItsName()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Look at {{ photo }} please.")] Task<string> LookAsync(ImageInput photo, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0070 Error 'photo': The template of 'LookAsync' inserts 'photo', which is an image: it cannot be inserted as text; it is attached to the user message after the text, so remove 'photo' from the template" }, d);
    }

    [Fact]
    public async Task PG0070_AListOfImagesLoopedOverInTheSystemPromptIsReportedAtItsName()
    {
        var d = await MembersAsync($$$"""[SystemPrompt("{{ for p in pages }}x{{ end }}")] [UserPrompt("Read {{ title }}.")] Task<string> ReadAsync(string title, List<ImageInput> pages, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0070 Error 'pages': The template of 'ReadAsync' inserts 'pages', which is an image: it cannot be inserted as text; it is attached to the user message after the text, so remove 'pages' from the template" }, d);
    }

    [Fact]
    public async Task PG0071_ImagesWithoutAUserMessageAreReportedAtTheFirstImageInsteadOfPG0006()
    {
        var d = await MembersAsync($"Task<string> DescribeAsync(int count, ImageInput photo, ImageInput second, {Ct});");

        Assert.Equal(new[] { "PG0071 Error 'photo': Method 'DescribeAsync' has image parameter 'photo' but no user message to attach it to; add [UserPrompt(\"…\")] (or one string parameter to send as the text)" }, d);
    }

    [Fact]
    public async Task PG0071_TheMethodIsStubbedSoTheGeneratedCodeStillCompiles()
    {
        var run = GeneratorHarness.Run(Source($"Task<string> DescribeAsync(ImageInput photo, {Ct});"));

        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        Assert.Contains("throw new global::System.NotSupportedException(\"PromptGen cannot implement IPrompts.DescribeAsync: image parameter 'photo' has no user message to attach to.", run.GeneratedSource("IPrompts.g.cs"));
    }

    [Fact]
    public async Task PG0072_ADetailLevelThatIsNoLevelIsReportedAtTheArgument()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Describe it.")] Task<string> DescribeAsync([ImageDetail((ImageDetail)7)] ImageInput photo, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0072 Error '(ImageDetail)7': [ImageDetail] is 7, which is not a detail level; use ImageDetail.Auto, ImageDetail.Low or ImageDetail.High" }, d);
    }

    [Fact]
    public async Task PG0073_ADetailOnAParameterThatIsNoImageIsAWarningAtTheAttribute()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Describe {{ name }}.")] Task<string> DescribeAsync([ImageDetail(ImageDetail.Low)] string name, ImageInput photo, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0073 Warning 'ImageDetail(ImageDetail.Low)': [ImageDetail] has no effect: parameter 'name' is not an image; put it on an ImageInput parameter, or on a method that has one" }, d);
    }

    [Fact]
    public async Task PG0073_ADetailOnAMethodWithoutImagesIsAWarningAtTheAttribute()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Describe {{ name }}.")] [ImageDetail(ImageDetail.High)] Task<string> DescribeAsync(string name, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0073 Warning 'ImageDetail(ImageDetail.High)': [ImageDetail] has no effect: method 'DescribeAsync' has no image parameter; put it on an ImageInput parameter, or on a method that has one" }, d);
    }

    [Fact]
    public async Task AnImageParameterIsNeverReportedAsUnused()
    {
        var d = await MembersAsync($$$"""[UserPrompt("What is this?")] Task<string> WhatAsync(ImageInput photo, ImageInput[] more, {{{Ct}}});""");

        Assert.Empty(d);
    }

    [Fact]
    public void AnUnrelatedEditLeavesTheImageInterfaceCachedAndADetailEditRegeneratesIt()
    {
        var compilation = GeneratorHarness.Compile(Vision, "namespace Demo; public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var unrelated = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Added { get; set; } }", GeneratorHarness.ParseOptions, path: "App1.cs"));
        driver = driver.RunGenerators(unrelated);
        var cached = driver.GetRunResult().Results.Single();
        Assert.All(cached.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(cached.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));

        var detailEdited = unrelated.ReplaceSyntaxTree(unrelated.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Vision.Replace("[ImageDetail(ImageDetail.High)] ImageInput photo", "[ImageDetail(ImageDetail.Auto)] ImageInput photo"), GeneratorHarness.ParseOptions, path: "App.cs"));
        var modified = driver.RunGenerators(detailEdited).GetRunResult().Results.Single();
        var spec = Assert.Single(modified.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, spec.Reason);
        var parameter = ((InterfaceSpec)spec.Value).Methods[0].Parameters.Single(p => p.Name == "photo");
        Assert.Equal(new PromptGen.Generator.Images.ImageParameterSpec(IsList: false, Optional: false, Detail: 0), parameter.Image);
        Assert.Contains("PromptImages.Add(__parts, photo, \"photo\", detail: global::PromptGen.ImageDetail.Auto, optional: false);",
            modified.GeneratedSources.Single().SourceText.ToString());
    }
}
