using System;

namespace PromptGen;

/// <summary>
/// Marks an interface whose methods the model may call as tools. PromptGen writes, at build time, one function definition
/// per method (name, description, a JSON Schema of its parameters) and a dispatcher class beside the interface
/// (<c>IWeatherTools</c> → <c>WeatherToolsDispatcher</c>) that parses a call's arguments and invokes the method. A prompt
/// method with a parameter of such an interface sends the tools and runs the tool-call loop.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class PromptToolsAttribute : Attribute
{
    /// <summary>
    /// A <c>JsonSerializerContext</c> registering the tools' parameter and result types that are not strings, numbers,
    /// booleans, dates, GUIDs or enums. Without one such types are read and written with reflection-based System.Text.Json.
    /// </summary>
    public Type? JsonContext { get; set; }
}

/// <summary>The function name the model sees for a tool method, instead of its snake_case name without <c>Async</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ToolNameAttribute : Attribute
{
    /// <summary>Sets the name: letters, digits, <c>_</c> and <c>-</c>, at most 64 characters.</summary>
    public ToolNameAttribute(string name) => Name = name;

    /// <summary>The function name.</summary>
    public string Name { get; }
}

/// <summary>
/// An exception thrown by this tool (or by every tool of this interface) ends the prompt call and reaches its caller,
/// instead of going back to the model as the tool's result.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class RethrowToolExceptionsAttribute : Attribute
{
}

/// <summary>
/// How many times a prompt method runs the tools the model asks for (default 8). When the reply after the last round
/// still asks for tools, the method throws <see cref="PromptToolRoundsException"/> carrying the conversation.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class MaxToolRoundsAttribute : Attribute
{
    /// <summary>Sets the limit, 1 or more.</summary>
    public MaxToolRoundsAttribute(int rounds) => Rounds = rounds;

    /// <summary>The limit.</summary>
    public int Rounds { get; }
}

/// <summary>Which tool the model must call: <c>tool_choice</c>.</summary>
public enum ToolChoiceMode
{
    /// <summary><c>auto</c>: the model decides (the server's default).</summary>
    Auto,

    /// <summary><c>none</c>: the model calls no tool.</summary>
    None,

    /// <summary><c>required</c>: the model calls at least one tool.</summary>
    Required,
}

/// <summary>Sends <c>tool_choice</c>: a mode, or the name of the one function the model must call.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class ToolChoiceAttribute : Attribute
{
    /// <summary>Sends <c>auto</c>, <c>none</c> or <c>required</c>.</summary>
    public ToolChoiceAttribute(ToolChoiceMode mode) => Mode = mode;

    /// <summary>Forces the function named <paramref name="function"/> (its name as the model sees it, e.g. <c>get_weather</c>).</summary>
    public ToolChoiceAttribute(string function) => Function = function;

    /// <summary>The mode, when no function is named.</summary>
    public ToolChoiceMode Mode { get; }

    /// <summary>The forced function's name, or <see langword="null"/>.</summary>
    public string? Function { get; }
}

/// <summary>Sends <c>parallel_tool_calls</c>: whether the model may ask for several tool calls in one reply.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class ParallelToolCallsAttribute : Attribute
{
    /// <summary>Sets the value sent.</summary>
    public ParallelToolCallsAttribute(bool allowed) => Allowed = allowed;

    /// <summary>The value sent.</summary>
    public bool Allowed { get; }
}

/// <summary>
/// Runs the tool calls of one reply one after another, in the order the model gave them, instead of concurrently (the
/// default).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class SequentialToolCallsAttribute : Attribute
{
}
