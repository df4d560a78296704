using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Where the parser reports misuse that is neither in a method's classification (<see cref="Fault"/>, which the analyzer
/// reports from the spec) nor in <see cref="ReportingChecks"/>: interface-level faults and the tools checks. The generator
/// parses with <see cref="None"/>; the analyzer parses with a sink that reports, so both share one parser.
/// </summary>
internal sealed class DiagnosticSink
{
    public static readonly DiagnosticSink None = new(null);

    private readonly Action<Diagnostic>? _report;

    public DiagnosticSink(Action<Diagnostic>? report) => _report = report;

    /// <summary>
    /// Whether reports go anywhere. Still read by the analyzer's template binding (Parser.Report, TemplateBinder), the
    /// unused-parameter warning (MethodChecks) and two tools checks (ToolUse, ToolContext); every other check records
    /// its fault in the classification or runs only in the analyzer.
    /// </summary>
    public bool IsActive => _report is not null;

    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, arguments));

    /// <summary>Reports with properties a code fix reads (such as a suggested name).</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?>? properties, params object?[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, properties, arguments));
}
