using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace PromptGen.CodeFixes;

/// <summary>
/// PG0003 and PG0007: replaces a misspelt name inside a template with the name the diagnostic suggests. The
/// diagnostic locates the name's exact characters inside the string literal (regular, verbatim or raw), so the fix is
/// a plain text replacement of that span.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSuggestedNameCodeFixProvider))]
[Shared]
public sealed class UseSuggestedNameCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnknownTemplateName, DiagnosticIds.UnknownMember);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticIds.SuggestionProperty, out var suggestion) || string.IsNullOrEmpty(suggestion)
                || !diagnostic.Location.IsInSource)
            {
                continue;
            }

            var span = diagnostic.Location.SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create($"Use '{suggestion}'", async cancellationToken =>
                {
                    var text = await context.Document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    return context.Document.WithText(text.WithChanges(new TextChange(span, suggestion!)));
                }, equivalenceKey: nameof(UseSuggestedNameCodeFixProvider) + ":" + suggestion),
                diagnostic);
        }

        return Task.CompletedTask;
    }
}
