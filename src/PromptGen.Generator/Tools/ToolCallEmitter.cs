using System.Globalization;
using System.Linq;

namespace PromptGen.Generator.Tools;

/// <summary>The parts of a prompt method's generated code that tools add: the loop around the transport and the request's tool settings.</summary>
internal static class ToolCallEmitter
{
    /// <summary>
    /// Declares the method's <c>ToolLoop</c> over <paramref name="transport"/> and returns its local's name, which the
    /// rest of the method uses as its transport.
    /// </summary>
    public static string EmitLoop(SourceWriter w, ToolUseSpec tools, string transport, NameScope names)
    {
        var loop = names.Pick("__tools");
        var options = $"new global::PromptGen.ToolLoopOptions {{ MaxRounds = {tools.MaxRounds.ToString(CultureInfo.InvariantCulture)}, Sequential = {(tools.Sequential ? "true" : "false")} }}";
        // An optional tools parameter given null adds no tools (the loop skips a null set).
        var sets = string.Join(", ", tools.Arguments.Select(a => a.Optional ? $"{a.Parameter} is null ? null : new {a.Dispatcher}({a.Parameter})" : $"new {a.Dispatcher}({a.Parameter})"));
        w.Line($"global::PromptGen.ToolLoop {loop} = new global::PromptGen.ToolLoop({transport}, {options}, {sets});");
        return loop;
    }

    /// <summary>
    /// Before the request initializer: when the request may end up without tools (<see cref="ToolUseSpec.MayBeEmpty"/>) and
    /// sets <c>tool_choice</c> or <c>parallel_tool_calls</c>, declares the tools as a local (its name is returned) so those
    /// are sent only with tools (a server rejects them alone); else null.
    /// </summary>
    public static string? EmitDefinitions(SourceWriter w, ToolUseSpec tools, NameScope names)
    {
        if (!tools.MayBeEmpty || (tools.Choice is null && tools.Parallel is null))
        {
            return null;
        }

        var local = names.Pick("__tools");
        w.Line($"global::System.Collections.Generic.IList<global::PromptGen.ChatTool>? {local} = {ChatTools(tools)};");
        return local;
    }

    /// <summary>
    /// The request initializer's <c>Tools</c>, <c>ToolChoice</c> and <c>ParallelToolCalls</c> lines. <c>tools</c> is never
    /// an empty array (servers reject one): with no definitions it is left out. <paramref name="local"/> is what
    /// <see cref="EmitDefinitions"/> declared.
    /// </summary>
    public static void EmitRequestSettings(SourceWriter w, ToolUseSpec tools, string? local = null)
    {
        w.Line($"Tools = {local ?? ChatTools(tools)},");
        var guard = local is null ? "" : $"{local} is null ? null : ";
        if (tools.Choice is { } choice)
        {
            var value = tools.ChoiceIsFunction
                ? $"global::PromptGen.ChatToolChoice.Function({SymbolText.Literal(choice)})"
                : "global::PromptGen.ChatToolChoice." + choice switch { "none" => "None", "required" => "Required", _ => "Auto" };
            if (tools.ChoiceOwner is { } owner)
            {
                guard = $"{(local is null ? "" : local + " is null || ")}{owner} is null ? null : ";
            }

            w.Line($"ToolChoice = {guard}{value},");
        }

        if (tools.Parallel is { } parallel)
        {
            w.Line($"ParallelToolCalls = {(local is null ? "" : local + " is null ? (bool?)null : ")}{(parallel ? "true" : "false")},");
        }
    }

    private static string ChatTools(ToolUseSpec tools) =>
        "global::PromptGen.ToolDefinition.ToChatTools(" + string.Join(", ", tools.Arguments.Select(a => a.Optional ? $"{a.Parameter} is null ? null : {a.Dispatcher}.Tools" : a.Dispatcher + ".Tools")) + ")";
}
