using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Tools;

/// <summary>
/// The JsonContext a <c>[PromptTools(JsonContext = typeof(…))]</c> interface names, while its tools are parsed (never part
/// of a pipeline model). Reports PG0057 when the named type cannot be used (not a JsonSerializerContext, or out of the
/// generated dispatcher's reach), and PG0056 when a parameter or result type read through it is not registered — both
/// would otherwise fail at run time or fall back to reflection silently.
/// </summary>
internal sealed class ToolContext
{
    private const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";

    private ToolContext(INamedTypeSymbol symbol)
    {
        Symbol = symbol;
        Name = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        Types = new Json.ContextTypes(symbol);
    }

    /// <summary>The types the context serves: registered, or reached from a registered one.</summary>
    public Json.ContextTypes Types { get; }

    /// <summary>The context class.</summary>
    public INamedTypeSymbol Symbol { get; }

    /// <summary>Its global::-qualified name, as the dispatcher writes it.</summary>
    public string Name { get; }

    /// <summary>
    /// The System.Text.Json options the tools of <paramref name="type"/> are read with: its context's, or PromptGen's
    /// reflection options when it names none or one that cannot be used (PG0057, then <paramref name="context"/> is null
    /// and the dispatcher still compiles).
    /// </summary>
    public static Json.JsonContractOptions Options(INamedTypeSymbol type, DiagnosticSink sink, CancellationToken cancellationToken, out ToolContext? context)
    {
        context = null;
        var attribute = ToolNames.Find(type, ToolNames.PromptToolsAttribute);
        var argument = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "JsonContext");
        if (attribute is null || argument is not { Key: not null } named)
        {
            return Json.JsonContractOptions.Reflection;
        }

        var symbol = named.Value.Value as INamedTypeSymbol;
        string? why = null;
        if (symbol is null || !DerivesFrom(symbol, JsonSerializerContext))
        {
            why = "it is not a JsonSerializerContext; name a partial class deriving from JsonSerializerContext with [JsonSerializable] for each parameter and result type";
        }
        else if (WhyUnreachable(symbol) is { } unreachable)
        {
            why = unreachable;
        }

        if (why is not null)
        {
            sink.Report(DiagnosticDescriptors.ToolsContextUnusable, JsonContextLocation(attribute, cancellationToken) ?? type.Locations.FirstOrDefault(),
                (symbol is ITypeSymbol shown ? DisplayNames.Of(shown) : symbol?.ToDisplayString()) ?? "null", type.Name, why);
            return Json.JsonContractOptions.Reflection;
        }

        context = new ToolContext(symbol!);
        return Json.JsonContractOptions.OfContext(symbol!);
    }

    /// <summary>
    /// Reports PG0056 when <paramref name="type"/> is read or written through <paramref name="context"/> (its
    /// <paramref name="info"/> expression names the context) and the context does not serve it: neither a
    /// <c>[JsonSerializable(typeof(type))]</c> nor a type System.Text.Json reaches from one (<see cref="Json.ContextTypes"/>).
    /// </summary>
    /// <param name="what">The start of the message: "parameter 'city' of tool 'GetWeather' is".</param>
    public static void CheckRegistered(ToolContext? context, ITypeSymbol type, string info, Location? location, string what, DiagnosticSink sink)
    {
        if (context is null || !info.Contains(context.Name + ".Default"))
        {
            return;
        }

        var plain = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (!context.Types.Serves(plain))
        {
            sink.Report(DiagnosticDescriptors.ToolTypeNotInContext, location, what, DisplayNames.Of(plain), context.Symbol.Name);
        }
    }

    /// <summary>Why a class in the tools interface's namespace cannot name <paramref name="context"/>, or null.</summary>
    private static string? WhyUnreachable(INamedTypeSymbol context)
    {
        for (var current = context; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return $"'{current.Name}' is file-local, so the generated dispatcher cannot name it; remove 'file'";
            }

            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return $"'{current.Name}' is {(current.DeclaredAccessibility == Accessibility.Private ? "private" : current.DeclaredAccessibility == Accessibility.Protected ? "protected" : "private protected")}, so the generated dispatcher cannot name it; make it internal or public";
            }
        }

        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }

    private static Location? JsonContextLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax
            ? syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "JsonContext")?.Expression.GetLocation() ?? syntax.GetLocation()
            : null;
}
