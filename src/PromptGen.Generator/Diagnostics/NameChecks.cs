using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Attribute strings that name something and cannot work empty: a <c>[Model]</c> that is empty, blank or null would
/// silently send the client's default model (PG0038). (Empty or blank prompts are PG0024, an empty few-shot side PG0025,
/// an empty stop sequence PG0021, an empty, blank or null tool name PG0065, a null <c>[ToolChoice]</c> function PG0068.)
/// </summary>
internal static class NameChecks
{
    /// <summary>Checks the names written on one level (the interface's or a method's own attributes).</summary>
    public static void Check(ISymbol symbol, AttributeSet level, DiagnosticSink sink)
    {
        if (level.Model is { } model && string.IsNullOrWhiteSpace(model.Value))
        {
            sink.Report(DiagnosticDescriptors.EmptyModelName, model.ArgumentLocation(), symbol.Name);
        }

        WireTextChecks.Check(symbol, level, sink); // PG0084: a control character in [Model], a lone surrogate in [Model] or [Stop]
    }
}
