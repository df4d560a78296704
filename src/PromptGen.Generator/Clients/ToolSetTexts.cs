using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Tools;

namespace PromptGen.Generator.Clients;

/// <summary>
/// One <c>[PromptTools]</c> parameter's tools as the prompt version hashes them. A tools interface declared in this
/// compilation is only named (<paramref name="InterfaceFullName"/>): the ToolSets pipeline parses it anyway, and
/// <see cref="ToolSetTexts.Fill"/> takes its text from there in a later step. One the ToolSets pipeline does not see
/// (from a referenced assembly, a constructed generic, a <c>file</c> type) carries its <paramref name="Text"/>, read in
/// the transform as before.
/// </summary>
internal sealed record ToolSetRef(string? InterfaceFullName, string? Text);

/// <summary>The text of one tools interface (<see cref="PromptVersion.ToolSetText"/>), keyed by its full name: what the Clients pipelines combine with.</summary>
internal sealed record ToolSetText(string InterfaceFullName, string Text);

/// <summary>
/// The tool definitions of a prompt method's version (<see cref="MethodSpec.ToolDefinitions"/>) without parsing a tools
/// interface inside every Clients transform: the transform names the sets (<see cref="Refs"/>), a step after it fills the
/// text from the ToolSets pipeline's value-equal <see cref="ToolSetSpec"/>s (<see cref="Index"/>, <see cref="Fill"/>),
/// so the text, and the version, are byte-for-byte what <see cref="PromptVersion.ToolDefinitions"/> computes from the symbols.
/// </summary>
internal static class ToolSetTexts
{
    /// <summary>In the transform: one reference per <c>[PromptTools]</c> parameter, in order (empty without one).</summary>
    public static EquatableArray<ToolSetRef> Refs(IMethodSymbol method, CancellationToken cancellationToken)
    {
        List<ToolSetRef>? refs = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || !ToolNames.IsToolsInterface(parameter.Type))
            {
                continue;
            }

            var type = (INamedTypeSymbol)parameter.Type;
            (refs ??= new List<ToolSetRef>()).Add(SeenByToolSets(type)
                ? new ToolSetRef(type.ToDisplayString(SymbolText.PlainTypeFormat), null)
                : new ToolSetRef(null, PromptVersion.ToolSetText(ToolParser.Parse(type, DiagnosticSink.None, cancellationToken))));
        }

        return refs?.ToEquatableArray() ?? EquatableArray<ToolSetRef>.Empty;
    }

    /// <summary>The texts of every tools interface the ToolSets pipeline parsed, by full name (the first of a name wins).</summary>
    public static EquatableArray<ToolSetText> Index(IEnumerable<ToolSetSpec> sets)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        return sets.Where(set => seen.Add(set.InterfaceFullName)).Select(set => new ToolSetText(set.InterfaceFullName, PromptVersion.ToolSetText(set)))
            .OrderBy(text => text.InterfaceFullName, System.StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>
    /// The interface with <see cref="MethodSpec.ToolDefinitions"/> filled for each method with tools parameters; an
    /// interface without any is returned as it is. A named set the index lacks (it cannot happen: a source interface
    /// marked <c>[PromptTools]</c> is always the ToolSets pipeline's) hashes as its name, so the version still changes with it.
    /// </summary>
    public static InterfaceSpec Fill(InterfaceSpec spec, EquatableArray<ToolSetText> index)
    {
        if (spec.Methods.All(m => m.ToolSets.Count == 0))
        {
            return spec;
        }

        return spec with { Methods = spec.Methods.Select(m => m.ToolSets.Count == 0 ? m : m with { ToolDefinitions = Definitions(m.ToolSets, index) }).ToEquatableArray() };
    }

    private static string Definitions(EquatableArray<ToolSetRef> refs, EquatableArray<ToolSetText> index)
    {
        var text = new StringBuilder();
        foreach (var set in refs)
        {
            text.Append(set.Text
                ?? index.FirstOrDefault(t => t.InterfaceFullName == set.InterfaceFullName)?.Text
                ?? "tools.interface:" + set.InterfaceFullName + "\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether the ToolSets pipeline (<c>ForAttributeWithMetadataName</c> on interface declarations) parses exactly this
    /// symbol: declared in source, not a constructed generic, not visible in one file only (two <c>file</c> interfaces may share a name).
    /// </summary>
    private static bool SeenByToolSets(INamedTypeSymbol type)
    {
        if (!SymbolEqualityComparer.Default.Equals(type, type.OriginalDefinition) || type.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return false;
            }
        }

        return true;
    }
}
