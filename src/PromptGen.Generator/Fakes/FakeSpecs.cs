namespace PromptGen.Generator.Fakes;

// Models of the fake pipeline, under the same contract as Specs.cs: only strings, numbers, enums, bools and
// EquatableArrays of other models; types are global::-qualified strings. No ISymbol, SyntaxNode, Location or Compilation.

/// <summary>
/// One fake requested with <c>[assembly: PromptFake(typeof(I))]</c>: the class to write and the interface it implements.
/// <see cref="TypeParameters"/> and <see cref="Constraints"/> are the fake's own (<c>&lt;T&gt;</c>, <c> where T : class</c>)
/// when the attribute names an open generic interface — or an interface nested in an open generic type, whose type
/// parameters the fake takes over, outermost first. <see cref="Methods"/> are the methods a test sets up;
/// <see cref="Stubs"/> everything else the interface declares, implemented with bodies that throw.
/// </summary>
internal sealed record FakeSpec(
    string HintName,
    string? Namespace,
    string Name,
    string TypeParameters,
    string Constraints,
    string InterfaceFullName,
    string InterfaceName,
    bool IsPublic,
    bool IsUnsafe,
    EquatableArray<FakeMethodSpec> Methods,
    EquatableArray<MemberStubSpec> Stubs);

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
}

/// <summary>
/// One interface method a test sets up: <see cref="Name"/> as declared (escaped), <see cref="Member"/> the fake's
/// property that sets it up (the name; for the second and later overloads the name with the first number from 2 that no
/// member of the interface and no earlier fake member has), <see cref="CallType"/> the class of its arguments, <see cref="ValueType"/> the T of its task or stream, <see cref="PromptVersion"/> the
/// method's prompt version as its generated Client has it (<see cref="FakeVersions"/>), or null.
/// </summary>
internal sealed record FakeMethodSpec(
    string Name,
    string Member,
    string CallType,
    string DeclaringInterface,
    string ReturnType,
    FakeKind Kind,
    string ValueType,
    EquatableArray<FakeParameterSpec> Parameters,
    string? PromptVersion = null);

/// <summary>
/// A parameter: its C# name (escaped) and type, the call class's property for it, whether it is the cancellation token,
/// and whether its value can be null (all but non-nullable value types; the call's hash code says so to the compiler).
/// </summary>
internal sealed record FakeParameterSpec(string Name, string Type, string Property, bool IsCancellationToken, bool MayBeNull = true);
