using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Tools;

/// <summary>
/// What a prompt method's tools parameter must be for the generated code to use it (PG0054), and whether it is optional.
/// The generated client names the interface's dispatcher (a class in the interface's namespace) and repeats the
/// parameter in public members of a class nested in the prompt interface: the dispatcher must exist, and the tools
/// interface must be as accessible as the prompt interface, or the generated code would not compile.
/// </summary>
internal static class ToolParameterCheck
{
    /// <summary>Why the generated code cannot use <paramref name="parameter"/> (of the tools interface <paramref name="type"/>), or null.</summary>
    public static string? WhyUnusable(IMethodSymbol method, IParameterSymbol parameter, INamedTypeSymbol type)
    {
        if (ToolParser.WhyNotDispatchable(type.OriginalDefinition) is { } reason)
        {
            return $"'{type.Name}' gets no dispatcher: {reason}";
        }

        var owner = method.ContainingType;
        if (Rank(Effective(type)) < Rank(Effective(owner)))
        {
            return $"'{type.Name}' is {Text(Effective(type))} but '{owner.Name}' is {Text(Effective(owner))}, so '{method.Name}' cannot take it; make '{type.Name}' {Text(Effective(owner))} or '{owner.Name}' {Text(Effective(type))}";
        }

        return null;
    }

    /// <summary>
    /// Whether the parameter may be null (<c>IWeatherTools? tools</c>, or a <c>null</c> default): then a null argument
    /// means "no tools from this parameter on this call", and none of its functions are sent.
    /// </summary>
    public static bool IsOptional(IParameterSymbol parameter) =>
        parameter.NullableAnnotation == NullableAnnotation.Annotated
        || parameter.Type.NullableAnnotation == NullableAnnotation.Annotated
        || (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null);

    /// <summary>The accessibility of a type as seen from outside: the least accessible of it and its containing types.</summary>
    internal static Accessibility Effective(INamedTypeSymbol type)
    {
        var result = Accessibility.Public;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (Rank(current.DeclaredAccessibility) < Rank(result))
            {
                result = current.DeclaredAccessibility;
            }
        }

        return result;
    }

    internal static int Rank(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => 5,
        Accessibility.ProtectedOrInternal => 4,
        Accessibility.Internal or Accessibility.Protected => 3,
        Accessibility.ProtectedAndInternal => 2,
        _ => 1,
    };

    internal static string Text(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
