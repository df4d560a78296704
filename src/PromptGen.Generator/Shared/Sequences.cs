using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>
/// A cheap test before looking for <c>IEnumerable&lt;T&gt;</c> among a type's interfaces: <c>AllInterfaces</c> builds a
/// new array on every call (about thirty generic-math interfaces for <c>int</c> in .NET 8), and the parser asks it of
/// every parameter several times (history? images? a template's loop?) inside the transform that re-runs after every edit.
/// </summary>
internal static class Sequences
{
    /// <summary>
    /// Whether <paramref name="type"/> is certainly not a sequence: a primitive value type (<c>int</c>, <c>bool</c>,
    /// <c>double</c>, <c>decimal</c>, <c>DateTime</c>…) or an enum, none of which implements <c>IEnumerable</c>.
    /// </summary>
    public static bool CannotBe(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum || (type.IsValueType && type.SpecialType != SpecialType.None);
}
