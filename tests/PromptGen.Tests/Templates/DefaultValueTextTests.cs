using System.Reflection;
using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Review 11 §5: <c>char sep = '\0'</c> inserted by a template sent a raw NUL in the prompt whenever the argument was left
/// out. The generated code cannot tell the default from a NUL passed on purpose, so every control character (but tab,
/// line feed, carriage return) in a char or string default that reaches the prompt — inserted by a template, piped, looped
/// over, or sent as the user message — is PG0046 at the default value; one that no prompt inserts is not.
/// </summary>
public class DefaultValueTextTests
{
    private const string Fix = "declare 'char? sep = null' (a template inserts nothing for null), or give it a printable default";

    private const string TextFix = "remove it from the default (\"\" and null insert nothing), or pass it only when it is meant to be sent";

    [Theory]
    [InlineData("[UserPrompt(\"Join with {{ sep }}\")] Task<string> AskAsync(char sep = ⟦'\\0'⟧);", "'sep'", "'\\0'", "U+0000", Fix)]
    [InlineData("[UserPrompt(\"Join with {{ sep | string.upcase }}\")] Task<string> AskAsync(char sep = ⟦'\\u001b'⟧);", "'sep'", "'\\u001b'", "U+001B", Fix)]
    [InlineData("[UserPrompt(\"{{ if sep }}Join with {{ sep }}{{ end }}\")] Task<string> AskAsync(char sep = ⟦'\\x7f'⟧);", "'sep'", "'\\u007f'", "U+007F", Fix)]
    [InlineData("[UserPrompt(\"Join with {{ sep }}\")] Task<string> AskAsync(char sep = ⟦'\\u0085'⟧);", "'sep'", "'\\u0085'", "U+0085", Fix)]
    [InlineData("[UserPrompt(\"Q: {{ text }}\")] Task<string> AskAsync(string text = ⟦\"a\\u0001b\"⟧);", "'text'", "\"a\\u0001b\"", "U+0001", TextFix)]
    [InlineData("[UserPrompt(\"Q: {{ text | string.truncate 5 }}\")] Task<string> AskAsync(string? text = ⟦\"\\0\"⟧);", "'text'", "\"\\0\"", "U+0000", TextFix)]
    [InlineData("[UserPrompt(\"{{ for ch in text }}[{{ ch }}]{{ end }}\")] Task<string> AskAsync(string text = ⟦\"ok\\u0002\"⟧);", "'text'", "\"ok\\u0002\"", "U+0002", TextFix)]
    [InlineData("[SystemPrompt(\"Use {{ sep }}\")][UserPrompt(\"Go\")] Task<string> AskAsync(char sep = ⟦'\\0'⟧);", "'sep'", "'\\0'", "U+0000", Fix)]
    [InlineData("[Temperature(0.5)] Task<string> AskAsync(string question = ⟦\"\\u0007?\"⟧);", "'question'", "\"\\a?\"", "U+0007", TextFix)]
    public async Task AControlCharacterInADefaultThePromptInsertsIsPG0046AtTheDefault(string marked, string parameter, string literal, string code, string fix)
    {
        var (member, located) = Marked.Split(marked);

        var diagnostics = await CatalogHarness.MembersAsync(member);

        Assert.Equal(
            $"PG0046 Warning '{located}': Parameter {parameter} defaults to {literal}, which holds the control character {code}: when the argument is left out, the prompt of 'AskAsync' sends it to the model as is; {fix}",
            Assert.Single(diagnostics));
    }

    [Theory]
    [InlineData("[UserPrompt(\"Join with {{ sep }}\")] Task<string> AskAsync(char sep = '\\t');")]
    [InlineData("[UserPrompt(\"Q: {{ text }}\")] Task<string> AskAsync(string text = \"line one\\r\\nline two\\n\");")]
    [InlineData("[UserPrompt(\"{{ if sep == sep2 }}same{{ end }}\")] Task<string> AskAsync(char sep = '\\0', char sep2 = 'a');")]
    [InlineData("[UserPrompt(\"{{ if text }}{{ text.Length }}{{ end }}\")] Task<string> AskAsync(string text = \"\\0\");")]
    [InlineData("[UserPrompt(\"{{ for sep in words }}{{ sep }}{{ end }}{{ if sep }}!{{ end }}\")] Task<string> AskAsync(List<string> words, char sep = '\\0');")]
    [InlineData("[UserPrompt(\"Join with {{ sep }}\")] Task<string> AskAsync(char? sep = null);")]
    public async Task AControlCharacterNoPromptInsertsOrTextWhitespaceIsNotReported(string member)
    {
        Assert.Empty(await CatalogHarness.MembersAsync(member));
    }

    /// <summary>What the warning protects against, and what its fix sends: the default NUL is in the message; null inserts nothing.</summary>
    [Fact]
    public async Task TheDefaultIsSentAsIsAndTheNullableFixInsertsNothing()
    {
        Assert.Equal("user: Join with [\0]", await RenderAsync("[UserPrompt(\"Join with [{{ sep }}]\")] Task<string> AskAsync(char sep = '\\0');", expectWarning: true));
        Assert.Equal("user: Join with []", await RenderAsync("[UserPrompt(\"Join with [{{ sep }}]\")] Task<string> AskAsync(char? sep = null);", expectWarning: false));
    }

    private static async Task<string> RenderAsync(string member, bool expectWarning)
    {
        var analysis = await CatalogHarness.CheckedAsync(CatalogHarness.Source(member));
        Assert.Equal(expectWarning ? 1 : 0, analysis.Prompt().Count(d => d.StartsWith("PG0046", StringComparison.Ordinal)));
        using var image = new MemoryStream();
        var emitted = analysis.Run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var create = Assembly.Load(image.ToArray()).GetType("IPrompts+Client")!.GetMethod("CreateAskAsyncRequest")!;
        var request = (ChatRequest)create.Invoke(null, new[] { Type.Missing })!;
        return Assert.Single(request.Messages).ToString();
    }
}
