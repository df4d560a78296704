using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptGen.Generator.Shared;

namespace PromptGen.Generator.Tools;

/// <summary>Names and attribute look-ups shared by the tools parser and the prompt-method side.</summary>
internal static class ToolNames
{
    public const string PromptToolsAttribute = "PromptGen.PromptToolsAttribute";
    public const string ToolNameAttribute = "PromptGen.ToolNameAttribute";
    public const string RethrowToolExceptionsAttribute = "PromptGen.RethrowToolExceptionsAttribute";
    public const string MaxToolRoundsAttribute = "PromptGen.MaxToolRoundsAttribute";
    public const string ToolChoiceAttribute = "PromptGen.ToolChoiceAttribute";
    public const string ParallelToolCallsAttribute = "PromptGen.ParallelToolCallsAttribute";
    public const string SequentialToolCallsAttribute = "PromptGen.SequentialToolCallsAttribute";
    public const int MaxNameLength = 64;

    /// <summary>Whether <paramref name="type"/> is an interface marked <c>[PromptTools]</c>.</summary>
    public static bool IsToolsInterface(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Interface } named && Find(named.OriginalDefinition, PromptToolsAttribute) is not null;

    /// <summary>The dispatcher's class name: <c>IWeatherTools</c> → <c>WeatherToolsDispatcher</c>; a nested interface is prefixed with its containing types' names.</summary>
    public static string DispatcherName(INamedTypeSymbol type)
    {
        var name = type.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name.Substring(1);
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.Name + name;
        }

        return name + "Dispatcher";
    }

    /// <summary>The dispatcher's global::-qualified name.</summary>
    public static string DispatcherFullName(INamedTypeSymbol type) =>
        "global::" + (type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." : "") + DispatcherName(type);

    /// <summary>The function name: [ToolName], else the method name without <c>Async</c> in snake_case (<c>GetWeatherAsync</c> → <c>get_weather</c>).</summary>
    public static string FunctionName(IMethodSymbol method)
    {
        if (Find(method, ToolNameAttribute)?.ConstructorArguments is { Length: 1 } arguments && arguments[0].Kind != TypedConstantKind.Error)
        {
            return arguments[0].Value as string ?? ""; // [ToolName(null!)] is no name: PG0065 says it is empty
        }

        var name = method.Name;
        if (name.Length > 5 && name.EndsWith("Async", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - 5);
        }

        return Json.Names.Apply(Json.NamingPolicy.SnakeCaseLower, name);
    }

    /// <summary>Why a function name is invalid for the API (<c>^[a-zA-Z0-9_-]{1,64}$</c>), or null.</summary>
    public static string? WhyInvalid(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"it has {name.Length} characters, more than {MaxNameLength}";
        }

        var bad = name.FirstOrDefault(c => !(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-'));
        return bad == default(char) ? null : $"it contains '{bad}'";
    }

    public static AttributeData? Find(ISymbol symbol, string name) => FullNames.Attribute(symbol, name);

    /// <summary>The location of an attribute's first argument, else the attribute.</summary>
    public static Location? ArgumentLocation(AttributeData attribute, CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        return syntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression.GetLocation() ?? syntax?.GetLocation();
    }
}
