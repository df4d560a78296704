using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>The [SystemPrompt] and [UserPrompt] of one interface or method: at most one of each (PG0023), none empty (PG0024).</summary>
internal static class PromptChecks
{
    /// <summary>
    /// Checks a method's prompts (its faults go to its classification, <paramref name="faults"/>) or, with no
    /// <paramref name="faults"/>, the interface's (reported to <paramref name="sink"/>, once: the interface has no stub).
    /// </summary>
    public static void Check(ISymbol symbol, MethodFaults? faults, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        Check(symbol, KnownNames.SystemPromptAttribute, "SystemPrompt", "system", faults, sink, cancellationToken);
        Check(symbol, KnownNames.UserPromptAttribute, "UserPrompt", "user", faults, sink, cancellationToken);
    }

    private static void Check(ISymbol symbol, string metadataName, string attributeName, string role, MethodFaults? faults, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var attributes = AttributeArguments.Of(symbol, metadataName).ToList();
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (i > 0)
            {
                Report(DiagnosticDescriptors.DuplicatePrompt, AttributeArguments.AttributeLocation(attribute, cancellationToken), $"it has more than one [{attributeName}]", symbol.Name, attributeName, role);
            }

            if (AttributeArguments.IsComplete(attribute, 1) && string.IsNullOrWhiteSpace(attribute.ConstructorArguments[0].Value as string))
            {
                Report(DiagnosticDescriptors.EmptyPrompt, AttributeArguments.Location(attribute, 0, cancellationToken), $"its [{attributeName}] is empty", attributeName, symbol.Name);
            }
        }

        void Report(DiagnosticDescriptor descriptor, Location? location, string summary, params object?[] arguments)
        {
            if (faults is null)
            {
                sink.Report(descriptor, location, arguments);
            }
            else
            {
                faults.Add(descriptor, location, summary, arguments);
            }
        }
    }
}
