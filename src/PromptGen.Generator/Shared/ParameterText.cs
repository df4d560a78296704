using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Shared;

/// <summary>How generated signatures repeat a parameter's modifiers, and which parameter types an async method cannot take.</summary>
internal static class ParameterText
{
    /// <summary>
    /// <c>scoped</c> (where the declaration says it), then <c>ref</c>, <c>out</c>, <c>in</c> or <c>ref readonly</c>:
    /// what an implementation must repeat to match the interface.
    /// </summary>
    public static string Modifiers(IParameterSymbol parameter)
    {
        // ScopedKind None: nothing declared scoped, so the declaration is not read (this runs for every parameter per keystroke).
        var scoped = parameter.RefKind != RefKind.Out && parameter.ScopedKind != ScopedKind.None && DeclaresScoped(parameter) ? "scoped " : "";
        return scoped + parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => "",
        };
    }

    /// <summary>Why an async method cannot take a parameter of this type (C# CS4005, CS4012), or null when it can.</summary>
    public static string? WhyNotAsync(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => "a pointer",
        { IsRefLikeType: true } => "a ref struct",
        _ => null,
    };

    /// <summary>Whether a type written in a signature needs an <c>unsafe</c> context.</summary>
    public static bool IsUnsafe(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsUnsafe(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsUnsafe),
        _ => false,
    };

    private static bool DeclaresScoped(IParameterSymbol parameter)
    {
        if (parameter.DeclaringSyntaxReferences.Length == 0)
        {
            return parameter.ScopedKind != ScopedKind.None; // from metadata: what the compiler recorded
        }

        return parameter.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax() is ParameterSyntax syntax && syntax.Modifiers.Any(SyntaxKind.ScopedKeyword));
    }
}
