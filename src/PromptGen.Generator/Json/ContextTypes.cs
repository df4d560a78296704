using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// The one model of which types a <c>JsonSerializerContext</c> serves: those for which
/// <c>Context.Default.GetTypeInfo(typeof(T))</c> returns metadata, so generated code can read and write them through it.
/// PG0051 (reply types) and PG0056 (tool parameter and result types) both ask it. Lives only inside one parse (it holds
/// symbols).
/// </summary>
/// <remarks>
/// System.Text.Json's source generator writes metadata (a <c>JsonTypeInfo</c> that <c>GetTypeInfo</c> returns, and a
/// <c>Default.{TypeName}</c> property) for every <c>[JsonSerializable]</c> root and every type it reaches from one. Checked by
/// building contexts with the .NET 10 SDK's generator and asking <c>GetTypeInfo</c> for each type; a type is reached
/// <list type="bullet">
/// <item>as a property's type: any instance, non-indexer property with a public getter or setter, or a non-public one
/// with <c>[JsonInclude]</c>; an unconditional (or <c>Always</c>) <c>[JsonIgnore]</c> leaves it out, other conditions do
/// not; a member's own <c>[JsonConverter]</c> does not either;</item>
/// <item>as a field's type: any public instance field (whether or not <c>IncludeFields</c> is set), or one with <c>[JsonInclude]</c>;</item>
/// <item>through the members of base types and, for an interface, of its base interfaces (the base type itself is not served);</item>
/// <item>as a parameter of the constructor System.Text.Json uses (<c>[JsonConstructor]</c>, else the only public one when there is no public parameterless one);</item>
/// <item>as a collection's element type, a dictionary's key and value types, an array's element type, the <c>T</c> of
/// <c>Nullable&lt;T&gt;</c>, <c>Memory&lt;T&gt;</c>, <c>ValueTuple</c> and <c>KeyValuePair</c>;</item>
/// <item>as a type a <c>[JsonDerivedType]</c> names.</item>
/// </list>
/// A type with <c>[JsonConverter]</c> on its declaration is served but its members are not walked; a converter in the
/// options' <c>Converters</c> does not stop the walk. Private, internal and static members, indexers, and
/// <c>[JsonIgnore]</c>d members reach nothing. <c>Nullable&lt;T&gt;</c> and <c>T</c> are distinct types here, as they are to
/// <c>GetTypeInfo</c>; nullable reference annotations are not.
/// </remarks>
internal sealed class ContextTypes
{
    private const string Serialization = "System.Text.Json.Serialization.";
    private const string JsonSerializableAttribute = Serialization + "JsonSerializableAttribute";
    private const string JsonIncludeAttribute = Serialization + "JsonIncludeAttribute";
    private const string JsonIgnoreAttribute = Serialization + "JsonIgnoreAttribute";
    private const string JsonConstructorAttribute = Serialization + "JsonConstructorAttribute";

    /// <summary>A bound on the walk (generic types that nest themselves would otherwise never end).</summary>
    private const int MaxTypes = 10_000;

    private readonly List<ITypeSymbol> _roots;
    private HashSet<ITypeSymbol>? _served;

    public ContextTypes(INamedTypeSymbol context)
    {
        Context = context;
        _roots = context.GetAttributes()
            .Where(a => JsonContract.Is(a, JsonSerializableAttribute))
            .Select(a => a.ConstructorArguments.FirstOrDefault().Value)
            .OfType<ITypeSymbol>()
            .ToList();
    }

    /// <summary>The context.</summary>
    public INamedTypeSymbol Context { get; }

    /// <summary>Whether <c>Context.Default.GetTypeInfo(typeof(<paramref name="type"/>))</c> returns metadata.</summary>
    public bool Serves(ITypeSymbol type)
    {
        var plain = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_roots.Any(root => SymbolEqualityComparer.Default.Equals(root, plain)))
        {
            return true; // Registered: the common case, answered without walking.
        }

        return (_served ??= Walk()).Contains(plain);
    }

    private HashSet<ITypeSymbol> Walk()
    {
        var served = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<ITypeSymbol>(_roots);
        while (pending.Count > 0 && served.Count < MaxTypes)
        {
            var type = pending.Dequeue().WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            if (type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Pointer or TypeKind.FunctionPointer || !served.Add(type))
            {
                continue;
            }

            foreach (var reached in Reached(type))
            {
                pending.Enqueue(reached);
            }
        }

        return served;
    }

    /// <summary>The types System.Text.Json's generator reaches from <paramref name="type"/> in one step.</summary>
    private static IEnumerable<ITypeSymbol> Reached(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return new[] { array.ElementType };
        }

        if (type is not INamedTypeSymbol named || JsonContract.HasAttribute(type, JsonContract.JsonConverterAttribute))
        {
            return Enumerable.Empty<ITypeSymbol>();
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return named.TypeArguments;
        }

        if (named.SpecialType != SpecialType.None)
        {
            return Enumerable.Empty<ITypeSymbol>(); // string, the numbers, DateTime, object: built-in converters
        }

        // Collections: a dictionary's key and value, any other IEnumerable<T>'s element.
        var all = JsonContract.AllInterfacesAndSelf(named).ToList();
        foreach (var candidate in all)
        {
            var definition = candidate.OriginalDefinition.ToDisplayString();
            if (definition is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>")
            {
                return candidate.TypeArguments;
            }
        }

        foreach (var candidate in all)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return candidate.TypeArguments;
            }
        }

        if (all.Any(candidate => candidate.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return Enumerable.Empty<ITypeSymbol>();
        }

        // The framework's own types (Guid, Uri, JsonElement, …) have built-in converters; its generic carriers
        // (Memory<T>, ValueTuple, KeyValuePair) reach their type arguments.
        var ns = named.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal))
        {
            return named.TypeArguments;
        }

        return Members(named);
    }

    private static IEnumerable<ITypeSymbol> Members(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes().Where(a => JsonContract.Is(a, JsonContract.JsonDerivedTypeAttribute)))
        {
            if (attribute.ConstructorArguments.FirstOrDefault().Value is ITypeSymbol derived)
            {
                yield return derived;
            }
        }

        var declaring = type.TypeKind == TypeKind.Interface
            ? new[] { type }.Concat(type.AllInterfaces)
            : Hierarchy(type);
        foreach (var current in declaring)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol || Ignored(member))
                {
                    continue;
                }

                var included = JsonContract.HasAttribute(member, JsonIncludeAttribute);
                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false } property when property.Name != "EqualityContract"
                        && (included || property.GetMethod?.DeclaredAccessibility == Accessibility.Public || property.SetMethod?.DeclaredAccessibility == Accessibility.Public):
                        yield return property.Type;
                        break;
                    case IFieldSymbol { IsConst: false } field when included || field.DeclaredAccessibility == Accessibility.Public:
                        yield return field.Type;
                        break;
                }
            }
        }

        if (Constructor(type) is { } constructor)
        {
            foreach (var parameter in constructor.Parameters)
            {
                yield return parameter.Type;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> Hierarchy(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            yield return current;
        }
    }

    /// <summary>The constructor System.Text.Json calls when it has parameters: [JsonConstructor], else the only public one when none is parameterless.</summary>
    private static IMethodSymbol? Constructor(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface || type.IsAbstract)
        {
            return null;
        }

        var constructors = type.InstanceConstructors;
        if (constructors.FirstOrDefault(c => JsonContract.HasAttribute(c, JsonConstructorAttribute)) is { } marked)
        {
            return marked;
        }

        var visible = constructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .Where(c => !(type.IsRecord && c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .ToList();
        return !type.IsValueType && visible.Count == 1 && visible[0].Parameters.Length > 0 ? visible[0] : null;
    }

    /// <summary>An unconditional or <c>Always</c> [JsonIgnore]; the other conditions only affect writing.</summary>
    private static bool Ignored(ISymbol member) =>
        member.GetAttributes().Where(a => JsonContract.Is(a, JsonIgnoreAttribute))
            .Any(a => a.NamedArguments.FirstOrDefault(n => n.Key == "Condition").Value.Value is null or 1);
}
