using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Finds the source of an attribute's constructor arguments (positional or named with <c>name:</c>).</summary>
internal static class AttributeArguments
{
    public static FullNames.Matches Of(ISymbol symbol, string metadataName) =>
        FullNames.Attributes(symbol, metadataName);

    /// <summary>Whether every constructor argument bound (no error types, the expected count).</summary>
    public static bool IsComplete(AttributeData attribute, int count) =>
        attribute.ConstructorArguments.Length == count && attribute.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error);

    public static Location? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    /// <summary>The expression passed for constructor parameter <paramref name="index"/>, when it is written out.</summary>
    public static ExpressionSyntax? Expression(AttributeData attribute, int index, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } list })
        {
            return null;
        }

        var parameters = attribute.AttributeConstructor?.Parameters;
        var name = parameters is { } p && index < p.Length ? p[index].Name : null;
        var positional = 0;
        foreach (var argument in list.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                continue;
            }

            if (argument.NameColon is { } colon)
            {
                if (colon.Name.Identifier.ValueText == name)
                {
                    return argument.Expression;
                }

                continue;
            }

            if (positional++ == index)
            {
                return argument.Expression;
            }
        }

        return null;
    }

    /// <summary>The location of argument <paramref name="index"/>, else of the whole attribute.</summary>
    public static Location? Location(AttributeData attribute, int index, CancellationToken cancellationToken) =>
        Expression(attribute, index, cancellationToken)?.GetLocation() ?? AttributeLocation(attribute, cancellationToken);

    /// <summary>Locates characters of a string argument's value inside its literal (or the whole argument).</summary>
    public static TemplateLocator Locator(AttributeData attribute, int index, CancellationToken cancellationToken)
    {
        var expression = Expression(attribute, index, cancellationToken);
        return new TemplateLocator(expression, expression?.GetLocation() ?? AttributeLocation(attribute, cancellationToken));
    }
}
