using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>The faults of the interface's own declaration, and whether a base interface really has a <c>Client</c> the derived one hides.</summary>
internal static partial class Parser
{
    /// <summary>
    /// The faults of how the interface itself is declared that keep its Client from being written: not partial (PG0001),
    /// a containing type not partial (PG0009), generic (PG0029), file-local, nested in a variant interface.
    /// </summary>
    private static void InterfaceShape(INamedTypeSymbol type, MethodFaults faults, CancellationToken cancellationToken)
    {
        var location = type.Locations.FirstOrDefault();
        DeclarationShape(type, faults, cancellationToken); // PG0001, PG0009: not partial
        if (type.TypeParameters.Length > 0)
        {
            faults.Add(DiagnosticDescriptors.GenericInterface, location, "it is generic", type.Name);
        }

        if (IsFileLocal(type))
        {
            faults.Add(DiagnosticDescriptors.FileLocalInterface, location, "it is file-local", type.Name);
        }

        // CS8427: no class may be nested in an interface with 'in'/'out' type parameters, so the Client cannot be written.
        if (VariantContainingInterface(type) is { } variantOuter)
        {
            faults.Add(DiagnosticDescriptors.InVariantInterface, location, "it is nested in a variant interface", type.Name, variantOuter.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        }
    }

    /// <summary>
    /// Whether a base interface really has a member named <c>Client</c>: one it declares (a nested type from metadata, or
    /// any member so named), or the Client this generator writes for a prompt interface in source (generated types are
    /// not in the symbols the generator sees). The derived interface's <c>Client</c> then hides it and says so with
    /// <c>new</c> (no CS0108); where no base has one, <c>new</c> would be CS0109, so it is left out.
    /// </summary>
    private static bool HidesInheritedClient(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.AllInterfaces.Any(i => i.GetMembers(DeclarationChecks.ClientName).Length > 0 || GetsGeneratedClient(i.OriginalDefinition, cancellationToken));

    /// <summary>
    /// Whether this generator writes a Client for <paramref name="type"/>, a prompt interface declared in source: the same
    /// rule as its own classification (no interface fault with a summary, and <see cref="DeclarationChecks.IsWritable"/>).
    /// </summary>
    private static bool GetsGeneratedClient(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.DeclaringSyntaxReferences.Length == 0 || !PrimaryDeclaration.IsPromptInterface(type))
        {
            return false;
        }

        var faults = new MethodFaults();
        InterfaceShape(type, faults, cancellationToken);
        DeclarationChecks.ClashesWithClient(type, faults, cancellationToken);
        return !faults.Stubs && DeclarationChecks.IsWritable(type);
    }
}
