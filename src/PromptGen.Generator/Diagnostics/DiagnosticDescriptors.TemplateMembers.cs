using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Template members that exist but cannot be read (<see cref="Templates.MemberReading"/>), and attribute text the wire cannot carry as written (<see cref="WireTextChecks"/>).</summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor UnreadableMember = Create(
        "PG0083",
        "Template member cannot be read",
        "The template of '{0}' uses '{1}', but '{2}' cannot be read: {3}");

    public static readonly DiagnosticDescriptor UnsendableText = Create(
        "PG0084",
        "Attribute text cannot be sent as written",
        "The {0} of '{1}' contains {2}; {3}");
}
