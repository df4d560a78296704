using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Reports an <c>[assembly: PromptFake(typeof(X))]</c> that gets no fake (PG0034, PG0035) at its argument, from the same
/// <see cref="FakeTargets"/> decision the generator makes, so a requested fake is never silently missing.
/// </summary>
internal static class FakeChecks
{
    public static void Register(CompilationStartAnalysisContext start)
    {
        var fakeAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.PromptFakeAttribute);
        if (fakeAttribute is null)
        {
            return;
        }

        start.RegisterSyntaxNodeAction(context => Analyze(context, fakeAttribute), SyntaxKind.AttributeList);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol fakeAttribute)
    {
        var list = (AttributeListSyntax)context.Node;
        if (list.Target is not { } target || !target.Identifier.IsKind(SyntaxKind.AssemblyKeyword))
        {
            return;
        }

        foreach (var syntax in list.Attributes)
        {
            var attribute = context.Compilation.Assembly.GetAttributes().FirstOrDefault(a =>
                a.ApplicationSyntaxReference is { } reference && reference.SyntaxTree == syntax.SyntaxTree && reference.Span == syntax.Span);
            if (attribute is null || !SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, fakeAttribute))
            {
                continue;
            }

            var resolved = FakeTargets.Resolve(attribute, context.Compilation);
            if (resolved.Problem is { } problem)
            {
                var location = syntax.ArgumentList?.Arguments.FirstOrDefault()?.Expression.GetLocation() ?? syntax.GetLocation();
                context.ReportDiagnostic(Diagnostic.Create(problem, location, resolved.Arguments));
            }
        }
    }
}
