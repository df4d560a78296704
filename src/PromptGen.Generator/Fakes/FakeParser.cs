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
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The fakes the attributes of one compilation unit ask for; attributes that name no interface are skipped (the compiler reports a bad <c>typeof</c>).</summary>
    public static EquatableArray<FakeSpec> Parse(IEnumerable<AttributeData> attributes, Compilation compilation, CancellationToken cancellationToken)
    {
        var cancellationTokenType = compilation.GetTypeByMetadataName(KnownNames.CancellationToken);
        var task = compilation.GetTypeByMetadataName(KnownNames.Task);
        var valueTask = compilation.GetTypeByMetadataName(KnownNames.ValueTask);
        var asyncEnumerable = compilation.GetTypeByMetadataName(KnownNames.AsyncEnumerable);
        var fakes = new List<FakeSpec>();
        foreach (var attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol named)
            {
                continue;
            }

            var type = named.IsUnboundGenericType ? named.OriginalDefinition : named;
            if (type.TypeKind != TypeKind.Interface)
            {
                continue;
            }

            fakes.Add(ParseInterface(type, cancellationTokenType, task, valueTask, asyncEnumerable, cancellationToken));
        }

        return fakes.ToEquatableArray();
    }

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

    private static FakeSpec ParseInterface(INamedTypeSymbol type, INamedTypeSymbol? cancellationTokenType, INamedTypeSymbol? task,
        INamedTypeSymbol? valueTask, INamedTypeSymbol? asyncEnumerable, CancellationToken cancellationToken)
    {
        var name = FakeName(type);
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)) : null;
        // typeof(IRepository<>) gives a generic fake; typeof(IRepository<Order>) a fake of that closed interface.
        var open = type.TypeParameters.Length > 0 && SymbolEqualityComparer.Default.Equals(type, type.OriginalDefinition);
        var typeParameters = open ? "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">" : "";
        // The fake's own names (setup properties, call records) avoid each other, the fake's name and the interface's members.
        var members = new HashSet<string>(StringComparer.Ordinal) { name };
        var userNames = new HashSet<string>(new[] { type }.Concat(type.AllInterfaces).SelectMany(i => i.GetMembers()).Select(m => m.Name), StringComparer.Ordinal) { name };
        var methods = new List<FakeMethodSpec>();
        var others = new List<FakeOtherMemberSpec>();
        foreach (var declaring in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (var member in declaring.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is not { IsAbstract: true, IsStatic: false })
                {
                    continue;
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                {
                    methods.Add(ParseMethod(method, members, userNames, cancellationTokenType, task, valueTask, asyncEnumerable));
                }
                else if (member is IPropertySymbol or IEventSymbol)
                {
                    others.Add(ParseOther(member));
                }
            }
        }

        var isPublic = true;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            isPublic &= current.DeclaredAccessibility == Accessibility.Public;
        }

        var hint = HintName(ns, name, typeParameters);
        return new FakeSpec(hint, ns, name, typeParameters, type.ToDisplayString(TypeFormat), type.Name, isPublic, methods.ToEquatableArray(), others.ToEquatableArray());
    }

    private static FakeMethodSpec ParseMethod(IMethodSymbol method, HashSet<string> members, HashSet<string> userNames, INamedTypeSymbol? cancellationTokenType,
        INamedTypeSymbol? task, INamedTypeSymbol? valueTask, INamedTypeSymbol? asyncEnumerable)
    {
        var member = method.Name;
        for (var i = 2; !members.Add(member); i++)
        {
            member = method.Name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var callType = member + "Call";
        for (var i = 2; userNames.Contains(callType) || !members.Add(callType); i++)
        {
            callType = member + "Call" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var kind = FakeKind.Unsupported;
        var valueType = "";
        if (method.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } returned)
        {
            var definition = returned.OriginalDefinition;
            kind = SymbolEqualityComparer.Default.Equals(definition, task) ? FakeKind.Task
                : SymbolEqualityComparer.Default.Equals(definition, valueTask) ? FakeKind.ValueTask
                : SymbolEqualityComparer.Default.Equals(definition, asyncEnumerable) ? FakeKind.Stream
                : IsChatStream(definition) ? FakeKind.Returned
                : FakeKind.Unsupported;
            valueType = (kind == FakeKind.Returned ? returned : returned.TypeArguments[0]).ToDisplayString(TypeFormat);
        }

        if (method.IsGenericMethod || method.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            kind = FakeKind.Unsupported;
        }

        var parameters = new List<FakeParameterSpec>();
        var properties = new HashSet<string>(StringComparer.Ordinal);
        var clash = false;
        foreach (var parameter in method.Parameters)
        {
            var isToken = SymbolEqualityComparer.Default.Equals(parameter.Type, cancellationTokenType) && parameter.RefKind == RefKind.None;
            var property = Pascal(parameter.Name);
            clash |= !isToken && !properties.Add(property);
            parameters.Add(new FakeParameterSpec(Parser.Escape(parameter.Name), ParameterText.Modifiers(parameter) + parameter.Type.ToDisplayString(TypeFormat), property, isToken));
        }

        if (clash)
        {
            // Two parameters differ only in the case of their first letter: keep the names as declared.
            parameters = parameters.Select(p => p with { Property = p.Name }).ToList();
        }

        // A record property may not be named like the record or like a member every record has.
        var recordNames = new NameScope(RecordMembers.Append(callType));
        parameters = parameters.Select(p => p.IsCancellationToken ? p : p with { Property = Parser.Escape(recordNames.Pick(p.Property)) }).ToList();

        var typeParameters = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">" : "";
        return new FakeMethodSpec(Parser.Escape(method.Name), Parser.Escape(member), Parser.Escape(callType), method.ContainingType.ToDisplayString(TypeFormat),
            typeParameters, method.ReturnType.ToDisplayString(TypeFormat), kind, valueType, parameters.ToEquatableArray());
    }

    private static FakeOtherMemberSpec ParseOther(ISymbol member)
    {
        var declaring = member.ContainingType.ToDisplayString(TypeFormat);
        if (member is IEventSymbol @event)
        {
            return new FakeOtherMemberSpec(FakeMemberKind.Event, Parser.Escape(@event.Name), @event.Type.ToDisplayString(TypeFormat), declaring,
                EquatableArray<FakeParameterSpec>.Empty, new[] { "add", "remove" }.ToEquatableArray());
        }

        var property = (IPropertySymbol)member;
        var accessors = new List<string>();
        if (property.GetMethod is not null)
        {
            accessors.Add("get");
        }

        if (property.SetMethod is { } setter)
        {
            accessors.Add(setter.IsInitOnly ? "init" : "set");
        }

        var parameters = property.Parameters
            .Select(p => new FakeParameterSpec(Parser.Escape(p.Name), ParameterText.Modifiers(p) + p.Type.ToDisplayString(TypeFormat), p.Name, false))
            .ToEquatableArray();
        var type = (property.ReturnsByRef ? "ref " : property.ReturnsByRefReadonly ? "ref readonly " : "") + property.Type.ToDisplayString(TypeFormat);
        return new FakeOtherMemberSpec(property.IsIndexer ? FakeMemberKind.Indexer : FakeMemberKind.Property, Parser.Escape(property.Name), type, declaring,
            parameters, accessors.ToEquatableArray());
    }

    private static readonly string[] RecordMembers = { "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone", "Finalize" };

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
