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

    /// <summary>
    /// Every attribute of <paramref name="symbol"/> whose class is <paramref name="fullName"/>, in order. A struct whose
    /// <c>foreach</c> allocates nothing (the checks ask for a method's few-shots and prompts on every keystroke); it is
    /// an <see cref="IEnumerable{T}"/> too, for LINQ.
    /// </summary>
    public static Matches Attributes(ISymbol symbol, string fullName) => new(symbol.GetAttributes(), fullName);

    /// <summary>The attributes of one class among a symbol's attributes (<see cref="Attributes"/>).</summary>
    public readonly struct Matches : IEnumerable<AttributeData>
    {
        private readonly System.Collections.Immutable.ImmutableArray<AttributeData> _all;
        private readonly string _fullName;

        public Matches(System.Collections.Immutable.ImmutableArray<AttributeData> all, string fullName)
        {
            _all = all;
            _fullName = fullName;
        }

        public Enumerator GetEnumerator() => new(_all, _fullName);

        IEnumerator<AttributeData> IEnumerable<AttributeData>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Steps through the matching attributes.</summary>
        public struct Enumerator : IEnumerator<AttributeData>
        {
            private readonly System.Collections.Immutable.ImmutableArray<AttributeData> _all;
            private readonly string _fullName;
            private int _index;

            public Enumerator(System.Collections.Immutable.ImmutableArray<AttributeData> all, string fullName)
            {
                _all = all;
                _fullName = fullName;
                _index = -1;
            }

            public AttributeData Current => _all[_index];

            object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                while (++_index < _all.Length)
                {
                    if (Is(_all[_index].AttributeClass, _fullName))
                    {
                        return true;
                    }
                }

                return false;
            }

            public void Reset() => _index = -1;

            public void Dispose()
            {
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
