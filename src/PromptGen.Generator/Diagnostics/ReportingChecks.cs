using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// The checks that only report: nothing they find changes what the generator emits (a setting out of range is still
/// sent as written; an interface-level attribute that applies to nothing is ignored), so only the analyzer runs them,
/// after the parser, beside the faults of each method's classification. No check asks whether it runs in the analyzer.
/// </summary>
internal static class ReportingChecks
{
    /// <summary>The interface's own declaration and attributes, once.</summary>
    public static void Interface(INamedTypeSymbol type, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        Parser.ReportDeclarationShape(type, sink, cancellationToken);
        TypedReplies.CheckInterface(type, sink, cancellationToken);
        Budget.PromptBudgets.CheckInterface(type, known, sink, cancellationToken);
        ImageParameters.CheckInterface(type, known, sink, cancellationToken);
        var interfaceLevel = AttributeSet.Read(type);
        Parser.CheckRanges(interfaceLevel, sink);
        DeclarationChecks.CheckInterface(type, interfaceLevel, sink, cancellationToken);
    }

    /// <summary>One method's settings (PG0005, PG0019–PG0022), read with its interface's.</summary>
    public static void Method(IMethodSymbol method, AttributeSet interfaceLevel, DiagnosticSink sink)
    {
        var methodLevel = AttributeSet.Read(method);
        Parser.CheckRanges(methodLevel, sink);
        SettingChecks.Check(method, methodLevel, interfaceLevel, sink);
    }
}
