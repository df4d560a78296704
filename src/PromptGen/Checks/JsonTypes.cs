using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Checks;

/// <summary>What JSON a .NET type reads from under System.Text.Json's web defaults (PromptGen's runtime settings).</summary>
internal enum JsonShapeKind
{
    /// <summary>Any JSON (object, JsonElement, JsonNode).</summary>
    Any,
    String,
    Number,
    Boolean,

    /// <summary>A string (enums are read as strings) or a number.</summary>
    Enum,
    Array,
    Dictionary,
    Object,
}

/// <summary>
/// How System.Text.Json (web defaults: camelCase, case-insensitive names, numbers also from strings, enums as
/// strings) reads a type: used to tell whether a JSON return type can be created at all (PG0014) and whether a few-shot
/// reply fits it (PG0027).
/// </summary>
internal static class JsonTypes
{
    private static readonly HashSet<string> StringLike = new(StringComparer.Ordinal)
    {
        "System.Guid", "System.DateTime", "System.DateTimeOffset", "System.TimeSpan", "System.DateOnly", "System.TimeOnly",
        "System.Uri", "System.Version", "System.Char",
    };

    private static readonly HashSet<string> NumberLike = new(StringComparer.Ordinal)
    {
        "System.Int128", "System.UInt128", "System.Half", "System.Numerics.BigInteger",
    };

    public static ITypeSymbol UnwrapNullable(ITypeSymbol type, out bool wasNullable)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            wasNullable = true;
            return nullable.TypeArguments[0];
        }

        wasNullable = false;
        return type;
    }

    /// <summary>The JSON shape of <paramref name="type"/> and, for arrays and dictionaries, the element or value type.</summary>
    public static JsonShapeKind Classify(ITypeSymbol type, out ITypeSymbol? element)
    {
        element = null;
        type = UnwrapNullable(type, out _);
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind is TypeKind.Dynamic or TypeKind.Error or TypeKind.TypeParameter)
        {
            return JsonShapeKind.Any;
        }

        var name = type.ToDisplayString();
        if (name.StartsWith("System.Text.Json.", StringComparison.Ordinal))
        {
            return JsonShapeKind.Any;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Char:
            case SpecialType.System_DateTime:
                return JsonShapeKind.String;
            case SpecialType.System_Boolean:
                return JsonShapeKind.Boolean;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return JsonShapeKind.Number;
        }

        if (StringLike.Contains(name))
        {
            return JsonShapeKind.String;
        }

        if (NumberLike.Contains(name))
        {
            return JsonShapeKind.Number;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return JsonShapeKind.Enum;
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return JsonShapeKind.String; // base64
            }

            element = array.ElementType;
            return JsonShapeKind.Array;
        }

        var all = Parser.AllInterfacesAndSelf(type).ToList();
        foreach (var candidate in all)
        {
            var definition = candidate.OriginalDefinition.ToDisplayString();
            if (definition is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>")
            {
                element = candidate.TypeArguments[1];
                return JsonShapeKind.Dictionary;
            }
        }

        foreach (var candidate in all)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                element = candidate.TypeArguments[0];
                return JsonShapeKind.Array;
            }
        }

        if (all.Any(candidate => candidate.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return JsonShapeKind.Array;
        }

        return JsonShapeKind.Object;
    }

    /// <summary>The JSON name of each property System.Text.Json reads ([JsonPropertyName] wins), and its type.</summary>
    public static IEnumerable<(string JsonName, IPropertySymbol Property)> Properties(ITypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    && seen.Add(property.Name)
                    && !HasAttribute(property, KnownNames.JsonIgnoreAttribute))
                {
                    yield return (JsonName(property), property);
                }
            }
        }
    }

    public static bool HasExtensionData(ITypeSymbol type) =>
        Properties(type).Any(p => HasAttribute(p.Property, "System.Text.Json.Serialization.JsonExtensionDataAttribute"));

    private static string JsonName(IPropertySymbol property)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == KnownNames.JsonPropertyNameAttribute
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return property.Name;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    /// <summary>
    /// Why System.Text.Json cannot create <paramref name="type"/> (or a type it holds), or null when it can. The root
    /// may not be <c>object</c>: that gives the reply no shape.
    /// </summary>
    public static string? WhyNotDeserializable(ITypeSymbol type)
    {
        var root = UnwrapNullable(type, out _);
        if (root.SpecialType == SpecialType.System_Object || root.TypeKind == TypeKind.Dynamic)
        {
            return $"'{root.ToDisplayString()}' gives the reply no shape to follow";
        }

        return Why(type, type.ToDisplayString(), new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0);
    }

    private static string? Why(ITypeSymbol type, string path, HashSet<ITypeSymbol> visited, int depth)
    {
        type = UnwrapNullable(type, out _);
        if (depth > 8 || !visited.Add(type))
        {
            return null;
        }

        var kind = Classify(type, out var element);
        var display = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString();
        var where = path == display ? $"'{display}'" : $"'{path}' ('{display}')";
        switch (kind)
        {
            case JsonShapeKind.Array:
            case JsonShapeKind.Dictionary:
                if (type is INamedTypeSymbol { TypeKind: TypeKind.Interface } collection
                    && !(collection.ContainingNamespace?.ToDisplayString() ?? "").StartsWith("System.Collections", StringComparison.Ordinal))
                {
                    return $"{where} is an interface, which System.Text.Json cannot create";
                }

                if (type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: true })
                {
                    return $"{where} is abstract, so System.Text.Json cannot create it";
                }

                return element is null ? null : Why(element, path + (kind == JsonShapeKind.Array ? "[]" : "[key]"), visited, depth + 1);
            case JsonShapeKind.Object:
                break;
            default:
                return null;
        }

        if (type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return $"{where} is not data System.Text.Json can read";
        }

        var polymorphic = HasAttribute(type, "System.Text.Json.Serialization.JsonPolymorphicAttribute")
            || HasAttribute(type, "System.Text.Json.Serialization.JsonDerivedTypeAttribute");
        if (type.TypeKind == TypeKind.Interface && !polymorphic)
        {
            return $"{where} is an interface, which System.Text.Json cannot create";
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: true } && !polymorphic)
        {
            return $"{where} is abstract, so System.Text.Json cannot create it";
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Class } named && !polymorphic && !HasUsableConstructor(named))
        {
            return $"{where} has no constructor System.Text.Json can use (a public parameterless one, a single public one, or one marked [JsonConstructor])";
        }

        var parameters = new HashSet<string>(
            (type as INamedTypeSymbol)?.InstanceConstructors.SelectMany(c => c.Parameters).Select(p => p.Name) ?? Enumerable.Empty<string>(),
            StringComparer.OrdinalIgnoreCase);
        foreach (var (_, property) in Properties(type))
        {
            var written = property.SetMethod is { DeclaredAccessibility: Accessibility.Public } || parameters.Contains(property.Name);
            if (written && Why(property.Type, path + "." + property.Name, visited, depth + 1) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static bool HasUsableConstructor(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared || c.Parameters.Length == 0).ToList();
        if (constructors.Any(c => HasAttribute(c, "System.Text.Json.Serialization.JsonConstructorAttribute")))
        {
            return true;
        }

        var isRecord = type.IsRecord;
        var publicOnes = constructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .Where(c => !(isRecord && c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .ToList();
        return publicOnes.Any(c => c.Parameters.Length == 0) || publicOnes.Count == 1;
    }
}
