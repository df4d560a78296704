using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Fakes;

/// <summary>
/// Turns the interfaces named by <c>[assembly: PromptFake(typeof(I))]</c> into <see cref="FakeSpec"/>s. The interface is
/// usually a metadata symbol from the referenced application assembly, so only its signatures are read, never its
/// syntax or its prompt attributes: a fake answers what the test sets up, it renders no prompt.
/// </summary>
internal static class FakeParser
{
    /// <summary>The fakes the attributes of one compilation unit ask for; attributes that name nothing PromptGen can fake are skipped (the analyzer reports PG0034/PG0035, the compiler a bad <c>typeof</c>).</summary>
    public static EquatableArray<FakeSpec> Parse(IEnumerable<AttributeData> attributes, Compilation compilation, CancellationToken cancellationToken)
    {
        var promptTypes = KnownTypes.For(compilation);
        var known = new KnownFakeTypes(
            compilation.GetTypeByMetadataName(KnownNames.CancellationToken),
            compilation.GetTypeByMetadataName(KnownNames.Task),
            compilation.GetTypeByMetadataName(KnownNames.ValueTask),
            compilation.GetTypeByMetadataName(KnownNames.AsyncEnumerable));
        var fakes = new List<FakeSpec>();
        foreach (var attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = FakeTargets.Resolve(attribute, compilation);
            if (target.Type is { } type)
            {
                fakes.Add(ParseInterface(type, target.Open, known, promptTypes, cancellationToken));
            }
        }

        return fakes.ToEquatableArray();
    }

    private sealed record KnownFakeTypes(INamedTypeSymbol? CancellationToken, INamedTypeSymbol? Task, INamedTypeSymbol? ValueTask, INamedTypeSymbol? AsyncEnumerable);

    /// <summary>
    /// Every requested fake once, in order of first request (the same interface may be named in several attributes or
    /// files), each with its own name. Two different interfaces whose fakes would share a name in one namespace
    /// (<c>C.ITest</c> and <c>D.ITest</c> do not; <c>IRepo&lt;Order&gt;</c> and <c>IRepo&lt;Line&gt;</c> do): the
    /// interface whose full name sorts first (ordinal) keeps it, the others get the first free of 2, 3, … appended
    /// (<c>FakeRepo2</c>). Names are compared ignoring case, as hint names are.
    /// </summary>
    public static EquatableArray<FakeSpec> Distinct(IEnumerable<EquatableArray<FakeSpec>> perFile)
    {
        var unique = perFile.SelectMany(static fakes => fakes).GroupBy(static fake => fake.InterfaceFullName, StringComparer.Ordinal).Select(static same => same.First()).ToList();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var named = new Dictionary<string, FakeSpec>(StringComparer.Ordinal);
        foreach (var fake in unique.OrderBy(static fake => fake.InterfaceFullName, StringComparer.Ordinal))
        {
            var name = fake.Name;
            for (var i = 2; !taken.Add(Key(fake, name)); i++)
            {
                name = fake.Name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            named[fake.InterfaceFullName] = name == fake.Name ? fake : fake with { Name = name, HintName = HintName(fake.Namespace, name, fake.TypeParameters) };
        }

        return unique.Select(fake => named[fake.InterfaceFullName]).ToEquatableArray();

        static string Key(FakeSpec fake, string name) => HintName(fake.Namespace, name, fake.TypeParameters);
    }

    /// <summary><c>Demo.FakeTutor.g.cs</c>; a generic fake adds its arity as metadata names do: <c>Demo.FakeRepo`1.g.cs</c>.</summary>
    private static string HintName(string? ns, string name, string typeParameters)
    {
        var arity = typeParameters.Length == 0 ? "" : "`" + (typeParameters.Count(c => c == ',') + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (ns is null ? "" : ns.Replace("@", "") + ".") + name + arity + ".g.cs";
    }

    private static FakeSpec ParseInterface(INamedTypeSymbol type, bool open, KnownFakeTypes known, KnownTypes promptTypes, CancellationToken cancellationToken)
    {
        var name = FakeName(type);
        var ns = SymbolText.Namespace(type);
        // typeof(IRepository<>) gives a generic fake; typeof(IRepository<Order>) a fake of that closed interface. An
        // interface nested in a generic type (typeof(Outer<>.IInner)) takes the outer type's parameters too, outermost first.
        var typeParameters = open ? FakeTargets.Chain(type).SelectMany(t => t.TypeParameters).ToList() : new List<ITypeParameterSymbol>();
        // The fake's own names (setup properties, call records) avoid each other, the fake's name, its type parameters and the interface's members.
        var members = new HashSet<string>(typeParameters.Select(t => t.Name), StringComparer.Ordinal) { name };
        var userNames = new HashSet<string>(new[] { type }.Concat(type.AllInterfaces).SelectMany(i => i.GetMembers()).Select(m => m.Name), StringComparer.Ordinal) { name };
        userNames.UnionWith(typeParameters.Select(t => t.Name));
        var methods = new List<FakeMethodSpec>();
        var stubs = new List<MemberStubSpec>();
        var isPublic = IsPublic(type);
        var isUnsafe = false;
        foreach (var declaring in new[] { type }.Concat(type.AllInterfaces))
        {
            var owner = SymbolText.Type(declaring);
            var versions = FakeVersions.Of(declaring, promptTypes, cancellationToken);
            foreach (var member in declaring.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!member.IsAbstract)
                {
                    continue;
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, ExplicitInterfaceImplementations.Length: 0 } method && ParseMethod(method, owner, members, userNames, typeParameters, known) is { } faked)
                {
                    methods.Add(versions.TryGetValue(method.OriginalDefinition, out var version) ? faked with { PromptVersion = version } : faked);
                    isPublic &= IsPublic(method.ReturnType) && method.Parameters.All(p => IsPublic(p.Type));
                }
                else if (MemberStubSpec.Of(member, owner) is { } stub)
                {
                    stubs.Add(stub);
                    isUnsafe |= member switch
                    {
                        IMethodSymbol m => ParameterText.IsUnsafe(m.ReturnType) || m.Parameters.Any(p => ParameterText.IsUnsafe(p.Type)),
                        IPropertySymbol p => ParameterText.IsUnsafe(p.Type) || p.Parameters.Any(q => ParameterText.IsUnsafe(q.Type)),
                        IEventSymbol e => ParameterText.IsUnsafe(e.Type),
                        _ => false,
                    };
                }
            }
        }

        var typeParameterList = SymbolText.TypeParameterList(typeParameters);
        var hint = HintName(ns, name, typeParameterList);
        return new FakeSpec(hint, ns, name, typeParameterList, SymbolText.ConstraintClauses(typeParameters), SymbolText.Type(type), type.Name, isPublic, isUnsafe,
            methods.ToEquatableArray(), stubs.ToEquatableArray());
    }

    /// <summary>
    /// Whether a type can appear in a public fake's public members: public itself, in public types, with public type
    /// arguments (<c>typeof(IRepo&lt;Hidden&gt;)</c> makes the fake internal).
    /// </summary>
    private static bool IsPublic(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsPublic(array.ElementType),
        IPointerTypeSymbol pointer => IsPublic(pointer.PointedAtType),
        ITypeParameterSymbol => true,
        INamedTypeSymbol named => FakeTargets.Chain(named).All(t => t.DeclaredAccessibility == Accessibility.Public) && named.TypeArguments.All(IsPublic),
        _ => true,
    };

    /// <summary>A method a test can set up, or null when the fake implements it with a throwing stub.</summary>
    private static FakeMethodSpec? ParseMethod(IMethodSymbol method, string owner, HashSet<string> members, HashSet<string> userNames,
        IEnumerable<ITypeParameterSymbol> fakeTypeParameters, KnownFakeTypes known)
    {
        if (method.IsStatic || method.IsGenericMethod || method.ReturnsByRef || method.ReturnsByRefReadonly
            || method.Parameters.Any(p => p.RefKind != RefKind.None || ParameterText.WhyNotAsync(p.Type) is not null)
            || method.ReturnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } returned)
        {
            return null;
        }

        var definition = returned.OriginalDefinition;
        FakeKind kind;
        if (SymbolEqualityComparer.Default.Equals(definition, known.Task))
        {
            kind = FakeKind.Task;
        }
        else if (SymbolEqualityComparer.Default.Equals(definition, known.ValueTask))
        {
            kind = FakeKind.ValueTask;
        }
        else if (SymbolEqualityComparer.Default.Equals(definition, known.AsyncEnumerable))
        {
            kind = FakeKind.Stream;
        }
        else if (IsChatStream(definition))
        {
            kind = FakeKind.Returned;
        }
        else
        {
            return null;
        }

        // The first method of a name keeps it; a later overload gets the first of name2, name3, … that no member of the
        // interface has (a method AskAsync2 keeps its own name beside overloads of AskAsync) and no earlier fake member took.
        var member = method.Name;
        if (!members.Add(member))
        {
            var i = 2;
            do
            {
                member = method.Name + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (userNames.Contains(member) || !members.Add(member));
        }

        var callType = member + "Call";
        for (var i = 2; userNames.Contains(callType) || !members.Add(callType); i++)
        {
            callType = member + "Call" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var parameters = new List<FakeParameterSpec>();
        var properties = new HashSet<string>(StringComparer.Ordinal);
        var clash = false;
        foreach (var parameter in method.Parameters)
        {
            var isToken = SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken);
            var property = Pascal(parameter.Name);
            clash |= !isToken && !properties.Add(property);
            var mayBeNull = !parameter.Type.IsValueType || parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            parameters.Add(new FakeParameterSpec(SymbolText.Escape(parameter.Name), SymbolText.Type(parameter.Type), property, isToken, mayBeNull));
        }

        if (clash)
        {
            // Two parameters differ only in the case of their first letter: keep the names as declared.
            parameters = parameters.Select(p => p with { Property = p.Name }).ToList();
        }

        // A call's property may not be named like its class, a member the class declares or inherits, or a type parameter of the fake.
        var recordNames = new NameScope(CallMembers.Append(callType).Concat(fakeTypeParameters.Select(t => t.Name)));
        parameters = parameters.Select(p => p.IsCancellationToken ? p : p with { Property = SymbolText.Escape(recordNames.Pick(SymbolText.Unescape(p.Property))) }).ToList();

        return new FakeMethodSpec(SymbolText.Escape(method.Name), SymbolText.Escape(member), SymbolText.Escape(callType), owner,
            SymbolText.Type(method.ReturnType), kind, SymbolText.Type(kind == FakeKind.Returned ? returned : returned.TypeArguments[0]), parameters.ToEquatableArray());
    }

    /// <summary>The members of a call class (<see cref="FakeEmitter"/>): its own and those it inherits from <c>object</c>.</summary>
    private static readonly string[] CallMembers = ObjectMembersAnd("Deconstruct");

    /// <summary>
    /// The members every class inherits from <c>object</c> and can hide (<c>Finalize</c> is the destructor's, not hidden by
    /// a property). A fake's setup member of such a name (a prompt method
    /// <c>Equals</c>, <c>ToString</c> …) keeps the method's name and is declared <c>new</c>, as it hides the inherited one.
    /// </summary>
    internal static readonly string[] ObjectMembers = ObjectMembersAnd();

    private static string[] ObjectMembersAnd(params string[] more) =>
        new[] { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals" }.Concat(more).ToArray();

    /// <summary>
    /// The fake's name: <c>Fake</c>, the names of the types the interface is nested in, then its own name without the
    /// interface prefix: <c>Demo.ITutor</c> → <c>Demo.FakeTutor</c>, <c>Demo.Wrapper.ITest</c> → <c>Demo.FakeWrapperTest</c>.
    /// </summary>
    internal static string FakeName(INamedTypeSymbol type)
    {
        var outer = "";
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            outer = current.Name + outer;
        }

        return FakeName(outer.Length == 0 ? type.Name : outer + Strip(type.Name));
        static string Strip(string name) => name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name.Substring(1) : name;
    }

    /// <summary><c>ITutor</c> → <c>FakeTutor</c>; a name without the interface prefix is kept whole: <c>Tutor</c> → <c>FakeTutor</c>, <c>Io</c> → <c>FakeIo</c>.</summary>
    internal static string FakeName(string interfaceName) =>
        "Fake" + (interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName);

    private static string Pascal(string name) =>
        name.Length > 0 && char.IsLower(name[0]) ? char.ToUpperInvariant(name[0]) + name.Substring(1) : name;

    /// <summary>PromptGen's <c>ChatStream&lt;T&gt;</c> or <c>PartialStream&lt;T&gt;</c>: the fake returns the stream set up for it.</summary>
    private static bool IsChatStream(INamedTypeSymbol definition) =>
        definition.MetadataName is "ChatStream`1" or "PartialStream`1" && definition.ContainingNamespace?.ToDisplayString() == "PromptGen";
}
