namespace PromptGen.Generator.Tools;

/// <summary>
/// The tools of one prompt method, under the contract of Clients/Specs.cs: one <see cref="ToolArgumentSpec"/> per
/// <c>[PromptTools]</c> parameter, the loop's limits, and what <c>tool_choice</c> and <c>parallel_tool_calls</c> send
/// (<see cref="Choice"/>: <c>auto</c>, <c>none</c>, <c>required</c>, or a function name when <see cref="ChoiceIsFunction"/>).
/// </summary>
internal sealed record ToolUseSpec(
    EquatableArray<ToolArgumentSpec> Arguments,
    int MaxRounds,
    bool Sequential,
    string? Choice,
    bool ChoiceIsFunction,
    bool? Parallel);

/// <summary>A tools parameter: its C# name and its interface's dispatcher (global::-qualified).</summary>
internal sealed record ToolArgumentSpec(string Parameter, string Dispatcher);
