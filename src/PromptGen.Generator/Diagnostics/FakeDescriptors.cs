using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

// The fakes generator's diagnostics (PG0034–PG0035), beside the others so that All reads them too.
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor FakeNeedsInterface = Create(
        "PG0034",
        "[PromptFake] needs an interface",
        "[PromptFake] names '{0}', which is {1}, so no fake is generated; name the interface to fake, for example typeof(ITutor)");

    public static readonly DiagnosticDescriptor CannotFake = Create(
        "PG0035",
        "Interface cannot be faked",
        "No fake of '{0}' is generated: {1}");
}
