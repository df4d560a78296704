using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Tools;

/// <summary>
/// PG0054 for a parameter that holds several tools interfaces (<c>ITools[]</c>, <c>List&lt;ITools&gt;</c>,
/// <c>IEnumerable&lt;ITools&gt;</c>, …): a tools parameter is one <c>[PromptTools]</c> interface, so such a parameter would
/// be neither tools nor text. Report-only (the analyzer's <see cref="Diagnostics.ReportingChecks"/>); PG0018 leaves such
/// a parameter to this check, so the user is not told to insert it in a template, which PG0066 forbids.
/// </summary>
internal static class ToolCollectionCheck
{
    /// <summary>The tools interface <paramref name="type"/> is a collection of, or null.</summary>
    public static INamedTypeSymbol? ToolsElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return ToolNames.IsToolsInterface(array.ElementType) ? (INamedTypeSymbol)array.ElementType : null;
        }

        if (type is not INamedTypeSymbol named || ToolNames.IsToolsInterface(named))
        {
            return null;
        }

        var enumerables = named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            ? new[] { named }
            : named.AllInterfaces.Where(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T).ToArray();
        return enumerables.Select(e => e.TypeArguments[0]).FirstOrDefault(ToolNames.IsToolsInterface) as INamedTypeSymbol;
    }

    public static void Report(IMethodSymbol method, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ToolsElement(parameter.Type) is { } element)
            {
                sink.Report(DiagnosticDescriptors.ToolsParameterUnusable, parameter.Locations.FirstOrDefault(), method.Name, parameter.Name,
                    $"'{parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' holds several '{element.Name}', but a tools parameter is one [PromptTools] interface; "
                    + $"declare it as '{element.Name} {parameter.Name}', and to pass several tools interfaces, declare one parameter for each");
            }
        }
    }
}
