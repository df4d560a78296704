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

        Assert.Equal(new[] { PG0070("LookAsync", "photo") }, d);
    }

    private static string PG0070(string method, string expression) =>
        $"PG0070 Error '{expression}': The template of '{method}' inserts '{expression}', which is an image: it cannot be inserted as text. Remove '{expression}' from the template: an image is sent only as a parameter of type ImageInput (or a list of them), attached to the user message after the text (testing an image in an if, or looping over a list of images, is fine)";

    [Fact]
    public async Task PG0070_ALoopVariableOverAListOfImagesWrittenOutIsReportedAtTheVariable()
    {
        var d = await MembersAsync($$$"""[SystemPrompt("{{ for p in pages }}[{{ p }}]{{ end }}")] [UserPrompt("Read {{ title }}.")] Task<string> ReadAsync(string title, List<ImageInput> pages, {{{Ct}}});""");

        Assert.Equal(new[] { PG0070("ReadAsync", "p") }, d);
    }

    [Fact]
    public async Task PG0070_AnImageReachedThroughAMemberIsReportedAtTheWholeExpression()
    {
        var d = await DiagnoseAsync(Source(
            $$$"""[UserPrompt("Order {{ order.Id }}: {{ order.Photo }}")] Task<string> CheckAsync(Order order, {{{Ct}}});""") + "\npublic sealed record Order(int Id, ImageInput Photo);");

        Assert.Equal(new[] { PG0070("CheckAsync", "order.Photo") }, d);
    }

    [Fact]
    public async Task PG0070_ImagesOfAMemberListLoopedOverAndWrittenOutAreReportedAtTheLoopVariable()
    {
        var d = await DiagnoseAsync(Source(
            $$$"""[UserPrompt("{{ for p in album.Photos }}{{ p }}{{ end }}")] Task<string> CheckAsync(Album album, {{{Ct}}});""") + "\npublic sealed record Album(IReadOnlyList<ImageInput> Photos);");

        Assert.Equal(new[] { PG0070("CheckAsync", "p") }, d);
    }

    [Fact]
    public async Task PG0070_AnImagePipedIntoAFunctionIsReportedAtTheImage()
    {
        var d = await MembersAsync($$$"""[UserPrompt("See {{ pages | array.join ', ' }}.")] Task<string> ReadAsync(ImageInput[] pages, {{{Ct}}});""");

        Assert.Equal(new[] { PG0070("ReadAsync", "pages") }, d);
    }

    [Fact]
    public async Task AnImageTestedInAConditionOrLoopedOverWithoutWritingItIsAllowedAndCompiles()
    {
        var source = Source(
            $$$"""[UserPrompt("{{ if photo }}Look at the photo.{{ else }}No photo.{{ end }}{{ if order.Photo != null }} The order has one.{{ end }}{{ for p in pages }} Page {{ for.index }}.{{ end }}")] Task<string> LookAsync(ImageInput? photo, Order order, ImageInput[] pages, {{{Ct}}});""")
            + "\npublic sealed record Order(int Id, ImageInput? Photo);";

        Assert.Empty(await DiagnoseAsync(source));
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        Assert.Contains("global::PromptGen.PromptText.IsTrue(photo)", run.GeneratedSource("IPrompts.g.cs"));
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
    public async Task PG0073_AnInterfaceDetailWithNoImageParameterInAnyMethodIsAWarningAtTheInterfaceAttribute()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Describe {{ name }}.")] Task<string> DescribeAsync(string name, {{{Ct}}});""", "[ImageDetail(ImageDetail.Low)]");

        Assert.Equal(new[] { "PG0073 Warning 'ImageDetail(ImageDetail.Low)': [ImageDetail] has no effect: interface 'IPrompts' has no method with an image parameter; put it on an ImageInput parameter, or on a method that has one" }, d);
    }

    [Fact]
    public async Task AnInterfaceDetailWithAnImageInOneMethodIsNotReported()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Describe {{ name }}.")] Task<string> DescribeAsync(string name, {{{Ct}}}); [UserPrompt("What is this?")] Task<string> WhatAsync(ImageInput photo);""", "[ImageDetail(ImageDetail.Low)]");

        Assert.Empty(d);
    }

    [Fact]
    public async Task PG0072_AnInterfaceDetailThatIsNoLevelIsReportedAtTheArgument()
    {
        var d = await MembersAsync($$$"""[UserPrompt("What is this?")] Task<string> WhatAsync(ImageInput photo, {{{Ct}}});""", "[ImageDetail((ImageDetail)5)]");

        Assert.Equal(new[] { "PG0072 Error '(ImageDetail)5': [ImageDetail] is 5, which is not a detail level; use ImageDetail.Auto, ImageDetail.Low or ImageDetail.High" }, d);
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
