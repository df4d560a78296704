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

    [Fact]
    public async Task PG0080_RepairOnStreamedItemsIsAWarningAtTheAttribute()
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Repair(2)] IAsyncEnumerable<Person> PeopleAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0080 Warning 'Repair(2)': Method 'PeopleAsync' streams items, which are checked as each arrives and never repaired, so [Repair] has no effect on it; remove [Repair], or return Task<List<T>> to have the whole reply repaired" }, d);
    }

    [Fact]
    public async Task RepairOnAPartialStreamRepairsTheFinalValueSoNoWarning()
    {
        Assert.Empty(await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Repair] PartialStream<Review> ReviewAsync(string q, {{{Ct}}});"""));
    }

    [Theory]
    [InlineData("PartialStream<int>", "int")]
    [InlineData("PartialStream<List<Person>>", "System.Collections.Generic.List<Person>")]
    [InlineData("IAsyncEnumerable<Partial<Mood>>", "Mood")]
    public async Task PG0081_PartialsOfAValueThatIsNotAnObjectAreReported(string returnType, string valueType)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0081 Error '{returnType}': Method 'AskAsync' streams snapshots of '{valueType}', which is not a JSON object with properties (a scalar, an array or a nullable type travels as {{\"value\": …}}); stream snapshots of a class, record or struct, or return ChatStream<T> to stream the items of an array" }, d);
    }

    [Theory]
    [InlineData("Task<ChatStream<Person>>", "a stream is returned as it is, not awaited; return 'PromptGen.ChatStream<Person>'")]
    [InlineData("ValueTask<IAsyncEnumerable<Person>>", "a stream is returned as it is, not awaited; return 'System.Collections.Generic.IAsyncEnumerable<Person>'")]
    [InlineData("ChatStream<Partial<Person>>", "snapshots of an object with the final value are a PartialStream; return 'PartialStream<Person>'")]
    [InlineData("IAsyncEnumerable<ChatResult<Person>>", "a stream yields items, not 'PromptGen.ChatResult<T>'; return 'ChatStream<T>' for the items and the stream's result (usage, finish reason)")]
    public async Task PG0082_StreamShapesThatCannotStreamSayWhatToReturn(string returnType, string why)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Single(d);
        Assert.StartsWith($"PG0082 Error '{returnType}': Method 'AskAsync' returns '", d[0]);
        Assert.EndsWith("', which cannot stream: " + why, d[0]);
    }

    [Theory]
    [InlineData("ChatStream<string>", "Task<IReadOnlyList<string>>")]
    [InlineData("IAsyncEnumerable<Person>", "Task<IReadOnlyList<List<Person>>>")]
    [InlineData("ChatStream<Person>", "Task<IReadOnlyList<List<Person>>>")]
    [InlineData("PartialStream<Review>", "Task<IReadOnlyList<Review>>")]
    public async Task PG0017_EachStreamShapeWithSeveralChoicesNamesItsNonStreamedAlternative(string returnType, string instead)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] [Choices(3)] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0017 Error '3': Method 'AskAsync' streams its reply but asks for 3 choices; a stream carries one, so remove [Choices] or return {instead}" }, d);
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
