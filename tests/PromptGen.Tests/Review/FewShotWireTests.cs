using PromptGen.Tests.Declarations;
using PromptGen.Tests.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Review;

/// <summary>
/// Review 10 §3: a JSON method's few-shot replies are checked (PG0027) and sent in the shape the request's
/// response_format asks for. An items stream asks for <c>{"items":[…]}</c>: that envelope is accepted (each item checked,
/// located inside it) and sent as written, and one item is sent inside it. A value that travels wrapped asks for
/// <c>{"value":…}</c>: a bare value is sent inside it. Object replies and partial streams (whose schema is the object)
/// are sent as written.
/// </summary>
public class FewShotWireTests
{
    private const string Types = """
        public sealed record Item(int A);

        """;

    private static string Source(string members) =>
        DeclarationHarness.Usings + Types + "[PromptClient]\npublic partial interface IShots\n{\n" + members + "\n}\n";

    [Fact]
    public async Task AnItemsStreamAcceptsItsWireEnvelopeAndSendsOneItemInsideIt()
    {
        var source = Source(""""
            [FewShot("two", """{"items":[{"a":1},{"a":2}]}""")]
            [FewShot("one", """{"a":3}""")]
            [FewShot("none", """{"items":[]}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<Item> ItemsAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("one", """{"a":4}""")]
            [UserPrompt("{{ q }}")]
            ChatStream<Item> ChatItemsAsync(string q, CancellationToken cancellationToken = default);
            """");

        var analysis = await GeneratorHarness.AnalyzeAsync(source);
        Assert.Empty(analysis.Visible.Select(GeneratorHarness.Describe));
        var client = analysis.Run.GeneratedSource("IShots.g.cs");
        Assert.Contains("""__messages.Add(global::PromptGen.ChatMessage.Assistant("{\"items\":[{\"a\":1},{\"a\":2}]}"));""", client, StringComparison.Ordinal);
        Assert.Contains("""__messages.Add(global::PromptGen.ChatMessage.Assistant("{\"items\":[{\"a\":3}]}"));""", client, StringComparison.Ordinal);
        Assert.Contains("""__messages.Add(global::PromptGen.ChatMessage.Assistant("{\"items\":[]}"));""", client, StringComparison.Ordinal);
        Assert.Contains("""__messages.Add(global::PromptGen.ChatMessage.Assistant("{\"items\":[{\"a\":4}]}"));""", client, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnItemsEnvelopeHasEachItemCheckedAndLocatedInsideIt()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(Source(""""
            [FewShot("two", """{"items":[{"a":1},{"a":"x"}]}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<Item> ItemsAsync(string q, CancellationToken cancellationToken = default);
            """"));

        var expected = "PG0027 Error '\"x\"': This [FewShot] reply does not fit 'Item': a string cannot be read as 'int', which expects a number";
        Assert.True(expected == string.Join("\n", diagnostics), string.Join("\n", diagnostics));
    }

    /// <summary>
    /// A stream's items travel bare inside "items" ("items":{"type":"integer"}): a reply's {"value": …} envelope written
    /// for an item of a type that is not an object is PG0027, whether alone or inside the items envelope; an item whose
    /// type is an object with a member named "value" is that object.
    /// </summary>
    [Fact]
    public async Task AnItemOfAStreamIsNotWrittenInTheValueEnvelope()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(DeclarationHarness.Usings + """"
            public sealed record Boxed(int Value);

            [PromptClient]
            public partial interface IShots
            {
                [FewShot("a", """{"value":4}""")]
                [UserPrompt("{{ q }}")]
                IAsyncEnumerable<int> IntsAsync(string q, CancellationToken cancellationToken = default);

                [FewShot("a", """{"items":[1,{"value":null}]}""")]
                [UserPrompt("{{ q }}")]
                IAsyncEnumerable<int?> MaybeIntsAsync(string q, CancellationToken cancellationToken = default);

                [FewShot("a", """{"value":5}""")]
                [UserPrompt("{{ q }}")]
                IAsyncEnumerable<Boxed?> BoxesAsync(string q, CancellationToken cancellationToken = default);
            }
            """");

        var expected = string.Join("\n", new[]
        {
            "PG0027 Error '{\"value\":4}': This [FewShot] reply does not fit 'int': a stream's items travel bare inside \"items\", not as {\"value\": …}: write the item itself, here a number",
            "PG0027 Error '{\"value\":null}': This [FewShot] reply does not fit 'int?': a stream's items travel bare inside \"items\", not as {\"value\": …}: write the item itself, here null",
        });
        Assert.True(expected == string.Join("\n", diagnostics), string.Join("\n", diagnostics));
    }

    [Fact]
    public async Task AValueThatTravelsWrappedIsSentInsideItsEnvelopeAndAnObjectOrPartialStreamAsWritten()
    {
        var source = Source(""""
            [FewShot("three", "3")]
            [FewShot("four", """{"value":4}""")]
            [UserPrompt("{{ q }}")]
            Task<int> CountAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("list", """[{"a":1}]""")]
            [UserPrompt("{{ q }}")]
            Task<List<Item>> ListAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("maybe", """{"a":5}""")]
            [UserPrompt("{{ q }}")]
            Task<Item?> MaybeAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("item", """{"a":6}""")]
            [UserPrompt("{{ q }}")]
            Task<Item> ItemAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("partial", """{"a":7}""")]
            [UserPrompt("{{ q }}")]
            PartialStream<Item> PartialAsync(string q, CancellationToken cancellationToken = default);
            """");

        var analysis = await GeneratorHarness.AnalyzeAsync(source);
        Assert.Empty(analysis.Visible.Select(GeneratorHarness.Describe));
        var client = analysis.Run.GeneratedSource("IShots.g.cs");
        Assert.Contains("""ChatMessage.Assistant("{\"value\":3}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"value\":4}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"value\":[{\"a\":1}]}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"value\":{\"a\":5}}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"a\":6}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"a\":7}")""", client, StringComparison.Ordinal);
    }
}
