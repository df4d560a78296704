using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>
/// Type names as generated code writes them (<c>global::</c>-qualified, with nullable annotations), each written once
/// per parse: an interface's methods repeat the same few types (<c>string</c>, <c>CancellationToken</c>, its records),
/// and the transform that names them re-runs on every edit. Lives only inside one parse (it holds symbols).
/// </summary>
internal sealed class TypeNames
{
    public static readonly SymbolDisplayFormat Format = SymbolText.TypeFormat;

    private readonly Dictionary<ITypeSymbol, string> _names = new(SymbolEqualityComparer.IncludeNullability);
    private readonly Dictionary<ITypeSymbol, string> _displays = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>The name of <paramref name="type"/> in <see cref="Format"/>.</summary>
    public string Of(ITypeSymbol type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = type.ToDisplayString(Format);
            _names.Add(type, name);
        }

        return name;
    }

    /// <summary>The name of <paramref name="type"/> as messages show it (<see cref="DisplayNames"/>), for template scopes.</summary>
    public string Display(ITypeSymbol type)
    {
        if (!_displays.TryGetValue(type, out var name))
        {
            name = DisplayNames.Of(type);
            _displays.Add(type, name);
        }

        return name;
    }
}
