using System.Globalization;

namespace PromptGen.Generator.Templates;

/// <summary>
/// A range of characters in a template, as <see cref="Start"/> and <see cref="Length"/> offsets into the template
/// string's <em>value</em> (not the C# source text; <see cref="LiteralSpanMap"/> maps one to the other).
/// </summary>
/// <param name="Start">Offset of the first character.</param>
/// <param name="Length">Number of characters; zero for a position between two characters.</param>
internal readonly record struct TemplateSpan(int Start, int Length)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    public static TemplateSpan FromBounds(int start, int end) => new(start, end - start);

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "[{0}..{1})", Start, End);
}
