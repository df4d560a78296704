using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>What PG0012 tells the developer to do about a member PromptGen cannot implement (its message's <c>{2}</c>).</summary>
internal static class UnsupportedMemberAdvice
{
    /// <summary>For a member of the interface itself or of an interface that is not a prompt interface: keep it out of the prompt interface.</summary>
    public const string MoveMember = "a prompt interface may declare only its own prompt methods: move the member to a separate interface";

    /// <summary>
    /// The advice for <paramref name="member"/>: when it comes from another prompt interface, that interface already is a
    /// separate one with its own Client, so the fix is not to inherit it; otherwise <see cref="MoveMember"/>.
    /// </summary>
    public static string For(ISymbol member, string? inheritedFrom) =>
        inheritedFrom is not null && PrimaryDeclaration.IsPromptInterface(member.ContainingType.OriginalDefinition)
            ? $"'{inheritedFrom}' is itself a prompt interface, and one prompt interface cannot inherit another: remove it from the base list so that each keeps its own generated Client, and where one object must offer both, compose the two clients in a class of your own"
            : MoveMember;
}
