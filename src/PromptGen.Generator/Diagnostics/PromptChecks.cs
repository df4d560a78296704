using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>The [SystemPrompt] and [UserPrompt] of one interface or method: at most one of each (PG0023), none empty (PG0024).</summary>
internal static class PromptChecks
{
    /// <summary>A method's prompts: each fault goes to its classification (<paramref name="faults"/>), and the method is a stub.</summary>
    public static void Check(IMethodSymbol method, MethodFaults faults, CancellationToken cancellationToken)
    {
        // The report delegate is made only for a method that has a fault to report.
        if (HasFault(method, KnownNames.SystemPromptAttribute) || HasFault(method, KnownNames.UserPromptAttribute))
        {
            Check(method, (descriptor, location, summary, arguments) => faults.Add(descriptor, location, summary, arguments), cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="symbol"/> has more than one <paramref name="metadataName"/>, or an empty one.</summary>
    private static bool HasFault(ISymbol symbol, string metadataName)
    {
        var count = 0;
        foreach (var attribute in AttributeArguments.Of(symbol, metadataName))
        {
            if (count++ > 0 || (AttributeArguments.IsComplete(attribute, 1) && string.IsNullOrWhiteSpace(attribute.ConstructorArguments[0].Value as string)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The interface's own prompts, reported to <paramref name="sink"/> by the analyzer (report-only: the interface has no
    /// stub, and its methods read its first prompt).
    /// </summary>
    public static void Report(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken) =>
        Check(type, (descriptor, location, _, arguments) => sink.Report(descriptor, location, arguments), cancellationToken);

    private static void Check(ISymbol symbol, Action<DiagnosticDescriptor, Location?, string, object?[]> report, CancellationToken cancellationToken)
    {
        Check(symbol, KnownNames.SystemPromptAttribute, "SystemPrompt", "system", report, cancellationToken);
        Check(symbol, KnownNames.UserPromptAttribute, "UserPrompt", "user", report, cancellationToken);
    }

    private static void Check(ISymbol symbol, string metadataName, string attributeName, string role, Action<DiagnosticDescriptor, Location?, string, object?[]> report, CancellationToken cancellationToken)
    {
        var i = 0; // no list, no closure until a fault: this runs for every method on every keystroke
        foreach (var attribute in AttributeArguments.Of(symbol, metadataName))
        {
            if (i++ > 0)
            {
                Report(DiagnosticDescriptors.DuplicatePrompt, AttributeArguments.AttributeLocation(attribute, cancellationToken), $"it has more than one [{attributeName}]", symbol.Name, attributeName, role);
            }

            if (AttributeArguments.IsComplete(attribute, 1) && string.IsNullOrWhiteSpace(attribute.ConstructorArguments[0].Value as string))
            {
                Report(DiagnosticDescriptors.EmptyPrompt, AttributeArguments.Location(attribute, 0, cancellationToken), $"its [{attributeName}] is empty", attributeName, symbol.Name);
            }
        }

        void Report(DiagnosticDescriptor descriptor, Location? location, string summary, params object?[] arguments) => report(descriptor, location, summary, arguments);
    }
}
