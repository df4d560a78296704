using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>
/// Compares a type with a metadata name such as <c>PromptGen.UserPromptAttribute</c> without building its display
/// string: the transform re-runs on every edit and reads every attribute of every prompt method, so the strings that
/// <c>ToDisplayString()</c> would allocate per comparison add up to megabytes per keystroke.
/// </summary>
internal static class FullNames
{
    /// <summary>Whether <paramref name="type"/> is the top-level type <paramref name="fullName"/> (namespace-qualified, as <c>ToDisplayString()</c> writes a non-generic type).</summary>
    public static bool Is(INamedTypeSymbol? type, string fullName)
    {
        if (type is null)
        {
            return false;
        }

        if (type.ContainingType is not null || type.IsGenericType)
        {
            return type.ToDisplayString() == fullName;
        }

        var end = fullName.Length;
        if (!TakeSegment(fullName, ref end, type.Name))
        {
            return false;
        }

        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (end == 0 || fullName[end - 1] != '.')
            {
                return false;
            }

            end--;
            if (!TakeSegment(fullName, ref end, ns.Name))
            {
                return false;
            }
        }

        return end == 0;
    }

    /// <summary>
    /// The first attribute of <paramref name="symbol"/> whose class is <paramref name="fullName"/> (as <see cref="Is"/>
    /// compares it), or null: a plain loop, no display string, no closure.
    /// </summary>
    public static AttributeData? Attribute(ISymbol symbol, string fullName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, fullName))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Every attribute of <paramref name="symbol"/> whose class is <paramref name="fullName"/>, in order.</summary>
    public static IEnumerable<AttributeData> Attributes(ISymbol symbol, string fullName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, fullName))
            {
                yield return attribute;
            }
        }
    }

    /// <summary>The metadata name of a top-level type in namespace <c>PromptGen</c> (<c>PromptGen.UserPromptAttribute</c>), else null: the only names PromptGen's attribute readers switch on.</summary>
    /// <remarks>Each name is written once per process (<see cref="PromptGenNames"/>): attribute readers ask for every attribute, on every keystroke.</remarks>
    public static string? OfPromptGenType(INamedTypeSymbol? type) =>
        type is { ContainingType: null, ContainingNamespace: { Name: "PromptGen", ContainingNamespace.IsGlobalNamespace: true } } && !type.IsGenericType
            ? Named(type.Name)
            : null;

    private static string Named(string name) =>
        PromptGenNames.TryGetValue(name, out var full) ? full
        : PromptGenNames.Count < 256 ? PromptGenNames.GetOrAdd(name, static name => "PromptGen." + name) // bounded: a user may declare types there too
        : "PromptGen." + name;

    /// <summary>"PromptGen." + a type's name, by name: PromptGen's own attribute and type names, and any the user declares in that namespace.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PromptGenNames = new(System.StringComparer.Ordinal);

    private static bool TakeSegment(string text, ref int end, string segment)
    {
        if (segment.Length > end || string.CompareOrdinal(text, end - segment.Length, segment, 0, segment.Length) != 0)
        {
            return false;
        }

        end -= segment.Length;
        return true;
    }
}
