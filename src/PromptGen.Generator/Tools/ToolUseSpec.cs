namespace PromptGen.Generator.Tools;

/// <summary>
/// The tools of one prompt method, under the contract of Clients/Specs.cs: one <see cref="ToolArgumentSpec"/> per
/// <c>[PromptTools]</c> parameter, the loop's limits, and what <c>tool_choice</c> and <c>parallel_tool_calls</c> send
/// (<see cref="Choice"/>: <c>auto</c>, <c>none</c>, <c>required</c>, or a function name when <see cref="ChoiceIsFunction"/>;
/// <see cref="ChoiceOwner"/> is the optional tools parameter that function comes from, which must not be null for the
/// choice to be sent). <see cref="MayBeEmpty"/>: the request may end up with no tools at all (an optional tools parameter,
/// or an interface without methods), so <c>tool_choice</c> and <c>parallel_tool_calls</c> are sent only with tools.
/// </summary>
internal sealed record ToolUseSpec(
    EquatableArray<ToolArgumentSpec> Arguments,
    int MaxRounds,
    bool Sequential,
    string? Choice,
    bool ChoiceIsFunction,
    bool? Parallel,
    string? ChoiceOwner = null,
    bool MayBeEmpty = false);

/// <summary>
/// A tools parameter: its C# name and its interface's dispatcher (global::-qualified). <see cref="Optional"/>: it may be
/// null (<c>IWeatherTools? tools = null</c>), which means "no tools from it on this call".
/// </summary>
internal sealed record ToolArgumentSpec(string Parameter, string Dispatcher, bool Optional = false);
