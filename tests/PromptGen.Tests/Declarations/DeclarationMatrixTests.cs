using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Tests.Declarations;

/// <summary>
/// Issue 10 §2 and §8: PromptGen's promise checked wholesale. Generated declarations — every return kind × every
/// setting × every template construct; parameter types and modifiers an async method cannot take; shapes (nesting,
/// namespaces, generic containers, overloads, inherited interfaces); hostile names (every identifier the emitters
/// write, with and without <c>@</c>, <c>__</c> prefixes, keywords) in every position — and for each case: no
/// exception, no AD0001/CS8785/PG0099, and either no error in generated trees or a PG error in the case's own code.
/// Cases are compiled a few hundred at a time, each in its own file and namespace, so thousands run in seconds.
/// </summary>
public class DeclarationMatrixTests
{
    private const int BatchSize = 250;

    private const string Shared = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using PromptGen;

        public sealed record Person(string Name, int Age);
        public enum Mood { Happy, Sad }
        public interface IBase { [UserPrompt("{{ q }}")] Task<string> BaseAsync(string q, CancellationToken cancellationToken = default); }
        """;

    private readonly ITestOutputHelper _output;

    public DeclarationMatrixTests(ITestOutputHelper output) => _output = output;

    private static readonly TimeSpan[] Timings = new TimeSpan[2];

    private sealed record Case(string Family, string Description, string Source);

    /// <summary>Return types with the attributes they need; the few-shot reply each accepts.</summary>
    private static readonly (string Type, string Attributes, string FewShot)[] ReturnKinds =
    {
        ("Task<string>", "", "b"),
        ("ValueTask<string>", "", "b"),
        ("Task<Person>", "", """{"name":"A","age":1}"""),
        ("ValueTask<Person>", "", """{"name":"A","age":1}"""),
        ("Task<ChatResult<string>>", "", "b"),
        ("Task<ChatResult<Person>>", "", """{"name":"A","age":1}"""),
        ("Task<IReadOnlyList<string>>", "[Choices(2)]", "b"),
        ("Task<IReadOnlyList<Person>>", "[Choices(2)]", """{"name":"A","age":1}"""),
        ("IAsyncEnumerable<string>", "", "b"),
        ("Task<int>", "", "1"),
        ("Task<Mood>", "", "\"Happy\""),
        ("Task<List<Person>>", "", """[{"name":"A","age":1}]"""),
        ("ValueTask<ChatResult<IReadOnlyList<Person>>>", "", """[{"name":"A","age":1}]"""),
        ("string", "", "b"),
        ("Task", "", "b"),
    };

    private static readonly string[] Settings =
    {
        "", "[Model(\"m\")]", "[Temperature(0.2)]", "[TopP(0.5)]", "[MaxTokens(10)]", "[Stop(\"x\", \"y\")]", "[FrequencyPenalty(1)]",
        "[PresencePenalty(-1)]", "[Seed(1)]", "[Temperature(9)]", "[Temperature(0.2)] [TopP(0.5)]", "INTERFACE",
    };

    private static readonly string[] Templates =
    {
        "[UserPrompt(\"{{ q }}\")]",
        "[UserPrompt(\"Q: {{ q }} by {{ p.Name }}, {{ p.Age }}\")]",
        "[UserPrompt(\"{{ if flag }}yes {{ q }}{{ else if p.Age > 3 }}old{{ else }}no{{ end }}\")]",
        "[UserPrompt(\"Items:{{ for item in items }} {{ item }};{{ end }}\")]",
        "[UserPrompt(\"{{~ q ~}}\")]",
        "[SystemPrompt(\"Sys {{ q }}\")] [UserPrompt(\"{{ q }}\")]",
        "[FewShot(\"a\", FEWSHOT)] [UserPrompt(\"{{ q }}\")]",
        "",
    };

    /// <summary>Every identifier the emitters write, variants of them, keywords and contextual keywords.</summary>
    private static readonly string[] HostileNames =
    {
        "_transport", "transport", "_transport2", "__request", "__request2", "__completion", "__messages", "__text", "__text2", "itemSource", "qSource",
        "__AskAsyncReply", "__AskAsyncReply2", "CreateAskAsyncRequest", "Client", "PromptGen", "System", "global", "nameof", "value", "var", "async", "await",
        "@class", "@event", "@default", "@this", "@return", "@string", "@base", "@new", "@object", "__arglist_", "Task", "ChatRequest", "CancellationToken",
        "Equals", "GetHashCode", "ToString", "EqualityContract", "ChatMessage", "_", "__", "q", "item",
    };

    /// <summary>Names the matrix's own user code refers to by simple name: a namespace so named would break the user's code, not PromptGen's.</summary>
    private static readonly HashSet<string> TypesUserCodeNames = new(StringComparer.Ordinal) { "CancellationToken", "Task", "System", "PromptGen", "List", "ChatMessage", "ChatRequest" };

    public static IEnumerable<object[]> Families() => new[] { "Attributes", "Parameters", "Shapes", "Names" }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Families))]
    public void EveryDeclarationWorksOrGetsAPromptGenError(string family)
    {
        var cases = family switch
        {
            "Attributes" => AttributeCases(),
            "Parameters" => ParameterCases(),
            "Shapes" => ShapeCases(),
            _ => NameCases(),
        };

        var failures = new List<string>();
        var pgErrors = 0;
        for (var start = 0; start < cases.Count; start += BatchSize)
        {
            pgErrors += Check(cases.Skip(start).Take(BatchSize).ToList(), start, failures);
        }

        _output.WriteLine($"generator {Timings[0].TotalSeconds:F1}s, compiler and analyzer {Timings[1].TotalSeconds:F1}s");
        _output.WriteLine($"{family}: {cases.Count} cases, {cases.Count - pgErrors} clean, {pgErrors} with a PromptGen error in user code, {failures.Count} failures");
        // One example per kind of failure (its error id and the case's description without the return type), most frequent first.
        var kinds = failures.GroupBy(f => Regex.Match(f, @"error (CS\d+|PG\d+)|threw|analyzer").Value + " " + Regex.Match(f, @"\n\[([^×\]]*)").Groups[1].Value)
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} × {g.Key}:\n{g.First()}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} {family} cases failed:\n" + string.Join("\n\n", kinds.Take(25)));
        Assert.True(cases.Count >= 300, $"{family} has only {cases.Count} cases");
    }

    /// <returns>How many cases had a PG error in user code.</returns>
    private static int Check(List<Case> batch, int offset, List<string> failures)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Shared, GeneratorHarness.ParseOptions, path: "Shared.cs") };
        trees.AddRange(batch.Select((c, i) => CSharpSyntaxTree.ParseText(c.Source.Replace("NS", "Case" + (offset + i)), GeneratorHarness.ParseOptions, path: $"Case{offset + i}.cs")));
        var compilation = CSharpCompilation.Create("Matrix", trees, GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Timings[0] += clock.Elapsed;
        var run = driver.GetRunResult();
        foreach (var result in run.Results.Where(r => r.Exception is not null))
        {
            failures.Add("generator threw: " + result.Exception);
        }

        foreach (var crash in generatorDiagnostics.Where(d => d.Id is "CS8785" or "PG0099"))
        {
            failures.Add("generator: " + crash);
        }

        var exceptions = new List<Exception>();
        var withAnalyzers = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        clock.Restart();
        var all = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        Timings[1] += clock.Elapsed;
        failures.AddRange(exceptions.Select(e => "analyzer threw: " + e));
        failures.AddRange(all.Where(d => d.Id is "AD0001" or "PG0099").Select(d => "analyzer: " + d));

        var generated = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        int? CaseOf(Diagnostic d)
        {
            var path = d.Location.SourceTree?.FilePath ?? "";
            var match = Regex.Match(path, @"Case(\d+)[.+`]");
            return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        var withPromptError = all.Where(d => d.Id.StartsWith("PG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && !generated.Contains(tree))
            .Select(CaseOf).Where(i => i is not null).Select(i => i!.Value).ToHashSet();
        foreach (var error in all.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generated.Contains(tree)))
        {
            var index = CaseOf(error);
            if (index is null || !withPromptError.Contains(index.Value))
            {
                var source = index is { } i && i - offset >= 0 && i - offset < batch.Count ? batch[i - offset] : null;
                failures.Add($"{error} in generated code" + (source is null ? "" : $"\n[{source.Description}]\n{source.Source}"));
            }
        }

        // A case whose own declaration does not compile tests nothing: the matrix's sources must be valid C#.
        foreach (var error in all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("PG", StringComparison.Ordinal) && d.Location.SourceTree is { } tree && !generated.Contains(tree)))
        {
            var index = CaseOf(error);
            var source = index is { } i && i - offset >= 0 && i - offset < batch.Count ? batch[i - offset] : null;
            failures.Add($"matrix source error {error}" + (source is null ? "" : $"\n[{source.Description}]\n{source.Source}"));
        }

        return withPromptError.Count;
    }

    private static List<Case> AttributeCases()
    {
        var cases = new List<Case>();
        foreach (var (type, attributes, fewShot) in ReturnKinds)
        {
            foreach (var setting in Settings)
            {
                foreach (var template in Templates)
                {
                    var onInterface = setting == "INTERFACE" ? "[Temperature(0.3)] [SystemPrompt(\"You help.\")] " : "";
                    var onMethod = setting == "INTERFACE" ? "" : setting;
                    var prompt = template.Replace("FEWSHOT", SymbolDisplay.FormatLiteral(fewShot, quote: true));
                    var marker = template.Length == 0 && onInterface.Length == 0 ? "[PromptClient] " : "";
                    cases.Add(new Case("Attributes", $"{type} × {setting} × {template}", $$"""
                        namespace NS;
                        {{marker}}{{onInterface}}public partial interface IAsk
                        {
                            {{attributes}} {{onMethod}} {{prompt}}
                            {{type}} AskAsync(string q, bool flag, List<string> items, Person p, CancellationToken cancellationToken = default);
                        }
                        """));
                }
            }
        }

        return cases;
    }

    private static List<Case> ParameterCases()
    {
        var parameters = new[]
        {
            "ref string q", "out string q", "in string q", "ref readonly string q", "scoped ref int n, string q", "params string[] q", "Span<char> s, string q",
            "ReadOnlySpan<char> s, string q", "int* pointer, string q", "delegate*<int, void> f, string q", "dynamic q", "object q", "(int A, string B) q",
            "string? q = null", "int n = 5, string q = \"x\"", "Person q", "List<Person> q", "IEnumerable<ChatMessage> history, string q",
            "ChatMessage[] history, string q", "CancellationToken a, CancellationToken b, string q", "Mood q", "nint q", "Func<string> q",
            "ref Span<char> s, string q", "in Person q", "out int n, string q", "string q, Mood mood = Mood.Sad, double d = 0.5, decimal m = 1.5m, char c = 'x'",
            "scoped ReadOnlySpan<char> s, string q", "string q, __arglist_ x = default", "TypedReference t, string q", "string q, int[] numbers",
        };
        var cases = new List<Case>();
        foreach (var (type, attributes, _) in ReturnKinds)
        {
            foreach (var list in parameters)
            {
                var extra = list.Contains("__arglist_") ? "public struct __arglist_ { }\n" : "";
                foreach (var withToken in new[] { false, true })
                {
                    var token = withToken && !list.Contains("CancellationToken") && !list.Contains("params") ? ", CancellationToken cancellationToken = default" : "";
                    cases.Add(new Case("Parameters", $"{type}({list})", $$$"""
                        namespace NS;
                        {{{extra}}}public unsafe partial interface IAsk
                        {
                            {{{attributes}}} [UserPrompt("{{ q }}")]
                            {{{type}}} AskAsync({{{list}}}{{{token}}});
                        }
                        """));
                }
            }
        }

        return cases;
    }

    private static List<Case> ShapeCases()
    {
        const string Body = """
            {
                ATTR [UserPrompt("{{ q }}")]
                TYPE AskAsync(string q, CancellationToken cancellationToken = default);
            }
            """;
        var shapes = new (string Name, string Template)[]
        {
            ("global namespace", "[SystemPrompt(\"x\")] public partial interface INS BODY"),
            ("file-scoped namespace", "namespace NS; public partial interface IAsk BODY"),
            ("block namespace", "namespace NS { public partial interface IAsk BODY }"),
            ("nested namespaces", "namespace NS { namespace Inner.Deeper { internal partial interface IAsk BODY } }"),
            ("in class", "namespace NS; public partial class Outer { public partial interface IAsk BODY }"),
            ("in struct", "namespace NS; public partial struct Outer { public partial interface IAsk BODY }"),
            ("in readonly ref struct", "namespace NS; public readonly ref partial struct Outer { public partial interface IAsk BODY }"),
            ("in record", "namespace NS; public partial record Outer(int X) { public partial interface IAsk BODY }"),
            ("in record struct", "namespace NS; public partial record struct Outer(int X) { public partial interface IAsk BODY }"),
            ("in static class", "namespace NS; internal static partial class Outer { private partial interface IAsk BODY }"),
            ("in generic class", "namespace NS; public partial class Outer<T> where T : notnull { public partial interface IAsk BODY }"),
            ("in generic class using T", "namespace NS; public partial class Outer<T> { public partial interface IAsk { [UserPrompt(\"{{ t }}\")] TYPE AskAsync(T t, CancellationToken cancellationToken = default); } }"),
            ("two levels", "namespace NS; public partial class Outer { protected internal partial class Middle<T1, T2> { internal partial interface IAsk BODY } }"),
            ("in interface", "namespace NS; public partial interface IOuter { public partial interface IAsk BODY }"),
            ("in variant interface", "namespace NS; public partial interface IOuter<in T> { public partial interface IAsk BODY }"),
            ("in non-partial class", "namespace NS; public class Outer { public partial interface IAsk BODY }"),
            ("not partial", "namespace NS; public interface IAsk BODY"),
            ("file-local", "namespace NS; file partial interface IAsk BODY"),
            ("generic interface", "namespace NS; public partial interface IAsk<T> BODY"),
            ("inherits prompt interface", "namespace NS; public partial interface IAsk : IBase BODY"),
            ("inherits IDisposable", "namespace NS; public partial interface IAsk : IDisposable BODY"),
            ("with property", "namespace NS; public partial interface IAsk { string Name { get; } ATTR [UserPrompt(\"{{ q }}\")] TYPE AskAsync(string q, CancellationToken cancellationToken = default); }"),
            ("overloads", "namespace NS; public partial interface IAsk { ATTR [UserPrompt(\"{{ q }}\")] TYPE AskAsync(string q, CancellationToken cancellationToken = default); ATTR [UserPrompt(\"{{ q }} {{ n }}\")] TYPE AskAsync(string q, int n, CancellationToken cancellationToken = default); [UserPrompt(\"{{ n }}\")] Task<Person> AskAsync(int n, CancellationToken cancellationToken = default); }"),
            ("overloads differing in token only", "namespace NS; public partial interface IAsk { ATTR [UserPrompt(\"{{ q }}\")] TYPE AskAsync(string q); ATTR [UserPrompt(\"{{ q }}\")] TYPE AskAsync(string q, CancellationToken cancellationToken); }"),
            ("two parts", "namespace NS; public partial interface IAsk BODY\npublic partial interface IAsk { [FewShot(\"a\", \"b\")] Task<string> OtherAsync(string q); }"),
            ("return type named Client", "namespace NS; public sealed record Client(string Name); public partial interface IAsk { [UserPrompt(\"{{ q }}\")] Task<Client> AskAsync(string q, CancellationToken cancellationToken = default); ATTR [UserPrompt(\"{{ q }}\")] TYPE OtherAsync(string q); }"),
            ("type named var", "namespace NS; public sealed record @var(string Name); public partial interface IAsk { [UserPrompt(\"{{ q }}\")] Task<@var> AskAsync(string q, CancellationToken cancellationToken = default); ATTR [UserPrompt(\"{{ q }}\")] TYPE OtherAsync(string q); }"),
            ("type names generated code could use", "namespace NS; public sealed class @var { } public sealed class @dynamic { } public sealed class @nameof { } public sealed class @global { } public sealed class System { } public sealed class PromptGen { } public sealed class StringBuilder { } public sealed class PromptText { } public partial interface IAsk { ATTR [UserPrompt(\"{{ for x in items }}{{ x }}{{ for.index }}{{ if for.last }}.{{ end }}{{ end }}{{ for n in nums }}{{ n }}{{ end }}{{ for o in any }}{{ o }}{{ end }}\")] TYPE AskAsync(string q, List<string> items, int[] nums, global::System.Collections.IEnumerable any, CancellationToken cancellationToken = default); }"),
            ("keyword names", "namespace NS.@class; public partial class @struct { public partial interface @interface { ATTR [UserPrompt(\"{{ class }}\")] TYPE @event(string @class, CancellationToken @default = default); } }"),
            ("unicode names", "namespace NS.Ünïcødé; public partial interface IÜbersetzer { ATTR [UserPrompt(\"{{ wört }}\")] TYPE Übersetzen(string wört, CancellationToken cancellationToken = default); }"),
        };
        var cases = new List<Case>();
        foreach (var (type, attributes, _) in ReturnKinds)
        {
            foreach (var (name, template) in shapes)
            {
                foreach (var settings in new[] { "", "[Temperature(0.5)] [MaxTokens(20)]" })
                {
                    var source = template.Replace("BODY", Body).Replace("ATTR", attributes + " " + settings).Replace("TYPE", type).Replace("INS", "INS");
                    cases.Add(new Case("Shapes", $"{name} × {type} × {settings}", source));
                }
            }
        }

        return cases;
    }

    private static List<Case> NameCases()
    {
        var kinds = new[] { ("Task<string>", ""), ("Task<Person>", ""), ("IAsyncEnumerable<string>", ""), ("Task<IReadOnlyList<Person>>", "[Choices(2)]") };
        var cases = new List<Case>();
        foreach (var name in HostileNames)
        {
            var plain = name.TrimStart('@');
            var isKeyword = SyntaxFacts.GetKeywordKind(plain) != SyntaxKind.None;
            var id = isKeyword ? "@" + plain : name;
            foreach (var (type, attributes) in kinds)
            {
                var positions = new List<(string Position, string Source)>
                {
                    ("parameter", $$$"""namespace NS; public partial interface IAsk { {{{attributes}}} [UserPrompt("A {{ {{{plain}}} }} B")] {{{type}}} AskAsync(string {{{id}}}, CancellationToken cancellationToken = default); }"""),
                    ("parameter beside others", $$$"""namespace NS; public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ {{{plain}}} }}: {{ for x in list }}{{ x }}{{ end }}")] {{{type}}} AskAsync(List<string> list, string {{{id}}}, CancellationToken cancellationToken = default); }"""),
                    ("cancellation token", plain == "q" ? "" : $$$"""namespace NS; public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken {{{id}}} = default); }"""),
                    ("method", $$$"""namespace NS; public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} {{{id}}}(string q, CancellationToken cancellationToken = default); {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken cancellationToken = default); }"""),
                    ("loop variable", $$$"""namespace NS; public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ for {{{plain}}} in list }}{{ {{{plain}}} }};{{ end }}")] {{{type}}} AskAsync(List<string> list, CancellationToken cancellationToken = default); }"""),
                    ("interface", $$$"""namespace NS; [SystemPrompt("x")] public partial interface {{{id}}} { {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken cancellationToken = default); }"""),
                    ("containing type", $$$"""namespace NS; public partial class {{{id}}} { public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken cancellationToken = default); } }"""),
                    ("containing type parameter", $$$"""namespace NS; public partial class Outer<{{{id}}}> { public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken cancellationToken = default); } }"""),
                    ("namespace", TypesUserCodeNames.Contains(plain) ? "" : $$$"""namespace NS.{{{id}}}; public partial interface IAsk { {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken cancellationToken = default); }"""),
                    ("reply type", $$$"""namespace NS; public sealed class {{{id}}} { public string Name { get; set; } = ""; } public partial interface IAsk { [UserPrompt("{{ q }}")] Task<{{{id}}}> AskAsync(string q, CancellationToken cancellationToken = default); {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} OtherAsync(string q, CancellationToken cancellationToken = default); }"""),
                    ("property", $$$"""namespace NS; public partial interface IAsk { string {{{id}}} { get; } {{{attributes}}} [UserPrompt("{{ q }}")] {{{type}}} AskAsync(string q, CancellationToken cancellationToken = default); }"""),
                };
                foreach (var (position, source) in positions.Where(p => p.Source.Length > 0))
                {
                    cases.Add(new Case("Names", $"{name} as {position} × {type}", source));
                }
            }
        }

        return cases;
    }
}
