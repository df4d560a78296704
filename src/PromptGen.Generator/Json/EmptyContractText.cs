using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// Why System.Text.Json reads no property of a type (PG0050, PG0062): said for the type at hand, so a message names a
/// tuple only for a tuple (review 12 #4: a BigInteger or a class with a get-only list was told about tuples).
/// </summary>
internal static class EmptyContractText
{
    /// <summary>The parenthesis that follows "has no property System.Text.Json reads", with its leading space; "" when there is nothing more to say.</summary>
    public static string Why(ITypeSymbol type)
    {
        if (type.IsTupleType)
        {
            return " (a tuple's fields are not)";
        }

        if (type.ContainingNamespace is { } ns && Root(ns) == "System")
        {
            return " ('" + DisplayNames.Of(type) + "' is a .NET type whose properties it does not set)";
        }

        var getOnly = type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p is { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, SetMethod: null, GetMethod: not null })
            .Select(p => "'" + p.Name + "'")
            .ToList();
        if (getOnly.Count > 0)
        {
            return " (" + (getOnly.Count == 1 ? "its property " + getOnly[0] + " has" : "its properties " + string.Join(", ", getOnly) + " have")
                + " no setter: add 'set' or 'init', or a constructor parameter of the same name)";
        }

        return type.GetMembers().OfType<IFieldSymbol>().Any(f => f is { IsStatic: false, IsConst: false, DeclaredAccessibility: Accessibility.Public, IsImplicitlyDeclared: false })
            ? " (it reads properties, not fields: make them properties, or mark them [JsonInclude])"
            : "";
    }

    private static string Root(INamespaceSymbol ns)
    {
        while (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            ns = parent;
        }

        return ns.Name;
    }
}
