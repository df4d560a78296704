using Microsoft.CodeAnalysis;
using Xunit;

namespace PromptGen.Tests.Generator;

/// <summary>
/// The generated <c>{Method}PromptVersion</c> constant: a hash of what is fixed about the prompt at build time. It must
/// change exactly when the prompt's definition does: never for formatting, names or code outside the prompt, always for
/// any change inside a template, a few-shot example, a setting or the reply's schema.
/// </summary>
public sealed class PromptVersionTests
{
    private const string Baseline = """
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        public sealed record City(string Name, int Population);

        [SystemPrompt("You know cities.")]
        public partial interface IAtlas
        {
            [UserPrompt("Describe {{ city }}.")]
            [FewShot("Oslo", "{\"name\":\"Oslo\",\"population\":709000}")]
            [Temperature(0.2)]
            Task<City> DescribeAsync(string city, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void TheVersionIsTwelveLowercaseHexCharactersAndTheSameOnEveryRun()
    {
        var version = VersionOf(Baseline);

        Assert.Matches("^[0-9a-f]{12}$", version);
        Assert.Equal(version, VersionOf(Baseline));
    }

    public static TheoryData<string, string, string> Unchanged() => new()
    {
        { "reformatted", "    [UserPrompt(\"Describe {{ city }}.\")]\n    [FewShot", "    [UserPrompt(  \"Describe {{ city }}.\"  )]\n\n    // a comment\n    [FewShot" },
        { "attributes reordered", "[FewShot(\"Oslo\", \"{\\\"name\\\":\\\"Oslo\\\",\\\"population\\\":709000}\")]\n    [Temperature(0.2)]", "[Temperature(0.2)]\n    [FewShot(\"Oslo\", \"{\\\"name\\\":\\\"Oslo\\\",\\\"population\\\":709000}\")]" },
        { "parameter renamed in code only", "CancellationToken cancellationToken = default", "CancellationToken ct = default" },
        { "interface renamed", "IAtlas", "IGazetteer" },
        { "another member added", "Task<City> DescribeAsync", "Task<string> OtherAsync(string x);\n    [UserPrompt(\"Describe {{ city }}.\")]\n    [FewShot(\"Oslo\", \"{\\\"name\\\":\\\"Oslo\\\",\\\"population\\\":709000}\")]\n    [Temperature(0.2)]\n    Task<City> DescribeAsync" },
        { "temperature written differently", "[Temperature(0.2)]", "[Temperature(0.20)]" },
        { "a raw string literal with the same text", "[UserPrompt(\"Describe {{ city }}.\")]", "[UserPrompt(\"\"\"Describe {{ city }}.\"\"\")]" },
    };

    [Theory]
    [MemberData(nameof(Unchanged))]
    public void ChangesOutsideThePromptKeepTheVersion(string what, string from, string to)
    {
        var changed = Replace(Baseline, from, to);

        Assert.True(changed != Baseline, what);
        Assert.Equal(VersionOf(Baseline), VersionOf(changed));
    }

    public static TheoryData<string, string, string> Changed() => new()
    {
        { "one character in the user template", "Describe {{ city }}.", "Describe {{ city }}!" },
        { "whitespace inside the user template", "Describe {{ city }}.", "Describe  {{ city }}." },
        { "whitespace inside a template expression", "{{ city }}", "{{city}}" },
        { "the system prompt", "You know cities.", "You know all cities." },
        { "a few-shot reply", "709000", "709001" },
        { "the temperature", "[Temperature(0.2)]", "[Temperature(0.3)]" },
        { "a setting added", "[Temperature(0.2)]", "[Temperature(0.2)]\n    [MaxTokens(100)]" },
        { "the reply's schema", "record City(string Name, int Population)", "record City(string Name, double Population)" },
        { "a repair allowed", "[Temperature(0.2)]", "[Temperature(0.2)]\n    [Repair(1)]" },
    };

    [Theory]
    [MemberData(nameof(Changed))]
    public void ChangesToThePromptChangeTheVersion(string what, string from, string to)
    {
        var changed = Replace(Baseline, from, to);

        Assert.NotEqual(VersionOf(Baseline), VersionOf(changed));
        Assert.True(changed != Baseline, what);
    }

    [Fact]
    public void AnImageParameterAndItsDetailLevelArePartOfTheVersion()
    {
        const string Vision = """
            using System.Threading.Tasks;
            using PromptGen;

            namespace Demo;

            public partial interface IAtlas
            {
                [UserPrompt("Which city is this?")]
                Task<string> DescribeAsync([ImageDetail(ImageDetail.Low)] ImageInput photo);
            }
            """;
        var low = VersionOf(Vision);

        Assert.NotEqual(low, VersionOf(Vision.Replace("ImageDetail.Low", "ImageDetail.High")));
        Assert.NotEqual(low, VersionOf(Vision.Replace("ImageInput photo", "ImageInput[] photo")));
        Assert.Equal(low, VersionOf(Vision.Replace("ImageInput photo", "ImageInput picture")));
    }

    private const string WithTools = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        /// <summary>Weather tools.</summary>
        [PromptTools]
        public interface IWeatherTools
        {
            /// <summary>The temperature in a city, in degrees Celsius.</summary>
            /// <param name="city">The city's name.</param>
            Task<double> GetTemperatureAsync(string city, CancellationToken cancellationToken);
        }

        public partial interface IAtlas
        {
            [UserPrompt("What is the weather in {{ city }}?")]
            [ToolChoice(ToolChoiceMode.Auto)]
            Task<string> DescribeAsync(string city, IWeatherTools tools, IReadOnlyList<ChatMessage> history, CancellationToken cancellationToken = default);
        }
        """;

    public static TheoryData<string, string, string> ToolsChanged() => new()
    {
        { "a tool's description", "The temperature in a city, in degrees Celsius.", "The temperature in a city, in degrees Fahrenheit." },
        { "a tool parameter's description", "The city's name.", "The city's English name." },
        { "a tool parameter's type (its schema)", "GetTemperatureAsync(string city", "GetTemperatureAsync(int city" },
        { "a tool parameter's name (its schema)", "<param name=\"city\">The city's name.</param>\n    Task<double> GetTemperatureAsync(string city", "<param name=\"town\">The city's name.</param>\n    Task<double> GetTemperatureAsync(string town" },
        { "a tool's function name", "Task<double> GetTemperatureAsync", "Task<double> GetHeatAsync" },
        { "a tool's function name by [ToolName]", "    Task<double> GetTemperatureAsync", "    [ToolName(\"temperature\")]\n    Task<double> GetTemperatureAsync" },
        { "a tool added", "Task<double> GetTemperatureAsync(string city, CancellationToken cancellationToken);", "Task<double> GetTemperatureAsync(string city, CancellationToken cancellationToken);\n        /// <summary>Wind.</summary>\n        Task<double> GetWindAsync();" },
        { "the tool choice", "[ToolChoice(ToolChoiceMode.Auto)]", "[ToolChoice(ToolChoiceMode.Required)]" },
        { "a forced tool", "[ToolChoice(ToolChoiceMode.Auto)]", "[ToolChoice(\"get_temperature\")]" },
        { "parallel tool calls", "[ToolChoice(ToolChoiceMode.Auto)]", "[ToolChoice(ToolChoiceMode.Auto)]\n    [ParallelToolCalls(false)]" },
        { "the most tool rounds", "[ToolChoice(ToolChoiceMode.Auto)]", "[ToolChoice(ToolChoiceMode.Auto)]\n    [MaxToolRounds(3)]" },
        { "a prompt token budget", "[ToolChoice(ToolChoiceMode.Auto)]", "[ToolChoice(ToolChoiceMode.Auto)]\n    [MaxPromptTokens(4000)]" },
        { "another prompt token budget on the interface", "public partial interface IAtlas", "[MaxPromptTokens(4000)]\npublic partial interface IAtlas" },
        { "the reply streamed", "Task<string> DescribeAsync", "IAsyncEnumerable<string> DescribeAsync" },
    };

    [Theory]
    [MemberData(nameof(ToolsChanged))]
    public void ChangesToTheToolsTheBudgetOrStreamingChangeTheVersion(string what, string from, string to)
    {
        var changed = Replace(WithTools, from, to);

        Assert.True(changed != WithTools, what);
        Assert.NotEqual(VersionOf(WithTools), VersionOf(changed));
    }

    public static TheoryData<string, string, string> ToolsUnchanged() => new()
    {
        { "the tools interface renamed", "IWeatherTools", "IForecastTools" },
        { "the tools parameter renamed", "IWeatherTools tools", "IWeatherTools weather" },
        { "the history parameter renamed", "history, CancellationToken", "turns, CancellationToken" },
        { "tool calls run one at a time", "[ToolChoice(ToolChoiceMode.Auto)]", "[ToolChoice(ToolChoiceMode.Auto)]\n    [SequentialToolCalls]" },
        { "a tool's exceptions rethrown", "[PromptTools]", "[PromptTools]\n[RethrowToolExceptions]" },
        { "the result wrapped in ChatResult", "Task<string> DescribeAsync", "Task<ChatResult<string>> DescribeAsync" },
    };

    [Theory]
    [MemberData(nameof(ToolsUnchanged))]
    public void EditsThatSendTheSameRequestsKeepTheVersion(string what, string from, string to)
    {
        var changed = Replace(WithTools, from, to);

        Assert.True(changed != WithTools, what);
        Assert.Equal(VersionOf(WithTools), VersionOf(changed));
    }

    [Fact]
    public void OverloadsGetNumberedConstantsAndTheirRequestsCarryTheirOwnVersion()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using PromptGen;

            namespace Demo;

            public partial interface IEcho
            {
                [UserPrompt("Say {{ text }}.")]
                Task<string> SayAsync(string text);

                [UserPrompt("Say {{ text }} {{ times }} times.")]
                Task<string> SayAsync(string text, int times);
            }
            """);

        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var client = run.Output.GetTypeByMetadataName("Demo.IEcho+Client")!;
        var first = (string)((IFieldSymbol)client.GetMembers("SayAsyncPromptVersion").Single()).ConstantValue!;
        var second = (string)((IFieldSymbol)client.GetMembers("SayAsyncPromptVersion2").Single()).ConstantValue!;
        Assert.NotEqual(first, second);
        var generated = string.Join("\n", run.Output.SyntaxTrees.Select(t => t.ToString()));
        Assert.Contains("new global::PromptGen.PromptMethod(\"Demo.IEcho\", \"SayAsync\", SayAsyncPromptVersion);", generated);
        Assert.Contains("new global::PromptGen.PromptMethod(\"Demo.IEcho\", \"SayAsync\", SayAsyncPromptVersion2);", generated);
    }

    private static string Replace(string source, string from, string to)
    {
        Assert.Contains(from, source);
        return source.Replace(from, to);
    }

    /// <summary>The value of the single <c>…PromptVersion</c> constant of <c>DescribeAsync</c> in the generated Client.</summary>
    private static string VersionOf(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var client = run.Output.GetTypeByMetadataName("Demo.IAtlas+Client") ?? run.Output.GetTypeByMetadataName("Demo.IGazetteer+Client")!;
        var constant = (IFieldSymbol)client.GetMembers("DescribeAsyncPromptVersion").Single();
        return (string)constant.ConstantValue!;
    }
}
