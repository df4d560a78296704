using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Tools;

/// <summary>
/// The prompt-method side of tools: finds the <c>[PromptTools]</c> parameters, reads [MaxToolRounds], [ToolChoice],
/// [ParallelToolCalls] and [SequentialToolCalls] (method over interface), and records in the method's classification
/// PG0054 (a tools parameter no generated code can use: the method is a stub), PG0036 (tools passed twice), PG0064 (one
/// function name twice across the parameters) and PG0068 (a tool setting that cannot work; the setting is not sent).
/// PG0066 (a tools parameter in a template) is the analyzer's (<see cref="Diagnostics.ReportingChecks"/>).
/// </summary>
internal static class ToolUse
{
    public const int DefaultMaxRounds = 8;

    /// <summary>
    /// The tools of <paramref name="method"/>, or null when it has no tools parameter; its faults go to
    /// <paramref name="faults"/> (only PG0054 keeps the method from being implemented).
    /// </summary>
    public static ToolUseSpec? Parse(IMethodSymbol method, ReturnKind kind, MethodFaults faults, CancellationToken cancellationToken)
    {
        var containing = method.ContainingType;
        List<IParameterSymbol>? toolParameters = null; // a loop: most methods have none, and this runs on every keystroke
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind == RefKind.None && ToolNames.IsToolsInterface(parameter.Type))
            {
                (toolParameters ??= new List<IParameterSymbol>()).Add(parameter);
            }
        }

        if (toolParameters is null)
        {
            // A tool setting without tools (PG0068) is ReportStraySettings' (analyzer only): the method still works.
            return null;
        }

        var functions = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var owners = new Dictionary<string, IMethodSymbol>(System.StringComparer.Ordinal);
        var passed = new List<IParameterSymbol>();
        var optionalParameters = new HashSet<string>(System.StringComparer.Ordinal);
        var arguments = new List<ToolArgumentSpec>();
        var mayBeEmpty = false;
        foreach (var parameter in toolParameters)
        {
            var type = (INamedTypeSymbol)parameter.Type;
            if (ToolParameterCheck.WhyUnusable(method, parameter, type) is { } why)
            {
                faults.Add(DiagnosticDescriptors.ToolsParameterUnusable, parameter.Locations.FirstOrDefault(), $"tools parameter '{parameter.Name}' cannot be used", method.Name, parameter.Name, why);
            }

            var optional = ToolParameterCheck.IsOptional(parameter);
            if (optional)
            {
                optionalParameters.Add(parameter.Name);
            }

            mayBeEmpty |= optional || !ToolParser.Methods(type).Any();
            arguments.Add(new ToolArgumentSpec(SymbolText.Escape(parameter.Name), ToolNames.DispatcherFullName(type), optional));
            if (PassedBefore(parameter, type, passed) is { } earlier)
            {
                faults.Add(DiagnosticDescriptors.ToolsPassedTwice, parameter.Locations.FirstOrDefault(), null, parameter.Name, method.Name, earlier.What, earlier.Parameter.Name);
            }

            passed.Add(parameter);
            foreach (var tool in ToolParser.Methods(type))
            {
                var name = ToolNames.FunctionName(tool);

                // The same method reached through two parameters is PG0036's (one diagnostic for the parameter, not one
                // per function); PG0064 is for two different methods with one name, which [ToolName] can tell apart.
                if (functions.TryGetValue(name, out var other) && other != parameter.Name && !SymbolEqualityComparer.Default.Equals(owners[name], tool))
                {
                    faults.Add(DiagnosticDescriptors.DuplicateToolName, parameter.Locations.FirstOrDefault(), null, name, other + "." + name, parameter.Name + "." + name);
                }

                functions[name] = parameter.Name;
                owners[name] = tool;
            }
        }

        var maxRounds = DefaultMaxRounds;
        if ((ToolNames.Find(method, ToolNames.MaxToolRoundsAttribute) ?? ToolNames.Find(containing, ToolNames.MaxToolRoundsAttribute)) is { } rounds
            && rounds.ConstructorArguments.FirstOrDefault().Value is int value)
        {
            if (value < 1)
            {
                faults.Add(DiagnosticDescriptors.ToolSettingMisuse, ToolNames.ArgumentLocation(rounds, cancellationToken), null, method.Name,
                    $"[MaxToolRounds({value})] allows no tool round; choose 1 or more");
            }
            else
            {
                maxRounds = value;
            }
        }

        string? choice = null;
        var choiceIsFunction = false;
        if ((ToolNames.Find(method, ToolNames.ToolChoiceAttribute) ?? ToolNames.Find(containing, ToolNames.ToolChoiceAttribute)) is { } choiceAttribute)
        {
            var argument = choiceAttribute.ConstructorArguments.FirstOrDefault();
            if (argument.Value is null && argument.Type?.SpecialType == SpecialType.System_String)
            {
                // [ToolChoice((string)null!)] names no function: never a silent 'auto'.
                faults.Add(DiagnosticDescriptors.ToolSettingMisuse, ToolNames.ArgumentLocation(choiceAttribute, cancellationToken), null, method.Name,
                    $"[ToolChoice] names no function (null); name one of its tools ({string.Join(", ", functions.Keys.OrderBy(k => k, System.StringComparer.Ordinal))}) or use a ToolChoiceMode");
            }
            else if (argument.Value is string function)
            {
                if (!functions.ContainsKey(function))
                {
                    faults.Add(DiagnosticDescriptors.ToolSettingMisuse, ToolNames.ArgumentLocation(choiceAttribute, cancellationToken), null, method.Name,
                        $"[ToolChoice(\"{function}\")] names no tool of this method; its tools are {string.Join(", ", functions.Keys.OrderBy(k => k, System.StringComparer.Ordinal))}");
                }
                else
                {
                    choice = function;
                    choiceIsFunction = true;
                }
            }
            else if (argument.Value is int mode)
            {
                // An undefined value ((ToolChoiceMode)42) is an error, never silently 'auto'; nothing is sent for it.
                choice = mode switch { 0 => "auto", 1 => "none", 2 => "required", _ => null };
                if (choice is null)
                {
                    faults.Add(DiagnosticDescriptors.ToolSettingMisuse, ToolNames.ArgumentLocation(choiceAttribute, cancellationToken), null, method.Name,
                        $"[ToolChoice] is (ToolChoiceMode){mode}, which is not a mode; use ToolChoiceMode.Auto, ToolChoiceMode.None or ToolChoiceMode.Required, or a function name");
                }
            }
        }

        bool? parallel = null;
        if ((ToolNames.Find(method, ToolNames.ParallelToolCallsAttribute) ?? ToolNames.Find(containing, ToolNames.ParallelToolCallsAttribute)) is { } parallelAttribute
            && parallelAttribute.ConstructorArguments.FirstOrDefault().Value is bool allowed)
        {
            parallel = allowed;
        }

        var sequential = ToolNames.Find(method, ToolNames.SequentialToolCallsAttribute) is not null || ToolNames.Find(containing, ToolNames.SequentialToolCallsAttribute) is not null;
        if (kind is ReturnKind.TextChoices or ReturnKind.JsonChoices)
        {
            faults.Add(DiagnosticDescriptors.ToolSettingMisuse, method.Locations.FirstOrDefault(), null, method.Name,
                "a method with tools returns one reply, and tool calls are run for one choice only; return a single value");
        }

        var choiceOwner = choiceIsFunction && functions.TryGetValue(choice!, out var owner) && optionalParameters.Contains(owner) ? SymbolText.Escape(owner) : null;
        return new ToolUseSpec(arguments.ToEquatableArray(), maxRounds, sequential, choice, choiceIsFunction, parallel, choiceOwner, mayBeEmpty);
    }

    /// <summary>
    /// PG0068 for each tool setting on a method without a <c>[PromptTools]</c> parameter; a report-only check
    /// (<see cref="Diagnostics.ReportingChecks"/>), since such a method is implemented and the setting only does nothing.
    /// </summary>
    public static void ReportStraySettings(IMethodSymbol method, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (method.Parameters.Any(p => p.RefKind == RefKind.None && ToolNames.IsToolsInterface(p.Type)))
        {
            return;
        }

        foreach (var name in new[] { ToolNames.MaxToolRoundsAttribute, ToolNames.ToolChoiceAttribute, ToolNames.ParallelToolCallsAttribute, ToolNames.SequentialToolCallsAttribute })
        {
            if (ToolNames.Find(method, name) is { } stray)
            {
                sink.Report(DiagnosticDescriptors.ToolSettingMisuse, ToolNames.ArgumentLocation(stray, cancellationToken) ?? method.Locations.FirstOrDefault(), method.Name,
                    $"[{Short(name)}] has no effect without a [PromptTools] parameter; add one or remove the attribute");
            }
        }
    }

    /// <summary>
    /// The earlier tools parameter whose functions <paramref name="parameter"/> passes again: one of the same interface,
    /// or of an interface that inherits it or that it inherits (the derived interface's tools include the base's).
    /// <c>What</c> describes the second parameter's interface for PG0036.
    /// </summary>
    private static (IParameterSymbol Parameter, string What)? PassedBefore(IParameterSymbol parameter, INamedTypeSymbol type, List<IParameterSymbol> passed)
    {
        foreach (var earlier in passed)
        {
            var first = (INamedTypeSymbol)earlier.Type;
            if (SymbolEqualityComparer.Default.Equals(first, type))
            {
                return (earlier, $"'{type.Name}'");
            }

            if (type.AllInterfaces.Contains(first, SymbolEqualityComparer.Default))
            {
                return (earlier, $"'{type.Name}', which inherits the tools of '{first.Name}'");
            }

            if (first.AllInterfaces.Contains(type, SymbolEqualityComparer.Default))
            {
                return (earlier, $"'{type.Name}', whose tools '{first.Name}' inherits");
            }
        }

        return null;
    }

    private static string Short(string attribute) => attribute.Substring("PromptGen.".Length, attribute.Length - "PromptGen.".Length - "Attribute".Length);
}
