using PromptGen.Tests.Generator;
using Xunit;
using static PromptGen.Tests.Diagnostics.CatalogHarness;

namespace PromptGen.Tests.Diagnostics;

/// <summary>The streamed return types (issue 17): which shapes work, PG0080–PG0082, and PG0017 for each stream shape.</summary>
public class StreamShapeTests
{
    private const string Ct = "CancellationToken cancellationToken = default";

    [Fact]
    public async Task EveryStreamShapeBuildsWithoutDiagnostics()
    {
        var d = await MembersAsync($$$"""
            [UserPrompt("{{ q }}")] ChatStream<string> StoryAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] IAsyncEnumerable<Customer> CustomersAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] ChatStream<Person> PeopleAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] IAsyncEnumerable<Mood> MoodsAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] IAsyncEnumerable<List<string>> GroupsAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] PartialStream<Review> ReviewAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] IAsyncEnumerable<Partial<Customer>> CustomerAsync(string q, {{{Ct}}});
            """);

        Assert.Empty(d);
    }

    private const string ItemsWhy = "whose items are checked as each arrives and never repaired";
    private const string SnapshotsWhy = "which never hands out the final value a repair would correct";
    private const string TextWhy = "a stream of text, which has no schema to check a reply against";

    // Every stream shape with a method-level [Repair]: each one that cannot repair says so, with the fix for its shape.
    [Theory]
    [InlineData("IAsyncEnumerable<string>", "IAsyncEnumerable<string>", TextWhy, "")]
    [InlineData("ChatStream<string>", "ChatStream<string>", TextWhy, "")]
    [InlineData("IAsyncEnumerable<Person>", "IAsyncEnumerable<Person>", ItemsWhy, ", or return 'Task<List<Person>>' to have the whole reply repaired")]
    [InlineData("ChatStream<Person?>", "ChatStream<Person?>", ItemsWhy, ", or return 'Task<List<Person?>>' to have the whole reply repaired")]
    [InlineData("IAsyncEnumerable<Partial<Review>>", "IAsyncEnumerable<Partial<Review>>", SnapshotsWhy, ", or return 'PartialStream<Review>', whose final Value is checked and repaired")]
    public async Task PG0080_EveryStreamShapeThatCannotRepairWarnsAtItsRepairAttribute(string returnType, string display, string why, string instead)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Repair(2)] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0080 Warning 'Repair(2)': Method 'AskAsync' returns '{display}', {why}, so [Repair] has no effect on it; remove [Repair]{instead}" }, d);
    }

    [Fact]
    public async Task RepairOnAPartialStreamRepairsTheFinalValueSoNoWarning()
    {
        Assert.Empty(await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Repair] PartialStream<Review> ReviewAsync(string q, {{{Ct}}});"""));
    }

    [Fact]
    public async Task AnInterfaceRepairIsADefaultThatStreamsWhichCannotRepairIgnoreWithoutAWarningPerMethod()
    {
        var source = Source($$$"""
            [UserPrompt("{{ q }}")] IAsyncEnumerable<Person> PeopleAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] ChatStream<Customer> CustomersAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] IAsyncEnumerable<Partial<Review>> DraftAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] ChatStream<string> StoryAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] PartialStream<Review> ReviewAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] Task<Person> PersonAsync(string q, {{{Ct}}});
            """, "[Repair(2)]");

        Assert.Empty(await DiagnoseAsync(source));
        var generated = GeneratorHarness.Run(source).GeneratedSource("IPrompts.g.cs");
        Assert.Equal(2, CountOf(generated, "maxRetries: 2")); // PartialStream<Review> and Task<Person> repair
        Assert.Equal(3, CountOf(generated, "maxRetries: 0")); // the items and IAsyncEnumerable<Partial<Review>> never send a repair request
    }

    [Fact]
    public void AMethodRepairOnAStreamThatCannotRepairSendsNoRepairRequest()
    {
        var generated = GeneratorHarness.Run(Source($$$"""[UserPrompt("{{ q }}")] [Repair(3)] IAsyncEnumerable<Partial<Review>> DraftAsync(string q, {{{Ct}}});""")).GeneratedSource("IPrompts.g.cs");

        Assert.Contains("maxRetries: 0", generated);
        Assert.DoesNotContain("maxRetries: 3", generated);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Theory]
    [InlineData("PartialStream<int>", "int")]
    [InlineData("PartialStream<int?>", "int?")]
    [InlineData("PartialStream<List<Person>>", "List<Person>")]
    [InlineData("PartialStream<List<Person?>>", "List<Person?>")]
    [InlineData("PartialStream<Review?>", "Review?")]
    [InlineData("IAsyncEnumerable<Partial<Mood>>", "Mood")]
    [InlineData("IAsyncEnumerable<Partial<Review?>>", "Review?")]
    public async Task PG0081_PartialsOfAValueThatIsNotAnObjectAreReportedWithNullableAnnotationsKept(string returnType, string valueType)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0081 Error '{returnType}': Method 'AskAsync' streams snapshots of '{valueType}', which is not a JSON object with properties (a scalar, an array or a nullable type travels as {{\"value\": …}}); stream snapshots of a class, record or struct, or return ChatStream<T> to stream the items of an array" }, d);
    }

    private const string Awaited = "a stream is returned as it is, not awaited";
    private const string HasResult = " (ChatStream<T>.Result carries the usage, finish reason and cost)";
    private const string OneStream = " (a method returns one stream)";
    private const string NotStreams = "a stream yields items, not streams";
    private const string Snapshot = "a Partial<T> is a snapshot a stream yields, never a value on its own";

    // Every way a stream shape can be awaited, wrapped in a result or a list, nested, or stand alone as a Partial<T>:
    // PG0082 with the shape to return, never PG0014 ("add a parameterless constructor" to ChatStream) or PG0002.
    [Theory]
    [InlineData("Task<ChatStream<Person>>", "Task<ChatStream<Person>>", Awaited + "; return 'ChatStream<Person>'")]
    [InlineData("ValueTask<IAsyncEnumerable<Person>>", "ValueTask<IAsyncEnumerable<Person>>", Awaited + "; return 'IAsyncEnumerable<Person>'")]
    [InlineData("Task<PartialStream<Review>>", "Task<PartialStream<Review>>", Awaited + "; return 'PartialStream<Review>'")]
    [InlineData("Task<PartialStream<Review?>>", "Task<PartialStream<Review?>>", Awaited + "; return 'PartialStream<Review>'")] // never a suggestion that is PG0081
    [InlineData("ChatResult<IAsyncEnumerable<Partial<Review?>>>", "ChatResult<IAsyncEnumerable<Partial<Review?>>>", "a stream is returned as it is, not inside 'ChatResult<…>'" + HasResult + "; return 'PartialStream<Review>'")]
    [InlineData("Task<ChatStream<Person?>>", "Task<ChatStream<Person?>>", Awaited + "; return 'ChatStream<Person?>'")]
    [InlineData("Task<ChatResult<ChatStream<string>>>", "Task<ChatResult<ChatStream<string>>>", "a stream is returned as it is, not inside 'Task<ChatResult<…>>'" + HasResult + "; return 'ChatStream<string>'")]
    [InlineData("ChatResult<IAsyncEnumerable<Person>>", "ChatResult<IAsyncEnumerable<Person>>", "a stream is returned as it is, not inside 'ChatResult<…>'" + HasResult + "; return 'ChatStream<Person>'")]
    [InlineData("Task<ChatResult<IAsyncEnumerable<string>>>", "Task<ChatResult<IAsyncEnumerable<string>>>", "a stream is returned as it is, not inside 'Task<ChatResult<…>>'" + HasResult + "; return 'ChatStream<string>'")]
    [InlineData("ChatResult<IAsyncEnumerable<Partial<Review>>>", "ChatResult<IAsyncEnumerable<Partial<Review>>>", "a stream is returned as it is, not inside 'ChatResult<…>'" + HasResult + "; return 'PartialStream<Review>'")]
    [InlineData("Task<IReadOnlyList<ChatStream<string>>>", "Task<IReadOnlyList<ChatStream<string>>>", "a stream is returned as it is, not inside 'Task<IReadOnlyList<…>>'" + OneStream + "; return 'ChatStream<string>'")]
    [InlineData("Task<List<IAsyncEnumerable<Person>>>", "Task<List<IAsyncEnumerable<Person>>>", "a stream is returned as it is, not inside 'Task<List<…>>'" + OneStream + "; return 'IAsyncEnumerable<Person>'")]
    [InlineData("Task<Partial<Review>>", "Task<Partial<Review>>", Snapshot + "; return 'PartialStream<Review>' for the snapshots and the final value")]
    [InlineData("Partial<Review>", "Partial<Review>", Snapshot + "; return 'PartialStream<Review>' for the snapshots and the final value")]
    [InlineData("ChatStream<Partial<Person>>", "ChatStream<Partial<Person>>", "snapshots of an object with the final value are a PartialStream; return 'PartialStream<Person>'")]
    [InlineData("IAsyncEnumerable<ChatResult<Person>>", "IAsyncEnumerable<ChatResult<Person>>", "a stream yields items, not 'ChatResult<T>'; return 'ChatStream<Person>' for the items and the stream's Result (usage, finish reason, cost)")]
    [InlineData("IAsyncEnumerable<ChatStream<string>>", "IAsyncEnumerable<ChatStream<string>>", NotStreams + "; return 'ChatStream<string>'")]
    [InlineData("IAsyncEnumerable<List<PartialStream<Review>>>", "IAsyncEnumerable<List<PartialStream<Review>>>", NotStreams + "; return 'PartialStream<Review>'")]
    [InlineData("PartialStream<Partial<Review>>", "PartialStream<Partial<Review>>", NotStreams + "; return 'PartialStream<Review>'")]
    public async Task PG0082_AStreamAwaitedWrappedOrNestedSaysWhatToReturn(string returnType, string display, string why)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0082 Error '{returnType}': Method 'AskAsync' returns '{display}', which cannot stream: {why}" }, d);
    }

    [Theory]
    [InlineData("IAsyncEnumerable<string>", "remove [Choices], or return 'Task<IReadOnlyList<string>>' to receive every choice whole")]
    [InlineData("ChatStream<string>", "remove [Choices], or return 'Task<IReadOnlyList<string>>' to receive every choice whole")]
    [InlineData("IAsyncEnumerable<Person>", "remove [Choices] (streamed items always come from one reply)")]
    [InlineData("ChatStream<Person>", "remove [Choices] (streamed items always come from one reply)")]
    [InlineData("PartialStream<Review>", "remove [Choices], or return 'Task<IReadOnlyList<Review>>' to receive every choice whole")]
    [InlineData("IAsyncEnumerable<Partial<Review>>", "remove [Choices], or return 'Task<IReadOnlyList<Review>>' to receive every choice whole")]
    [InlineData("PartialStream<Person?>", null)]
    public async Task PG0017_EachStreamShapeWithSeveralChoicesSaysWhatFitsItsShape(string returnType, string? fix)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Choices(3)] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        if (fix is null)
        {
            Assert.Contains("PG0017 Error '3': Method 'AskAsync' streams its reply but asks for 3 choices; a stream carries one reply, so remove [Choices], or return 'Task<IReadOnlyList<Person?>>' to receive every choice whole", d);
            return;
        }

        Assert.Equal(new[] { $"PG0017 Error '3': Method 'AskAsync' streams its reply but asks for 3 choices; a stream carries one reply, so {fix}" }, d);
    }

    [Theory]
    [InlineData("Task<IReadOnlyList<string>>")]
    [InlineData("Task<IReadOnlyList<Review>>")]
    public async Task TheNonStreamedAlternativeThatPG0017NamesBuildsWithChoices(string returnType)
    {
        Assert.Empty(await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Choices(3)] {{{returnType}}} AskAsync(string q, {{{Ct}}});"""));
    }

    [Fact]
    public async Task PG0050_AnItemTypeStrictModeCannotDescribeIsReportedForStreamsToo()
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] IAsyncEnumerable<Dictionary<string, int>> CountsAsync(string q, {{{Ct}}});""");

        Assert.Single(d);
        Assert.StartsWith("PG0050 Error 'IAsyncEnumerable<Dictionary<string, int>>': The reply of 'CountsAsync' cannot be described in json_schema strict mode: ", d[0]);
    }

    [Fact]
    public void AStreamedItemsMethodReturnsTheStreamWithTheItemsSchema()
    {
        var source = Source($$$"""[UserPrompt("{{ q }}")] IAsyncEnumerable<Person> PeopleAsync(string q, {{{Ct}}});""");
        var generated = GeneratorHarness.Run(source).GeneratedSource("IPrompts.g.cs");

        Assert.Contains(
            """
                    public global::System.Collections.Generic.IAsyncEnumerable<global::Person> PeopleAsync(string q, global::System.Threading.CancellationToken cancellationToken = default)
                    {
                        global::PromptGen.ChatRequest __request = CreatePeopleAsyncRequest(q);
                        return global::PromptGen.PromptReply.StreamItems<global::Person>(this._transport, __request, __PeopleAsyncReply, cancellationToken);
                    }
            """.Replace("\r\n", "\n"),
            generated.Replace("\r\n", "\n"));
        Assert.Contains("name: \"PersonItems\"", generated);
        Assert.Contains("""{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":""", generated);
    }
}
