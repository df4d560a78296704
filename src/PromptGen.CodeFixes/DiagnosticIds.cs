namespace PromptGen.CodeFixes;

/// <summary>
/// The ids these fixes handle, as PromptGen's analyzer reports them (its descriptors are internal to the generator
/// assembly, which this one does not reference: a test checks that every id here is one the analyzer supports).
/// </summary>
internal static class DiagnosticIds
{
    public const string InterfaceNotPartial = "PG0001";
    public const string UnknownTemplateName = "PG0003";
    public const string UnknownMember = "PG0007";
    public const string ContainingTypeNotPartial = "PG0009";
    public const string NoCancellationToken = "PG0028";

    /// <summary>The diagnostic property that holds the suggested name (DiagnosticDescriptors.SuggestionProperty).</summary>
    public const string SuggestionProperty = "Suggestion";
}
