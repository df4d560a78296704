using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>Whether a value of a parameter's type can be null, as its declaration says (read from the symbol, never from the type's text).</summary>
internal enum NullState
{
    /// <summary>A reference type declared without <c>?</c> (or in a <c>#nullable disable</c> context): null is the caller's mistake.</summary>
    NotNull,

    /// <summary>Declared nullable: a reference type with <c>?</c>, or a <c>Nullable&lt;T&gt;</c> however it is spelled.</summary>
    MaybeNull,

    /// <summary>A value type that is not <c>Nullable&lt;T&gt;</c>: never null, so <c>??</c> and <c>is not null</c> do not apply.</summary>
    Value,
}

/// <summary>
/// Nullability facts the emitter needs, read by the parser from the symbols' annotations. A type's display string is
/// not a sound source: <c>ChatStream&lt;List&lt;Person?&gt;&gt;</c> ends in <c>&gt;&gt;</c> though its items hold nullable
/// references, <c>ChatStream&lt;int?&gt;</c> ends in <c>?&gt;</c> though it holds no nullable reference at all, and a
/// struct history ends in neither.
/// </summary>
internal static class Nullability
{
    /// <summary>What <paramref name="type"/> (a parameter's declared type) says about null.</summary>
    public static NullState Of(ITypeSymbol type) =>
        type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? NullState.MaybeNull
        : type.IsValueType ? NullState.Value
        : type.NullableAnnotation == NullableAnnotation.Annotated ? NullState.MaybeNull
        : NullState.NotNull;

    /// <summary>
    /// Whether a nullable reference annotation occurs anywhere in <paramref name="type"/> (<c>Person?</c>,
    /// <c>List&lt;string?&gt;</c>, <c>Person?[]</c>, <c>(string?, int)</c>): the annotations generated code drops where it
    /// writes the type without them, and a <c>!</c> restores.
    /// </summary>
    public static bool HasNullableReference(ITypeSymbol type) => type switch
    {
        _ when type.NullableAnnotation == NullableAnnotation.Annotated && !type.IsValueType => true,
        IArrayTypeSymbol array => HasNullableReference(array.ElementType),
        INamedTypeSymbol named => System.Linq.Enumerable.Any(named.TypeArguments, HasNullableReference),
        _ => false,
    };

    /// <summary>
    /// Whether the text a text method returns is declared nullable: <paramref name="awaited"/> is <c>string?</c>, or
    /// <c>ChatResult&lt;string?&gt;</c>/<c>IReadOnlyList&lt;string?&gt;</c> (annotated or not themselves). Only the text's own
    /// annotation counts: <c>IReadOnlyList&lt;string&gt;?</c> holds texts that are never null.
    /// </summary>
    public static bool IsNullableText(ITypeSymbol awaited) =>
        awaited.SpecialType == SpecialType.System_String
            ? awaited.NullableAnnotation == NullableAnnotation.Annotated
            : awaited is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && named.TypeArguments[0] is { SpecialType: SpecialType.System_String, NullableAnnotation: NullableAnnotation.Annotated };
}
