using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

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

        // The metadata name: no nullable annotation ('Uri?') nor type arguments to strip.
        var name = type is INamedTypeSymbol { ContainingNamespace: { IsGlobalNamespace: false } ns } named
            ? ns.ToDisplayString() + "." + named.MetadataName
            : type.MetadataName;
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
    /// Why System.Text.Json cannot create <paramref name="type"/> or a type it reads through settable properties,
    /// list elements and dictionary values: a class without a constructor it can use. Types that have no shape
    /// (interfaces and abstract types without [JsonDerivedType], <c>object</c>) are the schema's to report (PG0050,
    /// PG0002), so one problem gets one diagnostic. Null when it can.
    /// </summary>
    public static string? WhyNotDeserializable(ITypeSymbol type) =>
        Why(type, type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(), new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0);

    private static string? Why(ITypeSymbol type, string path, HashSet<ITypeSymbol> visited, int depth)
    {
        type = UnwrapNullable(type, out _).WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (depth > 8 || !visited.Add(type))
        {
            return null;
        }

        var kind = Classify(type, out var element);
        if (kind is JsonShapeKind.Array or JsonShapeKind.Dictionary)
        {
            return element is null ? null : Why(element, path + (kind == JsonShapeKind.Array ? "[]" : "[key]"), visited, depth + 1);
        }

        if (kind != JsonShapeKind.Object || type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.IsAbstract
            || HasAttribute(type, "System.Text.Json.Serialization.JsonDerivedTypeAttribute"))
        {
            return null;
        }

        var display = type.ToDisplayString();
        if (named.TypeKind == TypeKind.Class && !HasUsableConstructor(named))
        {
            return path == display ? $"'{display}' has no constructor it can use" : $"'{path}' ('{display}') has no constructor it can use";
        }

        var parameters = new HashSet<string>(named.InstanceConstructors.SelectMany(c => c.Parameters).Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
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
