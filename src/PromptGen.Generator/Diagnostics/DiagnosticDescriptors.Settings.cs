using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Settings that are valid one by one but cannot work as written together (<see cref="SettingChecks"/>).</summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor RedundantStopSequence = Create(
        "PG0039",
        "Redundant stop sequence",
        "{0}, so it never ends a reply and takes one of the four places the API allows; remove it",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StopCutsJson = Create(
        "PG0040",
        "Stop sequence can cut a JSON reply",
        "'{0}' replies in JSON ('{1}'), but the server ends the reply where a [Stop] sequence first appears, inside a JSON string too, and reports it as a complete reply, so the JSON arrives cut and cannot be read; {2}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RepeatedFewShot = Create(
        "PG0041",
        "Repeated few-shot example",
        "This [FewShot] example of '{0}' {1}; remove it",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor IdenticalChoices = Create(
        "PG0074",
        "Several choices that are all the same",
        "{0} asks for {1} choices with {2} 0, which leaves the model one token to pick at each step, so every choice is the same reply and the extra ones are paid for nothing; raise {2} above 0, or ask for one choice",
        DiagnosticSeverity.Warning);
}
