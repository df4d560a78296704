using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.CodeFixes;

/// <summary>
/// PG0028: appends <c>CancellationToken cancellationToken = default</c> to a prompt method, adding
/// <c>using System.Threading;</c> when <c>CancellationToken</c> does not already bind there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenCodeFixProvider))]
[Shared]
public sealed class AddCancellationTokenCodeFixProvider : CodeFixProvider
{
    private const string CancellationTokenMetadataName = "System.Threading.CancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NoCancellationToken);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var method = FixSite.Enclosing<MethodDeclarationSyntax>(root, diagnostic);
            if (method is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add a CancellationToken parameter", cancellationToken => AddParameterAsync(context.Document, method, cancellationToken),
                    equivalenceKey: nameof(AddCancellationTokenCodeFixProvider)),
                diagnostic);
        }
    }

    private static async Task<Document> AddParameterAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null)
        {
            return document;
        }

        var name = "cancellationToken";
        var taken = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToImmutableHashSet();
        for (var n = 2; taken.Contains(name); n++)
        {
            name = "cancellationToken" + n;
        }

        var bound = model.LookupNamespacesAndTypes(method.ParameterList.SpanStart, name: "CancellationToken")
            .Any(symbol => symbol is INamedTypeSymbol type && type.ToDisplayString() == CancellationTokenMetadataName);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.IdentifierName("CancellationToken").WithTrailingTrivia(SyntaxFactory.Space))
            .WithDefault(SyntaxFactory.EqualsValueClause(
                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, SyntaxFactory.Token(SyntaxKind.DefaultKeyword))));

        var parameters = method.ParameterList.Parameters;
        var items = parameters.Count == 0
            ? SyntaxFactory.NodeOrTokenList(parameter)
            : parameters.GetWithSeparators().Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space)).Add(parameter);
        var list = method.ParameterList.WithParameters(SyntaxFactory.SeparatedList<ParameterSyntax>(items));

        unit = unit.ReplaceNode(method.ParameterList, list);
        if (!bound)
        {
            unit = AddUsing(unit);
        }

        return document.WithSyntaxRoot(unit);
    }

    /// <summary>Adds <c>using System.Threading;</c> in order among the file's usings (or first, when it has none).</summary>
    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Threading"))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        var usings = unit.Usings;
        var index = 0;
        while (index < usings.Count && usings[index].GlobalKeyword.IsKind(SyntaxKind.None) && usings[index].Alias is null && usings[index].StaticKeyword.IsKind(SyntaxKind.None)
               && string.CompareOrdinal(usings[index].Name?.ToString(), "System.Threading") < 0)
        {
            index++;
        }

        if (usings.Count > 0)
        {
            var eol = usings[System.Math.Max(0, index - 1)].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (eol != default)
            {
                directive = directive.WithTrailingTrivia(eol);
            }

            if (index == 0)
            {
                directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
                usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia());
            }

            return unit.WithUsings(usings.Insert(index, directive));
        }

        return unit.WithUsings(SyntaxFactory.SingletonList(directive.WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), SyntaxFactory.EndOfLine("\n"))));
    }
}
