namespace PromptGen.Generator.Shared;

/// <summary>What a member the generated Client implements only with a throwing stub is.</summary>
internal enum MemberStubKind
{
    Method,
    Property,
    Indexer,
    Event,
}

/// <summary>
/// A member of a prompt interface PromptGen cannot implement (a property, event, indexer, static abstract or inherited member;
/// PG0012). The generated Client implements it explicitly with accessors that throw, so the code still compiles and
/// PG0012 is the only error. <see cref="Parameters"/> is the parameter list of a method or indexer;
/// <see cref="Accessors"/> the accessor keywords (<c>get</c>, <c>set</c>, <c>init</c>, <c>add</c>, <c>remove</c>);
/// <see cref="Owner"/> the interface that declares it (the prompt interface, or one it inherits).
/// </summary>
internal sealed record MemberStubSpec(MemberStubKind Kind, bool IsStatic, string Type, string Name, string Parameters, EquatableArray<string> Accessors, string Owner);
