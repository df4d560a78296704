using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>The [SystemPrompt] and [UserPrompt] of one interface or method: at most one of each (PG0023), none empty (PG0024).</summary>
internal static class PromptChecks
{
    /// <summary>Reports, and returns why a method cannot be implemented (null for the interface, whose problems are reported once).</summary>
    public static string? Check(ISymbol symbol, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var reason = Check(symbol, KnownNames.SystemPromptAttribute, "SystemPrompt", "system", sink, cancellationToken);
        reason ??= Check(symbol, KnownNames.UserPromptAttribute, "UserPrompt", "user", sink, cancellationToken);
        return symbol is IMethodSymbol ? reason : null;
    }

    private static string? Check(ISymbol symbol, string metadataName, string attributeName, string role, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        string? reason = null;
        var attributes = AttributeArguments.Of(symbol, metadataName).ToList();
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (i > 0)
            {
                reason ??= $"it has more than one [{attributeName}]";
                sink.Report(DiagnosticDescriptors.DuplicatePrompt, AttributeArguments.AttributeLocation(attribute, cancellationToken), symbol.Name, attributeName, role);
            }

            if (AttributeArguments.IsComplete(attribute, 1) && string.IsNullOrWhiteSpace(attribute.ConstructorArguments[0].Value as string))
            {
                reason ??= $"its [{attributeName}] is empty";
                sink.Report(DiagnosticDescriptors.EmptyPrompt, AttributeArguments.Location(attribute, 0, cancellationToken), attributeName, symbol.Name);
            }
        }

        return reason;
    }
}
