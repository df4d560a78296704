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
    public async Task PG0062_AParameterTypeNoSchemaDescribesIsReportedAtTheParameter()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Runs.</summary>
            /// <param name="count">How often.</param>
            /// <param name="action">What to run.</param>
            string Run(int count, Action action);
            """), Ask);

        Assert.Equal(new[] { "PG0062 Error 'action': The parameters of tool 'Run' cannot be described as JSON Schema: parameter 'action' is 'Action', which System.Text.Json cannot read or write; use a string, a number, an enum or a record" }, d);
    }

    [Fact]
    public async Task PG0062_ParameterTypesSystemTextJsonCannotCreateAreReportedAtEachParameter()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Runs.</summary>
            /// <param name="ways">Two constructors, no [JsonConstructor].</param>
            /// <param name="animal">An abstract type.</param>
            /// <param name="shape">An interface that is no collection.</param>
            /// <param name="holder">A type with a member of a type it cannot create.</param>
            /// <param name="names">A collection interface, which is fine.</param>
            /// <param name="photo">PromptGen's image input: several constructors, none for JSON.</param>
            string Run(TwoWays ways, Animal animal, IShape shape, Holder holder, IReadOnlyList<string> names, ImageInput photo);
            """), Ask);

        Assert.Equal(new[]
        {
            "PG0062 Error 'ways': The parameters of tool 'Run' cannot be described as JSON Schema: parameter 'ways' cannot be read from JSON: 'TwoWays' has no constructor it can use",
            "PG0062 Error 'animal': The parameters of tool 'Run' cannot be described as JSON Schema: parameter 'animal' is the abstract type 'Animal' without [JsonDerivedType]; list its concrete types with [JsonDerivedType(typeof(…), \"…\")] or use a concrete type",
            "PG0062 Error 'shape': The parameters of tool 'Run' cannot be described as JSON Schema: parameter 'shape' is the interface 'IShape' without [JsonDerivedType]; list its concrete types with [JsonDerivedType(typeof(…), \"…\")] or use a concrete type",
            "PG0062 Error 'holder': The parameters of tool 'Run' cannot be described as JSON Schema: parameter 'holder' cannot be read from JSON: 'item' is 'TwoWays', which has no constructor it can use",
            "PG0062 Error 'photo': The parameters of tool 'Run' cannot be described as JSON Schema: parameter 'photo' cannot be read from JSON: 'ImageInput' has no constructor it can use",
        }, d);
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
            "PG0063 Error 'IAsyncEnumerable<string>': The result of tool 'Stream' cannot be sent to the model: 'IAsyncEnumerable<string>' is a stream, and a tool answers the model once; collect the items and return Task<List<string>>",
            "PG0063 Error 'Func<int>': The result of tool 'Make' cannot be sent to the model: 'Func<int>' cannot be written as JSON; return a string or a record",
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
            "PG0064 Error '\"get_time\"': Function name 'get_time' is used by both 'GetTime()' and 'Clock()', and the model could not tell them apart; rename one with [ToolName(\"…\")]",
            "PG0064 Error 'more': Function name 'get_time' is used by both 'tools.get_time' and 'more.get_time', and the model could not tell them apart; rename one with [ToolName(\"…\")]",
        }, d);
    }

    [Fact]
    public async Task PG0064_OverloadsAreNamedByTheirSignatures()
    {
        var d = await Diagnose(Tools("""
            /// <summary>By name.</summary>
            /// <param name="city">City.</param>
            string Find(string city);
            /// <summary>By position.</summary>
            /// <param name="latitude">Latitude.</param>
            /// <param name="longitude">Longitude.</param>
            string Find(double latitude, double longitude);
            """), Ask);

        Assert.Equal(new[] { "PG0064 Error 'Find': Function name 'find' is used by both 'Find(string)' and 'Find(double, double)', and the model could not tell them apart; rename one with [ToolName(\"…\")]" }, d);
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
    public async Task PG0065_ANullNameIsEmptyNotASilentFallBackToTheMethodsName()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Weather.</summary>
            [ToolName(null!)] string Weather();
            """), Ask);

        Assert.Equal(new[] { "PG0065 Error 'null!': Function name '' of 'Weather' is not valid: it is empty; use 1 to 64 letters, digits, '_' or '-' ([ToolName(\"…\")])" }, d);
    }

    [Fact]
    public async Task PG0068_ANullToolChoiceFunctionIsReportedNotASilentAuto()
    {
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\nstring GetTime();"), """
            [UserPrompt("{{ q }}")] [ToolChoice((string)null!)] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[]
        {
            "PG0068 Error '(string)null!': The tool settings of 'AskAsync' cannot work: [ToolChoice] names no function (null); name one of its tools (get_time) or use a ToolChoiceMode",
        }, d);
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

    [Fact]
    public async Task PG0054_AToolsInterfaceLessAccessibleThanThePromptInterfaceIsReportedAtTheParameter()
    {
        // C# reports CS0051 in the user's declaration; the generated client must not repeat it (the harness asserts
        // that generated code compiles), and PromptGen says what to change.
        var d = await Diagnose("/// <summary>Tools.</summary>\n[PromptTools]\ninternal interface ITools\n{\n/// <summary>Time.</summary>\nstring GetTime();\n}\n", Ask);

        Assert.Equal(new[] { "PG0054 Error 'tools': Tools parameter 'tools' of 'AskAsync' cannot be used: 'ITools' is internal but 'IPrompts' is public, so 'AskAsync' cannot take it; make 'ITools' public or 'IPrompts' internal" }, d);
    }

    [Fact]
    public async Task PG0058_AParameterOrReturnTypeLessAccessibleThanThePromptInterfaceIsReportedWhereItIsUsed()
    {
        // The same kind of fault as PG0054 for any other type: C# reports CS0051/CS0050 at the user's method, and the
        // generated client repeated it in its public members until this made the method a stub.
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + """
            internal sealed record Secret(string Text);

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ s.Text }}")] Task<string> AskAsync(Secret s);
                [UserPrompt("{{ q }}")] Task<List<Secret>> ListAsync(string q);
            }

            [PromptClient]
            internal partial interface IInternalPrompts
            {
                [UserPrompt("{{ s.Text }}")] Task<Secret> AskAsync(Secret s);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0058 Error 's': The generated client cannot implement 'AskAsync': parameter 's' uses 'Secret', which is internal, but 'IPrompts' is public; make 'Secret' public or 'IPrompts' internal",
            "PG0058 Error 'Task<List<Secret>>': The generated client cannot implement 'ListAsync': the return type uses 'Secret', which is internal, but 'IPrompts' is public; make 'Secret' public or 'IPrompts' internal",
        }, d);
    }

    [Fact]
    public async Task ToolParameterAndResultTypesLessAccessibleThanThePublicDispatcherLeaveGeneratedCodeCompiling()
    {
        // C# reports CS0051 at the user's tool method; the public dispatcher names the types only inside method bodies,
        // so it adds no error of its own (the harness asserts that generated code compiles).
        var d = await Diagnose(Tools("""
            /// <summary>Finds.</summary>
            /// <param name="query">What.</param>
            Secret Find(Secret query);
            """), Ask, "internal sealed record Secret(string Text);\n");

        Assert.Empty(d);
    }

    [Fact]
    public async Task PG0054_AToolsInterfaceWithoutADispatcherIsReportedAtTheParameterAndTheMethodIsNotImplemented()
    {
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + """
            public partial class Host
            {
                /// <summary>Hidden.</summary>
                [PromptTools]
                protected interface IHidden
                {
                    /// <summary>Get.</summary>
                    string Get();
                }

                [PromptClient]
                protected partial interface IAsk
                {
                    [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, IHidden hidden);
                }
            }

            /// <summary>Generic.</summary>
            [PromptTools]
            public interface IGeneric<T>
            {
                /// <summary>Get.</summary>
                string Get();
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, IGeneric<int> generic);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0069 Error 'IHidden': Tools interface 'IHidden' cannot be dispatched: 'IHidden' is protected, so its generated dispatcher cannot name it; make it internal or public",
            "PG0054 Error 'hidden': Tools parameter 'hidden' of 'AskAsync' cannot be used: 'IHidden' gets no dispatcher: 'IHidden' is protected, so its generated dispatcher cannot name it; make it internal or public",
            "PG0069 Error 'IGeneric': Tools interface 'IGeneric' cannot be dispatched: it is generic, and a tool's schema is computed at build time for known types; remove the type parameters",
            "PG0054 Error 'generic': Tools parameter 'generic' of 'AskAsync' cannot be used: 'IGeneric' gets no dispatcher: it is generic, and a tool's schema is computed at build time for known types; remove the type parameters",
        }, d);
    }

    [Fact]
    public async Task AnOptionalToolsParameterBuildsWithoutWarningsInGeneratedCode()
    {
        // Before: CS8604 in the generated client (new Dispatcher(tools) with ITools?). The harness fails on any warning there.
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\nstring GetTime();"), """
            [UserPrompt("{{ q }}")] [ToolChoice("get_time")] [ParallelToolCalls(false)] Task<string> AskAsync(string q, ITools? tools = null, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] [ToolChoice(ToolChoiceMode.Required)] IAsyncEnumerable<string> StreamAsync(string q, ITools? tools, CancellationToken cancellationToken = default);
            """);

        Assert.Empty(d);
    }

    [Fact]
    public async Task PG0055_AToolsInterfaceWithoutMethodsIsAWarningAtItsName()
    {
        var d = await Diagnose(Tools("/// <summary>Only a helper.</summary>\nstatic string Help() => \"\";"), """
            [UserPrompt("{{ q }}")] [ToolChoice(ToolChoiceMode.Required)] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[] { "PG0055 Warning 'ITools': Tools interface 'ITools' has no methods the model could call, so it adds no tools and no 'tools' are sent for it; 'Help' is static, and only methods without a body are tools; remove the body (or 'static') of each one the model should call, or remove [PromptTools]" }, d);
    }

    [Fact]
    public async Task PG0059_ToolAttributesOutsideAToolsInterfaceAreReportedAtEachAttribute()
    {
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\nstring GetTime();"), """
            [UserPrompt("{{ q }}")] [RethrowToolExceptions] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            """, """
            [RethrowToolExceptions]
            public interface IPlain
            {
                [ToolName("look")] string Look();
            }

            """);

        Assert.Equal(new[]
        {
            "PG0059 Warning 'RethrowToolExceptions': [RethrowToolExceptions] on 'IPlain' has no effect: it describes a tool, so it belongs on a [PromptTools] interface or one of its methods; remove it, or add [PromptTools] to 'IPlain'",
            "PG0059 Warning 'ToolName(\"look\")': [ToolName] on 'Look' has no effect: it describes a tool, so it belongs on a [PromptTools] interface or one of its methods; remove it, or add [PromptTools] to 'IPlain'",
            "PG0059 Warning 'RethrowToolExceptions': [RethrowToolExceptions] on 'AskAsync' has no effect: it describes a tool, so it belongs on a [PromptTools] interface or one of its methods; remove it, or add [PromptTools] to 'IPrompts'",
        }, d);
    }

    [Fact]
    public async Task ToolAttributesOnAToolsInterfaceAreNotPG0059()
    {
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\n[ToolName(\"now\")] [RethrowToolExceptions] string GetTime();", "[PromptTools] [RethrowToolExceptions]"), Ask);

        Assert.Empty(d);
    }

    private const string HandWrittenContext = """
        public sealed partial class ToolsJson : JsonSerializerContext
        {
            public ToolsJson() : base(null) { }
            public static ToolsJson Default { get; } = new();
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
        }

        """;

    [Fact]
    public async Task PG0056_ParameterAndResultTypesTheJsonContextDoesNotRegisterAreReportedWhereTheyAreDeclared()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Finds.</summary>
            /// <param name="who">Who.</param>
            /// <param name="customer">Which customer.</param>
            /// <param name="city">A string, which PromptGen reads itself.</param>
            /// <param name="mood">An enum, which PromptGen reads itself.</param>
            Task<Review> FindAsync(Person who, Customer? customer, string city, Mood mood);
            """, "[PromptTools(JsonContext = typeof(ToolsJson))]"), Ask, "[JsonSerializable(typeof(Person))]\n" + HandWrittenContext);

        Assert.Equal(new[]
        {
            "PG0056 Error 'Task<Review>': The result of tool 'FindAsync' is 'Review', which 'ToolsJson' does not register; add [JsonSerializable(typeof(Review))] to 'ToolsJson'",
            "PG0056 Error 'customer': The parameter 'customer' of tool 'FindAsync' is 'Customer', which 'ToolsJson' does not register; add [JsonSerializable(typeof(Customer))] to 'ToolsJson'",
        }, d);
    }

    [Fact]
    public async Task PG0056_TypesTheJsonContextReachesFromARegisteredTypeAreServedAndOthersStillReported()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Finds.</summary>
            /// <param name="where">A registered record's property.</param>
            /// <param name="day">A list element.</param>
            /// <param name="wind">Reached as Nullable&lt;Wind&gt;.</param>
            /// <param name="reading">A dictionary value.</param>
            /// <param name="lost">Reached from nothing registered.</param>
            Task<Day> FindAsync(Place where, Day day, Wind? wind, Reading reading, Lost lost);
            """, "[PromptTools(JsonContext = typeof(ToolsJson))]"), Ask, """
            public sealed record Place(string Name);
            public sealed record Day(string Date);
            public struct Wind { public double Speed { get; set; } }
            public sealed record Reading(double Value);
            public sealed record Lost(int Id);
            public sealed record Forecast(Place Where, List<Day> Days, Wind? Wind, Dictionary<string, Reading> Readings);

            [JsonSerializable(typeof(Forecast))]
            """ + HandWrittenContext);

        Assert.Equal(new[]
        {
            "PG0056 Error 'lost': The parameter 'lost' of tool 'FindAsync' is 'Lost', which 'ToolsJson' does not register; add [JsonSerializable(typeof(Lost))] to 'ToolsJson'",
        }, d);
    }

    [Fact]
    public async Task PG0036_TheSameToolsInterfaceTwiceIsOneErrorAtTheSecondParameter()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Time.</summary>
            string GetTime();
            /// <summary>Date.</summary>
            string GetDate();
            """), """[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, ITools again, CancellationToken cancellationToken = default);""");

        Assert.Equal(new[]
        {
            "PG0036 Error 'again': Tools parameter 'again' of 'AskAsync' passes 'ITools', already passed as parameter 'tools', so the model would be offered the same functions twice; remove one of the two parameters",
        }, d);
    }

    [Fact]
    public async Task PG0036_AnInterfacePassedWithOneItInheritsIsOneErrorAndADifferentMethodOfTheSameNameIsStillPG0064()
    {
        var d = await Diagnose(Tools("""
            /// <summary>Time.</summary>
            string GetTime();
            """) + """
            /// <summary>More tools.</summary>
            [PromptTools]
            public interface IMore : ITools
            {
                /// <summary>Date.</summary>
                string GetDate();
            }

            /// <summary>Other tools.</summary>
            [PromptTools]
            public interface IOther
            {
                /// <summary>Another date.</summary>
                string GetDate();
            }
            """, """
            [UserPrompt("{{ q }}")] Task<string> BaseFirstAsync(string q, ITools tools, IMore more, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] Task<string> DerivedFirstAsync(string q, IMore more, ITools tools, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] Task<string> OtherAsync(string q, IMore more, IOther other, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[]
        {
            "PG0036 Error 'more': Tools parameter 'more' of 'BaseFirstAsync' passes 'IMore', which inherits the tools of 'ITools', already passed as parameter 'tools', so the model would be offered the same functions twice; remove one of the two parameters",
            "PG0036 Error 'tools': Tools parameter 'tools' of 'DerivedFirstAsync' passes 'ITools', whose tools 'IMore' inherits, already passed as parameter 'more', so the model would be offered the same functions twice; remove one of the two parameters",
            "PG0064 Error 'other': Function name 'get_date' is used by both 'more.get_date' and 'other.get_date', and the model could not tell them apart; rename one with [ToolName(\"…\")]",
        }, d);
    }

    [Fact]
    public async Task PG0057_AJsonContextThatIsNotAJsonSerializerContextOrCannotBeNamedIsReportedAtTheArgument()
    {
        var d = await Diagnose(Tools("/// <summary>Time.</summary>\nstring GetTime();", "[PromptTools(JsonContext = typeof(Person))]"), "", """
            public partial class Outer
            {
                private sealed partial class HiddenJson : JsonSerializerContext
                {
                    public HiddenJson() : base(null) { }
                    public static HiddenJson Default { get; } = new();
                    public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
                    protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                }

                /// <summary>More.</summary>
                [PromptTools(JsonContext = typeof(HiddenJson))]
                public interface IMore
                {
                    /// <summary>Finds.</summary>
                    /// <param name="who">Who.</param>
                    string Find(Person who);
                }
            }

            """);

        Assert.Equal(new[]
        {
            "PG0057 Error 'typeof(HiddenJson)': JsonContext 'Outer.HiddenJson' of tools interface 'IMore' cannot be used: 'HiddenJson' is private, so the generated dispatcher cannot name it; make it internal or public",
            "PG0057 Error 'typeof(Person)': JsonContext 'Person' of tools interface 'ITools' cannot be used: it is not a JsonSerializerContext; name a partial class deriving from JsonSerializerContext with [JsonSerializable] for each parameter and result type",
        }, d);
    }
}
