using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Where report-only checks report: <see cref="ReportingChecks"/> (settings, the interface's own prompts and attributes,
/// template binding with located spans) and the tools-interface parser (<see cref="ToolParser"/>). Nothing a sink
/// receives changes what is emitted: what does is a <see cref="Fault"/> in the classification the prompt-interface parser
/// returns (<see cref="InterfaceSpec.Faults"/>, <see cref="MethodSpec.Faults"/>), which takes no sink. The generator passes
/// <see cref="None"/> where it runs a check for its value only (binding a template, parsing a tools interface).
/// </summary>
internal sealed class DiagnosticSink
{
    public static readonly DiagnosticSink None = new(null);

    private readonly Action<Diagnostic>? _report;

    public DiagnosticSink(Action<Diagnostic>? report) => _report = report;

    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, arguments));

    /// <summary>
    /// Reports what <paramref name="build"/> returns, calling it only when reports go somewhere: a message that costs
    /// work (a did-you-mean suggestion, a location inside a literal) is never built for <see cref="None"/>.
    /// </summary>
    public void Report(DiagnosticDescriptor descriptor, Func<(Location? Location, ImmutableDictionary<string, string?>? Properties, object?[] Arguments)> build)
    {
        if (_report is not null)
        {
            var (location, properties, arguments) = build();
            Report(descriptor, location, properties, arguments);
        }
    }

    /// <summary>Reports with properties a code fix reads (such as a suggested name).</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?>? properties, params object?[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, properties, arguments));
}
