namespace PromptGen.Generator.Templates;

/// <summary>A syntax error in a template: what is wrong and how to fix it, at the exact characters it is about.</summary>
/// <remarks>
/// Messages are complete sentences without a trailing period, so that a diagnostic can use them as its whole message
/// (<c>"{0}"</c>). Spans are offsets into the template's value, like every other span in this folder.
/// </remarks>
internal sealed record TemplateError(string Message, TemplateSpan Span)
{
    public override string ToString() => Span + ": " + Message;
}
