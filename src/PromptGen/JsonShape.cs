using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator;

/// <summary>
/// Describes a return type as a compact JSON Schema, computed at build time, for the instruction that tells a model
/// in JSON mode what to produce. Property names follow the deserialiser's policy: <c>[JsonPropertyName]</c>, else camelCase.
/// </summary>
internal static class JsonShape
{
    private const int MaxDepth = 8;

    public static string Instruction(ITypeSymbol type) =>
        "Reply with one JSON object and nothing else. It must match this JSON Schema:\n" + Schema(type);

    public static string Schema(ITypeSymbol type)
    {
        var builder = new StringBuilder();
        Write(builder, type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, ITypeSymbol type, HashSet<ITypeSymbol> visiting, int depth)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Char:
                builder.Append("{\"type\":\"string\"}");
                return;
            case SpecialType.System_Boolean:
                builder.Append("{\"type\":\"boolean\"}");
                return;
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
                builder.Append("{\"type\":\"integer\"}");
                return;
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                builder.Append("{\"type\":\"number\"}");
                return;
            case SpecialType.System_DateTime:
                builder.Append("{\"type\":\"string\",\"format\":\"date-time\"}");
                return;
        }

        var name = type.ToDisplayString();
        switch (name)
        {
            case "System.DateTimeOffset":
                builder.Append("{\"type\":\"string\",\"format\":\"date-time\"}");
                return;
            case "System.DateOnly":
                builder.Append("{\"type\":\"string\",\"format\":\"date\"}");
                return;
            case "System.TimeSpan":
            case "System.TimeOnly":
                builder.Append("{\"type\":\"string\"}");
                return;
            case "System.Guid":
                builder.Append("{\"type\":\"string\",\"format\":\"uuid\"}");
                return;
            case "System.Uri":
                builder.Append("{\"type\":\"string\",\"format\":\"uri\"}");
                return;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            builder.Append("{\"type\":\"string\",\"enum\":[");
            builder.Append(string.Join(",", type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => Quote(f.Name))));
            builder.Append("]}");
            return;
        }

        if (depth >= MaxDepth || !visiting.Add(type))
        {
            builder.Append("{}");
            return;
        }

        try
        {
            if (Dictionary(type) is { } values)
            {
                builder.Append("{\"type\":\"object\",\"additionalProperties\":");
                Write(builder, values, visiting, depth + 1);
                builder.Append('}');
                return;
            }

            if (Element(type) is { } element)
            {
                builder.Append("{\"type\":\"array\",\"items\":");
                Write(builder, element, visiting, depth + 1);
                builder.Append('}');
                return;
            }

            builder.Append("{\"type\":\"object\",\"properties\":{");
            var first = true;
            foreach (var (jsonName, memberType) in Properties(type))
            {
                if (!first)
                {
                    builder.Append(',');
                }

                first = false;
                builder.Append(Quote(jsonName)).Append(':');
                Write(builder, memberType, visiting, depth + 1);
            }

            builder.Append("}}");
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    private static IEnumerable<(string Name, ITypeSymbol Type)> Properties(ITypeSymbol type)
    {
        var seen = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || !seen.Add(member.Name))
                {
                    continue;
                }

                ITypeSymbol? memberType = member switch
                {
                    IPropertySymbol { IsIndexer: false, GetMethod: not null } property => property.Type,
                    IFieldSymbol { IsImplicitlyDeclared: false, IsConst: false } field => field.Type,
                    _ => null,
                };
                if (memberType is null || member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.JsonIgnoreAttribute))
                {
                    continue;
                }

                var renamed = member.GetAttributes()
                    .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.JsonPropertyNameAttribute)
                    ?.ConstructorArguments.FirstOrDefault().Value as string;
                yield return (renamed ?? CamelCase(member.Name), memberType);
            }
        }
    }

    private static ITypeSymbol? Element(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        return Parser.AllInterfacesAndSelf(type)
            .FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            ?.TypeArguments[0];
    }

    private static ITypeSymbol? Dictionary(ITypeSymbol type) =>
        Parser.AllInterfacesAndSelf(type)
            .FirstOrDefault(i => i.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>")
            ?.TypeArguments[1];

    /// <summary>System.Text.Json's camelCase: the leading run of capitals is lowered, except the last one when a lowercase letter follows.</summary>
    internal static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
