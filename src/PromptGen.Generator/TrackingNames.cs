namespace PromptGen.Generator;

/// <summary>Names of the generator's pipeline steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>The <c>ForAttributeWithMetadataName</c> transform: <see cref="Parser.Parse"/>, the only step that reads symbols (null for a non-primary attribute).</summary>
    public const string Specs = nameof(Specs);

    /// <summary>The parsed interfaces (templates not yet bound).</summary>
    public const string Interfaces = nameof(Interfaces);

    /// <summary>The parsed interfaces with their methods' tool definitions filled from <see cref="ToolTexts"/> (<see cref="ToolSetTexts.Fill"/>).</summary>
    public const string Tooled = nameof(Tooled);

    /// <summary>The text every <c>[PromptTools]</c> interface's tools add to a prompt version, from the <see cref="ToolSets"/> specs (<see cref="ToolSetTexts.Index"/>).</summary>
    public const string ToolTexts = nameof(ToolTexts);

    /// <summary><see cref="TemplateStep.Bind"/>: templates parsed and bound, on plain values; what the output step emits.</summary>
    public const string Bound = nameof(Bound);
    public const string FakeSpecs = nameof(FakeSpecs);
    public const string Fakes = nameof(Fakes);
    public const string HintNameClashes = nameof(HintNameClashes);
    public const string ToolSets = nameof(ToolSets);
}
