namespace PromptGen.Generator.Fakes;

// Models of the fake pipeline, under the same contract as Specs.cs: only strings, numbers, enums, bools and
// EquatableArrays of other models; types are global::-qualified strings. No ISymbol, SyntaxNode, Location or Compilation.

/// <summary>One fake requested with <c>[assembly: PromptFake(typeof(I))]</c>: the class to write and the interface it implements.</summary>
internal sealed record FakeSpec(
    string HintName,
    string? Namespace,
    string Name,
    string TypeParameters,
    string InterfaceFullName,
    string InterfaceName,
    bool IsPublic,
    EquatableArray<FakeMethodSpec> Methods,
    EquatableArray<FakeOtherMemberSpec> OtherMembers);

/// <summary>How a faked method answers.</summary>
internal enum FakeKind
{
    /// <summary><c>Task&lt;T&gt;</c>: set up with <c>Returns</c>/<c>Throws</c>.</summary>
    Task,

    /// <summary><c>ValueTask&lt;T&gt;</c>: as <see cref="Task"/>, wrapped.</summary>
    ValueTask,

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>: set up with <c>Yields</c>/<c>Throws</c>.</summary>
    Stream,

    /// <summary><c>ChatStream&lt;T&gt;</c>, <c>PartialStream&lt;T&gt;</c>: the stream itself is set up with <c>Returns</c> (<c>ChatStream&lt;T&gt;.FromValues</c>).</summary>
    Returned,

    /// <summary>Anything else: the fake's implementation throws <c>NotSupportedException</c>.</summary>
    Unsupported,
}

/// <summary>
/// One interface method: <see cref="Name"/> as declared (escaped), <see cref="Member"/> the fake's property that sets it
/// up (the name, with a number after it for the second and later overloads), <see cref="CallType"/> the record of its
/// arguments, <see cref="ValueType"/> the T of its task or stream.
/// </summary>
internal sealed record FakeMethodSpec(
    string Name,
    string Member,
    string CallType,
    string DeclaringInterface,
    string TypeParameters,
    string ReturnType,
    FakeKind Kind,
    string ValueType,
    EquatableArray<FakeParameterSpec> Parameters);

/// <summary>A parameter: its C# name (escaped) and type (with any <c>ref</c>/<c>out</c>/<c>in</c>), the call record's property for it, and whether it is the cancellation token.</summary>
internal sealed record FakeParameterSpec(string Name, string Type, string Property, bool IsCancellationToken);

/// <summary>What kind of non-method member an interface declares.</summary>
internal enum FakeMemberKind
{
    Property,
    Indexer,
    Event,
}

/// <summary>
/// A property, indexer or event of the interface: the fake implements it explicitly with accessors that throw
/// <c>NotSupportedException</c>, so a fake compiles for any interface. <see cref="Accessors"/> lists the accessor keywords
/// (<c>get</c>, <c>set</c>, <c>init</c>; <c>add</c> and <c>remove</c> for events).
/// </summary>
internal sealed record FakeOtherMemberSpec(
    FakeMemberKind Kind,
    string Name,
    string Type,
    string DeclaringInterface,
    EquatableArray<FakeParameterSpec> Parameters,
    EquatableArray<string> Accessors);
