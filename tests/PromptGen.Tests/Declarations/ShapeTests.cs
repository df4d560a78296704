using Microsoft.CodeAnalysis;
using Xunit;

namespace PromptGen.Tests.Declarations;

/// <summary>Issue 10 §2–§5 and §7: declarations that compile in user code compile in generated code too, or get one PG error.</summary>
public class ShapeTests
{
    private const string Types = """
        public sealed record Person(string Name, int Age);
        public sealed record Place(string City);
        public enum Mood { Happy, Sad }

        """;

    [Fact]
    public async Task AUserTypeNamedVarDoesNotTakeOverTheGeneratedCode()
    {
        // 'var' is a contextual keyword: with a type of that name in scope, 'var x = …' declares an x of that type.
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            namespace Demo;

            public sealed class var { }

            public partial interface ILists
            {
                [UserPrompt("Items:{{ for x in xs }} {{ x }}{{ if for.last }}.{{ else }},{{ end }}{{ end }}{{ for y in xs }}{{ for.index }}{{ end }}{{ for z in xs }}{{ z }}{{ end }}")]
                Task<string> ListAsync(List<string> xs, CancellationToken cancellationToken = default);

                [UserPrompt("Extract from {{ text }}")]
                Task<List<int>> NumbersAsync(string text, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Empty(generatedErrors);
        var generated = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Demo.ILists.g.cs", StringComparison.Ordinal)).ToString();
        Assert.DoesNotContain("var ", generated, StringComparison.Ordinal);
        Assert.Contains("foreach (string z in zItems)", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADerivedPromptInterfaceHidesTheBasesClientWithoutAWarning()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial interface IBase
            {
                [UserPrompt("Ping {{ q }}")]
                Task<string> PingAsync(string q, CancellationToken cancellationToken = default);
            }

            public partial interface IDerived : IBase
            {
                [UserPrompt("Ask {{ q }}")]
                Task<string> AskAsync(string q, CancellationToken cancellationToken = default);
            }
            """);
        var generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        var generatedWarnings = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .Select(d => d.ToString());

        Assert.Equal(new[] { "PG0012 Error 'IBase': 'IBase.PingAsync' is a method inherited from 'IBase', which PromptGen cannot implement; 'IBase' is itself a prompt interface, and one prompt interface cannot inherit another: remove it from the base list so that each keeps its own generated Client, and where one object must offer both, compose the two clients in a class of your own" }, diagnostics);
        Assert.Empty(generatedErrors);
        Assert.Empty(generatedWarnings);
        var derived = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("IDerived.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("public new sealed class Client : global::IDerived", derived);
        var @base = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("IBase.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("public sealed class Client : global::IBase", @base);
    }

    [Fact]
    public async Task ANullDefaultOfANonNullableReferenceParameterIsRepeatedWithoutAWarning()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial interface IAsk
            {
                [UserPrompt("Q: {{ q }} {{ note }} {{ hint }}")]
                Task<string> AskAsync(string q, string note = null!, string? hint = null, CancellationToken cancellationToken = default);

                [UserPrompt("Describe it.")]
                Task<string> DescribeAsync(ImageInput photo = null!, CancellationToken cancellationToken = default);
            }
            """);
        var generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        var generatedWarnings = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .Select(d => d.ToString());

        Assert.Empty(diagnostics);
        Assert.Empty(generatedErrors);
        Assert.Empty(generatedWarnings);
        var client = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("IAsk.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("string note = default!, string? hint = default,", client);
        Assert.Contains("global::PromptGen.ImageInput photo = default!", client);
    }

    [Fact]
    public async Task AStreamOfANullableItemTypeBuildsWithoutAWarning()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public sealed record Person(string Name, int Age);

            public partial interface IPeople
            {
                [UserPrompt("List people in {{ q }}.")]
                ChatStream<Person?> ListAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("List people in {{ q }}.")]
                IAsyncEnumerable<Person?> StreamAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("List people in {{ q }}.")]
                ChatStream<Person> ListPlainAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("Describe {{ q }}.")]
                ChatStream<string?> DescribeAsync(string q, CancellationToken cancellationToken = default);
            }
            """);
        var generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        var generatedWarnings = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .Select(d => d.ToString());

        Assert.Empty(generatedErrors);
        Assert.Empty(generatedWarnings);
        var client = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("IPeople.g.cs", StringComparison.Ordinal)).ToString();
        // '!' only where a nullable item type is declared: ListAsync, StreamAsync and DescribeAsync, not ListPlainAsync.
        Assert.Equal(3, client.Split("cancellationToken)!;").Length - 1);
        Assert.DoesNotContain(diagnostics, d => d.Contains(" Error ", StringComparison.Ordinal));
    }

    // §2 ------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task AParameterNamedLikeTheGeneratedFieldWorks()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial interface IAsk
            {
                [UserPrompt("Q: {{ _transport }}")]
                Task<string> AskAsync(string _transport, CancellationToken cancellationToken = default);

                [UserPrompt("Q: {{ __request }} {{ __completion }} {{ __messages }} {{ __text }}")]
                Task<string> _transport2(string __request, string __completion, string __messages, string __text, CancellationToken cancellationToken = default);
            }
            """);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        var source = run.GeneratedSource("IAsk.g.cs");
        Assert.Contains("private readonly global::PromptGen.IChatTransport _transport3;", source);
        Assert.Contains("this._transport3 = transport ?? throw new global::System.ArgumentNullException(\"transport\");", source);
        Assert.Contains("global::PromptGen.ChatRequest __request2 = Create_transport2Request(__request, __completion, __messages, __text);", source);
    }

    /// <summary>The issue's two examples, compiled, loaded and rendered: the request each builds.</summary>
    [Fact]
    public async Task TheIssuesNameClashesRenderTheirRequests()
    {
        const string Source = DeclarationHarness.Usings + """
            public partial interface IAsk
            {
                [UserPrompt("Q: {{ _transport }}")]
                Task<string> AskAsync(string _transport, CancellationToken cancellationToken = default);

                [UserPrompt("Items:{{ for text in lines }} {{ text }};{{ end }}")]
                Task<string> ListAsync(List<string> lines, CancellationToken cancellationToken = default);
            }
            """;
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(Source);
        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var client = System.Reflection.Assembly.Load(image.ToArray()).GetType("IAsk+Client")!;
        var ask = (ChatRequest)client.GetMethod("CreateAskAsyncRequest")!.Invoke(null, new object[] { "why?" })!;
        var list = (ChatRequest)client.GetMethod("CreateListAsyncRequest")!.Invoke(null, new object[] { new List<string> { "a", "b" } })!;

        Assert.Equal("user: Q: why?", Assert.Single(ask.Messages).ToString());
        Assert.Equal("user: Items: a; b;", Assert.Single(list.Messages).ToString());
    }

    /// <summary>A method named <c>_transport</c> used to be PG0013; the field now avoids it.</summary>
    [Fact]
    public async Task AMethodNamedLikeTheGeneratedFieldWorks()
    {
        var (diagnostics, generatedErrors, _) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings
            + "public partial interface IAsk { [UserPrompt(\"{{ q }}\")] Task<string> _transport(string q, CancellationToken c = default); }"
            + "\npublic static class Use { public static Task<string> Call(IChatTransport t) => new IAsk.Client(t)._transport(\"q\"); }");

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
    }

    // §3 ------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task OverloadsWorkForEveryReturnKindEachWithItsBuilder()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Types + """
            public partial interface IAsk
            {
                [UserPrompt("{{ q }}")] Task<Person> AskAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ n }}")] Task<Place> AskAsync(string q, int n, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ b }}")] ValueTask<ChatResult<Person>> AskAsync(string q, bool b, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ d }}")] [Choices(2)] Task<IReadOnlyList<Place>> AskAsync(string q, double d, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ l }}")] Task<string> AskAsync(string q, long l, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ m }}")] Task<ChatResult<string>> AskAsync(string q, Mood m, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ c }}")] [Choices(2)] Task<IReadOnlyList<string>> AskAsync(string q, char c, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }} {{ s }}")] IAsyncEnumerable<string> AskAsync(string q, short s, CancellationToken cancellationToken = default);
            }

            public static class Use
            {
                public static ChatRequest[] Requests() => new[]
                {
                    IAsk.Client.CreateAskAsyncRequest("q"),
                    IAsk.Client.CreateAskAsyncRequest("q", 1),
                    IAsk.Client.CreateAskAsyncRequest("q", true),
                    IAsk.Client.CreateAskAsyncRequest("q", 1.5),
                    IAsk.Client.CreateAskAsyncRequest("q", 2L),
                    IAsk.Client.CreateAskAsyncRequest("q", Mood.Sad),
                    IAsk.Client.CreateAskAsyncRequest("q", 'c'),
                    IAsk.Client.CreateAskAsyncRequest("q", (short)3),
                };

                public static async Task<Place> Call(IChatTransport t) => (await new IAsk.Client(t).AskAsync("q", 1));
            }
            """);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        var source = run.GeneratedSource("IAsk.g.cs");
        Assert.Contains("__AskAsyncReply = ", source);
        Assert.Contains("__AskAsyncReply2 = ", source);
        Assert.Contains("__AskAsyncReply3 = ", source);
        Assert.Contains("__AskAsyncReply4 = ", source);
    }

    // §7 ------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task TheClientRepeatsEveryDefaultValue()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Types + """
            public partial interface ITutor
            {
                [UserPrompt("What is {{ topic }}? At most {{ maxWords }} words.")]
                Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

                [UserPrompt("{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }} {{ g }} {{ h }} {{ i }} {{ j }} {{ k }} {{ l }} {{ m }} {{ n }}")]
                Task<string> DefaultsAsync(string a = "x\"y", int b = -1, double c = 0.5, Mood d = Mood.Sad, int? e = null, bool f = true, char g = '\n',
                    decimal h = 1.5m, long i = long.MinValue, float j = 2.5f, Mood? k = Mood.Happy, string? l = null, double m = double.NaN, uint n = 7,
                    CancellationToken cancellationToken = default);
            }

            public static class Use
            {
                public static async Task<string> Call(IChatTransport chat)
                {
                    var tutor = new ITutor.Client(chat);
                    await tutor.DefaultsAsync();
                    ChatRequest request = ITutor.Client.CreateDefaultsAsyncRequest();
                    return await tutor.ExplainAsync("recursion", 30);
                }
            }
            """);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        var source = run.GeneratedSource("ITutor.g.cs");
        Assert.Contains("DefaultsAsync(string a = \"x\\\"y\", int b = -1, double c = 0.5D, global::Mood d = (global::Mood)(1), int? e = default, bool f = true, char g = '\\n', "
            + "decimal h = 1.5M, long i = -9223372036854775808L, float j = 2.5F, global::Mood? k = (global::Mood)(0), string? l = default, double m = double.NaN, uint n = 7U, "
            + "global::System.Threading.CancellationToken cancellationToken = default)", source);
    }

    /// <summary>
    /// <c>= default</c> is read from the syntax where the value can only be null (reference types, Nullable&lt;T&gt;,
    /// structs without constants) and from the symbol elsewhere (a number's default is its zero, an enum's its zero member):
    /// each is repeated as the symbol's value would be.
    /// </summary>
    [Fact]
    public async Task TheClientRepeatsEveryDefaultWrittenAsDefault()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Types + """
            public struct Point { public int X; }

            public partial interface ITutor
            {
                [UserPrompt("{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }} {{ g }} {{ h }} {{ i }} {{ j }} {{ k }} {{ l }} {{ m }}")]
                Task<string> DefaultsAsync(string a = default, string? b = default, int c = default, Mood d = default, int? e = default, Point f = default,
                    Point? g = default, decimal h = default, double i = default, System.DateTime j = default, object k = default, char l = default,
                    bool m = default, CancellationToken cancellationToken = default);
            }

            public static class Use
            {
                public static Task<string> Call(IChatTransport chat) => new ITutor.Client(chat).DefaultsAsync();
            }
            """);

        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        var source = run.GeneratedSource("ITutor.g.cs");
        Assert.Contains("DefaultsAsync(string a = default!, string? b = default, int c = 0, global::Mood d = (global::Mood)(0), int? e = default, global::Point f = default, "
            + "global::Point? g = default, decimal h = 0M, double i = 0D, global::System.DateTime j = default, object k = default!, char l = '\\0', bool m = false, "
            + "global::System.Threading.CancellationToken cancellationToken = default)", source);
    }

    // §4 ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("[PromptClient] file partial interface IFileLocal { [UserPrompt(\"{{ q }}\")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }")]
    [InlineData("file partial interface IFileLocal { [UserPrompt(\"{{ q }}\")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }")]
    public async Task AFileLocalInterfaceIsPG0031AndGetsNothing(string declaration)
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + declaration);

        Assert.Equal(new[] { "PG0031 Error 'IFileLocal': Interface 'IFileLocal' is file-local, so code PromptGen generates in another file cannot extend it; remove the 'file' modifier (make it 'internal' to keep it out of other assemblies)" }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Empty(DeclarationHarness.HintNames(run));
    }

    [Fact]
    public async Task AnInterfaceNestedInAGenericClassIsImplemented()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + Types + """
            public partial class Holder<T> where T : class
            {
                [PromptClient]
                public partial interface IHeld
                {
                    [UserPrompt("{{ q }}")] Task<Person> AskAsync(string q, CancellationToken cancellationToken = default);
                }
            }

            public partial interface IInvariant<T>
            {
                public partial interface IInner { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
            }

            public partial struct Box<T1, T2>
            {
                public partial interface IInner { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
            }

            public static class Use
            {
                public static Holder<string>.IHeld Create(IChatTransport t) => new Holder<string>.IHeld.Client(t);
                public static IInvariant<string>.IInner Inner(IChatTransport t) => new IInvariant<string>.IInner.Client(t);
                public static Box<int, string>.IInner Boxed(IChatTransport t) => new Box<int, string>.IInner.Client(t);
            }
            """);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Contains("partial class Holder<T>", run.GeneratedSource("Holder`1+IHeld.g.cs"));
        Assert.Contains("partial interface IInvariant<T>", run.GeneratedSource("IInvariant`1+IInner.g.cs"));
        Assert.Contains("partial struct Box<T1, T2>", run.GeneratedSource("Box`2+IInner.g.cs"));
    }

    [Fact]
    public async Task AnInterfaceNestedInAVariantInterfaceIsPG0033AndGetsNothing()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial interface IVariant<out T>
            {
                public partial interface IInner { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
            }
            """);

        Assert.Equal(new[] { "PG0033 Error 'IInner': Interface 'IInner' is nested in 'IVariant<T>', whose type parameters are 'in' or 'out', and C# allows no class there for its Client; declare 'IInner' outside 'IVariant<T>'" }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Empty(DeclarationHarness.HintNames(run));
    }

    [Fact]
    public async Task AMethodUsingTheContainingTypesParameterIsPG0032()
    {
        var (diagnostics, generatedErrors, _) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial class Holder<T>
            {
                public partial interface IHeld
                {
                    [UserPrompt("{{ q }}")] Task<string> FineAsync(string q, CancellationToken cancellationToken = default);
                    [UserPrompt("{{ item }}")] Task<string> DescribeAsync(T item, CancellationToken cancellationToken = default);
                    [UserPrompt("{{ q }}")] Task<List<T>> ListAsync(string q, CancellationToken cancellationToken = default);
                }
            }
            """);

        Assert.Equal(new[]
        {
            "PG0032 Error 'DescribeAsync': Method 'DescribeAsync' uses type parameter 'T' of the generic containing type 'Holder<T>', which PromptGen cannot implement; use a concrete type in 'DescribeAsync', or declare the interface outside 'Holder<T>'",
            "PG0032 Error 'ListAsync': Method 'ListAsync' uses type parameter 'T' of the generic containing type 'Holder<T>', which PromptGen cannot implement; use a concrete type in 'ListAsync', or declare the interface outside 'Holder<T>'",
        }, diagnostics);
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
    }

    // §5 ------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task InterfacesNamedAlikeEachGetTheirOwnFile()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            namespace N
            {
                public partial interface @class { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public partial interface _class { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public partial interface ITutor { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public partial interface Itutor { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public partial interface IÜbersetzer { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public partial interface IUbersetzer { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public partial class Holder { public partial interface IHeld { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); } }
                public partial class Holder<T> { public partial interface IHeld { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); } }
            }

            namespace N.Holder2 { public partial interface IHeld { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); } }
            public partial class Holder2 { public partial interface IHeld { [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, CancellationToken cancellationToken = default); } }
            """);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Equal(new[]
        {
            "Holder2+IHeld.g.cs",
            "N._class.g.cs",
            "N.class.g.cs",
            "N.Holder+IHeld.g.cs",
            "N.Holder`1+IHeld.g.cs",
            "N.Holder2.IHeld.g.cs",
            "N.ITutor.U0-2-3.g.cs",
            "N.Itutor.U0-2.g.cs",
            "N.IUbersetzer.g.cs",
            "N.IÜbersetzer.g.cs",
        }.OrderBy(n => n, StringComparer.Ordinal), DeclarationHarness.HintNames(run));
    }

    [Fact]
    public async Task FakesOfInterfacesNamedAlikeEachExistUnderTheirDocumentedName()
    {
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            [assembly: PromptGen.Testing.PromptFake(typeof(C.ITest))]
            [assembly: PromptGen.Testing.PromptFake(typeof(C.Wrapper.ITest))]
            [assembly: PromptGen.Testing.PromptFake(typeof(C.IRepo<int>))]
            [assembly: PromptGen.Testing.PromptFake(typeof(C.IRepo<string>))]
            [assembly: PromptGen.Testing.PromptFake(typeof(C.IRepo<>))]

            namespace C
            {
                public interface ITest { Task<string> AskAsync(string q, CancellationToken cancellationToken = default); }
                public class Wrapper { public interface ITest { Task<int> CountAsync(string q, CancellationToken cancellationToken = default); } }
                public interface IRepo<T> { Task<T> GetAsync(int id, CancellationToken cancellationToken = default); }

                public static class Use
                {
                    public static object[] All() => new object[] { new FakeTest(), new FakeWrapperTest(), new FakeRepo(), new FakeRepo2(), new FakeRepo<long>() };
                    public static ITest First() => new FakeTest();
                    public static Wrapper.ITest Second() => new FakeWrapperTest();
                    public static IRepo<int> Ints() => new FakeRepo();
                    public static IRepo<string> Strings() => new FakeRepo2();
                }
            }
            """);

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        Assert.True(generatedErrors.Length == 0, string.Join("\n", generatedErrors));
        Assert.Equal(new[] { "C.FakeRepo.g.cs", "C.FakeRepo2.g.cs", "C.FakeRepo`1.g.cs", "C.FakeTest.g.cs", "C.FakeWrapperTest.g.cs" }, DeclarationHarness.HintNames(run));
    }
}
