using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Fakes;

/// <summary>
/// The C# version a class needs to implement an interface member, for a test project older than the application
/// whose interface it fakes (a C# 8 project is enough for PromptGen, PG0030). The fake's own code needs no more than
/// C# 8; what a member's signature demands, no class can write in an older C#, so <see cref="FakeTargets"/> reports
/// PG0035 naming the member and the version instead of a fake that fails to compile.
/// </summary>
internal static class FakeLanguage
{
    /// <summary>What <paramref name="member"/> uses that a class implementing it needs a later C# for, and that version; null when C# 8 is enough.</summary>
    public static (LanguageVersion Version, string What)? Needs(ISymbol member)
    {
        if (member.IsStatic && member.IsAbstract)
        {
            return (LanguageVersion.CSharp11, "is static abstract");
        }

        switch (member)
        {
            case IPropertySymbol { SetMethod.IsInitOnly: true }:
                return (LanguageVersion.CSharp9, "has an init accessor");
            case IPropertySymbol property when property.Parameters.Select(p => p.Type).Prepend(property.Type).FirstOrDefault(Later) is { } type:
                return (LanguageVersion.CSharp9, Uses(type));
            case IMethodSymbol method when method.Parameters.Select(p => p.Type).Prepend(method.ReturnType).FirstOrDefault(Later) is { } type:
                return (LanguageVersion.CSharp9, Uses(type));
            case IEventSymbol @event when Later(@event.Type):
                return (LanguageVersion.CSharp9, Uses(@event.Type));
            default:
                return null;
        }
    }

    private static string Uses(ITypeSymbol type) => $"uses '{type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}' ({What(type)})";

    private static string What(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => "a nullable type parameter without a class or struct constraint",
        IFunctionPointerTypeSymbol => "a function pointer",
        INamedTypeSymbol { IsNativeIntegerType: true } => "a native-sized integer",
        IArrayTypeSymbol array => What(array.ElementType),
        IPointerTypeSymbol pointer => What(pointer.PointedAtType),
        INamedTypeSymbol named => What(named.TypeArguments.First(Later)),
        _ => "a C# 9 type",
    };

    /// <summary>Whether writing <paramref name="type"/> takes C# 9: <c>T?</c> of a type parameter not known to be a struct or a non-nullable class, a function pointer, <c>nint</c>/<c>nuint</c>.</summary>
    private static bool Later(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol { NullableAnnotation: NullableAnnotation.Annotated } parameter =>
            !parameter.HasValueTypeConstraint && !(parameter.IsReferenceType && parameter.ReferenceTypeConstraintNullableAnnotation != NullableAnnotation.Annotated),
        IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => Later(array.ElementType),
        IPointerTypeSymbol pointer => Later(pointer.PointedAtType),
        INamedTypeSymbol named => named.IsNativeIntegerType || named.TypeArguments.Any(Later),
        _ => false,
    };
}
