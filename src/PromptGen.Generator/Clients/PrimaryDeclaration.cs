using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Budget;

namespace PromptGen.Generator.Clients;

/// <summary>
/// Which interfaces are prompt interfaces, and which one attribute of each the generator parses it for.
/// </summary>
/// <remarks>
/// <para>
/// An interface is a prompt interface when it, one of its methods or one of their parameters carries any PromptGen
/// attribute that configures a prompt call (<see cref="Triggers"/>): <c>[PromptClient]</c> (optional, for its options),
/// the prompts (<c>[SystemPrompt]</c>, <c>[UserPrompt]</c>, <c>[FewShot]</c>) and every setting (<c>[Temperature]</c>,
/// <c>[Model]</c>, <c>[MaxPromptTokens]</c>, <c>[Repair]</c>, <c>[ImageDetail]</c>, <c>[ToolChoice]</c> …). So a method
/// whose only attribute is a setting is a prompt method: it is implemented (its one string parameter is the user message),
/// or it gets PG0006 saying to add <c>[UserPrompt]</c>. The attributes that are <em>not</em> triggers describe other
/// things: <c>[PromptTools]</c>, <c>[ToolName]</c> and <c>[RethrowToolExceptions]</c> a tools interface, <c>[PromptFake]</c>
/// an assembly. Types alone (an <c>ImageInput</c> parameter, a <c>ChatStream&lt;T&gt;</c> return) are not triggers: a
/// hand-written interface may use them too (a decorator over a generated client); one PromptGen attribute opts in.
/// </para>
/// <para>
/// The generator selects each trigger with <c>ForAttributeWithMetadataName</c>, so one interface is seen once per
/// trigger it holds. Only the <em>first trigger</em> parses it: the first of those attributes, on the interface before
/// its methods, on a method before its parameters, in declaration order. That gives one spec and one hint name per
/// interface, in every pipeline. The analyzer asks <see cref="IsPromptInterface"/>, the same rule.
/// </para>
/// </remarks>
internal static class PrimaryDeclaration
{
    /// <summary>Where an attribute makes its interface a prompt interface.</summary>
    [System.Flags]
    public enum Places
    {
        /// <summary>On the interface.</summary>
        Interface = 1,

        /// <summary>On a method of the interface.</summary>
        Method = 2,

        /// <summary>On a parameter of a method of the interface.</summary>
        Parameter = 4,
    }

    private const Places Settings = Places.Interface | Places.Method;

    /// <summary>Every attribute that makes an interface a prompt interface, and where it does so. The one list: the generator's pipelines and the analyzer read it.</summary>
    public static readonly (string MetadataName, Places Places)[] Triggers =
    {
        (KnownNames.PromptClientAttribute, Places.Interface),
        (KnownNames.SystemPromptAttribute, Settings),
        (KnownNames.UserPromptAttribute, Places.Method),
        (KnownNames.FewShotAttribute, Places.Method),
        (KnownNames.ModelAttribute, Settings),
        (KnownNames.TemperatureAttribute, Settings),
        (KnownNames.TopPAttribute, Settings),
        (KnownNames.MaxTokensAttribute, Settings),
        (KnownNames.StopAttribute, Settings),
        (KnownNames.FrequencyPenaltyAttribute, Settings),
        (KnownNames.PresencePenaltyAttribute, Settings),
        (KnownNames.SeedAttribute, Settings),
        (KnownNames.ChoicesAttribute, Settings),
        (TypedReplies.ResponseFormatAttribute, Settings),
        (TypedReplies.RepairAttribute, Settings),
        (PromptBudgets.AttributeName, Settings),
        (KnownNames.ImageDetailAttribute, Settings | Places.Parameter),
        (ToolNames.MaxToolRoundsAttribute, Settings),
        (ToolNames.ToolChoiceAttribute, Settings),
        (ToolNames.ParallelToolCallsAttribute, Settings),
        (ToolNames.SequentialToolCallsAttribute, Settings),
    };

    /// <summary>The attributes that make an interface a prompt interface when they sit on it.</summary>
    public static readonly HashSet<string> InterfaceTriggers = Where(Places.Interface);

    /// <summary>The attributes that make an interface a prompt interface when they sit on one of its methods.</summary>
    public static readonly HashSet<string> MethodTriggers = Where(Places.Method);

    /// <summary>The attributes that make an interface a prompt interface when they sit on a parameter of one of its methods.</summary>
    public static readonly HashSet<string> ParameterTriggers = Where(Places.Parameter);

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
            IParameterSymbol { ContainingSymbol: IMethodSymbol { ContainingType.TypeKind: TypeKind.Interface } method } => method.ContainingType,
            _ => null,
        };
        if (type is null || FirstTrigger(type) is not { } first || !FullNames.Is(first.AttributeClass, metadataName))
        {
            return null;
        }

        // The first trigger sits on the interface before its methods and on a method before its parameters, so the
        // target node holding it is the one the attribute was selected for.
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
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                continue;
            }

            if (First(method.GetAttributes(), MethodTriggers) is { } onMethod)
            {
                return onMethod;
            }

            foreach (var parameter in method.Parameters)
            {
                if (First(parameter.GetAttributes(), ParameterTriggers) is { } onParameter)
                {
                    return onParameter;
                }
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="attribute"/> is a trigger on a method (used to flag prompt attributes on a method with a body).</summary>
    public static bool IsMethodTrigger(AttributeData attribute) => FullNames.OfPromptGenType(attribute.AttributeClass) is { } name && MethodTriggers.Contains(name);

    private static HashSet<string> Where(Places place) =>
        new(Triggers.Where(t => (t.Places & place) != 0).Select(t => t.MetadataName), System.StringComparer.Ordinal);

    private static AttributeData? First(System.Collections.Immutable.ImmutableArray<AttributeData> attributes, HashSet<string> names)
    {
        foreach (var attribute in attributes)
        {
            if (FullNames.OfPromptGenType(attribute.AttributeClass) is { } name && names.Contains(name))
            {
                return attribute;
            }
        }

        return null;
    }
}
