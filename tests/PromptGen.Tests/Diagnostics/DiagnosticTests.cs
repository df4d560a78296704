using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

public class DiagnosticTests
{
    private static Task<string[]> Diagnose(string members, string interfaceAttributes = "", string modifiers = "partial") =>
        GeneratorHarness.PromptDiagnosticsAsync($$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            public sealed class Customer { public string Name { get; set; } = ""; public List<string> Tags { get; set; } = new(); public int Age { get; set; } }

            [PromptClient]{{interfaceAttributes}}
            public {{modifiers}} interface IPrompts
            {
            {{members}}
            }
            """);

    [Fact]
    public async Task ValidDeclarationsRaiseNothing()
    {
        var all = await GeneratorHarness.AllDiagnosticsAsync(Sources.Tutor);

        Assert.Empty(all.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public async Task InterfaceNotPartialIsReportedAtItsName()
    {
        var diagnostics = await Diagnose("Task<string> AskAsync(string question);", modifiers: "");

        Assert.Equal(new[] { "PG0001 Error 'IPrompts': Prompt interface 'IPrompts' is not partial; declare it 'partial interface IPrompts' so PromptGen can add its Client class" }, diagnostics);
    }

    [Fact]
    public async Task ContainingTypeNotPartialIsReported()
    {
        var diagnostics = await GeneratorHarness.PromptDiagnosticsAsync("""
            using System.Threading.Tasks;
            using PromptGen;

            public static class Outer
            {
                [PromptClient]
                public partial interface INested { Task<string> AskAsync(string question); }
            }
            """);

        Assert.Equal(new[] { "PG0009 Error 'Outer': Interface 'INested' is nested in 'Outer', which is not partial; declare 'Outer' partial so PromptGen can extend the interface" }, diagnostics);
    }

    [Fact]
    public async Task UnsupportedReturnTypeIsReportedAtTheReturnType()
    {
        var diagnostics = await Diagnose("string Ask(string question);");

        Assert.Equal(new[] { "PG0002 Error 'string': Method 'Ask' returns 'string', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1), IAsyncEnumerable<string>, IAsyncEnumerable<T>, ChatStream<T> or PartialStream<T>; a prompt call is asynchronous: return Task<string>" }, diagnostics);
    }

    [Theory]
    [InlineData("Task Ask(string question);", "Task")]
    [InlineData("IAsyncEnumerable<object> Ask(string question);", "IAsyncEnumerable<object>")] // IAsyncEnumerable<int> streams items (issue 17)
    [InlineData("Task<dynamic> Ask(string question);", "Task<dynamic>")]
    public async Task OtherUnsupportedReturnTypes(string member, string returnType)
    {
        var diagnostics = await Diagnose(member);

        Assert.Single(diagnostics, d => d.StartsWith($"PG0002 Error '{returnType}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownTemplateNameIsReportedAtTheNameWithSuggestion()
    {
        var diagnostics = await Diagnose("""[UserPrompt("What is {{ topc }}?")] Task<string> AskAsync(string topic);""");

        Assert.Equal(new[] { "PG0003 Error 'topc': The template of 'AskAsync' uses 'topc', which is not a parameter of the method; did you mean 'topic'?" }, diagnostics);
    }

    [Fact]
    public async Task UnknownNameWithoutCloseMatchHasNoSuggestion()
    {
        var diagnostics = await Diagnose("""[UserPrompt("What is {{ weather }}?")] Task<string> AskAsync(string topic);""");

        Assert.Equal(new[] { "PG0003 Error 'weather': The template of 'AskAsync' uses 'weather', which is not a parameter of the method" }, diagnostics);
    }

    [Fact]
    public async Task UnknownNameIsLocatedInsideEscapedVerbatimAndRawLiterals()
    {
        var regular = await Diagnose("""[UserPrompt("Say \"hi\"\n to {{ nme }}")] Task<string> AskAsync(string name);""");
        var verbatim = await Diagnose("""[UserPrompt(@"Say ""hi"" to {{ nme }}")] Task<string> AskAsync(string name);""");
        var raw = await Diagnose(""""
            [UserPrompt("""
                Say "hi"
                to {{ nme }}
                """)]
            Task<string> AskAsync(string name);
            """");

        Assert.All(new[] { regular, verbatim, raw }, d => Assert.StartsWith("PG0003 Error 'nme':", Assert.Single(d)));
    }

    [Fact]
    public async Task UnknownMemberIsReportedAtTheMember()
    {
        var diagnostics = await Diagnose("""[UserPrompt("Hello {{ customer.Nme }}")] Task<string> AskAsync(Customer customer);""");

        Assert.Equal(new[] { "PG0007 Error 'Nme': The template of 'AskAsync' uses 'customer.Nme', but 'Customer' has no public property or field 'Nme'; did you mean 'Name'?" }, diagnostics);
    }

    [Fact]
    public async Task LoopOverNonSequenceIsReported()
    {
        var diagnostics = await Diagnose("""[UserPrompt("{{ for t in customer.Age }}{{ t }}{{ end }}")] Task<string> AskAsync(Customer customer);""");

        Assert.Equal("PG0008 Error 'customer.Age': The template of 'AskAsync' loops over 'customer.Age', which is a 'int', not a sequence; loop over an array, list or other IEnumerable<T>", Assert.Single(diagnostics));
    }

    [Fact]
    public async Task LoopVariableIsInScopeInsideTheLoopOnly()
    {
        var diagnostics = await Diagnose("""[UserPrompt("{{ for tag in customer.Tags }}{{ tag }}{{ end }}{{ tag }}")] Task<string> AskAsync(Customer customer);""");

        Assert.Equal(new[] { "PG0003 Error 'tag': The template of 'AskAsync' uses 'tag', which is not a parameter of the method" }, diagnostics);
    }

    [Fact]
    public async Task TemplateSyntaxErrorIsLocated()
    {
        var diagnostics = await Diagnose("""[UserPrompt("What is {{ topic ")] Task<string> AskAsync(string topic);""");

        var diagnostic = Assert.Single(diagnostics);
        Assert.StartsWith("PG0004 Error '{{': Template error in 'AskAsync': ", diagnostic);
    }

    [Theory]
    [InlineData("[Temperature(2.5)]", "2.5", "Temperature is 2.5, outside the range the API accepts (0 to 2); choose a value from 0 to 2")]
    [InlineData("[Temperature(-0.1)]", "-0.1", "Temperature is -0.1, outside the range the API accepts (0 to 2); choose a value from 0 to 2")]
    [InlineData("[TopP(1.5)]", "1.5", "TopP is 1.5, outside the range the API accepts (0 to 1); choose a value from 0 to 1")]
    [InlineData("[FrequencyPenalty(3)]", "3", "FrequencyPenalty is 3, outside the range the API accepts (-2 to 2); choose a value from -2 to 2")]
    [InlineData("[PresencePenalty(-2.5)]", "-2.5", "PresencePenalty is -2.5, outside the range the API accepts (-2 to 2); choose a value from -2 to 2")]
    public async Task SettingsOutOfRangeAreReportedAtTheArgument(string attribute, string argument, string message)
    {
        var diagnostics = await Diagnose($"{attribute} Task<string> AskAsync(string question);");

        Assert.Equal(new[] { $"PG0005 Error '{argument}': {message}" }, diagnostics);
    }

    [Fact]
    public async Task InterfaceLevelSettingOutOfRangeIsReportedOnce()
    {
        var diagnostics = await Diagnose("Task<string> AAsync(string q); Task<string> BAsync(string q);", interfaceAttributes: "[Temperature(9)]");

        Assert.Single(diagnostics);
    }

    [Fact]
    public async Task MethodWithoutPromptIsReported()
    {
        var diagnostics = await Diagnose("Task<string> AskAsync(int number);");

        Assert.Equal(new[] { "PG0006 Error 'AskAsync': Method 'AskAsync' has no [UserPrompt] and no single string parameter to send as the user message; add [UserPrompt(\"…\")] or one string parameter; without a template, 'number' is not sent (only a method whose one parameter is a string sends it as the message)" }, diagnostics);
    }

    [Fact]
    public async Task AHistoryOrCancellationTokenParameterInATemplateIsNamedAsAParameterNoTemplateReads()
    {
        var diagnostics = await Diagnose("[UserPrompt(\"{{ history }} {{ ct }} {{ question }}\")] Task<string> AskAsync(IReadOnlyList<ChatMessage> history, string question, CancellationToken ct);");

        const string Why = "a parameter no template can read: a history parameter is sent as messages before the user message and a CancellationToken is never sent";
        Assert.Equal(new[]
        {
            $"PG0003 Error 'history': The template of 'AskAsync' uses 'history', {Why}; remove 'history' from the template",
            $"PG0003 Error 'ct': The template of 'AskAsync' uses 'ct', {Why}; remove 'ct' from the template",
        }, diagnostics);
    }

    [Fact]
    public async Task MethodWithOneStringAmongSeveralParametersNamesWhatWouldNotBeSent()
    {
        var diagnostics = await Diagnose("[Temperature(0.1)] Task<string> AskAsync(string question, int count);");

        Assert.Equal(new[] { "PG0006 Error 'AskAsync': Method 'AskAsync' has no [UserPrompt] and no single string parameter to send as the user message; add [UserPrompt(\"…\")] or one string parameter; without a template, 'question', 'count' are not sent (only a method whose one parameter is a string sends it as the message)" }, diagnostics);
    }

    [Fact]
    public async Task GenericMethodAndRefParametersAreReported()
    {
        var diagnostics = await Diagnose("Task<string> AskAsync<T>(string q); Task<string> RefAsync(ref string q);");

        Assert.Equal(new[]
        {
            "PG0010 Error 'AskAsync': Method 'AskAsync' cannot be implemented by PromptGen: generic methods are not supported; remove the type parameters",
            "PG0010 Error 'q': Method 'RefAsync' cannot be implemented by PromptGen: parameter 'q' is passed by 'ref'; pass it by value",
        }, diagnostics);
    }
}
