using System.Globalization;

namespace PromptGen.Generator.Clients;

/// <summary>Sampling settings from the method and interface attributes, and their ranges.</summary>
internal static partial class Parser
{
    private static SettingsSpec ReadSettings(AttributeSet interfaceLevel, AttributeSet methodLevel, ReturnKind kind, int? promptBudget)
    {
        if (promptBudget is null && !methodLevel.HasSettings)
        {
            // The interface's settings alone (most methods): one value per interface (and per stream or not, for
            // [Choices]), shared by its methods; the transform re-runs on every keystroke.
            var stream = StreamShapes.IsStream(kind);
            ref var inherited = ref stream ? ref interfaceLevel.InheritedStreamSettings : ref interfaceLevel.InheritedSettings;
            return inherited ??= Build(interfaceLevel, methodLevel, kind, null);
        }

        return Build(interfaceLevel, methodLevel, kind, promptBudget);
    }

    private static SettingsSpec Build(AttributeSet interfaceLevel, AttributeSet methodLevel, ReturnKind kind, int? promptBudget)
    {
        return new SettingsSpec(
            (methodLevel.Model ?? interfaceLevel.Model)?.Value,
            (methodLevel.Temperature ?? interfaceLevel.Temperature)?.Value,
            (methodLevel.TopP ?? interfaceLevel.TopP)?.Value,
            (methodLevel.MaxTokens ?? interfaceLevel.MaxTokens)?.Value,
            (methodLevel.Stop ?? interfaceLevel.Stop)?.Value.ToEquatableArray() ?? EquatableArray<string>.Empty,
            (methodLevel.FrequencyPenalty ?? interfaceLevel.FrequencyPenalty)?.Value,
            (methodLevel.PresencePenalty ?? interfaceLevel.PresencePenalty)?.Value,
            (methodLevel.Seed ?? interfaceLevel.Seed)?.Value,
            (methodLevel.Choices ?? InterfaceChoices(interfaceLevel, kind))?.Value,
            promptBudget);
    }

    /// <summary>
    /// The interface's <c>[Choices]</c> as a default for one method: a stream carries one reply, so streams ignore it,
    /// as they ignore the interface's <c>[Repair]</c> (one attribute, many methods: no error per method at one place);
    /// a method's own <c>[Choices]</c> on a stream is PG0017.
    /// </summary>
    internal static AttributeValue<int>? InterfaceChoices(AttributeSet interfaceLevel, ReturnKind kind) =>
        StreamShapes.IsStream(kind) ? null : interfaceLevel.Choices;

    /// <summary>PG0005 for the settings written on one level (the analyzer's <see cref="ReportingChecks"/> calls it).</summary>
    internal static void CheckRanges(AttributeSet attributes, DiagnosticSink sink)
    {
        CheckRange(attributes.Temperature, "Temperature", 0, 2, sink);
        CheckRange(attributes.TopP, "TopP", 0, 1, sink);
        CheckRange(attributes.FrequencyPenalty, "FrequencyPenalty", -2, 2, sink);
        CheckRange(attributes.PresencePenalty, "PresencePenalty", -2, 2, sink);
    }

    private static void CheckRange(AttributeValue<double>? setting, string name, double min, double max, DiagnosticSink sink)
    {
        if (setting is { } value && (double.IsNaN(value.Value) || value.Value < min || value.Value > max))
        {
            sink.Report(DiagnosticDescriptors.SettingOutOfRange, value.ArgumentLocation(), name,
                value.Value.ToString("R", CultureInfo.InvariantCulture),
                min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture));
        }
    }
}
