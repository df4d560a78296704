using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Template members that exist but cannot be read (<see cref="Templates.MemberReading"/>).</summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor UnreadableMember = Create(
        "PG0083",
        "Template member cannot be read",
        "The template of '{0}' uses '{1}', but '{2}' cannot be read: {3}");
}
