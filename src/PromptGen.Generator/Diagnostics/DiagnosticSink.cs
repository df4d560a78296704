using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Where the parser reports misuse. The generator parses with <see cref="None"/> (diagnostics never travel in its cached
/// models); the analyzer parses with a sink that reports, so both share one parser.
/// </summary>
internal sealed class DiagnosticSink
{
    public static readonly DiagnosticSink None = new(null);

    private readonly Action<Diagnostic>? _report;

    public DiagnosticSink(Action<Diagnostic>? report) => _report = report;

    /// <summary>Whether reports go anywhere; the parser skips location work when they do not.</summary>
    public bool IsActive => _report is not null;

    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, arguments));

    /// <summary>Reports with properties a code fix reads (such as a suggested name).</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?>? properties, params object?[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, properties, arguments));
}
