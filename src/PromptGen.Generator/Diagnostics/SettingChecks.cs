using System.Globalization;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>Checks of the request settings on one interface or method (PG0005 for n, PG0019, PG0020, PG0021, PG0022, PG0038).</summary>
internal static class SettingChecks
{
    /// <summary>Checks the settings written on one level; <paramref name="outer"/> is the interface's when checking a method.</summary>
    public static void Check(ISymbol symbol, AttributeSet level, AttributeSet? outer, DiagnosticSink sink)
    {
        NameChecks.Check(symbol, level, sink); // PG0038: an empty [Model]

        if (level.MaxTokens is { Value: <= 0 } maxTokens)
        {
            sink.Report(DiagnosticDescriptors.MaxTokensNotPositive, maxTokens.ArgumentLocation(), maxTokens.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (level.Choices is { Value: < 1 or > 128 } choices)
        {
            sink.Report(DiagnosticDescriptors.SettingOutOfRange, choices.ArgumentLocation(), "Choices",
                choices.Value.ToString(CultureInfo.InvariantCulture), "1 to 128");
        }

        if (level.Stop is { } stop)
        {
            if (stop.Value.Count > 4)
            {
                sink.Report(DiagnosticDescriptors.TooManyStopSequences, stop.ArgumentLocation(4), stop.Value.Count.ToString(CultureInfo.InvariantCulture));
            }

            if (stop.Value.Count == 0)
            {
                sink.Report(DiagnosticDescriptors.EmptyStopSequence, stop.ArgumentLocation(), "[Stop] has no sequences, so nothing would be sent"); // [Stop()] or [Stop(null!)]
            }

            for (var i = 0; i < stop.Value.Count; i++)
            {
                if (stop.Value[i].Length == 0)
                {
                    sink.Report(DiagnosticDescriptors.EmptyStopSequence, stop.ArgumentLocation(i), "A stop sequence is empty; the API rejects it");
                }
            }
        }

        // The API advises altering temperature or top_p, not both: say so once, where the second one is written.
        var temperature = level.Temperature ?? outer?.Temperature;
        var topP = level.TopP ?? outer?.TopP;
        if (temperature is not null && topP is not null && (level.Temperature is not null || level.TopP is not null))
        {
            var where = (level.TopP ?? level.Temperature)!;
            var what = symbol is INamedTypeSymbol ? "Interface '" + symbol.Name + "'" : "Method '" + symbol.Name + "'";
            if (outer is not null && (level.Temperature is null || level.TopP is null))
            {
                what += " (with its interface)";
            }

            sink.Report(DiagnosticDescriptors.TemperatureAndTopP, where.ArgumentLocation(), what);
        }
    }
}
