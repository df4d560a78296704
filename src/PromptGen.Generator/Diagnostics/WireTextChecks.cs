using System.Globalization;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Diagnostics;

/// <summary>
/// Attribute strings sent on the wire that cannot be sent as written (PG0084). Decided per field:
/// <list type="bullet">
/// <item><c>[Model]</c>: no control character (a line feed, a tab, U+007F…) and no lone surrogate — a model name is an
/// identifier such as <c>gpt-4o-mini</c>; <c>"gpt\n4"</c> names no model and the server's "model not found" would come
/// only at run time.</item>
/// <item><c>[Stop]</c>: no lone surrogate. Control characters are right there (<c>"\n"</c> is the most common stop).</item>
/// <item>Templates (<c>[SystemPrompt]</c>, <c>[UserPrompt]</c>): no lone surrogate, reported by the template parser at the
/// character. Line breaks and tabs are prompt text.</item>
/// </list>
/// A lone surrogate (half of a UTF-16 pair without its other half) has no UTF-8 form: System.Text.Json writes it as
/// U+FFFD, so the model would read a replacement character the declaration never meant.
/// </summary>
internal static class WireTextChecks
{
    /// <summary>Checks the texts written on one level (the interface's or a method's own attributes).</summary>
    public static void Check(ISymbol symbol, AttributeSet level, DiagnosticSink sink)
    {
        // A blank [Model] ("\t") is PG0038's: one fault, one diagnostic.
        if (level.Model is { Value: { } model } modelAttribute && !string.IsNullOrWhiteSpace(model) && FirstBad(model, controls: true) is { } bad)
        {
            sink.Report(DiagnosticDescriptors.UnsendableText, modelAttribute.ArgumentLocation(), "[Model]", symbol.Name, Describe(model, bad),
                char.IsSurrogate(model[bad]) ? LoneSurrogateAdvice : "no model name has one; write the name alone, as in [Model(\"gpt-4o-mini\")]");
        }

        if (level.Stop is { } stop)
        {
            for (var i = 0; i < stop.Value.Count; i++)
            {
                if (FirstBad(stop.Value[i], controls: false) is { } lone)
                {
                    sink.Report(DiagnosticDescriptors.UnsendableText, stop.ArgumentLocation(i), "[Stop]", symbol.Name, Describe(stop.Value[i], lone), LoneSurrogateAdvice);
                }
            }
        }
    }

    /// <summary>What to do about a lone surrogate, for every field.</summary>
    internal const string LoneSurrogateAdvice = "it has no UTF-8 form, so it would be sent as U+FFFD; write the whole character (both halves, as in \\uD83D\\uDE00), or remove it";

    /// <summary>The index of the first lone surrogate in <paramref name="text"/> (and, with <paramref name="controls"/>, control character), or null.</summary>
    internal static int? FirstBad(string text, bool controls)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (controls && char.IsControl(c)))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>"a lone surrogate (U+D800)", "a control character (U+000A)".</summary>
    internal static string Describe(string text, int index) =>
        (char.IsSurrogate(text[index]) ? "a lone surrogate" : "a control character") + " (U+" + ((int)text[index]).ToString("X4", CultureInfo.InvariantCulture) + ")";
}
