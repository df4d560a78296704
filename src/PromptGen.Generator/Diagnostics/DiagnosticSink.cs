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
