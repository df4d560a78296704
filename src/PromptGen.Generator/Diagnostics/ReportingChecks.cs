using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// The checks that only report: nothing they find changes what the generator emits (a setting out of range is still
/// sent as written; an interface-level attribute that applies to nothing is ignored), so only the analyzer runs them,
/// after the parser, beside the faults of the interface's and each method's classification (which decide what is
/// emitted). No check asks whether it runs in the analyzer.
/// </summary>
internal static class ReportingChecks
{
    /// <summary>The interface's own declaration and attributes, once.</summary>
    public static void Interface(INamedTypeSymbol type, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        TypedReplies.CheckInterface(type, sink, cancellationToken);
        Budget.PromptBudgets.CheckInterface(type, known, sink, cancellationToken);
        ImageParameters.CheckInterface(type, known, sink, cancellationToken);
        var interfaceLevel = AttributeSet.Read(type);
        Parser.CheckRanges(interfaceLevel, sink);
        DeclarationChecks.CheckInterface(type, interfaceLevel, sink, cancellationToken);
    }

    /// <summary>
    /// One method: its settings (PG0005, PG0019–PG0022), read with its interface's; its templates, bound against the
    /// scope the parser recorded (<paramref name="spec"/>, null when the parser failed) with a locator, so PG0003/PG0004
    /// land on the characters inside the literal; then what the names they read tell: a parameter no prompt reads
    /// (PG0018), a tools parameter written in a template (PG0066).
    /// </summary>
    public static void Method(IMethodSymbol method, MethodSpec? spec, AttributeSet interfaceLevel, KnownTypes known, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var methodLevel = AttributeSet.Read(method);
        Parser.CheckRanges(methodLevel, sink);
        SettingChecks.Check(method, methodLevel, interfaceLevel, sink);
        MethodChecks.ReportNoCancellationToken(method, known, sink);
        Tools.ToolCollectionCheck.Report(method, sink, cancellationToken);
        Tools.ToolUse.ReportStraySettings(method, sink, cancellationToken);
        if (spec is null)
        {
            return;
        }

        SettingChecks.Reply(method, spec.Kind, spec.Reply, methodLevel, interfaceLevel, sink, cancellationToken);

        HashSet<string>? names = new(StringComparer.Ordinal); // null once a template does not parse
        foreach (var template in new[] { methodLevel.SystemPrompt ?? interfaceLevel.SystemPrompt, methodLevel.UserPrompt })
        {
            if (template is null || spec.Templates is not { } scope)
            {
                continue;
            }

            var bound = TemplateBinder.Bind(template.Value, method.Name, scope, sink, template.LocationOf(cancellationToken));
            names = bound.HasSyntaxErrors || names is null ? null : names;
            names?.UnionWith(bound.Names);
        }

        MethodChecks.ReportUnusedParameters(method, methodLevel, known, names, sink);
        DefaultValueText.Report(method, new[] { (methodLevel.SystemPrompt ?? interfaceLevel.SystemPrompt)?.Value, methodLevel.UserPrompt?.Value },
            methodLevel.UserPrompt is null ? UserMessage(method) : null, sink, cancellationToken);
        foreach (var parameter in method.Parameters)
        {
            if (names is not null && names.Contains(parameter.Name) && parameter.RefKind == RefKind.None && ToolNames.IsToolsInterface(parameter.Type))
            {
                sink.Report(DiagnosticDescriptors.ToolsInTemplate, parameter.Locations.FirstOrDefault(), method.Name, parameter.Name);
            }
        }
    }

    /// <summary>Without [UserPrompt], the one string parameter that is the user message (PG0006 when there is none or several).</summary>
    private static string? UserMessage(IMethodSymbol method)
    {
        string? message = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType == SpecialType.System_String)
            {
                if (message is not null)
                {
                    return null;
                }

                message = parameter.Name;
            }
        }

        return message;
    }
}
