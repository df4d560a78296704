namespace PromptGen.Tests.Templates;

/// <summary>Test data that marks the expected diagnostic span with ⟦ ⟧: the text without the marks, and the marked part.</summary>
internal static class Marked
{
    public static (string Text, string Located) Split(string marked)
    {
        var start = marked.IndexOf('⟦');
        var end = marked.IndexOf('⟧');
        Xunit.Assert.True(start >= 0 && end > start, "The test text must mark the span with ⟦ ⟧");
        return (marked.Replace("⟦", "").Replace("⟧", ""), marked.Substring(start + 1, end - start - 1));
    }
}
