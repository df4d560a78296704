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
        var sets = string.Join(", ", tools.Arguments.Select(a => $"new {a.Dispatcher}({a.Parameter})"));
        w.Line($"global::PromptGen.ToolLoop {loop} = new global::PromptGen.ToolLoop({transport}, {options}, {sets});");
        return loop;
    }

    /// <summary>The request initializer's <c>Tools</c>, <c>ToolChoice</c> and <c>ParallelToolCalls</c> lines.</summary>
    public static void EmitRequestSettings(SourceWriter w, ToolUseSpec tools)
    {
        var definitions = string.Join(", ", tools.Arguments.Select(a => a.Dispatcher + ".Tools"));
        w.Line($"Tools = global::PromptGen.ToolDefinition.ToChatTools({definitions}),");
        if (tools.Choice is { } choice)
        {
            var value = tools.ChoiceIsFunction
                ? $"global::PromptGen.ChatToolChoice.Function({SymbolText.Literal(choice)})"
                : "global::PromptGen.ChatToolChoice." + choice switch { "none" => "None", "required" => "Required", _ => "Auto" };
            w.Line($"ToolChoice = {value},");
        }

        if (tools.Parallel is { } parallel)
        {
            w.Line($"ParallelToolCalls = {(parallel ? "true" : "false")},");
        }
    }
}
