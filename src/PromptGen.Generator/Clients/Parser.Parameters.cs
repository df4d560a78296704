using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Clients;

/// <summary>Parameter values: defaults repeated as C#, history parameters.</summary>
internal static partial class Parser
{
    /// <summary>A parameter's default value as C#, or null when it has none.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="syntax">Its declaration when the caller has it (one lookup per method rather than per parameter).</param>
    internal static string? DefaultValue(IParameterSymbol parameter, Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax? syntax = null)
    {
        if (IsDefaultLiteral(parameter, syntax ?? Declaration(parameter)))
        {
            return NoValue(parameter);
        }

        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        if (value is null)
        {
            return NoValue(parameter);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "(" + type.ToDisplayString(SymbolText.TypeFormat) + ")(" + Constant(value) + ")";
        }

        return Constant(value);
    }

    /// <summary>
    /// A default without a constant value (<c>null</c>, <c>default</c>) as C#. <c>string s = null!</c> is repeated as
    /// <c>default!</c>: a bare <c>default</c> for a non-nullable reference type is CS8625 in the generated
    /// (<c>#nullable enable</c>) code.
    /// </summary>
    private static string NoValue(IParameterSymbol parameter) =>
        parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.NotAnnotated ? "default!" : "default";

    /// <summary>
    /// Whether the parameter's default is written <c>= default</c> and its type has no constant values (a reference
    /// type, a <c>Nullable&lt;T&gt;</c>, or a struct that is neither a primitive nor an enum, as <c>CancellationToken</c>):
    /// then its value is null, read from the syntax. Asking the symbol (<c>HasExplicitDefaultValue</c>) binds the
    /// expression, with nullable analysis, for the new compilation on every keystroke, and nearly every prompt method
    /// ends in <c>CancellationToken cancellationToken = default</c>. Anything else asks the symbol.
    /// </summary>
    private static bool IsDefaultLiteral(IParameterSymbol parameter, Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax? syntax)
    {
        if (syntax is not { Default.Value: { } value } || !value.IsKind(SyntaxKind.DefaultLiteralExpression))
        {
            return false;
        }

        var type = parameter.Type;
        return type.IsReferenceType
            || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }
            || (type.TypeKind == TypeKind.Struct && type.SpecialType == SpecialType.None);
    }

    private static Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax? Declaration(IParameterSymbol parameter) =>
        parameter.DeclaringSyntaxReferences is { Length: 1 } references ? references[0].GetSyntax() as Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax : null;

    /// <summary>The declarations of <paramref name="method"/>'s parameters, in order, when it is declared once in source; else null.</summary>
    private static Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax?[]? ParameterDeclarations(IMethodSymbol method, int count, System.Threading.CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences is not { Length: 1 } references
            || references[0].GetSyntax(cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax { ParameterList.Parameters: var list }
            || list.Count != count)
        {
            return null;
        }

        var declarations = new Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax?[list.Count];
        for (var i = 0; i < declarations.Length; i++)
        {
            declarations[i] = list[i];
        }

        return declarations;
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

        return known.SequenceOf(type).Yields(known.ChatMessage);
    }
}
