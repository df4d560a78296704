using System.Reflection;
using Xunit;

namespace PromptGen.Tests.Declarations;

/// <summary>
/// Issue 10 §1: every PromptGen attribute that configures a prompt call makes its interface a prompt interface, on
/// every place it may sit (interface, method, parameter), in the generator and the analyzer alike. The attributes are
/// enumerated from the runtime assembly, so a new attribute fails <see cref="EveryRuntimeAttributeIsATriggerOrNamedAsNone"/>
/// until it is either a trigger with a sample here or named as no trigger with its reason.
/// </summary>
public class TriggerTests
{
    private const string Support = """

        public sealed record Person(string Name, int Age);

        [PromptTools]
        public interface ITools { /// <summary>The time now.</summary>
            string Now(); }

        """;

    private const string Ct = "CancellationToken cancellationToken = default";

    /// <summary>
    /// Each trigger as a user writes it, with a method that makes it valid: <c>{A}</c> is where it goes on the method,
    /// <c>{P}</c> before a parameter. The method has no prompt attribute; its one string parameter is the user message.
    /// </summary>
    private static readonly Dictionary<string, (string Attribute, string Method)> Samples = new(StringComparer.Ordinal)
    {
        ["PromptClientAttribute"] = ("[PromptClient]", "Task<string> AskAsync(string q, " + Ct + ");"),
        ["SystemPromptAttribute"] = ("[SystemPrompt(\"Be brief.\")]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["UserPromptAttribute"] = ("[UserPrompt(\"Q: {{ q }}\")]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["FewShotAttribute"] = ("[FewShot(\"hi\", \"hello\")]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["ModelAttribute"] = ("[Model(\"gpt-4o-mini\")]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["TemperatureAttribute"] = ("[Temperature(0.2)]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["TopPAttribute"] = ("[TopP(0.9)]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["MaxTokensAttribute"] = ("[MaxTokens(100)]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["StopAttribute"] = ("[Stop(\"END\")]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["FrequencyPenaltyAttribute"] = ("[FrequencyPenalty(0.5)]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["PresencePenaltyAttribute"] = ("[PresencePenalty(0.5)]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["SeedAttribute"] = ("[Seed(42)]", "{A} Task<string> AskAsync(string q, " + Ct + ");"),
        ["ChoicesAttribute"] = ("[Choices(2)]", "{A} Task<IReadOnlyList<string>> AskAsync(string q, " + Ct + ");"),
        ["ResponseFormatAttribute"] = ("[ResponseFormat(ResponseFormatKind.JsonObject)]", "{A} Task<Person> AskAsync(string q, " + Ct + ");"),
        ["RepairAttribute"] = ("[Repair(2)]", "{A} Task<Person> AskAsync(string q, " + Ct + ");"),
        ["MaxPromptTokensAttribute"] = ("[MaxPromptTokens(1000)]", "{A} Task<string> AskAsync(IReadOnlyList<ChatMessage> history, string q, " + Ct + ");"),
        ["ImageDetailAttribute"] = ("[ImageDetail(ImageDetail.Low)]", "{A} Task<string> AskAsync(string q, {P} ImageInput photo, " + Ct + ");"),
        ["MaxToolRoundsAttribute"] = ("[MaxToolRounds(3)]", "{A} Task<string> AskAsync(string q, ITools tools, " + Ct + ");"),
        ["ToolChoiceAttribute"] = ("[ToolChoice(ToolChoiceMode.Required)]", "{A} Task<string> AskAsync(string q, ITools tools, " + Ct + ");"),
        ["ParallelToolCallsAttribute"] = ("[ParallelToolCalls(false)]", "{A} Task<string> AskAsync(string q, ITools tools, " + Ct + ");"),
        ["SequentialToolCallsAttribute"] = ("[SequentialToolCalls]", "{A} Task<string> AskAsync(string q, ITools tools, " + Ct + ");"),
    };

    /// <summary>The runtime's attributes that describe something other than a prompt call, so they make no prompt interface.</summary>
    private static readonly Dictionary<string, string> NotTriggers = new(StringComparer.Ordinal)
    {
        ["PromptFakeAttribute"] = "asks for a fake, on the assembly",
        ["PromptToolsAttribute"] = "marks a tools interface (its own generator)",
        ["ToolNameAttribute"] = "names a method of a tools interface",
        ["RethrowToolExceptionsAttribute"] = "sits on a tools interface or its methods",
    };

    private static IEnumerable<Type> RuntimeAttributes() =>
        typeof(PromptClientAttribute).Assembly.GetExportedTypes().Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract);

    /// <summary>Every (attribute, place) the runtime allows on an interface, a method or a parameter.</summary>
    public static TheoryData<string, string> Placements()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in RuntimeAttributes().Where(t => !NotTriggers.ContainsKey(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var targets = type.GetCustomAttribute<AttributeUsageAttribute>()!.ValidOn;
            foreach (var (target, place) in new[] { (AttributeTargets.Interface, "interface"), (AttributeTargets.Method, "method"), (AttributeTargets.Parameter, "parameter") })
            {
                if ((targets & target) != 0)
                {
                    data.Add(type.Name, place);
                }
            }
        }

        return data;
    }

    [Fact]
    public void EveryRuntimeAttributeIsATriggerOrNamedAsNone()
    {
        var all = RuntimeAttributes().Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var known = Samples.Keys.Concat(NotTriggers.Keys).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(known, all);
    }

    private static string Declare(string attribute, string place, string partial = "partial ")
    {
        var (text, method) = Samples[attribute];
        var onInterface = place == "interface" ? text + " " : "";
        method = method.Replace("{A}", place == "method" ? text : "").Replace("{P}", place == "parameter" ? text : "").Replace("( ", "(").Replace("  ", " ").TrimStart();
        return DeclarationHarness.Usings + Support + onInterface + "public " + partial + "interface ITrigger\n{\n    " + method + "\n}\n";
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task TheAttributeAloneMakesAPromptInterface(string attribute, string place)
    {
        var source = Declare(attribute, place);
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(source
            + "public static class Use { public static ITrigger Create(IChatTransport t) => new ITrigger.Client(t); }\n");

        Assert.True(diagnostics.Length == 0, source + "\n" + string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Contains("ITrigger.g.cs", DeclarationHarness.HintNames(run));
    }

    /// <summary>The analyzer applies the same rule: a non-partial interface with only this attribute gets PG0001.</summary>
    [Theory]
    [MemberData(nameof(Placements))]
    public async Task NotPartialWithTheAttributeAloneIsPG0001(string attribute, string place)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(Declare(attribute, place, partial: ""));

        Assert.Equal(new[] { "PG0001 Error 'ITrigger': Prompt interface 'ITrigger' is not partial; declare it 'partial interface ITrigger' so PromptGen can add its Client class" }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.DoesNotContain("ITrigger.g.cs", DeclarationHarness.HintNames(run));
    }

    [Fact]
    public async Task NotPartialWithAnOutOfRangeTemperatureAloneGetsBoth()
    {
        var (diagnostics, generatedErrors, _) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings
            + "public interface IHot\n{\n    [Temperature(5)] Task<string> AskAsync(string q, CancellationToken cancellationToken = default);\n}\n");

        Assert.Equal(new[]
        {
            "PG0001 Error 'IHot': Prompt interface 'IHot' is not partial; declare it 'partial interface IHot' so PromptGen can add its Client class",
            "PG0005 Error '5': Temperature is 5, outside the range the API accepts (0 to 2); choose a value from 0 to 2",
        }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
    }

    /// <summary>A setting on a method with no user message: the interface is a prompt interface, and PG0006 says what to add.</summary>
    [Theory]
    [InlineData("[Temperature(0.2)] Task<string> CountAsync(int n, CancellationToken cancellationToken = default);")]
    [InlineData("[MaxPromptTokens(500)] ChatStream<string> CountAsync(IReadOnlyList<ChatMessage> history, int n, CancellationToken cancellationToken = default);")]
    [InlineData("[Model(\"gpt-4o\")] PartialStream<Person> CountAsync(int n, CancellationToken cancellationToken = default);")]
    public async Task ASettingWithoutAUserMessageIsPG0006(string method)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Support
            + "public partial interface ICount\n{\n    " + method + "\n}\n"
            + "public static class Use { public static ICount Create(IChatTransport t) => new ICount.Client(t); }\n");

        Assert.Equal(new[] { "PG0006 Error 'CountAsync': Method 'CountAsync' has no [UserPrompt] and no single string parameter to send as the user message; add [UserPrompt(\"…\")] or one string parameter; without a template, 'n' is not sent (only a method whose one parameter is a string sends it as the message)" }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Contains("ICount.g.cs", DeclarationHarness.HintNames(run));
    }

    /// <summary>The new shapes with one setting each: streams, images, tools — implemented, usable, nothing reported.</summary>
    [Theory]
    [InlineData("[Temperature(0.2)] ChatStream<string> StoryAsync(string q, CancellationToken cancellationToken = default);")]
    [InlineData("[Seed(1)] ChatStream<Person> PeopleAsync(string q, CancellationToken cancellationToken = default);")]
    [InlineData("[Repair] PartialStream<Person> PersonAsync(string q, CancellationToken cancellationToken = default);")]
    [InlineData("Task<string> DescribeAsync(string q, [ImageDetail(ImageDetail.High)] ImageInput photo, CancellationToken cancellationToken = default);")]
    [InlineData("[MaxToolRounds(2)] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);")]
    public async Task NewShapesWithASettingAreImplemented(string method)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Support
            + "public partial interface IShape\n{\n    " + method + "\n}\n"
            + "public static class Use { public static IShape Create(IChatTransport t) => new IShape.Client(t); }\n");

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Contains("IShape.g.cs", DeclarationHarness.HintNames(run));
    }

    /// <summary>
    /// Types alone opt nothing in: a hand-written interface may take an ImageInput or return a ChatStream (a decorator
    /// over a generated client). One PromptGen attribute is the opt-in.
    /// </summary>
    [Theory]
    [InlineData("ChatStream<string> StoryAsync(string q, CancellationToken cancellationToken = default);")]
    [InlineData("Task<string> DescribeAsync(string q, ImageInput photo, CancellationToken cancellationToken = default);")]
    [InlineData("Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);")]
    public async Task TypesAndToolAttributesAloneAreNoPromptInterface(string method)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Support
            + "public partial interface IHandWritten\n{\n    " + method + "\n}\n");

        Assert.DoesNotContain(diagnostics, d => d.StartsWith("PG", StringComparison.Ordinal) && d.Contains("IHandWritten", StringComparison.Ordinal));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.DoesNotContain("IHandWritten.g.cs", DeclarationHarness.HintNames(run));
    }

    /// <summary>Tool attributes outside a tools interface opt nothing in either, but are not silent: PG0059 at each.</summary>
    [Fact]
    public async Task ToolAttributesAloneAreNoPromptInterfaceAndArePG0059()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Support
            + "public partial interface IHandWritten\n{\n    [ToolName(\"x\")] [RethrowToolExceptions] Task<string> AskAsync(string q, CancellationToken cancellationToken = default);\n}\n");

        Assert.Equal(new[] { "PG0059", "PG0059" }, diagnostics.Where(d => d.StartsWith("PG", StringComparison.Ordinal)).Select(d => d.Substring(0, 6)));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.DoesNotContain("IHandWritten.g.cs", DeclarationHarness.HintNames(run));
    }
}
