using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// One diagnostic per fault: each fault alone, then in pairs, reports exactly its own diagnostic (id, located text,
/// message) — never a second diagnostic for the same fault, never one at the wrong place. The method classification
/// (Parser → MethodSpec.Faults) decides this once for the generator and the analyzer.
/// </summary>
public class FaultMatrixTests
{
    private const string Generic = "PG0010 Error 'A': Method 'A' cannot be implemented by PromptGen: generic methods are not supported; remove the type parameters";
    private const string RefParameter = "PG0010 Error 'q': Method 'A' cannot be implemented by PromptGen: parameter 'q' is passed by 'ref'; pass it by value";
    private const string ReturnsString = "PG0002 Error 'string': Method 'A' returns 'string', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1), IAsyncEnumerable<string>, IAsyncEnumerable<T>, ChatStream<T> or PartialStream<T>; a prompt call is asynchronous: return Task<string>";
    private const string TemperatureThree = "PG0005 Error '3': Temperature is 3, outside the range the API accepts (0 to 2); choose a value from 0 to 2";
    private const string EmptyUserShot = "PG0025 Error '\"\"': The user side of a [FewShot] example of 'A' is empty; an example needs both a user message and the assistant's reply";

    private static string StreamChoices(string located, int n) =>
        $"PG0017 Error '{located}': Method 'A' streams its reply but asks for {n} choices; a stream carries one reply, so remove [Choices], or return 'Task<IReadOnlyList<string>>' to receive every choice whole";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        // Each fault alone.
        { "", "Task<string> A<T>(string q);", new[] { Generic } },
        { "", "string A(string q);", new[] { ReturnsString } },
        { "", "string A(int x);", new[] { ReturnsString } }, // not also PG0006: one fault, one diagnostic (review 12 #4)
        { "", "void A(string q);", new[] { "PG0002 Error 'void': Method 'A' returns 'void', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1), IAsyncEnumerable<string>, IAsyncEnumerable<T>, ChatStream<T> or PartialStream<T>; a call returns the model's reply: return Task<string> for its text" } },
        { "", "Task<string> A(ref string q);", new[] { RefParameter } },
        { "", "[Temperature(3)] Task<string> A(string q);", new[] { TemperatureThree } },
        { "", "[Choices(2)] IAsyncEnumerable<string> A(string q);", new[] { StreamChoices("2", 2) } },
        { "", "[FewShot(\"\", \"x\")] Task<string> A(string q);", new[] { EmptyUserShot } },

        // A method type parameter in the return type is the generic fault, not also an unsupported return type (PG0002,
        // whose list of valid types names Task<T>), nor a choices, stream or JSON fault.
        { "", "Task<T> A<T>(string q);", new[] { Generic } },
        { "", "[Temperature(0.2)] Task<T> A<T>(string q);", new[] { Generic } },
        { "", "[Temperature(0.2)] Task<string> A<T>(string q);", new[] { Generic } },
        { "", "[Choices(2)] Task<IReadOnlyList<T>> A<T>(string q);", new[] { Generic } },
        { "", "IAsyncEnumerable<T> A<T>(string q);", new[] { Generic } },
        { "", "[Choices(2)] IAsyncEnumerable<T> A<T>(string q);", new[] { Generic } },
        { "", "Task<ChatResult<List<T>>> A<T>(string q);", new[] { Generic } },

        // An interface-level [Choices] is a default: streams ignore it, as they ignore the interface's [Repair].
        { "[Choices(2)]", "IAsyncEnumerable<string> A(string q);", Array.Empty<string>() },
        { "[Choices(2)]", "IAsyncEnumerable<string> A(string q); Task<IReadOnlyList<string>> B(string q);", Array.Empty<string>() },
        // …but a stream's own [Choices] is reported once, at its own attribute.
        { "[Choices(2)]", "[Choices(3)] IAsyncEnumerable<string> A(string q);", new[] { StreamChoices("3", 3) } },
        // A method returning one reply can change its return type, so the interface's default is still a fault there.
        { "[Choices(2)]", "Task<string> A(string q);", new[] { "PG0015 Error 'Task<string>': Method 'A' asks for 2 choices ([Choices(2)] on interface 'IPrompts') but returns 'Task<string>', which holds one; return Task<IReadOnlyList<string>> to receive every choice, or give the method [Choices(1)]" } },

        // A method declared twice (CS0111) has one spec: the faults of the methods after it are still located in their own
        // source (the analyzer once paired specs and symbols by index, so B's fault, sited on B's attribute, was looked
        // up on the second A and reported without a location).
        { "", "Task<string> A(string q); Task<string> A(string q); [FewShot(\"\", \"x\")] Task<string> B(string q);", new[] { EmptyUserShot.Replace("of 'A'", "of 'B'") } },

        // Pairs: two faults, two diagnostics, each at its own place.
        { "", "[Temperature(3)] Task<T> A<T>(string q);", new[] { TemperatureThree, Generic } },
        { "", "string A(ref string q);", new[] { ReturnsString, RefParameter } },
        { "", "Task<string> A<T>(ref string q);", new[] { Generic, RefParameter } },
        { "", "[FewShot(\"\", \"x\")] Task<T> A<T>(string q);", new[] { EmptyUserShot, Generic } },
        { "", "[Choices(2), Temperature(3)] IAsyncEnumerable<string> A(string q);", new[] { StreamChoices("2", 2), TemperatureThree } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachFaultIsReportedOnceAtItsPlace(string interfaceAttributes, string members, string[] expected)
    {
        var diagnostics = await CatalogHarness.MembersAsync(members, interfaceAttributes);

        Assert.Equal(expected.OrderBy(d => d, StringComparer.Ordinal), diagnostics.OrderBy(d => d, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AStreamSendsNoChoicesFromItsInterface()
    {
        var analysis = await Generator.GeneratorHarness.AnalyzeAsync(CatalogHarness.Source(
            "IAsyncEnumerable<string> A(string q); Task<IReadOnlyList<string>> B(string q);", "[Choices(2)]"));
        var source = analysis.Run.GeneratedSource("IPrompts.g.cs");

        var a = source.Substring(source.IndexOf("CreateARequest(", StringComparison.Ordinal));
        a = a.Substring(0, a.IndexOf("CreateBRequest(", StringComparison.Ordinal));
        var b = source.Substring(source.IndexOf("CreateBRequest(", StringComparison.Ordinal));
        Assert.DoesNotContain("N = ", a, StringComparison.Ordinal);
        Assert.Contains("N = 2,", b, StringComparison.Ordinal);
    }
}

/// <summary>
/// The interface's own classification (InterfaceSpec.Faults): each interface-level fault alone and beside a method's
/// fault gives exactly one diagnostic, at its place; the faults with a summary mean no Client (nothing is written, so
/// nothing fails to compile), the others leave the Client written with the method or member stubbed, and it compiles.
/// </summary>
public class InterfaceFaultMatrixTests
{
    private const string MethodFault = "Task<string> B(ref string q);";
    private const string MethodFaultDiagnostic = "PG0010 Error 'q': Method 'B' cannot be implemented by PromptGen: parameter 'q' is passed by 'ref'; pass it by value";

    /// <summary>The interface declaration (with "{0}" where its members go), its one diagnostic, and whether the Client is written.</summary>
    public static TheoryData<string, string, bool> Cases => new()
    {
        {
            "[PromptClient] public interface IPrompts { Task<string> A(string q); {0} }",
            "PG0001 Error 'IPrompts': Prompt interface 'IPrompts' is not partial; declare it 'partial interface IPrompts' so PromptGen can add its Client class",
            false
        },
        {
            "public class Outer { [PromptClient] public partial interface IPrompts { Task<string> A(string q); {0} } }",
            "PG0009 Error 'Outer': Interface 'IPrompts' is nested in 'Outer', which is not partial; declare 'Outer' partial so PromptGen can extend the interface",
            false
        },
        {
            "[PromptClient] public partial interface IPrompts<T> { Task<string> A(string q); {0} }",
            "PG0029 Error 'IPrompts': Interface 'IPrompts' is generic, which PromptGen does not implement; remove its type parameters (a generic method or interface cannot choose a JSON shape at build time)",
            false
        },
        {
            "[PromptClient] file partial interface IPrompts { Task<string> A(string q); {0} }",
            "PG0031 Error 'IPrompts': Interface 'IPrompts' is file-local, so code PromptGen generates in another file cannot extend it; remove the 'file' modifier (make it 'internal' to keep it out of other assemblies)",
            false
        },
        {
            "public partial interface IOuter<out T> { [PromptClient] public partial interface IPrompts { Task<string> A(string q); {0} } }",
            "PG0033 Error 'IPrompts': Interface 'IPrompts' is nested in 'IOuter<T>', whose type parameters are 'in' or 'out', and C# allows no class there for its Client; declare 'IPrompts' outside 'IOuter<T>'",
            false
        },
        {
            "[PromptClient] public partial interface IPrompts { Task<string> A(string q); int Client { get; } {0} }",
            "PG0013 Error 'Client': 'Client' clashes with the class 'IPrompts.Client' PromptGen generates to implement 'IPrompts'; rename it",
            false
        },
        {
            "[PromptClient] public partial interface IPrompts { Task<string> A(string q); string Name { get; } {0} }",
            "PG0012 Error 'Name': 'Name' is a property, which PromptGen cannot implement; a prompt interface may declare only its own prompt methods: move the member to a separate interface",
            true
        },
        {
            "[PromptClient] public partial interface IPrompts { Task<string> A(string q); [UserPrompt(\"x\")] Task<string> C(string q) => Task.FromResult(q); {0} }",
            "PG0010 Error 'C': Method 'C' cannot be implemented by PromptGen: it has a body, so its prompt attributes would never be used; remove the body (or the attributes)",
            true
        },
    };

    private static string Source(string declaration, string members) => CatalogHarness.Usings + CatalogHarness.Types + declaration.Replace("{0}", members);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnInterfaceFaultAloneIsReportedOnceAtItsPlace(string declaration, string expected, bool clientWritten)
    {
        var analysis = await CatalogHarness.CheckedAsync(Source(declaration, ""));

        Assert.Equal(new[] { expected }, analysis.Prompt());
        Assert.Empty(analysis.Run.CompilerErrors.Select(Generator.GeneratorHarness.Describe));
        Assert.Equal(clientWritten, analysis.Run.Result.Results.SelectMany(r => r.GeneratedSources).Any());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnInterfaceFaultBesideAMethodFaultGivesOneDiagnosticEach(string declaration, string expected, bool clientWritten)
    {
        var analysis = await CatalogHarness.CheckedAsync(Source(declaration, MethodFault));

        Assert.Equal(new[] { expected, MethodFaultDiagnostic }.OrderBy(d => d, StringComparer.Ordinal), analysis.Prompt().OrderBy(d => d, StringComparer.Ordinal));
        Assert.Empty(analysis.Run.CompilerErrors.Select(Generator.GeneratorHarness.Describe));
        var generated = analysis.Run.Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()).ToArray();
        Assert.Equal(clientWritten, generated.Length > 0);
        if (clientWritten)
        {
            // The method's fault made it a stub that repeats the fault's summary; the interface's left the Client written.
            Assert.Contains("PromptGen cannot implement IPrompts.B: parameter 'q' is passed by 'ref'. See the PromptGen error reported for this method.", Assert.Single(generated), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheGeneratorWritesTheSameWhetherOrNotTheAnalyzerRuns(string declaration, string expected, bool clientWritten)
    {
        _ = expected;
        var source = Source(declaration, MethodFault);
        var alone = Generator.GeneratorHarness.Run(source);

        // The same driver again after the analyzer has reported over its output: the parse takes no sink, so nothing the
        // analyzer does can change what the generator writes, and every step stays cached.
        var compilation = Generator.GeneratorHarness.Compile(source);
        var driver = Generator.GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var reported = await output.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new global::PromptGen.Generator.Diagnostics.PromptAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Assert.NotEmpty(reported);
        Generator.GeneratorHarness.AssertSecondRunCached(driver, compilation);
        var after = driver.RunGenerators(compilation.Clone()).GetRunResult();

        Assert.Equal(Texts(alone.Result), Texts(after));
        Assert.Equal(clientWritten, Texts(after).Length > 0);
    }

    private static string[] Texts(Microsoft.CodeAnalysis.GeneratorDriverRunResult result) =>
        result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText).ToArray();
}
