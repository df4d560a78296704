using Xunit;
using static PromptGen.Tests.Diagnostics.CatalogHarness;

namespace PromptGen.Tests.Settings;

/// <summary>
/// Settings that are each valid but cannot work as written together, or with the method's reply: a stop sequence that
/// repeats or contains another (PG0039), a stop sequence on a JSON reply (PG0040), a repeated or contradicting few-shot
/// example (PG0041), several choices with no randomness left (PG0074). Id, severity, located text and message exactly.
/// </summary>
public class SettingCombinationTests
{
    private const string Ct = "CancellationToken cancellationToken = default";

    [Fact]
    public async Task PG0039_ARepeatedStopSequenceIsReportedAtTheRepeat()
    {
        var d = await MembersAsync($$$"""[Stop("END", "\n\n", "END")] [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0039 Warning '\"END\"': [Stop] lists \"END\" twice, so it never ends a reply and takes one of the four places the API allows; remove it" }, d);
    }

    [Fact]
    public async Task PG0039_AStopSequenceContainingAnotherIsReportedOnTheInterfaceToo()
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});""", interfaceAttributes: """[Stop("User:", "\nUser:")]""");

        Assert.Equal(new[] { "PG0039 Warning '\"\\nUser:\"': The stop sequence \"\\nUser:\" contains \"User:\", where the reply stops first, so it never ends a reply and takes one of the four places the API allows; remove it" }, d);
    }

    [Fact]
    public async Task PG0039_DistinctStopSequencesAreSilent()
    {
        Assert.Empty(await MembersAsync($$$"""[Stop("END", "STOP", "\n\n")] [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});"""));
    }

    [Theory]
    [InlineData("Task<Person>")]
    [InlineData("Task<ChatResult<Person>>")]
    [InlineData("Task<IReadOnlyList<Person>>", "[Choices(2)]")]
    [InlineData("IAsyncEnumerable<Person>")]
    [InlineData("PartialStream<Person>")]
    public async Task PG0040_AStopSequenceOnAJsonReplyIsAWarningAtTheStop(string returnType, string extra = "")
    {
        var d = await MembersAsync($$$"""[Stop("}")] {{{extra}}} [UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[]
        {
            $"PG0040 Warning '\"}}\"': 'AskAsync' replies in JSON ('{returnType}'), but the server ends the reply where a [Stop] sequence first appears, inside a JSON string too, "
                + "and reports it as a complete reply, so the JSON arrives cut and cannot be read; remove [Stop] from 'AskAsync' (or reply in text and read it)",
        }, d);
    }

    [Fact]
    public async Task PG0040_TheInterfacesStopIsReportedForEachJsonMethodAndNotForText()
    {
        var d = await MembersAsync(
            $$$"""
            [UserPrompt("{{ q }}")] Task<Person> ReadAsync(string q, {{{Ct}}});
            [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});
            [Stop("END")] [UserPrompt("{{ q }}")] Task<Review> RateAsync(string q, {{{Ct}}});
            """,
            interfaceAttributes: """[Stop("\n\n")]""");

        Assert.Equal(new[]
        {
            "PG0040 Warning '\"\\n\\n\"': 'ReadAsync' replies in JSON ('Task<Person>'), but the server ends the reply where a [Stop] sequence first appears, inside a JSON string too, "
                + "and reports it as a complete reply, so the JSON arrives cut and cannot be read; move [Stop] from interface 'IPrompts' to the methods that reply in text (a method cannot drop its interface's [Stop])",
            "PG0040 Warning '\"END\"': 'RateAsync' replies in JSON ('Task<Review>'), but the server ends the reply where a [Stop] sequence first appears, inside a JSON string too, "
                + "and reports it as a complete reply, so the JSON arrives cut and cannot be read; remove [Stop] from 'RateAsync' (or reply in text and read it)",
        }, d);
    }

    [Fact]
    public async Task PG0041_ARepeatedFewShotExampleIsReportedAtTheRepeat()
    {
        var d = await MembersAsync($$$"""
            [FewShot("2+2", "4")]
            [FewShot("3+3", "6")]
            [FewShot("2+2", "4")]
            [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});
            """);

        Assert.Equal(new[] { "PG0041 Warning 'FewShot(\"2+2\", \"4\")': This [FewShot] example of 'AskAsync' repeats example 1 (the same user message and reply), which the model reads twice on every call; remove it" }, d);
    }

    [Fact]
    public async Task PG0041_AFewShotExampleAnsweringAnEarlierQuestionDifferentlyIsReported()
    {
        var d = await MembersAsync($$$"""
            [FewShot("Capital of France?", "Paris")]
            [FewShot("Capital of France?", "Lyon")]
            [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});
            """);

        Assert.Equal(new[] { "PG0041 Warning 'FewShot(\"Capital of France?\", \"Lyon\")': This [FewShot] example of 'AskAsync' gives the user message of example 1 another reply, so the model is shown two answers to one question; remove it" }, d);
    }

    [Theory]
    [InlineData("[Choices(3)] [Temperature(0)]", "", "'3'", "Method 'AskAsync'", "3", "Temperature")]
    [InlineData("[Choices(2)] [TopP(0)]", "", "'2'", "Method 'AskAsync'", "2", "TopP")]
    [InlineData("[Choices(4)]", "[Temperature(0.0)]", "'4'", "Method 'AskAsync'", "4", "Temperature")]
    [InlineData("[Temperature(0)]", "[Choices(2)]", "'0'", "Method 'AskAsync'", "2", "Temperature")]
    public async Task PG0074_SeveralChoicesWithNoRandomnessAreAWarning(string methodAttributes, string interfaceAttributes, string located, string subject, string count, string setting)
    {
        var d = await MembersAsync($$$"""{{{methodAttributes}}} [UserPrompt("{{ q }}")] Task<IReadOnlyList<string>> AskAsync(string q, {{{Ct}}});""", interfaceAttributes);

        Assert.Equal(new[]
        {
            $"PG0074 Warning {located}: {subject} asks for {count} choices with {setting} 0, which leaves the model one token to pick at each step, so every choice is the same reply "
                + $"and the extra ones are paid for nothing; raise {setting} above 0, or ask for one choice",
        }, d);
    }

    [Fact]
    public async Task PG0074_IsReportedOnceOnTheInterfaceWhenBothAreWrittenThere()
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] Task<IReadOnlyList<string>> AskAsync(string q, {{{Ct}}});""", "[Choices(2)] [Temperature(0)]");

        Assert.Equal(new[]
        {
            "PG0074 Warning '2': Interface 'IPrompts' asks for 2 choices with Temperature 0, which leaves the model one token to pick at each step, so every choice is the same reply "
                + "and the extra ones are paid for nothing; raise Temperature above 0, or ask for one choice",
        }, d);
    }

    [Fact]
    public async Task PG0074_ChoicesWithSomeRandomnessAreSilent()
    {
        Assert.Empty(await MembersAsync($$$"""[Choices(3)] [Temperature(0.7)] [UserPrompt("{{ q }}")] Task<IReadOnlyList<string>> AskAsync(string q, {{{Ct}}});"""));
    }
}
