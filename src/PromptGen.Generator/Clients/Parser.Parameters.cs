using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Clients;

/// <summary>Parameter values: defaults repeated as C#, history parameters.</summary>
internal static partial class Parser
{
    /// <summary>A parameter's default value as C#, or null when it has none.</summary>
    internal static string? DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        if (value is null)
        {
            // `string s = null!` is repeated as `default!`: a bare `default` for a non-nullable reference type is CS8625
            // in the generated (#nullable enable) code.
            return parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.NotAnnotated ? "default!" : "default";
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "(" + type.ToDisplayString(SymbolText.TypeFormat) + ")(" + Constant(value) + ")";
        }

        return Constant(value);
    }

    private static string Constant(object value) => value switch
    {
        string text => SymbolText.Literal(text),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : CSharpNumbers.RoundTrip(d) + "D",
        float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : CSharpNumbers.RoundTrip(f) + "F",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        int or short or ushort or byte or sbyte => ((System.IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => "default", // e.g. [DateTimeConstant]: a value C# cannot spell as a default; 'default' keeps the call compiling
    };

    internal static bool IsHistory(ITypeSymbol type, KnownTypes known)
    {
        if (known.ChatMessage is null || type.SpecialType == SpecialType.System_String || Sequences.CannotBe(type))
        {
            return false;
        }

        if (type is IArrayTypeSymbol array)
        {
            return SymbolEqualityComparer.Default.Equals(array.ElementType, known.ChatMessage);
        }

        return AllInterfacesAndSelf(type).Any(i =>
            i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], known.ChatMessage));
    }
}
