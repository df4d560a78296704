using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Fakes;

/// <summary>
/// The prompt version of each method a fake implements: the value of the <c>{Method}PromptVersion</c> constant the
/// interface's generated Client holds, computed the same way (the Clients parser, reporting nothing) from the same
/// symbols, whether the interface is in this compilation or in a referenced assembly. A fake hands it to the results a
/// test sets up (<c>FakeMethod.PromptVersion</c>), so code that logs or caches by prompt version behaves under test as
/// in production. A method of an interface that is no prompt interface, or that the Client cannot implement, has none.
/// </summary>
/// <remarks>
/// One limit: a tool's description comes from its XML documentation, which a referenced assembly only carries when it
/// ships its documentation file; without it the fake's version of a method with tools differs from the Client's.
/// </remarks>
internal static class FakeVersions
{
    /// <summary>The versions of <paramref name="declaring"/>'s methods, keyed by the method's original definition.</summary>
    public static Dictionary<IMethodSymbol, string> Of(INamedTypeSymbol declaring, KnownTypes known, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        var definition = declaring.OriginalDefinition;
        if (!PrimaryDeclaration.IsPromptInterface(definition))
        {
            return versions;
        }

        var spec = Parser.Parse(definition, known, cancellationToken); // versions need no bound templates (TemplateStep.Versioned)
        var methods = definition.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m is { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false })
            .ToList();
        if (methods.Count != spec.Methods.Count)
        {
            return versions; // the parser failed (PG0099 in the application's build): no versions rather than wrong ones
        }

        for (var i = 0; i < methods.Count; i++)
        {
            var method = spec.Methods[i];
            if (method.Kind == ReturnKind.Unsupported)
            {
                continue;
            }

            // The tools' text as the Clients pipeline fills it from the ToolSets pipeline, read here from the same symbols.
            var tools = method.ToolSets.Count == 0 ? null : PromptVersion.ToolDefinitions(methods[i], cancellationToken);
            var version = TemplateStep.Versioned(method with { ToolDefinitions = tools }).PromptVersion;
            if (version.Length > 0)
            {
                versions[methods[i]] = version;
            }
        }

        return versions;
    }
}
