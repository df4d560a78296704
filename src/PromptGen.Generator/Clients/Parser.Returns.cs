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
    private static (ITypeParameterSymbol Parameter, INamedTypeSymbol Owner)? OuterTypeParameter(IMethodSymbol method)
    {
        if (method.ContainingType.ContainingType is null)
        {
            return null;
        }

        foreach (var type in method.Parameters.Select(p => p.Type).Prepend(method.ReturnType))
        {
            if (FindTypeParameter(type) is { ContainingSymbol: INamedTypeSymbol owner } parameter)
            {
                return (parameter, owner);
            }
        }

        return null;

        static ITypeParameterSymbol? FindTypeParameter(ITypeSymbol type) => type switch
        {
            ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } parameter => parameter,
            IArrayTypeSymbol array => FindTypeParameter(array.ElementType),
            IPointerTypeSymbol pointer => FindTypeParameter(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeArguments.Select(FindTypeParameter).FirstOrDefault(found => found is not null)
                ?? (named.ContainingType is { } outer ? FindTypeParameter(outer) : null),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="method"/>'s return or parameter types use a type parameter of <paramref name="owner"/>.</summary>
    private static bool UsesTypeParameterOf(IMethodSymbol method, INamedTypeSymbol owner)
    {
        if (Uses(method.ReturnType))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (Uses(parameter.Type))
            {
                return true;
            }
        }

        return false;

        bool Uses(ITypeSymbol type) => type switch
        {
            ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } parameter => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, owner),
            IArrayTypeSymbol array => Uses(array.ElementType),
            IPointerTypeSymbol pointer => Uses(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeArguments.Any(Uses),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="type"/> is or contains a type parameter of a method.</summary>
    private static bool UsesMethodTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } => true,
        IArrayTypeSymbol array => UsesMethodTypeParameter(array.ElementType),
        IPointerTypeSymbol pointer => UsesMethodTypeParameter(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(UsesMethodTypeParameter),
        _ => false,
    };

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

    internal static IEnumerable<INamedTypeSymbol> AllInterfacesAndSelf(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol named)
        {
            yield return named;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            yield return implemented;
        }
    }
}
