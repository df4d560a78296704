using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Attribute text that cannot reach the wire as written is a located build error (review 12 #5): a lone surrogate in a
/// template's text or string (PG0004 at the character), in [Model] or a [Stop] sequence (PG0084), and a control
/// character in [Model] (PG0084). A whole pair, and a line break in a stop sequence or a prompt, are fine.
/// </summary>
public class WireTextTests
{
    private static Task<string[]> Diagnose(string method) => GeneratorHarness.PromptDiagnosticsAsync("""
        using System.Threading.Tasks;
        using PromptGen;

        public partial interface IPrompts
        {
        """ + method + """

        }
        """);

    private const string Lone = "it has no UTF-8 form, so it would be sent as U+FFFD; write the whole character (both halves, as in \\uD83D\\uDE00), or remove it";

    [Fact]
    public async Task ALoneSurrogateInTemplateTextIsPG0004AtTheCharacter()
    {
        var diagnostics = await Diagnose("""[UserPrompt("Hi \uD800 {{ q }}")] Task<string> AskAsync(string q);""");

        Assert.Equal(new[] { "PG0004 Error '\\uD800': Template error in 'AskAsync': This text holds a lone surrogate (U+D800): " + Lone }, diagnostics);
    }

    [Fact]
    public async Task ALoneSurrogateInATemplateStringIsPG0004AtTheString()
    {
        var diagnostics = await Diagnose("""[SystemPrompt("{{ \"x\uDC00\" }}")] Task<string> AskAsync(string q);""");

        Assert.Equal(new[] { "PG0004 Error '\\\"x\\uDC00\\\"': Template error in 'AskAsync': This string holds a lone surrogate (U+DC00): " + Lone }, diagnostics);
    }

    [Fact]
    public async Task AControlCharacterInAModelIsPG0084()
    {
        var diagnostics = await Diagnose("""[Model("gpt\n4")] Task<string> AskAsync(string q);""");

        Assert.Equal(new[] { "PG0084 Error '\"gpt\\n4\"': The [Model] of 'AskAsync' contains a control character (U+000A); no model name has one; write the name alone, as in [Model(\"gpt-4o-mini\")]" }, diagnostics);
    }

    [Fact]
    public async Task ALoneSurrogateInAStopSequenceIsPG0084AtThatSequence()
    {
        var diagnostics = await Diagnose("""[Stop("\n", "end\uDC00")] Task<string> AskAsync(string q);""");

        Assert.Equal(new[] { "PG0084 Error '\"end\\uDC00\"': The [Stop] of 'AskAsync' contains a lone surrogate (U+DC00); " + Lone }, diagnostics);
    }

    [Fact]
    public async Task WholePairsAndLineBreaksAreSent()
    {
        var diagnostics = await Diagnose("""[Stop("\n\uD83D\uDE00")] [Model("gpt-4o-mini")] [UserPrompt("Hi \uD83D\uDE00\n{{ q }} {{ \"\uD83D\uDE00\" }}")] Task<string> AskAsync(string q);""");

        Assert.Empty(diagnostics);
    }
}
