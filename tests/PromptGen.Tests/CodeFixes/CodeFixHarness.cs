using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PromptGen.Generator;
using PromptGen.Tests.Generator;

namespace PromptGen.Tests.CodeFixes;

/// <summary>
/// Applies a code fix the way an IDE does, without Microsoft.CodeAnalysis.Testing: puts the source in an
/// <see cref="AdhocWorkspace"/>, runs <see cref="PromptAnalyzer"/> (hidden diagnostics included), asks the provider for
/// its fixes of the first diagnostic with the id, applies the first action and returns the new text.
/// </summary>
internal static class CodeFixHarness
{
    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(PromptGen.ChatClient).Assembly.Location))
        .ToImmutableArray();

    public static async Task<string> ApplyAsync(CodeFixProvider provider, string diagnosticId, string source)
    {
        var document = CreateDocument(source);
        var diagnostic = (await AnalyzeAsync(document)).FirstOrDefault(d => d.Id == diagnosticId)
            ?? throw new InvalidOperationException($"No {diagnosticId} in the source to fix.");
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        var action = actions.FirstOrDefault() ?? throw new InvalidOperationException($"The provider offered no fix for {diagnosticId}.");
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    /// <summary>The titles of the fixes offered for the first diagnostic with the id.</summary>
    public static async Task<string[]> TitlesAsync(CodeFixProvider provider, string diagnosticId, string source)
    {
        var document = CreateDocument(source);
        var diagnostic = (await AnalyzeAsync(document)).First(d => d.Id == diagnosticId);
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions.Select(a => a.Title).ToArray();
    }

    /// <summary>PromptGen's diagnostics of the fixed source, hidden ones included: what is left after the fix.</summary>
    public static async Task<string[]> PromptDiagnosticsAsync(string source) =>
        (await AnalyzeAsync(CreateDocument(source))).Select(GeneratorHarness.Describe).ToArray();

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "App", "App", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: References));
        return workspace.AddDocument(project.Id, "App.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("PG", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }
}
