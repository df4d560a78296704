using Xunit;
using static PromptGen.Tests.Diagnostics.CatalogHarness;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// One test per diagnostic of the catalog added after PG0010 (the earlier ones are in Generator/DiagnosticTests.cs):
/// id, severity, the exact text located and the message. Each run also asserts that the generated code compiles.
/// </summary>
public class CatalogTests
{
    private const string Ct = "CancellationToken cancellationToken = default";

    [Theory]
    [InlineData("UserPrompt(\"Hi {{ x }}\")")]
    [InlineData("SystemPrompt(\"Be brief.\")")]
    [InlineData("FewShot(\"a\", \"b\")")]
    public async Task PG0010_APromptAttributeOnAMethodWithABodyIsReportedAtTheMethod(string attribute)
    {
        var d = await MembersAsync($"[UserPrompt(\"Q: {{{{ q }}}}\")] Task<string> AskAsync(string q, {Ct});\n[{attribute}] Task<string> WithBody(string x) => Task.FromResult(\"body\");");

        Assert.Equal(new[] { "PG0010 Error 'WithBody': Method 'WithBody' cannot be implemented by PromptGen: it has a body, so its prompt attributes would never be used; remove the body (or the attributes)" }, d);
    }

    [Fact]
    public async Task PG0010_ParamsParameterIsReportedAtTheParameter()
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ questions }}")] Task<string> AskAsync({{{Ct}}}, params string[] questions);""");

        Assert.Equal(new[] { "PG0010 Error 'questions': Method 'AskAsync' cannot be implemented by PromptGen: parameter 'questions' is 'params'; remove 'params' and pass the array" }, d);
    }

    [Fact]
    public async Task PG0011_SecondCancellationTokenIsReported()
    {
        var d = await MembersAsync("""[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken first, CancellationToken second);""");

        Assert.Equal(new[] { "PG0011 Error 'second': Method 'AskAsync' already has the CancellationToken parameter 'first'; remove 'second' (one token cancels the call)" }, d);
    }

    [Theory]
    [InlineData("string Name { get; set; }", "Name", "a property")]
    [InlineData("string Name { get; init; }", "Name", "a property")]
    [InlineData("event EventHandler Changed;", "Changed", "an event")]
    [InlineData("string this[int index] { get; }", "this", "an indexer")]
    [InlineData("static abstract Task<string> CreateAsync(string q);", "CreateAsync", "a static abstract method")]
    [InlineData("static abstract string Label { get; }", "Label", "a static abstract property")]
    public async Task PG0012_MembersOtherThanMethodsAreReportedAndStillImplemented(string member, string located, string what)
    {
        var d = await MembersAsync(member + $"\nTask<string> AskAsync(string q, {Ct});");

        var name = located == "this" ? "this[]" : located;
        Assert.Equal(new[] { $"PG0012 Error '{located}': '{name}' is {what}, which PromptGen cannot implement; a prompt interface may declare only its own prompt methods: move the member to a separate interface" }, d);
    }

    [Fact]
    public async Task PG0012_InheritedMembersAreReportedAtTheBaseAndStillImplemented()
    {
        var d = await DiagnoseAsync(Usings + """
            public interface IBase { Task<string> PingAsync(string q); }

            [PromptClient]
            public partial interface IPrompts : IDisposable, IBase
            {
                Task<string> AskAsync(string q, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0012 Error 'IDisposable': 'IDisposable.Dispose' is a method inherited from 'IDisposable', which PromptGen cannot implement; a prompt interface may declare only its own prompt methods: move the member to a separate interface",
            "PG0012 Error 'IBase': 'IBase.PingAsync' is a method inherited from 'IBase', which PromptGen cannot implement; a prompt interface may declare only its own prompt methods: move the member to a separate interface",
        }, d);
    }

    [Fact]
    public async Task PG0013_MemberNamedClientIsReportedAndNothingIsGenerated()
    {
        var d = await MembersAsync($"Task<string> Client(string q, {Ct});");

        Assert.Equal(new[] { "PG0013 Error 'Client': 'Client' clashes with the class 'IPrompts.Client' PromptGen generates to implement 'IPrompts'; rename it" }, d);
    }

    [Fact]
    public async Task PG0013_OverloadsThatDifferOnlyInTheTokenAreReported()
    {
        var d = await MembersAsync("Task<string> AskAsync(string q);\nTask<string> AskAsync(string q, CancellationToken cancellationToken);");

        Assert.Equal(new[] { "PG0013 Error 'AskAsync': 'AskAsync' clashes with the request builder of 'IPrompts.AskAsync(string)': the two overloads differ only in the CancellationToken, so they would share one builder; rename it" }, d);
    }

    [Theory]
    [InlineData("Task<string> Ask(string q, CancellationToken c);\nTask<string> CreateAskRequest(string q);", "CreateAskRequest", "the request builder the generated Client class declares for 'IPrompts.Ask(string, CancellationToken)'")]
    [InlineData("[UserPrompt(\"Hi\")] Task<string> ToString();", "ToString", "'object.ToString', which the generated Client class inherits")]
    public async Task PG0013_MethodsThatClashWithGeneratedMembersAreReported(string members, string name, string clash)
    {
        var d = await MembersAsync(members);

        Assert.Contains($"PG0013 Error '{name}': '{name}' clashes with {clash}; rename it", d);
    }

    [Theory]
    [InlineData("Task<TwoWays>", "TwoWays", "'TwoWays' has no constructor it can use")]
    [InlineData("Task<ChatResult<Holder>>", "Holder", "'item' is 'TwoWays', which has no constructor it can use")]
    [InlineData("Task<List<TwoWays>>", "List<TwoWays>", "each item of it is 'TwoWays', which has no constructor it can use")]
    public async Task PG0014_TypesWithoutAUsableConstructorAreReportedAtTheReturnType(string returnType, string valueType, string why)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0014 Error '{returnType}': Method 'AskAsync' returns JSON as '{valueType}', but {why}, so System.Text.Json cannot create it; add a public parameterless constructor, keep a single public constructor, or mark one [JsonConstructor]" }, d);
    }

    [Theory]
    [InlineData("Task<Person>")]
    [InlineData("Task<Review>")]
    [InlineData("Task<Dictionary<string, List<Person>>>")]
    [InlineData("Task<Drawing>")] // its interface-typed property is the schema's to report (PG0050), not PG0014's
    public async Task PG0014_TypesSystemTextJsonCanCreateRaiseNoPG0014(string returnType)
    {
        var d = await MembersAsync($$$"""[UserPrompt("{{ q }}")] {{{returnType}}} AskAsync(string q, {{{Ct}}});""");

        Assert.DoesNotContain(d, x => x.StartsWith("PG0014", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PG0015_SeveralChoicesWithASingleValueReturnIsReportedAtTheChoices()
    {
        var d = await MembersAsync($"[Choices(3)] Task<Person> AskAsync(string q, {Ct});");

        Assert.Equal(new[] { "PG0015 Error '3': Method 'AskAsync' asks for 3 choices but returns 'Task<Person>', which holds one; return Task<IReadOnlyList<Person>> to receive every choice, or remove [Choices]" }, d);
    }

    [Theory]
    [InlineData("Task<List<string>>", "Task<List<string>>", "string")]
    [InlineData("Task<ChatResult<IReadOnlyList<Person>>>", "Task<ChatResult<IReadOnlyList<Person>>>", "Person")]
    [InlineData("Task<Person[]>", "Task<Person[]>", "Person")]
    public async Task PG0015_AListValueWithChoicesSuggestsTheListOfChoicesNotAListOfLists(string returns, string shown, string element)
    {
        // It suggested Task<IReadOnlyList<System.Collections.Generic.List<string>>> (session 7 review).
        var d = await MembersAsync($"[Choices(2)] {returns} AskAsync(string q, {Ct});");

        Assert.Equal(new[] { $"PG0015 Error '2': Method 'AskAsync' asks for 2 choices but returns '{shown}', which holds one; return Task<IReadOnlyList<{element}>> to receive every choice, or remove [Choices]" }, d);
    }

    [Fact]
    public async Task AListOfChatResultsIsAnUnsupportedReturnTypeNotAConstructorFault()
    {
        // [Choices(2)] Task<IReadOnlyList<ChatResult<string>>> was PG0014, advising a constructor on ChatResult (session 7 review).
        var d = await MembersAsync($"[Choices(2)] Task<IReadOnlyList<ChatResult<string>>> AskAsync(string q, {Ct});");

        Assert.Equal("PG0002", Assert.Single(d)[..6]);
        Assert.StartsWith("PG0002 Error 'Task<IReadOnlyList<ChatResult<string>>>': Method 'AskAsync' returns 'Task<IReadOnlyList<ChatResult<string>>>'", d[0]);
    }

    [Fact]
    public async Task PG0015_InterfaceChoicesAreReportedAtTheReturnType()
    {
        var d = await MembersAsync($"Task<string> AskAsync(string q, {Ct});", interfaceAttributes: "[Choices(2)]");

        Assert.Equal(new[] { "PG0015 Error 'Task<string>': Method 'AskAsync' asks for 2 choices ([Choices(2)] on interface 'IPrompts') but returns 'Task<string>', which holds one; return Task<IReadOnlyList<string>> to receive every choice, or give the method [Choices(1)]" }, d);
    }

    [Fact]
    public async Task PG0016_ListReturnWithOneChoiceIsReportedAtTheReturnType()
    {
        var d = await MembersAsync($"Task<IReadOnlyList<Person>> AskAsync(string q, {Ct});");

        Assert.Equal(new[] { "PG0016 Error 'Task<IReadOnlyList<Person>>': Method 'AskAsync' returns 'Task<IReadOnlyList<Person>>', a list of choices, but asks for one; add [Choices(n)] with n above 1, or return Task<List<Person>> or Task<Person[]> for a JSON array in one reply" }, d);
    }

    [Fact]
    public async Task PG0017_StreamingWithSeveralChoicesIsReported()
    {
        var d = await MembersAsync($"[Choices(2)] IAsyncEnumerable<string> TellAsync(string q, {Ct});");

        Assert.Equal(new[] { "PG0017 Error '2': Method 'TellAsync' streams its reply but asks for 2 choices; a stream carries one reply, so remove [Choices], or return 'Task<IReadOnlyList<string>>' to receive every choice whole" }, d);
    }

    [Fact]
    public async Task PG0018_ParameterUsedInNoPromptIsAWarningAtTheParameter()
    {
        var d = await MembersAsync($$$"""[UserPrompt("Hi {{ name }}")] Task<string> AskAsync(string name, int age, IReadOnlyList<ChatMessage> history, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0018 Warning 'age': Parameter 'age' of 'AskAsync' is used in no prompt, so its value is never sent; insert it with '{{ age }}' or remove it" }, d);
    }

    [Fact]
    public async Task PG0018_UseInTheSystemPromptOrAsALoopSourceCounts()
    {
        var d = await MembersAsync($$$"""
            [SystemPrompt("You are {{ role }}.")]
            [UserPrompt("{{ for tag in tags }}{{ tag }}{{ end }}")]
            Task<string> AskAsync(string role, List<string> tags, string tag, {{{Ct}}});
            """);

        Assert.Equal(new[] { "PG0018 Warning 'tag': Parameter 'tag' of 'AskAsync' is used in no prompt, so its value is never sent; insert it with '{{ tag }}' or remove it" }, d);
    }

    [Theory]
    [InlineData("[Choices(0)]", "0")]
    [InlineData("[Choices(129)]", "129")]
    public async Task PG0005_ChoicesOutOfRange(string attribute, string value)
    {
        var d = await MembersAsync($"{attribute} Task<IReadOnlyList<string>> AskAsync(string q, {Ct});");

        Assert.Equal($"PG0005 Error '{value}': Choices is {value}, outside the range the API accepts (1 to 128); choose a value from 1 to 128", d[0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task PG0019_MaxTokensNotPositiveIsReportedAtTheArgument(string value)
    {
        var d = await MembersAsync($"[MaxTokens({value})] Task<string> AskAsync(string q, {Ct});");

        Assert.Equal(new[] { $"PG0019 Error '{value}': MaxTokens is {value}; the reply needs room for at least one token: use a value of 1 or more, or remove [MaxTokens]" }, d);
    }

    [Fact]
    public async Task PG0020_FifthStopSequenceIsReported()
    {
        var d = await MembersAsync($"""[Stop("a", "b", "c", "d", "e")] Task<string> AskAsync(string q, {Ct});""");

        Assert.Equal(new[] { "PG0020 Error '\"e\"': [Stop] has 5 sequences; the API accepts at most 4: keep the four that matter" }, d);
    }

    [Fact]
    public async Task PG0021_EmptyStopSequenceIsReportedAtIt()
    {
        var d = await MembersAsync($"""Task<string> AskAsync(string q, {Ct});""", interfaceAttributes: """[Stop("END", "")]""");

        Assert.Equal(new[] { "PG0021 Error '\"\"': A stop sequence is empty; the API rejects it: remove it or give it text" }, d);
    }

    [Theory]
    [InlineData("[Stop(null!)]", "null!", "[Stop] has no sequences, so nothing would be sent")]
    [InlineData("[Stop()]", "Stop()", "[Stop] has no sequences, so nothing would be sent")]
    [InlineData("[Stop(\"END\", null!)]", "null!", "A stop sequence is empty; the API rejects it")]
    [InlineData("[Stop(new string[0])]", "new string[0]", "[Stop] has no sequences, so nothing would be sent")]
    public async Task PG0021_NoStopSequenceAtAllIsReportedNotDropped(string attribute, string located, string what)
    {
        // [Stop(null!)] used to be read as no [Stop] and sent nothing, without a word (found by the session 7 review).
        var d = await MembersAsync(attribute + $$$"""[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, {{{Ct}}});""");

        Assert.Equal(new[] { $"PG0021 Error '{located}': {what}: remove it or give it text" }, d);
    }

    [Fact]
    public async Task PG0004_AnAtSignBeforeANameSaysToWriteTheNameWithoutIt()
    {
        // It said "'@' is not in PromptGen's subset" with no word on how to name the parameter (session 7 review).
        var wrong = await MembersAsync($$$"""[UserPrompt("Level: {{ @class }}")] Task<string> AskAsync(string @class, {{{Ct}}});""");
        var right = await MembersAsync($$$"""[UserPrompt("Level: {{ class }}{{ if class == "x" }}!{{ end }}")] Task<string> AskAsync(string @class, {{{Ct}}});""");

        Assert.Equal(new[] { "PG0004 Error '@': Template error in 'AskAsync': A name in a template has no '@': a parameter declared as '@class' is named 'class', so write '{{ class }}'" }, wrong);
        Assert.Empty(right);
    }

    [Fact]
    public async Task PG0022_TemperatureAndTopPOnOneMethodIsInfoAtTopP()
    {
        var d = await MembersAsync($"[Temperature(0.5)] [TopP(0.9)] Task<string> AskAsync(string q, {Ct});");

        Assert.Equal(new[] { "PG0022 Info '0.9': Method 'AskAsync' sets both Temperature and TopP; the API advises altering one of them, not both" }, d);
    }

    [Fact]
    public async Task PG0022_MethodAddingTopPToTheInterfacesTemperatureIsReportedOnce()
    {
        var d = await MembersAsync($"[TopP(0.9)] Task<string> AskAsync(string q, {Ct});\nTask<string> OtherAsync(string q, {Ct});", interfaceAttributes: "[Temperature(0.5)]");

        Assert.Equal(new[] { "PG0022 Info '0.9': Method 'AskAsync' (with its interface) sets both Temperature and TopP; the API advises altering one of them, not both" }, d);
    }

    [Fact]
    public async Task PG0023_SecondSystemPromptIsReported()
    {
        var source = Source($"[SystemPrompt(\"A\")] [SystemPrompt(\"B\")] Task<string> AskAsync(string q, {Ct});");
        var d = await DiagnoseAsync(source);
        var all = await AllAsync(source);

        Assert.Equal(new[] { "PG0023 Error 'SystemPrompt(\"B\")': 'AskAsync' has more than one [SystemPrompt]; only one system message is sent: merge them into one template" }, d);
        Assert.Contains(all, x => x.Id == "CS0579"); // the compiler's "duplicate attribute" says the same in its words
    }

    [Theory]
    [InlineData("[UserPrompt(\"  \")]", "\"  \"", "UserPrompt")]
    [InlineData("[SystemPrompt(\"\")] [UserPrompt(\"{{ q }}\")]", "\"\"", "SystemPrompt")]
    public async Task PG0024_EmptyPromptIsReportedAtTheArgument(string attributes, string located, string attribute)
    {
        var d = await MembersAsync($"{attributes} Task<string> AskAsync(string q, {Ct});");

        Assert.Equal(new[] { $"PG0024 Error '{located}': The [{attribute}] of 'AskAsync' is empty; write the instructions, or remove the attribute" }, d);
    }

    [Fact]
    public async Task PG0024_EmptyInterfaceSystemPromptIsReportedOnce()
    {
        var d = await MembersAsync($"Task<string> AAsync(string q, {Ct});\nTask<string> BAsync(string q, {Ct});", interfaceAttributes: "[SystemPrompt(\"\")]");

        Assert.Equal(new[] { "PG0024 Error '\"\"': The [SystemPrompt] of 'IPrompts' is empty; write the instructions, or remove the attribute" }, d);
    }

    [Theory]
    [InlineData("[FewShot(\"\", \"Paris\")]", "\"\"", "user")]
    [InlineData("[FewShot(\"Capital of France?\", \" \")]", "\" \"", "assistant")]
    [InlineData("[FewShot(assistant: \"\", user: \"Capital of France?\")]", "\"\"", "assistant")]
    public async Task PG0025_FewShotWithAnEmptySideIsReportedAtThatSide(string attribute, string located, string side)
    {
        var d = await MembersAsync($"{attribute} Task<string> AskAsync(string q, {Ct});");

        Assert.Equal(new[] { $"PG0025 Error '{located}': The {side} side of a [FewShot] example of 'AskAsync' is empty; an example needs both a user message and the assistant's reply" }, d);
    }

    [Theory]
    [InlineData("\"{name: \\\"Anna\\\"}\"", "n", "expected a property name in double quotes")]
    [InlineData("@\"{\"\"name\"\": 'Anna'}\"", "'", "JSON strings use double quotes, not '")]
    [InlineData("\"{\\\"name\\\": \\\"Anna\\\",}\"", "}", "a trailing comma before '}' is not allowed")]
    [InlineData("\"Anna Berg, 41, Oslo\"", "Anna", "'Anna' is not a JSON value (strings need double quotes)")]
    [InlineData("\"{\\\"age\\\": 41\"", "", "the JSON ends inside an object: close it with '}'")]
    public async Task PG0026_FewShotReplyThatIsNotJsonIsLocatedInsideTheLiteral(string literal, string located, string error)
    {
        var d = await MembersAsync($"[FewShot(\"Anna is 41.\", {literal})] Task<Person> AskAsync(string q, {Ct});");

        var diagnostic = Assert.Single(d);
        Assert.Equal($"PG0026 Error '{(located.Length > 0 ? located : literal)}': 'AskAsync' replies in JSON, but this [FewShot] reply is not valid JSON: {error}", diagnostic);
    }

    [Fact]
    public async Task PG0026_IsLocatedInsideRawLiterals()
    {
        var d = await MembersAsync(""""
            [FewShot("Anna is 41.", """
                {
                  "name": "Anna",
                  "age": 41,,
                }
                """)]
            Task<Person> AskAsync(string q, CancellationToken cancellationToken = default);
            """");

        Assert.Equal(new[] { "PG0026 Error ',': 'AskAsync' replies in JSON, but this [FewShot] reply is not valid JSON: expected a property name in double quotes" }, d);
    }

    [Fact]
    public async Task PG0027_UnknownPropertyIsReportedAtItsName()
    {
        var d = await MembersAsync(""""
            [FewShot("Anna is 41.", """{"name":"Anna","years":41,"city":"Oslo"}""")]
            Task<Person> AskAsync(string q, CancellationToken cancellationToken = default);
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '{': This [FewShot] reply does not fit 'Person': the reply requires 'age', which is missing",
            "PG0027 Error '\"years\"': This [FewShot] reply does not fit 'Person': 'Person' has no property 'years' (it has 'name', 'age', 'city')",
        }, d);
    }

    [Fact]
    public async Task PG0027_WrongKindsAreReportedAtTheValues()
    {
        var d = await MembersAsync(""""
            [FewShot("Great!", """{"FULL_NAME":"Ann","stars":"five","mood":"Happy","tags":"a","author":{"name":"A","age":null,"city":"B"},"when":null}""")]
            Task<ChatResult<Review>> AskAsync(string q, CancellationToken cancellationToken = default);
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '\"five\"': This [FewShot] reply does not fit 'Review': a string cannot be read as 'int', which expects a number",
            "PG0027 Error '\"a\"': This [FewShot] reply does not fit 'Review': a string cannot be read as 'List<string>', which expects an array",
            "PG0027 Error 'null': This [FewShot] reply does not fit 'Review': null cannot be a 'int'; give a value, or make it 'int?'",
        }, d);
    }

    [Fact]
    public async Task PG0027_JsonPropertyNameWinsOverTheCSharpName()
    {
        var d = await MembersAsync(""""
            [FewShot("Great!", """{"fullName":"Ann","stars":"5"}""")]
            Task<Review> AskAsync(string q, CancellationToken cancellationToken = default);
            """");

        Assert.Equal(new[] { "PG0027 Error '\"fullName\"': This [FewShot] reply does not fit 'Review': 'Review' has no property 'fullName' (it has 'full_name', 'stars', 'mood', 'tags', 'author', 'when')" }, d);
    }

    [Fact]
    public async Task PG0027_EachChoiceOfAListReturnIsOneValue()
    {
        var d = await MembersAsync(""""
            [Choices(2)]
            [FewShot("Anna is 41.", """[{"name":"Anna","age":41,"city":"Oslo"}]""")]
            Task<IReadOnlyList<Person>> AskAsync(string q, CancellationToken cancellationToken = default);
            """");

        Assert.Equal(new[] { "PG0027 Error '[{\"name\":\"Anna\",\"age\":41,\"city\":\"Oslo\"}]': This [FewShot] reply does not fit 'Person': an array cannot be read as 'Person', which expects an object" }, d);
    }

    [Fact]
    public async Task PG0027_AValueThatIsNotAnObjectMayBeWrappedAsValue()
    {
        var d = await MembersAsync(""""
            [FewShot("Anna is 41.", """{"value":[{"name":"Anna","age":41,"city":"Oslo"}]}""")]
            [FewShot("Bo is 7.", """[{"name":"Bo","age":"seven","city":"Oslo"}]""")]
            Task<List<Person>> AskAsync(string q, CancellationToken cancellationToken = default);
            """");

        Assert.Equal(new[] { "PG0027 Error '\"seven\"': This [FewShot] reply does not fit 'List<Person>': a string cannot be read as 'int', which expects a number" }, d);
    }

    [Fact]
    public async Task PG0028_MissingCancellationTokenIsHiddenAtTheMethodName()
    {
        var d = await MembersAsync("Task<string> AskAsync(string q);", includeHidden: true);

        Assert.Equal(new[] { "PG0028 Hidden 'AskAsync': Method 'AskAsync' has no CancellationToken parameter, so its call cannot be cancelled; add 'CancellationToken cancellationToken = default' as the last parameter" }, d);
    }

    [Theory]
    [InlineData("""[UserPrompt("{{ q }}")] Task<string> AskAsync(T q, CancellationToken cancellationToken = default);""")]
    [InlineData("""[UserPrompt("{{ q }}")] Task<T> AskAsync(string q, CancellationToken cancellationToken = default);""")]
    [InlineData("""[UserPrompt("{{ q }}")] Task<List<T>> AskAsync(string q, CancellationToken cancellationToken = default);""")]
    [InlineData("""[UserPrompt("{{ q }}")] ValueTask<T[]> AskAsync(string q, CancellationToken cancellationToken = default);""")]
    [InlineData("""[UserPrompt("{{ q }}")] IAsyncEnumerable<T> AskAsync(string q, CancellationToken cancellationToken = default);""")]
    [InlineData("""[UserPrompt("{{ for x in q }}{{ x }}{{ end }}")] Task<Dictionary<string, T>> AskAsync(List<T> q, CancellationToken cancellationToken = default);""")]
    public async Task PG0029_GenericInterfaceIsReportedAloneAndNothingIsGenerated(string member)
    {
        // The interface's type parameter in a method's signature is the one fault: no second diagnostic for the return
        // type that would be supported with a real type (found by the session 7 review: Task<T> also gave PG0002).
        var d = await DiagnoseAsync(Usings + """
            [PromptClient]
            public partial interface IPrompts<T>
            {
                
            """ + member + """

            }
            """);

        Assert.Equal(new[] { "PG0029 Error 'IPrompts': Interface 'IPrompts' is generic, which PromptGen does not implement; remove its type parameters (a generic method or interface cannot choose a JSON shape at build time)" }, d);
    }

    [Theory]
    [InlineData("What is {{ topic ?", "{{")]
    [InlineData("What is topic }}?", "}}")]
    public async Task PG0004_UnclosedAndStrayDelimitersAreSyntaxErrorsAtTheDelimiter(string template, string located)
    {
        var d = await MembersAsync($"[UserPrompt(\"{template}\")] Task<string> AskAsync(string topic, {Ct});");

        Assert.StartsWith($"PG0004 Error '{located}': Template error in 'AskAsync': ", Assert.Single(d));
    }

    [Fact]
    public async Task FixedDeclarationsRaiseNothing()
    {
        var all = await AllAsync(Source(""""
            [SystemPrompt("You review products for {{ audience }}.")]
            [UserPrompt("{{ for tag in tags }}#{{ tag }} {{ end }}Review: {{ text }}")]
            [FewShot("Loved it", """{"full_name":"Ann","stars":5,"mood":"Happy","tags":["a"],"author":{"name":"A","age":1,"city":"B"},"when":"2024-01-01T00:00:00Z"}""")]
            [Temperature(0.3)]
            [MaxTokens(100)]
            Task<Review> ReviewAsync(string audience, List<string> tags, string text, CancellationToken cancellationToken = default);

            [UserPrompt("Five titles for {{ subject }}")]
            [Choices(5)]
            Task<IReadOnlyList<string>> TitlesAsync(string subject, CancellationToken cancellationToken = default);

            [UserPrompt("People in: {{ text }}")]
            Task<List<Person>> PeopleAsync(string text, CancellationToken cancellationToken = default);

            [Stop("END", "STOP", "DONE", "FIN")] // on a text reply: on ReviewAsync's JSON it would be PG0040
            IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken = default);

            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);
            """", interfaceAttributes: "[TopP(0.9)]"));

        // The interface's TopP and ReviewAsync's Temperature: the one informational note, nothing else.
        Assert.Equal(new[] { "PG0022 Info '0.3': Method 'ReviewAsync' (with its interface) sets both Temperature and TopP; the API advises altering one of them, not both" },
            all.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden).Select(PromptGen.Tests.Generator.GeneratorHarness.Describe));
    }
}
