using System.Text.Json;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Templates;

/// <summary>Templates whose generated code once failed to compile or threw: loop variables named like generated locals, and null values.</summary>
[PromptClient]
[Model("gpt-test")]
public partial interface ITemplateShapes
{
    [UserPrompt("Items:{{ for text in lines }} {{ text }};{{ end }}")]
    Task<string> ItemsAsync(List<string> lines, CancellationToken cancellationToken = default);

    // Loop variables named like the method's parameters, like an enclosing loop's variable and like the generated builder and message list.
    [UserPrompt("{{ for lines in lines }}[{{ for __text in lines }}{{ for __messages in __text }}{{ __messages }}{{ end }}|{{ end }}]{{ end }}{{ for class in names }}{{ class }}{{ end }}")]
    Task<string> ShadowsAsync(List<List<string>> lines, string[] names, CancellationToken cancellationToken = default);

    [UserPrompt("{{ for line in lines }}{{ for.index }}{{ if for.first }}^{{ end }}{{ line }}{{ if for.last }}.{{ else }}, {{ end }}{{ end }}")]
    Task<string> NumberedAsync(IEnumerable<string> lines, CancellationToken cancellationToken = default);

    [UserPrompt("{{ note }}")]
    Task<string> NoteAsync(string? note = null, CancellationToken cancellationToken = default);

    [UserPrompt("{{~ note ~}}")]
    Task<string> TrimmedNoteAsync(string? note = null, CancellationToken cancellationToken = default);

    [UserPrompt("{{ name | string.upcase }}|{{ name | string.downcase }}|{{ name | string.capitalize }}|{{ name | string.truncate 5 }}|{{ name | string.truncate 4 '…' }}|{{ count | string.upcase }}|{{ tags | array.join '; ' }}|{{ price | math.round 1 }}|{{ ratio | math.round }}|{{ count | math.round }}|{{ at | date.to_string '%Y-%m-%d %H:%M:%S %b %a, 100%%' }}|{{ maybe | date.to_string '%d/%m' }}|{{ missing | string.upcase }}")]
    Task<string> PipesAsync(string name, int count, List<int?> tags, decimal price, double ratio, DateTime at, DateTimeOffset? maybe, string? missing, CancellationToken cancellationToken = default);

    [SystemPrompt("{{ persona }}")]
    [UserPrompt("Q: {{ question }}")]
    Task<string> AskAsync(string? persona, string? question, CancellationToken cancellationToken = default);
}

public class TemplateRenderingTests
{
    private static async Task<string> RequestOf(Func<ITemplateShapes, Task<string>> call)
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("ok"));
        Assert.Equal("ok", await call(new ITemplateShapes.Client(harness.Client)));
        return harness.Server.Requests[0].BodyText;
    }

    private static string Body(params (string Role, string Content)[] messages) => JsonSerializer.Serialize(new
    {
        model = "gpt-test",
        messages = messages.Select(m => new { role = m.Role, content = m.Content }),
    });

    [Fact]
    public async Task LoopVariableNamedLikeAGeneratedLocalRendersTheItems()
    {
        var body = await RequestOf(shapes => shapes.ItemsAsync(new List<string> { "a", "b" }));
        JsonAssert.Equal(Body(("user", "Items: a; b;")), body);
    }

    [Fact]
    public async Task LoopVariablesNamedLikeParametersOuterLoopsAndEmitterLocalsKeepTheirTemplateMeaning()
    {
        var body = await RequestOf(shapes => shapes.ShadowsAsync(new List<List<string>> { new() { "ab", "c" }, new() { "d" } }, new[] { "x", "y" }));
        JsonAssert.Equal(Body(("user", "[ab|c|][d|]xy")), body);
    }

    [Fact]
    public async Task LoopPositionVariablesRenderIndexFirstAndLast()
    {
        var body = await RequestOf(shapes => shapes.NumberedAsync(new[] { "a", "b", "c" }.Select(s => s)));
        JsonAssert.Equal(Body(("user", "0^a, 1b, 2c.")), body);
    }

    [Fact]
    public async Task PipesCompileToCSharpWithScribansResults()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var body = await RequestOf(shapes => shapes.PipesAsync(
                "hELLO wide world", 12, new List<int?> { 1, null, 3 }, 2.25m, 2.5, new DateTime(2026, 3, 4, 5, 6, 7), null, null));
            JsonAssert.Equal(Body(("user",
                "HELLO WIDE WORLD|hello wide world|HELLO wide world|hE...|hEL…|12|1; ; 3|2.2|2|12|2026-03-04 05:06:07 Mar Wed, 100%||")), body);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task NullAloneInAUserTemplateInsertsNothingAndTheEmptyMessageIsSent()
    {
        JsonAssert.Equal(Body(("user", "")), await RequestOf(shapes => shapes.NoteAsync()));
        JsonAssert.Equal(Body(("user", "")), await RequestOf(shapes => shapes.TrimmedNoteAsync(null)));
        JsonAssert.Equal(Body(("user", "hi")), await RequestOf(shapes => shapes.TrimmedNoteAsync("hi")));
    }

    [Fact]
    public async Task NullAloneInASystemTemplateInsertsNothing()
    {
        JsonAssert.Equal(Body(("system", ""), ("user", "Q: ")), await RequestOf(shapes => shapes.AskAsync(null, null)));
        JsonAssert.Equal(Body(("system", "Be brief."), ("user", "Q: Why?")), await RequestOf(shapes => shapes.AskAsync("Be brief.", "Why?")));
    }
}
