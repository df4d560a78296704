using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// BCL object types System.Text.Json reads with a built-in converter rather than by its general object rules, modelled
/// here as the members and constructor that converter amounts to, so the schema, the few-shot check (PG0027) and the
/// run time agree with it. Each is checked against System.Text.Json itself by JsonRoundTripTests.BuiltIns.
/// </summary>
internal sealed partial class JsonContract
{
    /// <summary>
    /// The constructor System.Text.Json's built-in converter of <paramref name="type"/> reads through, or null:
    /// <c>KeyValuePair&lt;TKey, TValue&gt;</c> (<c>KeyValuePairConverter</c>) is read and written as an object of its
    /// <c>Key</c> and <c>Value</c>, named by the options' <c>PropertyNamingPolicy</c> (<c>{"key":…,"value":…}</c> under
    /// the web defaults, <c>{"Key":…,"Value":…}</c> without a policy) and matched in any case only under
    /// <c>PropertyNameCaseInsensitive</c>; both come through its <c>(key, value)</c> constructor, so both are required (a
    /// missing one would be read as its default). Its general rules would see two read-only properties of a struct and
    /// read nothing.
    /// </summary>
    private static IMethodSymbol? BuiltInConstructor(INamedTypeSymbol type) =>
        type is { IsValueType: true, Arity: 2, Name: "KeyValuePair", ContainingType: null }
        && type.ContainingNamespace is { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
            ? type.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 2 && c.DeclaredAccessibility == Accessibility.Public)
            : null;

    /// <summary>
    /// Whether the type is a non-generic <c>System.Collections.IDictionary</c> (<c>Hashtable</c>, <c>IDictionary</c>,
    /// <c>SortedList</c>…) and no generic dictionary: System.Text.Json writes and reads it as an object of string keys and
    /// any values (<c>{"a":1}</c>), not as the array its <c>IEnumerable</c> would suggest.
    /// </summary>
    internal static bool IsNonGenericDictionary(INamedTypeSymbol candidate) =>
        candidate is { Arity: 0, Name: "IDictionary", ContainingType: null }
            && candidate.ContainingNamespace is { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
