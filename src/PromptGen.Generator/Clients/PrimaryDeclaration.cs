using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>
/// Which interfaces are prompt interfaces, and which one attribute of each the generator parses it for.
/// </summary>
/// <remarks>
/// An interface is a prompt interface when it carries <c>[PromptClient]</c> or <c>[SystemPrompt]</c>, or when one of
/// its methods carries <c>[UserPrompt]</c>, <c>[SystemPrompt]</c> or <c>[FewShot]</c>: the shape users describe needs no
/// marker. The generator selects each of those attributes with <c>ForAttributeWithMetadataName</c>, so one interface
/// is seen once per attribute (and once per part for a repeated <c>[PromptClient]</c>, which the compiler reports as
/// CS0579). Only the <em>first trigger</em> parses it: the first of those attributes, on the interface before its
/// methods, in declaration order. That gives one spec and one hint name per interface, in every pipeline.
/// </remarks>
internal static class PrimaryDeclaration
{
    /// <summary>The attributes that make an interface a prompt interface when they sit on it.</summary>
    public static readonly string[] InterfaceTriggers = { KnownNames.PromptClientAttribute, KnownNames.SystemPromptAttribute };

    /// <summary>The attributes that make an interface a prompt interface when they sit on one of its methods.</summary>
    public static readonly string[] MethodTriggers = { KnownNames.UserPromptAttribute, KnownNames.SystemPromptAttribute, KnownNames.FewShotAttribute };

    /// <summary>Whether <paramref name="type"/> is a prompt interface.</summary>
    public static bool IsPromptInterface(INamedTypeSymbol type) => FirstTrigger(type) is not null;

    /// <summary>
    /// The interface the attribute of <paramref name="context"/> makes a prompt interface, when this attribute is that
    /// interface's first trigger; otherwise null (another attribute, in this or another pipeline, parses it).
    /// </summary>
    public static INamedTypeSymbol? Primary(GeneratorAttributeSyntaxContext context, string metadataName)
    {
        var type = context.TargetSymbol switch
        {
            INamedTypeSymbol { TypeKind: TypeKind.Interface } named => named,
            IMethodSymbol { ContainingType.TypeKind: TypeKind.Interface } method => method.ContainingType,
            _ => null,
        };
        if (type is null || FirstTrigger(type) is not { } first || first.AttributeClass?.ToDisplayString() != metadataName)
        {
            return null;
        }

        var application = first.ApplicationSyntaxReference;
        return application is not null && application.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(application.Span)
            ? type
            : null;
    }

    /// <summary>The first attribute that makes <paramref name="type"/> a prompt interface, or null when none does.</summary>
    public static AttributeData? FirstTrigger(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface)
        {
            return null;
        }

        var own = First(type.GetAttributes(), InterfaceTriggers);
        if (own is not null)
        {
            return own;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && First(method.GetAttributes(), MethodTriggers) is { } onMethod)
            {
                return onMethod;
            }
        }

        return null;
    }

    private static AttributeData? First(IEnumerable<AttributeData> attributes, string[] names) =>
        attributes.FirstOrDefault(a => a.AttributeClass is { } c && names.Contains(c.ToDisplayString()));
}
