using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Checks of the request settings on one interface or method (PG0005 for n, PG0019, PG0020, PG0021, PG0022, PG0038,
/// PG0039, PG0074), and of the settings that do not fit a method's reply or each other (<see cref="Reply"/>: PG0040, PG0041).
/// </summary>
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
                else if (Redundant(stop.Value, i) is { } why)
                {
                    sink.Report(DiagnosticDescriptors.RedundantStopSequence, stop.ArgumentLocation(i), why);
                }
            }
        }

        // Several choices sampled with no randomness left are one reply n times: say so where the later of the two is written.
        var asked = level.Choices ?? outer?.Choices;
        var temperatureZero = (level.Temperature ?? outer?.Temperature) is { Value: 0 };
        var topPZero = (level.TopP ?? outer?.TopP) is { Value: 0 };
        if (asked is { Value: > 1 and <= 128 } && (temperatureZero || topPZero))
        {
            var zero = temperatureZero ? "Temperature" : "TopP";
            var where = level.Choices?.ArgumentLocation() ?? (temperatureZero ? level.Temperature : level.TopP)?.ArgumentLocation();
            if (level.Choices is not null || (temperatureZero ? level.Temperature : level.TopP) is not null)
            {
                sink.Report(DiagnosticDescriptors.IdenticalChoices, where, Subject(symbol), asked.Value.ToString(CultureInfo.InvariantCulture), zero);
            }
        }

        // The API advises altering temperature or top_p, not both: say so once, where the second one is written.
        var temperature = level.Temperature ?? outer?.Temperature;
        var topP = level.TopP ?? outer?.TopP;
        if (temperature is not null && topP is not null && (level.Temperature is not null || level.TopP is not null))
        {
            var where = (level.TopP ?? level.Temperature)!;
            var what = Subject(symbol);
            if (outer is not null && (level.Temperature is null || level.TopP is null))
            {
                what += " (with its interface)";
            }

            sink.Report(DiagnosticDescriptors.TemperatureAndTopP, where.ArgumentLocation(), what);
        }
    }

    private static string Subject(ISymbol symbol) => symbol is INamedTypeSymbol ? "Interface '" + symbol.Name + "'" : "Method '" + symbol.Name + "'";

    /// <summary>
    /// Why stop sequence <paramref name="index"/> can never end a reply: an earlier one is the same text, or another one is
    /// part of it (the reply stops where that one appears, which is no later than where this one would); null when it can.
    /// </summary>
    private static string? Redundant(IReadOnlyList<string> sequences, int index)
    {
        var text = sequences[index];
        for (var i = 0; i < sequences.Count; i++)
        {
            var other = sequences[i];
            if (i == index || other.Length == 0)
            {
                continue;
            }

            if (other == text && i < index)
            {
                return "[Stop] lists " + SymbolText.Literal(text) + " twice";
            }

            if (other.Length < text.Length && text.IndexOf(other, StringComparison.Ordinal) >= 0)
            {
                return "The stop sequence " + SymbolText.Literal(text) + " contains " + SymbolText.Literal(other) + ", where the reply stops first";
            }
        }

        return null;
    }

    /// <summary>
    /// The settings of <paramref name="method"/> that do not fit its reply (<paramref name="kind"/>, whose type is
    /// <paramref name="returnType"/>) or repeat: a [Stop] on a method whose reply is JSON (PG0040), a [FewShot] example
    /// that repeats an earlier one or answers its user message differently (PG0041).
    /// </summary>
    /// <param name="reply">The JSON reply's spec (null for text): two replies are compared as sent (<see cref="FewShotWire.Sent"/>), so <c>3</c> and <c>{"value":3}</c> are one reply.</param>
    public static void Reply(IMethodSymbol method, ReturnKind kind, JsonReplySpec? reply, AttributeSet methodLevel, AttributeSet interfaceLevel, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        if (kind is ReturnKind.Json or ReturnKind.JsonResult or ReturnKind.JsonChoices or ReturnKind.StreamItems or ReturnKind.StreamPartials
            && (methodLevel.Stop ?? interfaceLevel.Stop) is { Value.Count: > 0 } stop)
        {
            // Where the [Stop] sits decides the fix: a method cannot drop its interface's [Stop] (an empty one is PG0021).
            var fix = methodLevel.Stop is not null
                ? $"remove [Stop] from '{method.Name}' (or reply in text and read it)"
                : $"move [Stop] from interface '{method.ContainingType.Name}' to the methods that reply in text (a method cannot drop its interface's [Stop])";
            sink.Report(DiagnosticDescriptors.StopCutsJson, stop.ArgumentLocation(cancellationToken), method.Name, DisplayNames.Of(method.ReturnType), fix);
        }

        var seen = new List<(string User, string Assistant, string Written)>();
        foreach (var attribute in AttributeArguments.Of(method, KnownNames.FewShotAttribute))
        {
            if (!AttributeArguments.IsComplete(attribute, 2)
                || attribute.ConstructorArguments[0].Value is not string user || attribute.ConstructorArguments[1].Value is not string assistant
                || string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(assistant))
            {
                continue; // PG0025 reports an empty side
            }

            var written = assistant;
            if (reply is not null)
            {
                assistant = FewShotWire.Sent(assistant, kind == ReturnKind.StreamItems, reply.Wrapped); // as the model reads it
            }

            var ordinal = seen.FindIndex(example => example.User == user);
            if (ordinal >= 0)
            {
                var why = seen[ordinal].Assistant == assistant
                    ? "repeats example " + (ordinal + 1).ToString(CultureInfo.InvariantCulture)
                        + (seen[ordinal].Written == written ? " (the same user message and reply)" : " (the same user message, and a reply sent the same: " + assistant + ")")
                        + ", which the model reads twice on every call"
                    : "gives the user message of example " + (ordinal + 1).ToString(CultureInfo.InvariantCulture)
                        + " another reply, so the model is shown two answers to one question";
                sink.Report(DiagnosticDescriptors.RepeatedFewShot, AttributeArguments.AttributeLocation(attribute, cancellationToken), method.Name, why);
            }

            seen.Add((user, assistant, written));
        }
    }
}
