using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Templates;

/// <summary>
/// Which members a template may read after a dot, and why the others cannot be read (PG0083). Generated code reads a
/// member as <c>value.Member</c> (or <c>value?.Member</c>) and hands the result to <c>PromptText</c> as a generic or
/// boxed value, so a member is readable only when that compiles without an error or warning in generated code: a
/// public instance property with a public getter, or a public instance field, whose type can be a generic argument
/// (not a pointer, not a ref struct), not <c>[Obsolete]</c> as an error, and not found twice in an interface's bases
/// (CS0229). Everything here runs in the transform on symbols; the binder reads the resulting strings only.
/// </summary>
internal static class MemberReading
{
    /// <summary>Whether generated code can read <paramref name="member"/> as a value (before its type and attributes are looked at).</summary>
    public static bool IsReadable(ISymbol member) =>
        member is { IsStatic: false, DeclaredAccessibility: Accessibility.Public }
        && (member is IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public }
            || member is IFieldSymbol { IsImplicitlyDeclared: false });

    /// <summary>
    /// Why the readable member <paramref name="member"/> of <paramref name="receiver"/> still cannot be read in generated
    /// code, or null when it can: <c>[Obsolete]</c> as an error (CS0619), or an interface that inherits the name from two
    /// bases (CS0229).
    /// </summary>
    public static string? Refusal(ITypeSymbol receiver, ISymbol member, TypeNames names)
    {
        if ((ObsoleteError(member) ?? (member is IPropertySymbol { GetMethod: { } getter } ? ObsoleteError(getter) : null)) is { } obsolete)
        {
            return "it is marked [Obsolete] as an error" + (obsolete.Length == 0 ? "" : " (\"" + obsolete + "\")")
                + ", so C# refuses to read it; read the member that replaces it, or pass the value as a parameter";
        }

        if (receiver.TypeKind == TypeKind.Interface && Ambiguity(receiver, member.Name) is { } declaring)
        {
            return "'" + names.Display(receiver) + "' inherits '" + member.Name + "' from both " + string.Join(" and ", declaring.Select(t => "'" + names.Display(t) + "'"))
                + ", so C# cannot tell which to read (CS0229); declare '" + member.Name + "' on '" + names.Display(receiver) + "' with 'new', or pass one of the bases as the parameter's type";
        }

        return null;
    }

    /// <summary>
    /// Why a member named <paramref name="name"/> that <see cref="IsReadable"/> refused cannot be read, found in
    /// <paramref name="member"/>: static, not public, a method, an event, a nested type, or a property without a public getter.
    /// </summary>
    public static string Refusal(ISymbol member, TypeNames names)
    {
        var owner = member.ContainingType is { } type ? names.Display(type) + "." + member.Name : member.Name;
        switch (member)
        {
            case IMethodSymbol:
                return "it is a method, and a template reads properties and fields without calling anything; call it in C# and pass the result as a parameter";
            case IEventSymbol:
                return "it is an event, not a value; pass the value to insert as a parameter";
            case ITypeSymbol:
                return "it is a nested type, not a value; pass the value to insert as a parameter";
        }

        if (member.IsStatic)
        {
            return "it is static, and a template reads the members of the value it is given; pass '" + owner + "' as a parameter of the method";
        }

        if (member.DeclaredAccessibility != Accessibility.Public)
        {
            return "it is " + Describe(member.DeclaredAccessibility) + ", and a template reads public members only; make it public, or pass its value as a parameter";
        }

        return member is IPropertySymbol { GetMethod: null }
            ? "it has no getter; add a public 'get', or pass the value as a parameter"
            : "its getter is " + Describe(((IPropertySymbol)member).GetMethod!.DeclaredAccessibility) + "; make the getter public, or pass the value as a parameter";
    }

    /// <summary>
    /// Why a value of <paramref name="type"/> cannot be read by generated code at all (it cannot be a generic argument
    /// or be boxed), or null: a pointer (CS0306) or a ref struct such as <c>Span&lt;T&gt;</c> (CS9244, CS0029).
    /// Phrased to follow "its type" or "its items' type".
    /// </summary>
    public static string? Unreadable(ITypeSymbol type, string display) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol =>
            "'" + display + "' is a pointer, which a template can neither insert nor test; expose the value as a safe type (a number, a string) and read that",
        { IsRefLikeType: true } =>
            "'" + display + "' is a ref struct, which generated code cannot box or hold while it renders; compute what to insert in C# (a string, an array) and pass it as a parameter",
        _ => null,
    };

    /// <summary>The first non-readable member named like one of <paramref name="dotted"/>, per name not in <paramref name="seen"/>, in C#'s lookup order.</summary>
    public static IEnumerable<ISymbol> Unreadables(IEnumerable<ITypeSymbol> lookup, HashSet<string> dotted, HashSet<string> seen)
    {
        foreach (var type in lookup)
        {
            foreach (var member in type.GetMembers())
            {
                if (dotted.Contains(member.Name) && !member.IsImplicitlyDeclared && !IsReadable(member) && seen.Add(member.Name))
                {
                    yield return member;
                }
            }

            foreach (var nested in type.GetTypeMembers())
            {
                if (dotted.Contains(nested.Name) && seen.Add(nested.Name))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "not public",
    };

    /// <summary>The message of an <c>[Obsolete("…", true)]</c> on <paramref name="symbol"/> ("" without one), or null when it is not an error.</summary>
    private static string? ObsoleteError(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[1].Value is true)
            {
                return attribute.ConstructorArguments[0].Value as string ?? "";
            }
        }

        return null;
    }

    /// <summary>
    /// The interfaces <paramref name="receiver"/> (an interface) finds <paramref name="name"/> in when it is ambiguous: the
    /// declaring interfaces that no other declaring interface derives from, when there are two or more; else null.
    /// </summary>
    private static List<ITypeSymbol>? Ambiguity(ITypeSymbol receiver, string name)
    {
        if (receiver.GetMembers(name).Any(IsReadable))
        {
            return null; // declared here: hides every base's
        }

        var declaring = receiver.AllInterfaces.Where(i => i.GetMembers(name).Any(m => !m.IsStatic)).ToList();
        var found = declaring
            .Where(i => !declaring.Any(other => !SymbolEqualityComparer.Default.Equals(other, i) && other.AllInterfaces.Contains(i, SymbolEqualityComparer.Default)))
            .Cast<ITypeSymbol>()
            .ToList();
        return found.Count > 1 ? found : null;
    }
}
