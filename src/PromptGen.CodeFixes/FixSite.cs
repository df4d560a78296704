using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.CodeFixes;

/// <summary>Where a fix applies: the syntax a diagnostic is reported at.</summary>
internal static class FixSite
{
    /// <summary>The innermost <typeparamref name="T"/> around the start of <paramref name="diagnostic"/>'s span, or null.</summary>
    public static T? Enclosing<T>(SyntaxNode? root, Diagnostic diagnostic)
        where T : SyntaxNode =>
        root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<T>().FirstOrDefault();
}
