namespace PromptGen.Generator;

/// <summary>Names of the generator's pipeline steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Interfaces = nameof(Interfaces);
    public const string Specs = nameof(Specs);
    public const string FakeSpecs = nameof(FakeSpecs);
    public const string Fakes = nameof(Fakes);
    public const string HintNameClashes = nameof(HintNameClashes);
    public const string ToolSets = nameof(ToolSets);
}
