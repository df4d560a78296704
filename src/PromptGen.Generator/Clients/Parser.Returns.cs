using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>What a method returns: its kind, its value type, and the type parameters it uses.</summary>
internal static partial class Parser
{
    /// <summary>
    /// The first type parameter of a containing type that <paramref name="method"/>'s signature uses, with that type,
    /// or null. A Client nested in <c>Holder&lt;T&gt;</c> compiles, but PromptGen cannot describe a reply or prompt of
    /// an unknown <c>T</c> at build time (PG0032).
    /// </summary>
    private static (ITypeParameterSymbol Parameter, INamedTypeSymbol Owner)? OuterTypeParameter(IMethodSymbol method) =>
        method.ContainingType.ContainingType is not null
            && InSignature(method, static p => p.TypeParameterKind == TypeParameterKind.Type) is { ContainingSymbol: INamedTypeSymbol owner } parameter
                ? (parameter, owner)
                : null;

    /// <summary>Whether <paramref name="method"/>'s return or parameter types use a type parameter of <paramref name="owner"/>.</summary>
    private static bool UsesTypeParameterOf(IMethodSymbol method, INamedTypeSymbol owner) =>
        InSignature(method, p => p.TypeParameterKind == TypeParameterKind.Type && SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, owner)) is not null;

    /// <summary>Whether <paramref name="type"/> is or contains a type parameter of a method.</summary>
    private static bool UsesMethodTypeParameter(ITypeSymbol type) =>
        FindTypeParameter(type, static p => p.TypeParameterKind == TypeParameterKind.Method) is not null;

    /// <summary>The first type parameter <paramref name="wanted"/> accepts in the return type, then the parameters' types.</summary>
    private static ITypeParameterSymbol? InSignature(IMethodSymbol method, System.Func<ITypeParameterSymbol, bool> wanted)
    {
        if (FindTypeParameter(method.ReturnType, wanted) is { } found)
        {
            return found;
        }

        foreach (var parameter in method.Parameters)
        {
            if (FindTypeParameter(parameter.Type, wanted) is { } inParameter)
            {
                return inParameter;
            }
        }

        return null;
    }

    /// <summary>
    /// The first type parameter <paramref name="wanted"/> accepts in <paramref name="type"/>: itself, an array's or
    /// pointer's element, a type argument, or a containing type's (<c>Holder&lt;T&gt;.Item</c>), at any depth.
    /// </summary>
    private static ITypeParameterSymbol? FindTypeParameter(ITypeSymbol type, System.Func<ITypeParameterSymbol, bool> wanted)
    {
        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return wanted(parameter) ? parameter : null;
            case IArrayTypeSymbol array:
                return FindTypeParameter(array.ElementType, wanted);
            case IPointerTypeSymbol pointer:
                return FindTypeParameter(pointer.PointedAtType, wanted);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (FindTypeParameter(argument, wanted) is { } found)
                    {
                        return found;
                    }
                }

                return named.ContainingType is { } outer ? FindTypeParameter(outer, wanted) : null;
            default:
                return null;
        }
    }

    private static (ReturnKind Kind, bool IsValueTask, string? ValueType) ClassifyReturn(ITypeSymbol returnType, KnownTypes known)
    {
        if (returnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            return (ReturnKind.Unsupported, false, null);
        }

        var definition = named.OriginalDefinition;
        var argument = named.TypeArguments[0];
        if (StreamShapes.Classify(named, known) is { } stream)
        {
            return (stream.Kind, false, stream.ValueType);
        }

        var isTask = SymbolEqualityComparer.Default.Equals(definition, known.Task);
        var isValueTask = SymbolEqualityComparer.Default.Equals(definition, known.ValueTask);
        if (!isTask && !isValueTask)
        {
            return (ReturnKind.Unsupported, false, null);
        }

        if (argument.SpecialType == SpecialType.System_String)
        {
            return (ReturnKind.Text, isValueTask, null);
        }

        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } awaitedStream && StreamShapes.Classify(awaitedStream, known) is not null)
        {
            return (ReturnKind.Unsupported, false, null); // a stream is returned, not awaited (PG0082)
        }

        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } inner)
        {
            var innerArgument = inner.TypeArguments[0];
            var innerIsText = innerArgument.SpecialType == SpecialType.System_String;
            if (SymbolEqualityComparer.Default.Equals(innerArgument.OriginalDefinition, known.ChatResult)
                && (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ChatResult) || SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ReadOnlyList)))
            {
                // Task<IReadOnlyList<ChatResult<T>>>: ChatResult wraps a whole reply and is no JSON value; PG0002 lists the shapes
                // (it was PG0014, advising a constructor on ChatResult).
                return (ReturnKind.Unsupported, false, null);
            }

            if (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ChatResult))
            {
                return innerIsText ? (ReturnKind.TextResult, isValueTask, null) : (ReturnKind.JsonResult, isValueTask, innerArgument.ToDisplayString(SymbolText.TypeFormat));
            }

            if (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ReadOnlyList))
            {
                return innerIsText ? (ReturnKind.TextChoices, isValueTask, null) : (ReturnKind.JsonChoices, isValueTask, innerArgument.ToDisplayString(SymbolText.TypeFormat));
            }
        }

        // object is any JSON (read as a JsonElement), as JsonElement: PG0050 in strict mode, allowed with Strict = false.
        // dynamic is not: System.Text.Json reads it as object, and the caller's dynamic calls would fail at run time.
        if (argument.TypeKind is TypeKind.Error or TypeKind.TypeParameter || argument.TypeKind == TypeKind.Dynamic)
        {
            return (ReturnKind.Unsupported, false, null);
        }

        return (ReturnKind.Json, isValueTask, argument.ToDisplayString(SymbolText.TypeFormat));
    }

    /// <summary>The T a JSON method deserialises: of Task&lt;T&gt;, Task&lt;ChatResult&lt;T&gt;&gt; or Task&lt;IReadOnlyList&lt;T&gt;&gt;.</summary>
    private static ITypeSymbol? ValueTypeSymbol(ITypeSymbol returnType, KnownTypes known)
    {
        var argument = ((INamedTypeSymbol)returnType).TypeArguments[0];
        if (argument is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } inner
            && (SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ChatResult)
                || SymbolEqualityComparer.Default.Equals(inner.OriginalDefinition, known.ReadOnlyList)))
        {
            return inner.TypeArguments[0];
        }

        return argument;
    }
}
