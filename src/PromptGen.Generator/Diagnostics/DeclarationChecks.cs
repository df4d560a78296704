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
                    || AnyUnwritable(method.Parameters) || HasOmittedTypeArgument(method):
                    return false;
                case IPropertySymbol property when Unwritable(property.Type) || AnyUnwritable(property.Parameters):
                    return false;
            }
        }

        return true;

        // Loops, not LINQ over method groups: each would allocate a delegate per member, on every keystroke.
        bool Unwritable(ITypeSymbol candidate)
        {
            if (candidate is not INamedTypeSymbol named)
            {
                return false;
            }

            if (named.IsUnboundGenericType
                || (named.IsGenericType && SymbolEqualityComparer.Default.Equals(named, named.OriginalDefinition) && !Encloses(named))) // 'Task<>' binds to Task<TResult> itself
            {
                return true;
            }

            foreach (var argument in named.TypeArguments)
            {
                if (Unwritable(argument))
                {
                    return true;
                }
            }

            return false;
        }

        bool AnyUnwritable(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters)
        {
            foreach (var parameter in parameters)
            {
                if (UnwritableParameter(parameter))
                {
                    return true;
                }
            }

            return false;
        }

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
        static bool HasOmittedTypeArgument(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is MethodDeclarationSyntax declaration && (HasOmitted(declaration.ReturnType) || HasOmitted(declaration.ParameterList)))
                {
                    return true;
                }
            }

            return false;
        }

        // Walked by hand, without iterators: IsWritable runs for every interface on every keystroke.
        static bool HasOmitted(SyntaxNode node)
        {
            if (node is OmittedTypeArgumentSyntax)
            {
                return true;
            }

            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.IsNode && HasOmitted(child.AsNode()!))
                {
                    return true;
                }
            }

            return false;
        }

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
                switch (member)
                {
                    case MethodDeclarationSyntax method:
                        Find(method.ReturnType);
                        foreach (var parameter in method.ParameterList.Parameters)
                        {
                            Find(parameter.Type);
                        }

                        break;
                    case BasePropertyDeclarationSyntax property:
                        Find(property.Type);
                        break;
                }
            }
        }

        // Every simple name in a type, in document order, walked by hand (no iterators: this runs on every keystroke).
        void Find(SyntaxNode? node)
        {
            if (node is null)
            {
                return;
            }

            if (node is SimpleNameSyntax name && name.Identifier.ValueText == ClientName
                && !((name.Parent is QualifiedNameSyntax qualifiedName && qualifiedName.Right == name) || (name.Parent is AliasQualifiedNameSyntax aliased && aliased.Name == name)))
            {
                faults.Add(DiagnosticDescriptors.GeneratedNameClash, name.GetLocation(), "a signature names a type 'Client', which the generated Client would hide", ClientName,
                    $"the class '{type.Name}.{ClientName}' PromptGen generates to implement '{type.Name}', which would hide the type this signature names (or write that type as global::…)");
            }

            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.IsNode)
                {
                    Find(child.AsNode());
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
        // Signatures are compared as name and parameter types, element by element (no key strings: this runs for every
        // interface on every keystroke). A method's request builder is Create{Name}Request(its types but the
        // CancellationToken); only a method that is not a stub has one.
        var result = new List<MethodSpec>(specs.Count);
        var kept = new List<IMethodSymbol>(specs.Count);
        var keptIndices = new List<int>(specs.Count);
        var declared = new List<int>(); // methods whose builder is declared, first come first
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var symbol = symbols[i];
            string? clash = null;
            if (IndexOfSame(keptIndices, symbols, specs, i, skipTokens: false) >= 0)
            {
                continue; // declared twice: the compiler reports CS0111; one implementation serves both.
            }

            if (spec.Kind != ReturnKind.Unsupported)
            {
                var owner = -1;
                for (var j = 0; j < specs.Count && owner < 0; j++)
                {
                    if (j != i && specs[j].Kind != ReturnKind.Unsupported && IsBuilderName(symbol.Name, symbols[j].Name) && SameTypes(spec.Parameters, false, specs[j].Parameters, true))
                    {
                        owner = j;
                    }
                }

                var first = owner >= 0 ? -1 : IndexOfSame(declared, symbols, specs, i, skipTokens: true);
                if (owner >= 0)
                {
                    clash = $"the request builder the generated Client class declares for '{Display(symbols[owner])}'";
                }
                else if (first >= 0)
                {
                    clash = $"the request builder of '{Display(symbols[declared[first]])}': the two overloads differ only in the CancellationToken, so they would share one builder";
                }
                else if (InheritedFromObject(symbol, known))
                {
                    clash = $"'object.{symbol.Name}', which the generated Client class inherits";
                }
                else
                {
                    declared.Add(i);
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
            keptIndices.Add(i);
        }

        symbols.Clear();
        symbols.AddRange(kept);
        return result;

        // The position in indices of the first method named as method i with the same parameter types (without
        // CancellationTokens when skipTokens), or -1. A loop, not a predicate: no closure per method per keystroke.
        static int IndexOfSame(List<int> indices, List<IMethodSymbol> symbols, List<MethodSpec> specs, int i, bool skipTokens)
        {
            for (var k = 0; k < indices.Count; k++)
            {
                var other = indices[k];
                if (symbols[other].Name == symbols[i].Name && SameTypes(specs[other].Parameters, skipTokens, specs[i].Parameters, skipTokens))
                {
                    return k;
                }
            }

            return -1;
        }
    }

    /// <summary>Whether <paramref name="name"/> is <c>Create{method}Request</c>, the name of <paramref name="method"/>'s request builder.</summary>
    private static bool IsBuilderName(string name, string method) =>
        name.Length == "Create".Length + method.Length + "Request".Length
        && name.StartsWith("Create", StringComparison.Ordinal)
        && name.EndsWith("Request", StringComparison.Ordinal)
        && string.CompareOrdinal(name, "Create".Length, method, 0, method.Length) == 0;

    /// <summary>
    /// Whether two parameter lists have the same types (as generated code writes them, with modifiers), in order;
    /// <c>skipTokens…</c> leaves that side's CancellationToken parameters out, as a request builder does.
    /// </summary>
    private static bool SameTypes(EquatableArray<ParameterSpec> left, bool skipTokensLeft, EquatableArray<ParameterSpec> right, bool skipTokensRight)
    {
        int l = 0, r = 0;
        while (true)
        {
            while (skipTokensLeft && l < left.Count && left[l].Role == ParameterRole.CancellationToken)
            {
                l++;
            }

            while (skipTokensRight && r < right.Count && right[r].Role == ParameterRole.CancellationToken)
            {
                r++;
            }

            if (l == left.Count || r == right.Count)
            {
                return l == left.Count && r == right.Count;
            }

            if (!string.Equals(left[l].Type, right[r].Type, StringComparison.Ordinal))
            {
                return false;
            }

            l++;
            r++;
        }
    }

    /// <summary>Whether <paramref name="method"/> has the name and parameter types of a method of <see cref="object"/>, which the Client inherits.</summary>
    private static bool InheritedFromObject(IMethodSymbol method, KnownTypes known)
    {
        foreach (var member in known.Object.GetMembers(method.Name))
        {
            if (member is IMethodSymbol candidate && candidate.Parameters.Length == method.Parameters.Length)
            {
                var same = true;
                for (var p = 0; p < candidate.Parameters.Length && same; p++)
                {
                    same = SymbolEqualityComparer.Default.Equals(candidate.Parameters[p].Type, method.Parameters[p].Type);
                }

                if (same)
                {
                    return true;
                }
            }
        }

        return false;
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
                    Add(member, inherited.ToDisplayString(SymbolText.TypeFormat), DisplayNames.Of(inherited), location);
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
