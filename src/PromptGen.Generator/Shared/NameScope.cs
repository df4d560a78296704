using System;
using System.Collections.Generic;
using System.Globalization;

namespace PromptGen.Generator.Shared;

/// <summary>
/// Chooses the names generated code introduces (fields, locals, reply formats) so that none equals a name the user
/// wrote. The user's names — of the interface, its containing types, members, methods, type parameters, parameters and
/// template loop variables — are taken from the start; <see cref="Pick"/> returns the preferred name when it is free,
/// else the first free of <c>name2</c>, <c>name3</c>, …, and takes it. Names compare without <c>@</c>, as C# does.
/// Deterministic: the same names in the same order give the same choices.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string> userNames)
    {
        _taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in userNames)
        {
            _taken.Add(SymbolText.Unescape(name));
        }
    }

    private NameScope(HashSet<string> taken) => _taken = new HashSet<string>(taken, StringComparer.Ordinal);

    /// <summary>A scope that starts with every name taken here (a method's body inside its class).</summary>
    public NameScope Nested() => new(_taken);

    /// <summary>Whether <paramref name="name"/> is taken.</summary>
    public bool IsTaken(string name) => _taken.Contains(SymbolText.Unescape(name));

    /// <summary>Takes <paramref name="preferred"/>, or the first free numbered variant of it.</summary>
    public string Pick(string preferred)
    {
        var name = SymbolText.Unescape(preferred);
        for (var i = 2; !_taken.Add(name); i++)
        {
            name = SymbolText.Unescape(preferred) + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }
}
