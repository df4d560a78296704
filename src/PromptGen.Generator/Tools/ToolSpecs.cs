namespace PromptGen.Generator.Tools;

// Pipeline models, under the same contract as Clients/Specs.cs: strings, numbers, enums, bools and EquatableArrays only.

/// <summary>
/// One <c>[PromptTools]</c> interface: what its generated dispatcher needs. <see cref="ClassName"/> is the dispatcher's
/// name in <see cref="Namespace"/> (<c>IWeatherTools</c> → <c>WeatherToolsDispatcher</c>). <see cref="CanEmit"/> is false
/// when no dispatcher can be written (not an interface, generic, not reachable from its namespace): PG0060/PG0069 say why.
/// </summary>
internal sealed record ToolSetSpec(
    string HintName,
    string? Namespace,
    string ClassName,
    string InterfaceFullName,
    bool IsPublic,
    bool CanEmit,
    EquatableArray<ToolSpec> Tools);

/// <summary>How a tool method returns.</summary>
internal enum ToolReturn
{
    /// <summary><c>void</c>: the result sent is <c>done</c>.</summary>
    Void,

    /// <summary><c>T</c>.</summary>
    Value,

    /// <summary><c>Task</c> or <c>ValueTask</c>.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    TaskOfValue,

    /// <summary>Cannot be a tool (PG0063): the dispatcher answers with an error.</summary>
    Unsupported,
}

/// <summary>
/// One tool method: its C# name, the function name the model sees, the description, the parameter schema (and the
/// stricter rules when they differ), how it returns and how its result is written (<see cref="ResultInfo"/> is the C#
/// expression of the result's JsonTypeInfo, null for a string result or none).
/// </summary>
internal sealed record ToolSpec(
    string MethodName,
    string FunctionName,
    string Description,
    string Schema,
    string? Rules,
    bool Strict,
    bool Rethrows,
    ToolReturn Return,
    string? ResultInfo,
    EquatableArray<ToolParameterSpec> Parameters);

/// <summary>
/// One parameter: its C# name, its name in the arguments object, its type, the C# expression of its JsonTypeInfo,
/// and its default (C#; "default" for a nullable parameter without one), or null when the argument is required.
/// A CancellationToken parameter has <see cref="IsCancellationToken"/> and no JSON name.
/// </summary>
internal sealed record ToolParameterSpec(string Name, string JsonName, string Type, string Info, string? Default, bool IsCancellationToken);
