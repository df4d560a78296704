namespace PromptGen.Generator.Clients;

// Pipeline models. Contract: only strings, numbers, enums, bools and EquatableArrays of other models; types are
// global::-qualified strings. No ISymbol, SyntaxNode, Location or Compilation, so equal inputs compare equal and the
// generator's output step stays cached across unrelated edits.

/// <summary>
/// One prompt interface and everything needed to emit its implementation. <see cref="UserNames"/> is every name the
/// user wrote that generated code could meet (interface, containing types, members, type parameters, parameters,
/// template loop variables), sorted: generated fields and locals avoid them all. <see cref="HidesInheritedClient"/> says
/// that a base interface has (or will be given) a <c>Client</c> of its own, which this one's hides on purpose (<c>new</c>).
/// <see cref="ClrName"/> is the interface's name as its symbol says it (<c>event.IAsk</c>: no <c>global::</c>, no <c>@</c>),
/// which the requests' <c>PromptMethod</c> carries; <see cref="FullName"/> is how C# writes it.
/// <see cref="Faults"/> is the interface's own classification (its methods carry theirs): a fault with a summary means
/// no Client is written (<see cref="CanExtend"/> is false; not partial, file-local, generic, nested in a variant
/// interface, a member named like the Client); the others (members stubbed with PG0012, a bodied method with prompt
/// attributes) leave the Client as it is. The analyzer reports exactly these.
/// </summary>
internal sealed record InterfaceSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string FullName,
    EquatableArray<MethodSpec> Methods,
    string? Failure,
    bool CanExtend,
    EquatableArray<MemberStubSpec> MemberStubs,
    EquatableArray<string> UserNames,
    bool IsUnsafe = false,
    bool HidesInheritedClient = false,
    string ClrName = "",
    EquatableArray<Fault> Faults = default);

/// <summary>A type that contains the interface: the keywords of its partial declaration (<c>partial class</c>, <c>ref partial struct</c>, …) and its name with type parameters.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>
/// One interface method. <see cref="PromptVersion"/> is the hash <see cref="Clients.PromptVersion"/> computes. Out of the
/// parser, a template message holds its template in <see cref="MessageSpec.Text"/> and no render tree, and
/// <paramref name="Templates"/> what templates may read; <see cref="TemplateStep"/> binds them into
/// <see cref="MessageSpec.Render"/> and clears both, so the emitter only ever sees bound methods.
/// <paramref name="ToolDefinitions"/> is the text of every tool the method sends (names, descriptions, schemas), filled
/// after the transform from <paramref name="ToolSets"/> (<see cref="ToolSetTexts"/>) so the version can be computed on plain
/// values; null when it has no tools parameter.
/// <paramref name="Faults"/> is the method's classification as a stub: every fault that keeps it from being implemented
/// (the analyzer reports exactly these; <see cref="Unsupported"/> repeats the first one's summary in the stub).
/// <paramref name="NullableItems"/>: a streamed method's item type holds a nullable reference annotation
/// (<c>ChatStream&lt;Person?&gt;</c>, <c>ChatStream&lt;List&lt;string?&gt;&gt;</c>), which the generated call's type argument
/// drops; for a text method, its text is declared nullable (<c>Task&lt;string?&gt;</c>, <c>Task&lt;ChatResult&lt;string?&gt;&gt;</c>,
/// <c>Task&lt;IReadOnlyList&lt;string?&gt;&gt;</c>): a reply without text returns null (the <c>…OrNullAsync</c> calls).
/// </summary>
internal sealed record MethodSpec(
    string Name,
    string TypeParameters,
    string ReturnType,
    ReturnKind Kind,
    bool IsValueTask,
    string? ValueType,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<MessageSpec> Messages,
    SettingsSpec Settings,
    string? Unsupported,
    JsonReplySpec? Reply = null,
    string PromptVersion = "",
    TemplateScope? Templates = null,
    ToolUseSpec? Tools = null,
    string? ToolDefinitions = null,
    EquatableArray<Fault> Faults = default,
    bool NullableItems = false,
    EquatableArray<ToolSetRef> ToolSets = default);

/// <summary>How a method's reply becomes its return value.</summary>
internal enum ReturnKind
{
    Text,
    Json,
    TextResult,
    JsonResult,
    TextChoices,
    JsonChoices,
    StreamText,

    /// <summary><c>ChatStream&lt;string&gt;</c>: text deltas, then the stream's result.</summary>
    StreamTextResult,

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c> or <c>ChatStream&lt;T&gt;</c> (T not string): the items of <c>{"items": [T, …]}</c> as each completes.</summary>
    StreamItems,

    /// <summary><c>PartialStream&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;Partial&lt;T&gt;&gt;</c>: snapshots of one object, then the whole value.</summary>
    StreamPartials,
    Unsupported,
}

/// <summary>What a parameter is for.</summary>
internal enum ParameterRole
{
    Input,
    CancellationToken,
    History,

    /// <summary>An <c>ImageInput</c> (or a list of them): attached to the user message as image parts.</summary>
    Image,

    /// <summary>A <c>[PromptTools]</c> interface: its tools are sent and run (Tools/).</summary>
    Tools,
}

/// <summary>
/// A parameter: its C# name (escaped where it is a keyword), its type, its role, and its default value as C# (null when
/// it has none), which the generated Client repeats. <paramref name="Nulls"/> is what its declaration says about null,
/// read from the symbol (a history declared nullable takes null as "no history").
/// </summary>
internal sealed record ParameterSpec(string Name, string Type, ParameterRole Role, string? Default = null, PromptGen.Generator.Images.ImageParameterSpec? Image = null, NullState Nulls = NullState.NotNull);

/// <summary>What a message slot holds.</summary>
internal enum MessageKind
{
    /// <summary>A system or user message rendered from a template.</summary>
    Template,

    /// <summary>A message whose text is fixed.</summary>
    Fixed,

    /// <summary>The history parameter's messages.</summary>
    History,
}

/// <summary>One message (or, for history, run of messages) of the request, in order.</summary>
internal sealed record MessageSpec(MessageKind Kind, string Role, string Text, EquatableArray<RenderNode> Render);

/// <summary>Request settings resolved from the method's and the interface's attributes (the method wins).</summary>
internal sealed record SettingsSpec(
    string? Model,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    EquatableArray<string> Stop,
    double? FrequencyPenalty,
    double? PresencePenalty,
    long? Seed,
    int? Choices,
    int? PromptBudget = null);
