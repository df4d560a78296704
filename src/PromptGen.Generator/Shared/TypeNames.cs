using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>
/// Type names as generated code writes them (<c>global::</c>-qualified, with nullable annotations), each written once
/// per compilation (<see cref="KnownTypes.Names"/>): the methods of every interface repeat the same few types
/// (<c>string</c>, <c>CancellationToken</c>, <c>Task&lt;string&gt;</c>), and the transforms that name them re-run on every
/// edit. A name depends on the type alone. Thread-safe (transforms may run in parallel); dies with its compilation.
/// </summary>
internal sealed class TypeNames
{
    public static readonly SymbolDisplayFormat Format = SymbolText.TypeFormat;

    private readonly ConcurrentDictionary<ITypeSymbol, string> _names = new(SymbolEqualityComparer.IncludeNullability);
    private readonly ConcurrentDictionary<ITypeSymbol, string> _displays = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>The name of <paramref name="type"/> in <see cref="Format"/>.</summary>
    public string Of(ITypeSymbol type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = _names.GetOrAdd(type, type.ToDisplayString(Format));
        }

        return name;
    }

    /// <summary>The name of <paramref name="type"/> as messages show it (<see cref="DisplayNames"/>), for template scopes.</summary>
    public string Display(ITypeSymbol type)
    {
        if (!_displays.TryGetValue(type, out var name))
        {
            name = _displays.GetOrAdd(type, DisplayNames.Of(type));
        }

        return name;
    }
}
