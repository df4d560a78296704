using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>
/// How diagnostic messages name a type: as C# source writes it, which is what the user typed and can search for —
/// keywords for special types (<c>int</c>, <c>string</c>), <c>int[,]</c> for a multi-dimensional array (not Roslyn's
/// error-message form <c>int[*,*]</c>), <c>int?</c>, <c>(int, string)</c>, <c>string?</c> where the declaration says
/// so, and no namespaces (<c>List&lt;int&gt;</c>, <c>DateTime</c>, <c>Order</c>; a nested type keeps its containing
/// types, <c>Outer.Inner</c>). Generated code names types with <see cref="SymbolText.TypeFormat"/>, never with this.
/// </summary>
internal static class DisplayNames
{
    /// <summary>The format behind <see cref="Of"/>.</summary>
    public static readonly SymbolDisplayFormat Format = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><paramref name="type"/> as a message shows it: <c>List&lt;int&gt;</c>, <c>int[,]</c>, <c>Task&lt;string?&gt;</c>.</summary>
    public static string Of(ITypeSymbol type) => type.ToDisplayString(Format);
}
