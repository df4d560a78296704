using System.Globalization;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// PG0045: a method's own <c>[Repair]</c> where nothing is ever repaired, outside streams (those are PG0080): a text reply
/// (<c>Task&lt;string&gt;</c>, <c>Task&lt;ChatResult&lt;string&gt;&gt;</c>, its choices), which has no schema to check,
/// and a JSON method with several choices (<c>[Choices(n)]</c>), whose choices are each checked and never repaired.
/// The reply format then allows no retries, so the generated field says what happens. An interface's <c>[Repair]</c>
/// is a default for the methods that can repair and is ignored by the others without a warning, as for streams.
/// </summary>
internal static class RepairChecks
{
    public static void Check(IMethodSymbol method, ReturnKind kind, int? choices, ref JsonReplySpec? reply, MethodFaults faults)
    {
        var several = kind == ReturnKind.JsonChoices && choices > 1;
        if (several && reply is { MaxRetries: > 0 })
        {
            reply = reply with { MaxRetries = 0 };
        }

        var text = kind is ReturnKind.Text or ReturnKind.TextResult or ReturnKind.TextChoices;
        if ((!text && !several) || FullNames.Attribute(method, TypedReplies.RepairAttribute) is not { } repair)
        {
            return;
        }

        var returns = StreamShapes.Display(method.ReturnType);
        var (why, instead) = text
            ? ($"returns text ('{returns}'), which has no schema to check a reply against", "")
            : ($"asks for {choices!.Value.ToString(CultureInfo.InvariantCulture)} choices ('{returns}'), which are each checked and never repaired",
                ", or remove [Choices] and return one value to have its reply checked and repaired");
        faults.Add(DiagnosticDescriptors.RepairHasNoEffect, FaultSite.Attribute(repair), null, method.Name, why, instead); // a warning
    }
}
