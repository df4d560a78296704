using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Tools;

/// <summary>PG0060–PG0069: id, severity, the exact text located and the message; each run also asserts the generated code compiles.</summary>
public class ToolDiagnosticTests
{
    private static Task<string[]> Diagnose(string tools, string members = "", string types = "") =>
        CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + "using System.ComponentModel;\n" + CatalogHarness.Types + types + tools + """

            [PromptClient]
            public partial interface IPrompts
            {
            """ + members + "\n}\n");

    /// <summary>A documented tools interface <c>ITools</c> with <paramref name="members"/>.</summary>
    private static string Tools(string members, string attributes = "[PromptTools]") =>
        "/// <summary>Tools.</summary>\n" + attributes + "\npublic interface ITools\n{\n" + members + "\n}\n";

    private const string Ask = """[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);""";

    [Fact]
    public async Task PG0060_PromptToolsOnAClassIsReportedAtItsName()
    {
        var d = await Diagnose("[PromptTools] public sealed class Clock { public string Now() => \"noon\"; }\n");

        Assert.Equal(new[] { "PG0060 Error 'Clock': 'Clock' has [PromptTools] but is not an interface; declare the tools as an interface and pass an implementation to the prompt method" }, d);
    }

    [Fact]
    public async Task PG0061_GenericAndRefParametersAreReported()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Finds.</summary>
            T Find<T>();
            /// <summary>Counts.</summary>
            /// <param name="total">The total.</param>
            void Count(out int total);
            """), Ask);

        Assert.Equal(new[]
        {
            "PG0061 Error 'Find': Tool method 'Find' cannot be called by the model: it is generic, and the model cannot choose a type argument; remove the type parameters",
            "PG0061 Error 'total': Tool method 'Count' cannot be called by the model: parameter 'total' is passed by 'out', and a tool's arguments come from JSON; pass it by value",
        }, d);
    }

    [Fact]
    public async Task PG0062_AParameterTypeNoSchemaDescribesIsReportedAtTheMethod()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Runs.</summary>
            /// <param name="action">What to run.</param>
            string Run(Action action);
            """), Ask);

        Assert.Equal(new[] { "PG0062 Error 'Run': The parameters of tool 'Run' cannot be described as JSON Schema: 'Run.action' is 'System.Action', which cannot be read from JSON" }, d);
    }

    [Fact]
    public async Task PG0062_ADictionaryFallsBackToANonStrictSchemaWithoutADiagnostic()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Sums.</summary>
            /// <param name="counts">Counts by name.</param>
            int Sum(Dictionary<string, int> counts);
            """), Ask);

        Assert.Empty(d);
    }

    [Fact]
    public async Task PG0063_AResultThatCannotBeWrittenIsReportedAtTheReturnType()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Streams.</summary>
            IAsyncEnumerable<string> Stream();
            /// <summary>Makes.</summary>
            Func<int> Make();
            """), Ask);

        Assert.Equal(new[]
        {
            "PG0063 Error 'IAsyncEnumerable<string>': The result of tool 'Stream' cannot be sent to the model: 'System.Collections.Generic.IAsyncEnumerable<string>' is not a value, a Task or a ValueTask of one; return the result (or a Task of it)",
            "PG0063 Error 'Func<int>': The result of tool 'Make' cannot be sent to the model: 'System.Func<int>' cannot be written as JSON; return a string or a record",
        }, d);
    }

    [Fact]
    public async Task PG0064_TheSameNameTwiceInOneInterfaceOrOneCallIsReported()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Time.</summary>
            string GetTime();
            /// <summary>Time again.</summary>
            [ToolName("get_time")] string Clock();
            """) + """
            /// <summary>More tools.</summary>
            [PromptTools]
            public interface IMore
            {
                /// <summary>Time.</summary>
                Task<string> GetTimeAsync();
            }
            """, """[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, IMore more, CancellationToken cancellationToken = default);""");

        Assert.Equal(new[]
        {
            "PG0064 Error '\"get_time\"': Function name 'get_time' is used by both 'GetTime' and 'Clock', and the model could not tell them apart; rename one with [ToolName(\"…\")]",
            "PG0064 Error 'more': Function name 'get_time' is used by both 'tools.get_time' and 'more.get_time', and the model could not tell them apart; rename one with [ToolName(\"…\")]",
        }, d);
    }

    [Theory]
    [InlineData("get weather", "it contains ' '")]
    [InlineData("", "it is empty")]
    [InlineData("a123456789a123456789a123456789a123456789a123456789a123456789abcde", "it has 65 characters, more than 64")]
    public async Task PG0065_AnInvalidNameIsReportedAtTheAttributeArgument(string name, string why)
    {
        var d = await Diagnose(Tools($$"""
            /// <summary>Weather.</summary>
            [ToolName("{{name}}")] string Weather();
            """), Ask);

        Assert.Equal(new[] { $"PG0065 Error '\"{name}\"': Function name '{name}' of 'Weather' is not valid: {why}; use 1 to 64 letters, digits, '_' or '-' ([ToolName(\"…\")])" }, d);
    }

    [Fact]
    public async Task PG0066_AToolsParameterInATemplateIsReportedAtTheParameter()
    {
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\nstring GetTime();"),
            """[UserPrompt("{{ q }} with {{ tools }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);""");

        Assert.Equal(new[] { "PG0066 Error 'tools': A template of 'AskAsync' uses the tools parameter 'tools'; tools are sent as the request's 'tools', not as text, so remove 'tools' from the template" }, d);
    }

    [Fact]
    public async Task PG0067_ToolsAndParametersWithoutADescriptionAreAnInfo()
    {
        var d = await Diagnose(Tools("string GetTime(string city);\n/// <summary>Date.</summary>\nstring GetDate([Description(\"Where.\")] string city);"), Ask);

        Assert.Equal(new[]
        {
            "PG0067 Info 'GetTime': Tool 'GetTime' has no description, and the model chooses tools and arguments worse without one; add a /// <summary> (for a parameter a <param>) or [Description]",
            "PG0067 Info 'city': Parameter 'city' of tool 'GetTime' has no description, and the model chooses tools and arguments worse without one; add a /// <summary> (for a parameter a <param>) or [Description]",
        }, d);
    }

    [Fact]
    public async Task PG0068_ToolSettingsThatCannotWorkAreReported()
    {
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\nstring GetTime();"), """
            [UserPrompt("{{ q }}")] [MaxToolRounds(0)] [ToolChoice("get_tide")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] [ParallelToolCalls(false)] Task<string> PlainAsync(string q, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[]
        {
            "PG0068 Error '0': The tool settings of 'AskAsync' cannot work: [MaxToolRounds(0)] allows no tool round; choose 1 or more",
            "PG0068 Error '\"get_tide\"': The tool settings of 'AskAsync' cannot work: [ToolChoice(\"get_tide\")] names no tool of this method; its tools are get_time",
            "PG0068 Error 'false': The tool settings of 'PlainAsync' cannot work: [ParallelToolCalls] has no effect without a [PromptTools] parameter; add one or remove the attribute",
        }, d);
    }

    [Fact]
    public async Task PG0069_AGenericOrPrivateToolsInterfaceOrAPropertyIsReported()
    {
        var d = await Diagnose("""
            /// <summary>Generic.</summary>
            [PromptTools] public interface IGeneric<T> { /// <summary>Get.</summary>
            string Get(); }
            public partial class Outer
            {
                /// <summary>Hidden.</summary>
                [PromptTools] private interface IHidden { /// <summary>Get.</summary>
                string Get(); }
            }
            """ + Tools("/// <summary>Now.</summary>\nstring Now { get; }\n/// <summary>Time.</summary>\nstring GetTime();"), Ask);

        Assert.Equal(new[]
        {
            "PG0069 Error 'IGeneric': Tools interface 'IGeneric' cannot be dispatched: it is generic, and a tool's schema is computed at build time for known types; remove the type parameters",
            "PG0069 Error 'IHidden': Tools interface 'IHidden' cannot be dispatched: 'IHidden' is private, so its generated dispatcher cannot name it; make it internal or public",
            "PG0069 Error 'Now': Tools interface 'ITools' cannot be dispatched: 'Now' is not a method, and only methods can be tools; remove it or give it a body",
        }, d);
    }
}
