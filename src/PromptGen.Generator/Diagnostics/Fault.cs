using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PromptGen.Generator.Templates;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// One fault of a method or an interface, as a value the generator caches and the analyzer reports: the descriptor's id,
/// its message arguments as text, where it is (<see cref="FaultSite"/>), and a summary when the fault changes what is
/// emitted (null for a fault that leaves the code as it is: a warning, or an error such as a schema keyword the mode
/// ignores, where the generated code still compiles and runs). A method's fault with a summary makes it a throwing stub
/// that repeats the summary (<see cref="MethodSpec.Faults"/>); an interface's fault with a summary means no Client is
/// written at all (<see cref="InterfaceSpec.Faults"/>). The analyzer reports exactly the listed faults, so what is
/// emitted and what is reported can never disagree.
/// </summary>
internal sealed record Fault(string Id, EquatableArray<string> Arguments, FaultSite Site, string? Summary)
{
    /// <summary>
    /// Equal faults say the same thing; <see cref="Site"/> is left out on purpose: the generator never reads it (an edit
    /// above a stubbed method must not re-run the emitter), and the analyzer reports from a fresh parse.
    /// </summary>
    public bool Equals(Fault? other) =>
        other is not null && Id == other.Id && Arguments.Equals(other.Arguments) && Summary == other.Summary;

    public override int GetHashCode() => (Id, Summary).GetHashCode();

    /// <summary>The diagnostic for this fault, located in the source of <paramref name="owner"/> (the method or interface it is a fault of).</summary>
    public Diagnostic ToDiagnostic(Compilation compilation, ISymbol owner, CancellationToken cancellationToken) =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Site.Locate(compilation, owner, cancellationToken) ?? Location.None,
            Arguments.Select(a => (object?)a).ToArray());
}

/// <summary>
/// Where a <see cref="Fault"/> is, as plain values: a span of a syntax tree (from a location the parser already had), or,
/// for a span inside an attribute's string argument, the attribute's application span, the argument and the span in the
/// string's value — mapped back to the characters of the literal only by the analyzer (<see cref="Locate"/>), so the
/// generator never pays for locating inside literals.
/// </summary>
internal readonly record struct FaultSite(string Path, int Start, int Length, int Argument = -1, int ValueStart = 0, int ValueLength = 0)
{
    /// <summary>No location (the diagnostic is reported without one).</summary>
    public static FaultSite None => new("", -1, 0);

    public static FaultSite Of(Location? location) =>
        location is { IsInSource: true, SourceTree: { } tree } ? new(tree.FilePath, location.SourceSpan.Start, location.SourceSpan.Length) : None;

    /// <summary>
    /// A span of argument <paramref name="argument"/>'s string value (the whole argument when <paramref name="valueLength"/>
    /// is 0); cheap: the attribute's application span is stored, nothing is parsed.
    /// </summary>
    public static FaultSite InArgument(AttributeData attribute, int argument, int valueStart = 0, int valueLength = 0) =>
        attribute.ApplicationSyntaxReference is { } reference
            ? new(reference.SyntaxTree.FilePath, reference.Span.Start, reference.Span.Length, argument, valueStart, valueLength)
            : None;

    /// <summary>The method's return type, located by the analyzer (<see cref="SymbolText.ReturnTypeLocation"/>).</summary>
    public static FaultSite ReturnType => new("", 0, 0, Argument: -2);

    /// <summary>The whole attribute: its application span, stored by Roslyn, so nothing is parsed.</summary>
    public static FaultSite Attribute(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference is { } reference ? new(reference.SyntaxTree.FilePath, reference.Span.Start, reference.Span.Length) : None;

    /// <summary>The location, in the source of <paramref name="owner"/> (the method or interface the fault is of).</summary>
    public Location? Locate(Compilation compilation, ISymbol owner, CancellationToken cancellationToken)
    {
        if (Start < 0)
        {
            return null;
        }

        if (Argument == -2)
        {
            return owner is IMethodSymbol returning ? SymbolText.ReturnTypeLocation(returning, cancellationToken) : null;
        }

        if (Argument < 0)
        {
            var path = Path;
            var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path);
            return tree is null ? null : Location.Create(tree, new TextSpan(Start, Length));
        }

        // The attribute is the owner's; for a method also one of its parameters', or (a default it reads) its interface's.
        var attributes = owner is IMethodSymbol method
            ? method.GetAttributes().Concat(method.Parameters.SelectMany(p => p.GetAttributes())).Concat(method.ContainingType.GetAttributes())
            : owner.GetAttributes();
        foreach (var attribute in attributes)
        {
            if (attribute.ApplicationSyntaxReference is { } reference && reference.Span.Start == Start && reference.SyntaxTree.FilePath == Path)
            {
                return ValueLength > 0
                    ? AttributeArguments.Locator(attribute, Argument, cancellationToken).Locate(new TemplateSpan(ValueStart, ValueLength))
                    : AttributeArguments.Location(attribute, Argument, cancellationToken);
            }
        }

        return null;
    }
}

/// <summary>
/// The faults of one method (or, in <see cref="Parser"/>'s interface pass, of the interface itself), collected while the
/// parser classifies it.
/// </summary>
internal sealed class MethodFaults
{
    /// <summary>The faults; a list only once there is one (most methods have none, and are parsed on every keystroke).</summary>
    private List<Fault>? _list;

    public int Count => _list?.Count ?? 0;

    /// <summary>
    /// Whether a fault changes what is emitted: the method is then a stub (the interface: no Client is written).
    /// </summary>
    public bool Stubs => _list is not null && _list.Exists(static f => f.Summary is not null);

    /// <summary>Records a fault at a location the parser already has; a null <paramref name="summary"/> is a warning.</summary>
    public void Add(DiagnosticDescriptor descriptor, Location? location, string? summary, params object?[] arguments) =>
        Add(descriptor, FaultSite.Of(location), summary, arguments);

    public void Add(DiagnosticDescriptor descriptor, FaultSite site, string? summary, params object?[] arguments) =>
        (_list ??= new()).Add(new Fault(descriptor.Id, arguments.Select(Text).ToEquatableArray(), site, summary));

    public EquatableArray<Fault> ToArray() => _list is null ? EquatableArray<Fault>.Empty : _list.ToEquatableArray();

    private static string Text(object? argument) => argument switch
    {
        null => "",
        string text => text,
        System.IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument.ToString() ?? "",
    };
}
