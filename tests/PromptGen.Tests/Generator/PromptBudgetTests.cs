using Xunit;
using static PromptGen.Tests.Diagnostics.CatalogHarness;

namespace PromptGen.Tests.Generator;

/// <summary>
/// Issue 16 §2: <c>[MaxPromptTokens]</c> becomes the request's <c>Budget</c> (the runtime trims); misuse is PG0075/PG0076,
/// and the generated code compiles either way (<see cref="Diagnostics.CatalogHarness.DiagnoseAsync"/> checks it).
/// </summary>
public class PromptBudgetTests
{
    private static string Generated(string source) =>
        GeneratorHarness.Run(source).Result.Results.SelectMany(result => result.GeneratedSources)
            .Select(generated => generated.SourceText.ToString())
            .Single(text => text.Contains("class Client", StringComparison.Ordinal));

    [Fact]
    public async Task ABudgetGivesTheRequestItsHistoryRange()
    {
        var source = Source(
            """
            [UserPrompt("Answer: {{ question }}")]
            [FewShot("Hi", "Hello")]
            [MaxPromptTokens(6000)]
            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string question);
            """,
            "[SystemPrompt(\"Be brief.\")]");

        Assert.Empty(await DiagnoseAsync(source));
        var generated = Generated(source).Replace("\r\n", "\n", StringComparison.Ordinal);

        // system, two few-shot messages, then the history; the new user message after it.
        Assert.Contains("__messages.AddRange(history ?? throw new global::System.ArgumentNullException(\"history\"));", generated);
        var lines = generated.Split('\n').Select(line => line.Trim()).ToList();
        Assert.Equal("Budget = new global::PromptGen.PromptBudget(6000, 3, __messages.Count - 1),", Assert.Single(lines, line => line.StartsWith("Budget = ", StringComparison.Ordinal)));
        Assert.True(lines.IndexOf("Messages = __messages,") < lines.FindIndex(line => line.StartsWith("Budget = ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithoutAValueTheBudgetIsTheContextWindow()
    {
        var source = Source(
            """
            [MaxPromptTokens]
            [MaxTokens(500)]
            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message);
            """);

        Assert.Empty(await DiagnoseAsync(source));
        Assert.Contains("Budget = new global::PromptGen.PromptBudget(null, 0, __messages.Count - 1),", Generated(source));
    }

    [Fact]
    public async Task AnInterfaceBudgetAppliesToTheMethodsWithAHistoryOnly()
    {
        var source = Source(
            """
            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message);
            [UserPrompt("Define {{ word }}.")]
            Task<string> DefineAsync(string word);
            """,
            "[MaxPromptTokens(3000)]");

        Assert.Empty(await DiagnoseAsync(source));
        var generated = Generated(source);
        Assert.Single(generated.Split("Budget = ", StringSplitOptions.None).Skip(1));
        Assert.Contains("Budget = new global::PromptGen.PromptBudget(3000, 0, __messages.Count - 1),", generated);
    }

    [Fact]
    public async Task PG0075_ABudgetWithoutAHistoryIsReportedAtTheAttribute()
    {
        var diagnostics = await DiagnoseAsync(Source(
            """
            [UserPrompt("Define {{ word }}.")]
            [MaxPromptTokens(100)]
            Task<string> DefineAsync(string word);
            """));

        Assert.Equal(
            ["PG0075 Error 'MaxPromptTokens(100)': 'DefineAsync' declares [MaxPromptTokens] but has no history parameter (IEnumerable<ChatMessage>) to trim; add one, or remove the attribute"],
            diagnostics);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task PG0076_ANonPositiveBudgetIsReportedAtTheArgument(string budget)
    {
        var diagnostics = await DiagnoseAsync(Source($"[MaxPromptTokens({budget})] Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message);"));

        Assert.Equal(
            [$"PG0076 Error '{budget}': [MaxPromptTokens] is {budget}; a prompt needs at least 1 token: use a value of 1 or more, or [MaxPromptTokens] without a value for the model's context window minus [MaxTokens]"],
            diagnostics);
    }

    [Fact]
    public async Task PG0076_AnInterfaceBudgetIsReportedOnceHoweverManyMethods()
    {
        var diagnostics = await DiagnoseAsync(Source(
            """
            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message);
            Task<string> OtherAsync(IReadOnlyList<ChatMessage> history, string message);
            """,
            "[MaxPromptTokens(0)]"));

        Assert.Equal(
            ["PG0076 Error '0': [MaxPromptTokens] is 0; a prompt needs at least 1 token: use a value of 1 or more, or [MaxPromptTokens] without a value for the model's context window minus [MaxTokens]"],
            diagnostics);
    }

    [Fact]
    public async Task PG0075_AnInterfaceBudgetWithNoHistoryInAnyMethodIsReportedOnceAtTheInterfaceAttribute()
    {
        var diagnostics = await DiagnoseAsync(Source(
            """
            [UserPrompt("Define {{ word }}.")]
            Task<string> DefineAsync(string word);
            Task<string> AskAsync(string question);
            """,
            "[MaxPromptTokens(3000)]"));

        Assert.Equal(
            ["PG0075 Error 'MaxPromptTokens(3000)': 'IPrompts' declares [MaxPromptTokens] but has no history parameter (IEnumerable<ChatMessage>) to trim; add one, or remove the attribute"],
            diagnostics);
    }
}
