using PromptGen.Tests.Declarations;
using PromptGen.Tests.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.FewShot;

/// <summary>
/// Review 11 #1 and #2: which envelope a few-shot reply is written in is decided by one structural rule (a wrapped
/// reply's <c>{"value": …}</c> is exactly one member "value"; an items stream's <c>{"items": […]}</c> is exactly one
/// member "items" holding an array; anything else is the value / one item), and where a text could be meant the other
/// way, or is an envelope written wrong, PG0027 says how it was read and what to write — at the text it is about.
/// </summary>
public class FewShotEnvelopeTests
{
    private const string Types = """
        public sealed record Item(int A);
        public sealed record Boxed(int Value);
        public sealed record Bag(List<int> Items, string Name);
        public sealed record OnlyItems(List<int> Items);

        """;

    private static string Source(string members) =>
        DeclarationHarness.Usings + "using System.Text.Json;\n" + Types
        + "[PromptClient]\n[ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]\npublic partial interface IShots\n{\n" + members + "\n}\n";

    private static void AssertLines(string[] expected, string[] actual) =>
        Assert.True(expected.SequenceEqual(actual), "Expected:\n" + string.Join("\n", expected) + "\nActual:\n" + string.Join("\n", actual));

    /// <summary>
    /// Review 11 #1's example: <c>Task&lt;JsonElement&gt;</c> travels wrapped, so <c>{"value":1}</c> is the envelope
    /// holding 1 and is sent as written (it was sent as <c>{"value":{"value":1}}</c>); a dictionary and a nullable record
    /// whose text is one member "value" are read the same way, and the message says how to write the other meaning.
    /// </summary>
    [Fact]
    public async Task AWrappedReplyOfOneMemberValueIsTheEnvelopeAndTheMessageSaysHowToWriteTheValueItself()
    {
        var source = Source(""""
            [FewShot("one", """{"value":1}""")]
            [UserPrompt("{{ q }}")]
            Task<JsonElement> ElementAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("counts", """{"value":1}""")]
            [UserPrompt("{{ q }}")]
            Task<Dictionary<string, int>> CountsAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("box", """{"value":5}""")]
            [UserPrompt("{{ q }}")]
            Task<ChatResult<Boxed?>> BoxAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("wrong", """{"value":"x"}""")]
            [UserPrompt("{{ q }}")]
            Task<int> CountAsync(string q, CancellationToken cancellationToken = default);
            """");

        var diagnostics = await CatalogHarness.DiagnoseAsync(source);
        AssertLines(new[]
        {
            "PG0027 Error '{\"value\":1}': This [FewShot] reply does not fit 'Dictionary<string, int>': a reply of 'Dictionary<string, int>' travels as {\"value\": …}, so a reply of one member \"value\" is read as that envelope, and a number cannot be read as 'Dictionary<string, int>'; to reply with an object whose only property is \"value\", write it inside the envelope: {\"value\":{\"value\":1}}",
            "PG0027 Error '{\"value\":5}': This [FewShot] reply does not fit 'Boxed?': a reply of 'Boxed?' travels as {\"value\": …}, so a reply of one member \"value\" is read as that envelope, and a number cannot be read as 'Boxed?'; to reply with an object whose only property is \"value\", write it inside the envelope: {\"value\":{\"value\":5}}",
            "PG0027 Error '\"x\"': This [FewShot] reply does not fit 'int': a string cannot be read as 'int', which expects a number",
        }, diagnostics);

        var fixedSource = source.Replace(""""[FewShot("counts", """{"value":1}""")]"""", """"[FewShot("counts", """{"value":{"value":1}}""")]"""")
            .Replace(""""[FewShot("box", """{"value":5}""")]"""", """"[FewShot("box", """{"value":{"value":5}}""")]"""")
            .Replace(""""[FewShot("wrong", """{"value":"x"}""")]"""", """"[FewShot("wrong", """{"value":7}""")]"""");
        var analysis = await GeneratorHarness.AnalyzeAsync(fixedSource);
        Assert.Empty(analysis.Prompt());
        var client = analysis.Run.GeneratedSource("IShots.g.cs");
        Assert.Contains("""ChatMessage.Assistant("{\"value\":1}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"value\":{\"value\":1}}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"value\":{\"value\":5}}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"value\":7}")""", client, StringComparison.Ordinal);
        Assert.DoesNotContain("""{\"value\":{\"value\":7}}""", client, StringComparison.Ordinal);
    }

    /// <summary>
    /// Review 11 #2: an item with an "items" property beside others is one item (it was read as the stream's envelope);
    /// <c>{"items":[…]}</c> alone is the envelope, and when its array's values only fit as one item the message says so.
    /// </summary>
    [Fact]
    public async Task AnItemWithAnItemsPropertyIsOneItemAndTheEnvelopeIsExactlyOneItemsArray()
    {
        var source = Source(""""
            [FewShot("bag", """{"items":[1,2],"name":"x"}""")]
            [FewShot("bags", """{"items":[{"items":[3],"name":"y"}]}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<Bag> BagsAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("only", """{"items":[1,2]}""")]
            [UserPrompt("{{ q }}")]
            ChatStream<OnlyItems> OnlyAsync(string q, CancellationToken cancellationToken = default);
            """");

        var diagnostics = await CatalogHarness.DiagnoseAsync(source);
        AssertLines(new[]
        {
            "PG0027 Error '{\"items\":[1,2]}': This [FewShot] reply does not fit 'OnlyItems': a reply of one member \"items\" holding an array is read as the stream's envelope {\"items\": […]}, whose array holds the items, each read as 'OnlyItems'; to reply with one item whose only property is \"items\", write it inside the envelope: {\"items\":[{\"items\":[1,2]}]}",
        }, diagnostics);

        var analysis = await GeneratorHarness.AnalyzeAsync(source.Replace(""""[FewShot("only", """{"items":[1,2]}""")]"""", """"[FewShot("only", """{"items":[{"items":[1,2]}]}""")]""""));
        Assert.Empty(analysis.Prompt());
        var client = analysis.Run.GeneratedSource("IShots.g.cs");
        Assert.Contains("""ChatMessage.Assistant("{\"items\":[{\"items\":[1,2],\"name\":\"x\"}]}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"items\":[{\"items\":[3],\"name\":\"y\"}]}")""", client, StringComparison.Ordinal);
        Assert.Contains("""ChatMessage.Assistant("{\"items\":[{\"items\":[1,2]}]}")""", client, StringComparison.Ordinal);
    }

    /// <summary>
    /// An envelope written wrong — "items" not an array, or other members beside it — for an item type that has no
    /// "items" property is told as the envelope it was meant to be (it said "'Item' has no property 'items'"), at the
    /// part to change; the envelope's items are checked as items all the same.
    /// </summary>
    [Fact]
    public async Task AnItemsEnvelopeWrittenWrongSaysWhatTheEnvelopeHoldsAtThePartToChange()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(Source(""""
            [FewShot("object", """{"items":{"a":1}}""")]
            [FewShot("extra", """{"items":[{"a":1},{"a":"no"}],"count":2}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<Item> ItemsAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("number", """{"items":5}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<int> NumbersAsync(string q, CancellationToken cancellationToken = default);
            """"));

        AssertLines(new[]
        {
            "PG0027 Error '{\"a\":1}': This [FewShot] reply does not fit 'Item': \"items\" holds an object, but a stream's envelope {\"items\": […]} holds an array of items, each read as 'Item'; write \"items\":[…] (or the item alone, without the envelope)",
            "PG0027 Error '\"no\"': This [FewShot] reply does not fit 'Item': a string cannot be read as 'int', which expects a number",
            "PG0027 Error '\"count\"': This [FewShot] reply does not fit 'Item': a stream's envelope {\"items\": […]} holds only \"items\", and 'Item' has no property \"items\" to make this one item; remove \"count\" (or write the item alone)",
            "PG0027 Error '5': This [FewShot] reply does not fit 'int': \"items\" holds a number, but a stream's envelope {\"items\": […]} holds an array of items, each read as 'int'; write \"items\":[…] (or the item alone, without the envelope)",
        }, diagnostics);
    }

    /// <summary>
    /// PG0041 compares replies as they are sent: a bare value and its envelope, or one item and the items envelope
    /// holding it, are one reply shown twice (it said "another reply, so the model is shown two answers").
    /// </summary>
    [Fact]
    public async Task ARepeatedFewShotIsComparedAsSentSoAnEnvelopeAndItsBareValueAreOneReply()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(Source(""""
            [FewShot("three", "3")]
            [FewShot("three", """{"value":3}""")]
            [UserPrompt("{{ q }}")]
            Task<int> CountAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("one", """{"items":[{"a":1}]}""")]
            [FewShot("one", """{"a":1}""")]
            [FewShot("one", """{"a":2}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<Item> ItemsAsync(string q, CancellationToken cancellationToken = default);
            """"));

        AssertLines(new[]
        {
            "PG0041 Warning 'FewShot(\"three\", \"\"\"{\"value\":3}\"\"\")': This [FewShot] example of 'CountAsync' repeats example 1 (the same user message, and a reply sent the same: {\"value\":3}), which the model reads twice on every call; remove it",
            "PG0041 Warning 'FewShot(\"one\", \"\"\"{\"a\":1}\"\"\")': This [FewShot] example of 'ItemsAsync' repeats example 1 (the same user message, and a reply sent the same: {\"items\":[{\"a\":1}]}), which the model reads twice on every call; remove it",
            "PG0041 Warning 'FewShot(\"one\", \"\"\"{\"a\":2}\"\"\")': This [FewShot] example of 'ItemsAsync' gives the user message of example 1 another reply, so the model is shown two answers to one question; remove it",
        }, diagnostics);
    }

    /// <summary>
    /// A stream's item that lacks a required property is "this item", located at the item (it said "the reply requires
    /// 'a'" at an item inside the envelope, which is not the reply); a whole reply stays "the reply".
    /// </summary>
    [Fact]
    public async Task AnItemMissingAPropertyIsNamedAsTheItemNotTheReply()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(Source(""""
            [FewShot("two", """{"items":[{"a":1},{}]}""")]
            [FewShot("one", """{}""")]
            [UserPrompt("{{ q }}")]
            IAsyncEnumerable<Item> ItemsAsync(string q, CancellationToken cancellationToken = default);

            [FewShot("whole", """{}""")]
            [UserPrompt("{{ q }}")]
            Task<Item> ItemAsync(string q, CancellationToken cancellationToken = default);
            """"));

        AssertLines(new[]
        {
            "PG0027 Error '{': This [FewShot] reply does not fit 'Item': this item requires 'a', which is missing",
            "PG0027 Error '{': This [FewShot] reply does not fit 'Item': this item requires 'a', which is missing",
            "PG0027 Error '{': This [FewShot] reply does not fit 'Item': the reply requires 'a', which is missing",
        }, diagnostics);
    }
}
