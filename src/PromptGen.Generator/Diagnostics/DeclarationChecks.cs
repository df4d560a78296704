using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Checks of the interface as a whole: its own prompts and settings, members that are not methods, names that clash with generated code.</summary>
internal static class DeclarationChecks
{
    /// <summary>The name of the class PromptGen generates inside the interface.</summary>
    public const string ClientName = "Client";

    /// <summary>The interface's own [SystemPrompt] and settings: report-only (the interface has no stub; methods read its first prompt).</summary>
    public static void CheckInterface(INamedTypeSymbol type, AttributeSet interfaceLevel, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        PromptChecks.Report(type, sink, cancellationToken);
        SettingChecks.Check(type, interfaceLevel, null, sink);
    }

    /// <summary>
    /// Whether the Client class can be written at all, beyond the interface's faults (a generic interface is PG0029 there):
    /// not while a declaration is half-typed so that its signature cannot be repeated (no name, a parameter without a
    /// name, <c>Task&lt;&gt;</c>; the compiler reports these), nor with a static abstract operator (PG0012). Generating then
    /// would only add errors in generated code on top of the one that says what to fix.
    /// </summary>
    public static bool IsWritable(INamedTypeSymbol type)
    {
        // Type parameters of containing types are fine: the Client is nested in them (methods that use them are PG0032).
        if (type.Name.Length == 0)
        {
            return false;
        }

        foreach (var member in type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers())))
        {
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion, IsAbstract: true }:
                    return false;
                case IMethodSymbol { IsAbstract: true, IsGenericMethod: true } inherited when !SymbolEqualityComparer.Default.Equals(inherited.ContainingType, type):
                    return false;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when method.Name.Length == 0 || Unwritable(method.ReturnType)
                    || method.Parameters.Any(UnwritableParameter) || HasOmittedTypeArgument(method):
                    return false;
                case IPropertySymbol property when Unwritable(property.Type) || property.Parameters.Any(UnwritableParameter):
                    return false;
            }
        }

        return true;

        bool Unwritable(ITypeSymbol candidate) =>
            candidate is INamedTypeSymbol named
            && (named.IsUnboundGenericType
                || (named.IsGenericType && SymbolEqualityComparer.Default.Equals(named, named.OriginalDefinition) && !Encloses(named)) // 'Task<>' binds to Task<TResult> itself
                || named.TypeArguments.Any(Unwritable));

        // Inside Holder<T>, 'Holder<T>' is its own definition and is written as it is.
        bool Encloses(INamedTypeSymbol named)
        {
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(outer, named))
                {
                    return true;
                }
            }

            return false;
        }

        // 'Task<>' half-typed: the argument binds to an error type that cannot be written back.
        static bool HasOmittedTypeArgument(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax() is MethodDeclarationSyntax declaration
                && (declaration.ReturnType.DescendantNodesAndSelf().OfType<OmittedTypeArgumentSyntax>().Any()
                    || declaration.ParameterList.DescendantNodes().OfType<OmittedTypeArgumentSyntax>().Any()));

        bool UnwritableParameter(IParameterSymbol parameter) => parameter.Name.Length == 0 || Unwritable(parameter.Type);
    }

    /// <summary>
    /// Whether a member of the interface is named like the generated Client class, or a signature names another type
    /// <c>Client</c> by its simple name (inside the interface the generated class would hide it, and the signature would
    /// change its meaning). Then nothing is generated: each is a fault of the interface (PG0013) that says why.
    /// </summary>
    public static void ClashesWithClient(INamedTypeSymbol type, MethodFaults faults, CancellationToken cancellationToken = default)
    {
        foreach (var member in type.GetMembers(ClientName))
        {
            faults.Add(DiagnosticDescriptors.GeneratedNameClash, member.Locations.FirstOrDefault(), $"its member '{member.Name}' clashes with the generated Client", member.Name,
                $"the class '{type.Name}.{ClientName}' PromptGen generates to implement '{type.Name}'");
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not InterfaceDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var member in declaration.Members)
            {
                var types = member switch
                {
                    MethodDeclarationSyntax method => new[] { method.ReturnType }.Concat(method.ParameterList.Parameters.Select(p => p.Type)),
                    BasePropertyDeclarationSyntax property => new[] { property.Type },
                    _ => Enumerable.Empty<TypeSyntax?>(),
                };
                foreach (var name in types.SelectMany(t => t?.DescendantNodesAndSelf() ?? Enumerable.Empty<SyntaxNode>()).OfType<SimpleNameSyntax>())
                {
                    var qualified = (name.Parent is QualifiedNameSyntax qualifiedName && qualifiedName.Right == name)
                        || (name.Parent is AliasQualifiedNameSyntax aliased && aliased.Name == name);
                    if (name.Identifier.ValueText == ClientName && !qualified)
                    {
                        faults.Add(DiagnosticDescriptors.GeneratedNameClash, name.GetLocation(), "a signature names a type 'Client', which the generated Client would hide", ClientName,
                            $"the class '{type.Name}.{ClientName}' PromptGen generates to implement '{type.Name}', which would hide the type this signature names (or write that type as global::…)");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Methods whose generated implementation would clash with a generated member (a
    /// request builder <c>Create…Request</c>, or a member of <see cref="object"/>) become explicit stubs, which clash
    /// with nothing; the clash is a fault of the method (PG0013) that says why. A method declared twice (CS0111) is
    /// dropped from <paramref name="specs"/> and <paramref name="symbols"/> alike, which stay aligned.
    /// </summary>
    public static List<MethodSpec> ResolveClashes(List<IMethodSymbol> symbols, List<MethodSpec> specs, KnownTypes known)
    {
        string BuilderKey(int i) => "Create" + symbols[i].Name + "Request("
            + string.Join(", ", specs[i].Parameters.Where(p => p.Role != ParameterRole.CancellationToken).Select(p => p.Type)) + ")";

        var builders = Enumerable.Range(0, specs.Count).Where(i => specs[i].Kind != ReturnKind.Unsupported).ToDictionary(i => i, BuilderKey);
        var declared = new Dictionary<string, int>(StringComparer.Ordinal);
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<MethodSpec>(specs.Count);
        var kept = new List<IMethodSymbol>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var symbol = symbols[i];
            string? clash = null;
            var own = symbol.Name + "(" + string.Join(", ", spec.Parameters.Select(p => p.Type)) + ")";
            if (!signatures.Add(own))
            {
                continue; // declared twice: the compiler reports CS0111; one implementation serves both.
            }

            if (builders.TryGetValue(i, out var builder))
            {
                var owner = builders.Where(b => b.Key != i && b.Value == own).Select(b => (int?)b.Key).FirstOrDefault();
                if (owner is { } j)
                {
                    clash = $"the request builder the generated Client class declares for '{Display(symbols[j])}'";
                }
                else if (declared.TryGetValue(builder, out var first))
                {
                    clash = $"the request builder of '{Display(symbols[first])}': the two overloads differ only in the CancellationToken, so they would share one builder";
                }
                else if (known.Object.GetMembers(symbol.Name).OfType<IMethodSymbol>().Any(m => m.Parameters.Length == symbol.Parameters.Length
                             && m.Parameters.Zip(symbol.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same)))
                {
                    clash = $"'object.{symbol.Name}', which the generated Client class inherits";
                }
                else
                {
                    declared[builder] = i;
                }
            }

            if (clash is not null)
            {
                var faults = new MethodFaults();
                faults.Add(DiagnosticDescriptors.GeneratedNameClash, symbol.Locations.FirstOrDefault(), $"its name clashes with {clash}", symbol.Name, clash);
                spec = spec with { Kind = ReturnKind.Unsupported, Unsupported = $"its name clashes with {clash}", Faults = spec.Faults.Concat(faults.ToArray()).ToEquatableArray() };
            }

            result.Add(spec);
            kept.Add(symbol);
        }

        symbols.Clear();
        symbols.AddRange(kept);
        return result;
    }

    private static string Display(IMethodSymbol method) => method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    /// <summary>
    /// Members that are not instance methods of the interface itself (PG0012): its properties, events, indexers and
    /// static abstract members, and every abstract member it inherits from other interfaces. The generated class
    /// implements them explicitly with members that throw; each is a fault of the interface without a summary.
    /// </summary>
    public static EquatableArray<MemberStubSpec> MemberStubs(INamedTypeSymbol type, MethodFaults faults, CancellationToken cancellationToken)
    {
        var stubs = new List<MemberStubSpec>();
        var owner = type.ToDisplayString(SymbolText.TypeFormat);
        foreach (var member in type.GetMembers())
        {
            if (member.IsAbstract && member.Name != ClientName)
            {
                Add(member, owner, null, member.Locations.FirstOrDefault());
            }
        }

        foreach (var inherited in type.AllInterfaces)
        {
            var location = BaseListLocation(type, inherited, cancellationToken) ?? type.Locations.FirstOrDefault();
            foreach (var member in inherited.GetMembers())
            {
                if (member.IsAbstract)
                {
                    Add(member, inherited.ToDisplayString(SymbolText.TypeFormat), inherited.ToDisplayString(), location);
                }
            }
        }

        return stubs.ToEquatableArray();

        void Add(ISymbol member, string memberOwner, string? inheritedFrom, Location? location)
        {
            string? what;
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } when inheritedFrom is not null:
                    what = "a method";
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false }:
                    return; // a prompt method
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: true } method:
                    what = method.IsGenericMethod ? "a static abstract member" : "a static abstract method";
                    break;
                case IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion }:
                    what = "a static abstract member";
                    break;
                case IMethodSymbol { MethodKind: MethodKind.ExplicitInterfaceImplementation }:
                    what = "a re-abstracted member";
                    break;
                case IPropertySymbol property:
                    what = property.IsIndexer ? "an indexer" : property.IsStatic ? "a static abstract property" : "a property";
                    break;
                case IEventSymbol @event:
                    what = @event.IsStatic ? "a static abstract event" : "an event";
                    break;
                default:
                    return;
            }

            var name = inheritedFrom is null ? member.Name : member.ContainingType.Name + "." + member.Name;
            faults.Add(DiagnosticDescriptors.UnsupportedMember, location, null, name, inheritedFrom is null ? what : what + " inherited from '" + inheritedFrom + "'", // stubbed: the Client is still written
                UnsupportedMemberAdvice.For(member, inheritedFrom));
            if (MemberStubSpec.Of(member, memberOwner) is { } stub)
            {
                stubs.Add(stub);
            }
        }
    }

    /// <summary>The entry of the interface's base list that names <paramref name="inherited"/> (or the base it comes through).</summary>
    private static Location? BaseListLocation(INamedTypeSymbol type, INamedTypeSymbol inherited, CancellationToken cancellationToken)
    {
        var direct = type.Interfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i, inherited) || i.AllInterfaces.Contains(inherited, SymbolEqualityComparer.Default));
        if (direct is null)
        {
            return null;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is InterfaceDeclarationSyntax { BaseList: { } baseList })
            {
                foreach (var entry in baseList.Types)
                {
                    var name = entry.Type switch
                    {
                        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name == direct.Name)
                    {
                        return entry.GetLocation();
                    }
                }
            }
        }

        return null;
    }
}
