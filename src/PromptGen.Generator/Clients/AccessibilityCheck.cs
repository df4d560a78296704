using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>
/// PG0058: a prompt method's parameter or return type that is less accessible than its interface. C# reports CS0051 or
/// CS0050 at the user's method; the generated <c>Client</c> (a public class nested in the interface) would repeat the
/// error in public members, so the method is not implemented (an explicit stub compiles) and this says what to change.
/// Tools parameters are PG0054's (<see cref="Tools.ToolParameterCheck"/>).
/// </summary>
internal static class AccessibilityCheck
{
    /// <summary>Records PG0058 for each such type in the method's classification (<paramref name="faults"/>): the method is a stub.</summary>
    public static void Check(IMethodSymbol method, MethodFaults faults, CancellationToken cancellationToken)
    {
        var owner = method.ContainingType;
        var ownerLevel = Tools.ToolParameterCheck.Effective(owner);
        foreach (var parameter in method.Parameters)
        {
            if (Tools.ToolNames.IsToolsInterface(parameter.Type))
            {
                continue;
            }

            if (LeastAccessible(parameter.Type) is { } type && Tools.ToolParameterCheck.Rank(Tools.ToolParameterCheck.Effective(type)) < Tools.ToolParameterCheck.Rank(ownerLevel))
            {
                faults.Add(DiagnosticDescriptors.TypeLessAccessibleThanInterface, parameter.Locations.FirstOrDefault(), $"parameter '{parameter.Name}' is of a type less accessible than '{owner.Name}'",
                    method.Name, $"parameter '{parameter.Name}'", type.Name, Tools.ToolParameterCheck.Text(Tools.ToolParameterCheck.Effective(type)), owner.Name, Tools.ToolParameterCheck.Text(ownerLevel));
            }
        }

        if (LeastAccessible(method.ReturnType) is { } returned && Tools.ToolParameterCheck.Rank(Tools.ToolParameterCheck.Effective(returned)) < Tools.ToolParameterCheck.Rank(ownerLevel))
        {
            faults.Add(DiagnosticDescriptors.TypeLessAccessibleThanInterface, SymbolText.ReturnTypeLocation(method, cancellationToken) ?? method.Locations.FirstOrDefault(),
                $"its return type uses a type less accessible than '{owner.Name}'",
                method.Name, "the return type", returned.Name, Tools.ToolParameterCheck.Text(Tools.ToolParameterCheck.Effective(returned)), owner.Name, Tools.ToolParameterCheck.Text(ownerLevel));
        }
    }

    /// <summary>The least accessible named type in <paramref name="type"/> (itself, its type arguments, array elements), or null.</summary>
    private static INamedTypeSymbol? LeastAccessible(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return LeastAccessible(array.ElementType);
            case IPointerTypeSymbol pointer:
                return LeastAccessible(pointer.PointedAtType);
            case INamedTypeSymbol named:
                var least = named;
                foreach (var argument in named.TypeArguments)
                {
                    if (LeastAccessible(argument) is { } inner
                        && Tools.ToolParameterCheck.Rank(Tools.ToolParameterCheck.Effective(inner)) < Tools.ToolParameterCheck.Rank(Tools.ToolParameterCheck.Effective(least)))
                    {
                        least = inner;
                    }
                }

                return least;
            default:
                return null;
        }
    }
}
