using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// What an editor feeds the generator and analyzer while someone types: half-written declarations, unterminated
/// strings and templates, attributes with the wrong arguments, errors elsewhere. Neither may ever throw: no
/// exception, no AD0001 (analyzer crashed), no CS8785 (generator crashed), no PG0099 (PromptGen caught its own failure).
/// </summary>
public class RobustnessTests
{
    private const string Head = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        public sealed record Person(string Name, int Age, string City);
        public sealed class Node { public string Name { get; set; } = ""; public Node? Next { get; set; } public List<Node> Children { get; set; } = new(); }

        """;

    public static TheoryData<string> Corpus() => new()
    {
        // Unterminated strings, templates and blocks.
        """[PromptClient] public partial interface I { [UserPrompt("What is {{ topic ")] Task<string> A(string topic); }""",
        """[PromptClient] public partial interface I { [UserPrompt("What is {{ topic }}] Task<string> A(string topic); }""",
        """[PromptClient] public partial interface I { [UserPrompt(@"What is {{ topic }}] Task<string> A(string topic); }""",
        "[PromptClient] public partial interface I { [UserPrompt(\"\"\"\n What is {{ topic }}\n )] Task<string> A(string topic); }",
        """[PromptClient] public partial interface I { [UserPrompt("{{ if topic }}{{ for x in topic }}{{ x.")] Task<string> A(string topic); }""",
        """[PromptClient] public partial interface I { [UserPrompt("{{ end }}{{ else }}{{ }}{{{{ }} }}{{~ ~}}{{-")] Task<string> A(string topic); }""",
        """[PromptClient] public partial interface I { [UserPrompt("{{ \"unterminated }}")] Task<string> A(string topic); }""",
        """[PromptClient] public partial interface I { [UserPrompt("{%{ raw")] Task<string> A(string topic); }""",
        """[PromptClient] public partial interface I { [UserPrompt("\u{{ topic }}\x")] Task<string> A(string topic); }""",
        // Missing brackets and half-typed members.
        """[PromptClient public partial interface I { Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { Task<string> A(string q""",
        """[PromptClient] public partial interface I { Task<string A(string q); }""",
        """[PromptClient] public partial interface I { Task<> A(); }""",
        """[PromptClient] public partial interface I { Task<string> (string q); }""",
        """[PromptClient] public partial interface I { Task<string> A(string q, ); }""",
        """[PromptClient] public partial interface I { Task<string> A(string); }""",
        """[PromptClient] public partial interface I { [UserPrompt( Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [ Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { Task<string> A(string q) { return null; } }""",
        """[PromptClient] public partial interface I { Task<string> A(string q) => ; }""",
        """[PromptClient] public partial interface""",
        """[PromptClient] public partial interface I""",
        """[PromptClient] public partial interface I {""",
        """[PromptClient] [SystemPrompt("x") public partial interface I { }""",
        // Attributes with wrong argument types or counts.
        """[PromptClient] public partial interface I { [UserPrompt()] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [UserPrompt(42)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [UserPrompt("a", "b")] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [UserPrompt(null)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [UserPrompt(template: "{{ q }}", x: 1)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [Temperature("hot")] [TopP] [MaxTokens(1.5)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [Temperature(double.NaN)] [TopP(double.PositiveInfinity)] [MaxTokens(int.MinValue)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [Stop(null)] [Choices(null)] [Seed(1.5)] [Model(null)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [Stop(null, null)] [Stop(1, 2)] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [Stop(new string[0])] [Stop(new[] { "a", "", "c", "d", "e" })] Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { [FewShot("a")] [FewShot(null, null)] [FewShot(1, 2)] [FewShot] Task<Person> A(string q); }""",
        """[PromptClient] public partial interface I { [FewShot("a", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")] Task<Person> A(string q); }""",
        """[PromptClient] public partial interface I { [FewShot("a", "{\"name\": \"\\u12\"}")] [FewShot("a", "{\"name\": 1e}")] [FewShot("a", "-")] Task<Person> A(string q); }""",
        """[PromptClient] public partial interface I { [FewShot("a", "{\"next\":{\"next\":{\"children\":[{\"name\":1}]}}}")] Task<Node> A(string q); }""",
        """[PromptClient(1)] [SystemPrompt] public partial interface I { [Choices(0)] Task<IReadOnlyList<string>> A(string q); }""",
        // Types that do not exist, or do not fit.
        """[PromptClient] public partial interface I { Task<Unknown> A(Missing m); [UserPrompt("{{ m.X }}")] Task<string> B(Missing m); }""",
        """[PromptClient] public partial interface I { [UserPrompt("{{ for x in m }}{{ x.Y }}{{ end }}")] Task<ChatResult<Unknown>> A(Missing m); }""",
        """[PromptClient] public partial interface I : IMissing { Task<string> A(string q); }""",
        """[PromptClient] public partial interface I<T> { Task<T> A(string q); }""",
        """[PromptClient] public partial interface I : IList<string>, IDisposable { Task<string> A(string q); }""",
        """public interface IG { T M<T>(); } [PromptClient] public partial interface I : IG { Task<string> A(string q); }""",
        """public interface IB { Task<string> A(string q); } [PromptClient] public partial interface I : IB { Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { Task<Node> A(string q, CancellationToken a, CancellationToken b); }""",
        """[PromptClient] public partial interface I { Task<string> A<T>(ref T q, out int r, in int s, params int[] t); }""",
        """[PromptClient] public partial interface I { string P { get; } event EventHandler E; int this[int i] { get; set; } static abstract int S(); static abstract I operator +(I a, I b); }""",
        """[PromptClient] public partial interface I { Task<string> Client(string q); class Client { } }""",
        """[PromptClient] public partial interface I { Task<string> A(string q); Task<string> A(string q); }""",
        """[PromptClient] public class NotAnInterface { public Task<string> A(string q) => null!; }""",
        """[PromptClient] public partial interface I { delegate void D(); enum E { X } interface INested { } }""",
        """public class Outer { [PromptClient] public partial interface I { Task<string> A(string q); } }""",
        """public partial class Outer<T> { [PromptClient] public partial interface I { Task<T> A(string q); } }""",
        // Errors elsewhere in the file.
        """class Broken { void M() { int x = ; } } [PromptClient] public partial interface I { Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { Task<string> A(string q); } namespace { class""",
        """#if DEBUG\n[PromptClient] public partial interface I { Task<string> A(string q); }""",
        """[PromptClient] public partial interface I { Task<string> A(string q); } [PromptClient] public partial interface I { Task<string> B(string q); }""",
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task MalformedDeclarationsNeverCrash(string declaration) => await AssertNoCrashAsync(Head + declaration);

    /// <summary>Every prefix of a valid file: the states an editor passes through while the file is typed top to bottom.</summary>
    [Fact]
    public async Task EveryPrefixOfAValidFileNeverCrashes()
    {
        var source = Sources.Tutor;
        for (var length = source.IndexOf("[PromptClient]", StringComparison.Ordinal); length <= source.Length; length += 17)
        {
            await AssertNoCrashAsync(source[..length]);
        }
    }

    /// <summary>A valid file with one character removed, at many places (deterministic).</summary>
    [Fact]
    public async Task SingleCharacterDeletionsNeverCrash()
    {
        var source = Sources.Tutor;
        var random = new Random(4);
        for (var i = 0; i < 80; i++)
        {
            var at = random.Next(source.IndexOf("[PromptClient]", StringComparison.Ordinal), source.Length);
            await AssertNoCrashAsync(source.Remove(at, 1));
        }
    }

    private static async Task AssertNoCrashAsync(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8785" or "PG0099");

        // Nor may generated code add errors of its own; a type the user's code lacks is the one error it may repeat (CS0246).
        var generatedTrees = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        var generatedProblems = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS0246" && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .Select(d => d.ToString());
        Assert.True(!generatedProblems.Any(), string.Join("\n", generatedProblems) + "\n--- in ---\n" + source);

        var exceptions = new List<Exception>();
        var withAnalyzers = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "PG0099");
    }
}
