using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Clients;

/// <summary>How the interface is declared: partial-ness, nesting, the names generated code meets, the declaration-shape report.</summary>
internal static partial class Parser
{
    /// <summary>Whether a signature the Client repeats has a pointer type: the class is then declared <c>unsafe</c>.</summary>
    private static bool NeedsUnsafe(INamedTypeSymbol type) =>
        type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers())).Any(member => member switch
        {
            IMethodSymbol method => ParameterText.IsUnsafe(method.ReturnType) || method.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
            IPropertySymbol property => ParameterText.IsUnsafe(property.Type) || property.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
            IEventSymbol @event => ParameterText.IsUnsafe(@event.Type),
            _ => false,
        });

    /// <summary>Every name the user wrote that generated code meets; generated fields and locals avoid them (NameScope).</summary>
    private static EquatableArray<string> UserNames(INamedTypeSymbol type, List<MethodSpec> methods)
    {
        // Gathered in a list sized for a typical interface, sorted once (ordinal) and made distinct in place: no hash
        // set's growing buckets, no sorted set's tree; this runs per interface on every keystroke.
        var names = new List<string>(64);
        for (var current = type; current is not null; current = current.ContainingType)
        {
            names.Add(current.Name);
            foreach (var parameter in current.TypeParameters)
            {
                names.Add(parameter.Name);
            }
        }

        AddMembers(type);
        foreach (var inherited in type.AllInterfaces)
        {
            AddMembers(inherited);
        }

        names.Sort(StringComparer.Ordinal);
        var distinct = 0;
        for (var i = 0; i < names.Count; i++)
        {
            if (distinct == 0 || !string.Equals(names[distinct - 1], names[i], StringComparison.Ordinal))
            {
                names[distinct++] = names[i];
            }
        }

        var sorted = new string[distinct];
        names.CopyTo(0, sorted, 0, distinct);
        return EquatableArray<string>.Adopt(sorted);

        void AddMembers(INamedTypeSymbol owner)
        {
            foreach (var member in owner.GetMembers())
            {
                names.Add(member.Name);
                if (member is IMethodSymbol method)
                {
                    foreach (var parameter in method.TypeParameters)
                    {
                        names.Add(parameter.Name);
                    }

                    foreach (var parameter in method.Parameters)
                    {
                        names.Add(parameter.Name);
                    }
                }
            }
        }
    }

    private static INamedTypeSymbol? VariantContainingInterface(INamedTypeSymbol type)
    {
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.TypeKind == TypeKind.Interface && outer.TypeParameters.Any(t => t.Variance != VarianceKind.None))
            {
                return outer;
            }
        }

        return null;
    }

    /// <summary>
    /// A <c>file</c> interface (or one nested in a <c>file</c> type) is visible only in its own file: a generated file
    /// can neither extend it nor name it (PG0031). Nothing is generated for it.
    /// </summary>
    private static bool IsFileLocal(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A containing type's name as its partial declaration repeats it: type parameters with their variance.</summary>
    private static string DeclaredName(INamedTypeSymbol type)
    {
        var name = SymbolText.Escape(type.Name);
        if (type.TypeParameters.Length == 0)
        {
            return name;
        }

        return name + "<" + string.Join(", ", type.TypeParameters.Select(t => (t.Variance switch
        {
            VarianceKind.Out => "out ",
            VarianceKind.In => "in ",
            _ => "",
        }) + SymbolText.Escape(t.Name))) + ">";
    }

    /// <summary>
    /// Whether the interface and every type around it are partial, so generated code can add to them: PG0001 for the
    /// interface, PG0009 for each containing type that is not (faults with a summary: no Client is written).
    /// </summary>
    private static void DeclarationShape(INamedTypeSymbol type, MethodFaults faults, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is InterfaceDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                faults.Add(DiagnosticDescriptors.InterfaceNotPartial, declaration.Identifier.GetLocation(), "it is not partial", type.Name);
                break;
            }
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            foreach (var reference in outer.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    faults.Add(DiagnosticDescriptors.ContainingTypeNotPartial, declaration.Identifier.GetLocation(), $"'{outer.Name}' is not partial", type.Name, outer.Name);
                    break;
                }
            }
        }
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "partial record struct",
        { IsRecord: true } => "partial record",
        { TypeKind: TypeKind.Struct, IsRefLikeType: true } => "ref partial struct", // 'ref' precedes 'partial'
        { TypeKind: TypeKind.Struct } => "partial struct",
        { TypeKind: TypeKind.Interface } => "partial interface",
        _ => "partial class",
    };
}
