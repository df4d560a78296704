using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptGen.Generator.Diagnostics;

namespace PromptGen.Generator.Budget;

/// <summary>
/// Reads <c>[MaxPromptTokens]</c> (issue 16): the method's, else its interface's. The trimming itself is the runtime's
/// (<c>PromptBudget</c>, applied by the transport before sending); the generator only passes the number on.
/// </summary>
internal static class PromptBudgets
{
    public const string AttributeName = "PromptGen.MaxPromptTokensAttribute";

    /// <summary>The value that stands for "the model's context window minus [MaxTokens]" (the parameterless attribute).</summary>
    public const int ContextWindow = 0;

    /// <summary>
    /// The method's budget: <see langword="null"/> for none (or a misuse, reported), <see cref="ContextWindow"/>, or the
    /// tokens. Reports PG0075 (a method-level budget on a method with no history parameter) and PG0076 (a budget of 0 or less).
    /// </summary>
    public static int? Read(IMethodSymbol method, bool hasHistory, MethodFaults faults)
    {
        var onMethod = Find(method);
        var attribute = onMethod ?? (method.ContainingType is { } type ? Find(type) : null);
        if (attribute is null)
        {
            return null;
        }

        if (!IsValid(attribute))
        {
            if (attribute == onMethod)
            {
                faults.Add(DiagnosticDescriptors.PromptBudgetNotPositive, FaultSite.InArgument(attribute, 0), null, Tokens(attribute)!.Value);
            }

            return null; // an interface's invalid budget is reported once, by CheckInterface
        }

        if (!hasHistory)
        {
            if (attribute == onMethod)
            {
                faults.Add(DiagnosticDescriptors.PromptBudgetWithoutHistory, FaultSite.Attribute(attribute), null, method.Name);
            }

            return null; // an interface-wide budget applies only to the methods that have a history
        }

        return Tokens(attribute) ?? ContextWindow;
    }

    /// <summary>
    /// Reports the interface's own <c>[MaxPromptTokens]</c>, once: PG0076 when it is 0 or less, PG0075 when no method of
    /// the interface has a history parameter, so the budget applies to nothing (located at the attribute, as the
    /// method-level one is).
    /// </summary>
    public static void CheckInterface(INamedTypeSymbol type, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (Find(type) is not { } attribute)
        {
            return;
        }

        if (!IsValid(attribute))
        {
            ReportNotPositive(attribute, sink, cancellationToken);
        }
        else if (!type.GetMembers().OfType<IMethodSymbol>().Any(m => m is { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false }
            && m.Parameters.Any(p => Clients.Parser.IsHistory(p.Type, known))))
        {
            sink.Report(DiagnosticDescriptors.PromptBudgetWithoutHistory, Location(attribute, cancellationToken), type.Name);
        }
    }

    private static void ReportNotPositive(AttributeData attribute, DiagnosticSink sink, CancellationToken cancellationToken) =>
        sink.Report(DiagnosticDescriptors.PromptBudgetNotPositive, ArgumentLocation(attribute, cancellationToken), Tokens(attribute)!.Value.ToString(CultureInfo.InvariantCulture));

    private static AttributeData? Find(ISymbol symbol) =>
        FullNames.Attribute(symbol, AttributeName);

    private static int? Tokens(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int tokens ? tokens : null;

    private static bool IsValid(AttributeData attribute) => Tokens(attribute) is not { } tokens || tokens > 0;

    private static Location? Location(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    private static Location? ArgumentLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.Expression.GetLocation()
        ?? Location(attribute, cancellationToken);
}
