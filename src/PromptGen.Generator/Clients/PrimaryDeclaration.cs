using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Clients;

/// <summary>
/// A partial interface can carry [PromptClient] on more than one of its parts (an error the compiler reports as
/// CS0579); ForAttributeWithMetadataName then yields it once per part. Only the part holding the first
/// [PromptClient] is parsed, so one interface gives one spec and one hint name.
/// </summary>
internal static class PrimaryDeclaration
{
    public static bool Is(GeneratorAttributeSyntaxContext context)
    {
        var first = context.TargetSymbol.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.PromptClientAttribute)?.ApplicationSyntaxReference;
        return first is null
            || (first.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(first.Span));
    }
}
