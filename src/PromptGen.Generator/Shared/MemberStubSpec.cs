using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>What a member implemented only by a throwing stub is.</summary>
internal enum MemberStubKind
{
    Method,
    Property,
    Indexer,
    Event,
}

/// <summary>
/// An interface member generated code implements explicitly with a body that throws <c>NotSupportedException</c>, so the
/// class still compiles: in a prompt interface's Client, the members PromptGen cannot implement (PG0012); in a fake, the
/// members it does not fake (properties, events, indexers, static abstract members, methods it cannot set up).
/// <see cref="Type"/> is the return, property or event type (with any <c>ref</c>); <see cref="TypeParameters"/> and
/// <see cref="Constraints"/> a generic method's <c>&lt;T&gt;</c> and the <c>where</c> clauses its implementation needs;
/// <see cref="Parameters"/> the parameter list of a method or indexer; <see cref="Accessors"/> the accessor keywords
/// (<c>get</c>, <c>set</c>, <c>init</c>, <c>add</c>, <c>remove</c>); <see cref="Owner"/> the interface that declares it.
/// </summary>
internal sealed record MemberStubSpec(
    MemberStubKind Kind,
    bool IsStatic,
    string Type,
    string Name,
    string TypeParameters,
    string Parameters,
    string Constraints,
    EquatableArray<string> Accessors,
    string Owner)
{
    /// <summary>
    /// The stub of an abstract interface member declared by <paramref name="owner"/> (as generated code writes it), or
    /// null for one no explicit implementation can stand in for here (operators and conversions).
    /// </summary>
    public static MemberStubSpec? Of(ISymbol member, string owner)
    {
        // A re-abstraction (abstract void IBase.M();) leaves IBase.M for the class to implement.
        var reabstracted = member switch
        {
            IMethodSymbol { ExplicitInterfaceImplementations.Length: > 0 } method => method.ExplicitInterfaceImplementations[0],
            IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } property => property.ExplicitInterfaceImplementations[0],
            IEventSymbol { ExplicitInterfaceImplementations.Length: > 0 } @event => (ISymbol)@event.ExplicitInterfaceImplementations[0],
            _ => null,
        };
        if (reabstracted is not null)
        {
            return Of(reabstracted, SymbolText.Type(reabstracted.ContainingType));
        }

        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                return new MemberStubSpec(MemberStubKind.Method, method.IsStatic, SymbolText.RefPrefix(method.ReturnsByRef, method.ReturnsByRefReadonly) + SymbolText.Type(method.ReturnType),
                    SymbolText.Escape(method.Name), SymbolText.TypeParameterList(method.TypeParameters), SymbolText.Parameters(method.Parameters),
                    SymbolText.ImplementationConstraintClauses(method), EquatableArray<string>.Empty, owner);
            case IPropertySymbol property:
                var accessors = new System.Collections.Generic.List<string>();
                if (property.GetMethod is not null)
                {
                    accessors.Add("get");
                }

                if (property.SetMethod is not null)
                {
                    accessors.Add(property.SetMethod.IsInitOnly ? "init" : "set");
                }

                return new MemberStubSpec(property.IsIndexer ? MemberStubKind.Indexer : MemberStubKind.Property, property.IsStatic,
                    SymbolText.RefPrefix(property.ReturnsByRef, property.ReturnsByRefReadonly) + SymbolText.Type(property.Type), SymbolText.Escape(property.Name), "",
                    SymbolText.Parameters(property.Parameters), "", accessors.ToEquatableArray(), owner);
            case IEventSymbol @event:
                return new MemberStubSpec(MemberStubKind.Event, @event.IsStatic, SymbolText.Type(@event.Type), SymbolText.Escape(@event.Name), "", "", "",
                    new[] { "add", "remove" }.ToEquatableArray(), owner);
            default:
                return null;
        }
    }
}
