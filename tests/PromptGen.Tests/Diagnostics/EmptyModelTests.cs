using Xunit;
using static PromptGen.Tests.Diagnostics.CatalogHarness;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// PG0038: a [Model] that names no model (empty, blank, null), on a method or on the interface, is a build error at its
/// argument, never a request that silently goes out with the client's default model.
/// </summary>
public class EmptyModelTests
{
    private const string Ask = "[UserPrompt(\"Q: {{ q }}\")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default);";

    private const string Advice = "so the request would silently use the client's default model instead; name the model (for example [Model(\"gpt-4o-mini\")]), or remove the attribute to use the client's model on purpose";

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"\\t\"")]
    [InlineData("null!")]
    public async Task PG0038_AMethodsModelThatNamesNoModelIsReportedAtItsArgument(string argument)
    {
        var d = await MembersAsync($"[Model({argument})] " + Ask);

        Assert.Equal(new[] { $"PG0038 Error '{argument}': The [Model] of 'AskAsync' is empty, {Advice}" }, d);
    }

    [Fact]
    public async Task PG0038_AnInterfacesEmptyModelIsReportedOnceAtItsArgument()
    {
        var d = await MembersAsync(Ask + "\n[Model(\"gpt-4o\")] " + Ask.Replace("AskAsync", "OtherAsync"), "[Model(\"\")]");

        Assert.Equal(new[] { $"PG0038 Error '\"\"': The [Model] of 'IPrompts' is empty, {Advice}" }, d);
    }

    [Fact]
    public async Task AModelWithANameIsNoDiagnostic()
    {
        var d = await MembersAsync("[Model(\"gpt-4o-mini\")] " + Ask, "[Model(\"gpt-4o\")]");

        Assert.Empty(d);
    }
}
