using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Tests.Declarations;

/// <summary>
/// Issue 10: every <c>[assembly: PromptFake(typeof(X))]</c> a user can write either gets a fake that compiles or a PG
/// error at the attribute — never errors inside the generated fake, never a fake silently missing. Generated cases:
/// every nesting (namespace, class, struct, static class, record, interface, generic types one and two levels deep,
/// with constraints), accessibility, generic arity and constraint kind of the interface, <c>typeof</c> open and closed,
/// and member sets (every return kind a fake sets up, stubs for what it does not: generic methods with <c>T?</c>, ref
/// returns and parameters, ref structs, pointers, properties, indexers, events, static abstract members, overloads, names
/// that clash with the fake's own); plus what is no interface or cannot be faked. Run with the interface in the test
/// assembly's own source, and in a referenced assembly read from metadata (as a test project sees its application).
/// </summary>
public class FakeMatrixTests
{
    private readonly ITestOutputHelper _output;

    public FakeMatrixTests(ITestOutputHelper output) => _output = output;

    private const string Shared = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>One case: its source (with NS for its namespace), the attribute's typeof argument, and the PG id it must get (null: a fake).</summary>
    private sealed record Case(string Description, string Source, string TypeOf, string? Expected, bool SourceOnly = false);

    /// <summary>Interface type parameter lists, with what a closed typeof passes for them.</summary>
    private static readonly (string Parameters, string Open, string Closed)[] Generics =
    {
        ("", "", ""),
        ("<T>", "<>", "<int>"),
        ("<T> where T : class", "<>", "<string>"),
        ("<T> where T : struct", "<>", "<int>"),
        ("<T> where T : unmanaged", "<>", "<long>"),
        ("<T, U> where T : notnull where U : IComparable<U>, new()", "<,>", "<string, int>"),
        ("<out T> where T : class?", "<>", "<object>"),
        ("<T> where T : IEnumerable<T>?", "<>", "<NS.Self>"),
    };

    /// <summary>Containers: the text around the interface, what typeof writes before its name, and whether the container is generic (and how a closed typeof fills it).</summary>
    private static readonly (string Name, string Before, string After, string Path, string OpenPath, string ClosedPath)[] Containers =
    {
        ("namespace", "public ", "", "", "", ""),
        ("class", "public partial class Outer { public ", " }", "Outer.", "Outer.", "Outer."),
        ("static class", "public static class Outer { public ", " }", "Outer.", "Outer.", "Outer."),
        ("struct", "public struct Outer { public ", " }", "Outer.", "Outer.", "Outer."),
        ("record", "public record Outer(int X) { public ", " }", "Outer.", "Outer.", "Outer."),
        ("interface", "public interface IOuter { public ", " }", "IOuter.", "IOuter.", "IOuter."),
        ("internal class", "internal class Outer { public ", " }", "Outer.", "Outer.", "Outer."),
        ("protected internal", "public class Outer { protected internal ", " }", "Outer.", "Outer.", "Outer."),
        ("generic class", "public class Outer<A> { public ", " }", "", "Outer<>.", "Outer<int>."),
        ("constrained generic class", "public class Outer<A> where A : class, new() { public ", " }", "", "Outer<>.", "Outer<NS.Self>."),
        ("generic, then plain", "public class Outer<A> { public class Mid { public ", " } }", "", "Outer<>.Mid.", "Outer<string>.Mid."),
        ("generic twice", "public class Outer<A> { public class Mid<B> where B : struct { public ", " } }", "", "Outer<>.Mid<>.", "Outer<string>.Mid<int>."),
    };

    private static readonly string[][] MemberSets =
    {
        new[]
        {
            "Task<string> AskAsync(string q, CancellationToken cancellationToken = default);",
            "Task<string> AskAsync(string q, int n, CancellationToken cancellationToken = default);",
            "ValueTask<int?> CountAsync(int n);",
            "IAsyncEnumerable<string> StreamAsync(string q, CancellationToken ct = default);",
            "Task<string?> CaseAsync(string @class, string Class, string @event);",
            "Task<string> AskAsyncCall(string q);",
        },
        new[]
        {
            "Task PlainAsync();",
            "string Sync(ref int v, out int w, in int x);",
            "Task<TR> GenericAsync<TR>(TR value) where TR : class;",
            "TR? Maybe<TR>(TR? x);",
            "TR? MaybeClass<TR>(TR? x) where TR : class;",
            "TR? MaybeStruct<TR>(TR? x) where TR : struct;",
            "ref int RefReturn();",
            "ref readonly string RefReadonly();",
            "Task<string> SpanAsync(ReadOnlySpan<char> s);",
            "unsafe int* Pointer(int* p);",
            "string Name { get; set; }",
            "string Label { get; init; }",
            "int this[int i, string? s = null] { get; }",
            "event EventHandler? Changed;",
            "static abstract Task<string> StaticAsync(string q);",
            "static abstract int Count { get; set; }",
            "static abstract event EventHandler StaticChanged;",
            "static abstract TR StaticGeneric<TR>(TR value);",
        },
        new[]
        {
            "Task<GENERIC> FindAsync(GENERIC key, CancellationToken cancellationToken = default);",
            "IAsyncEnumerable<IReadOnlyList<GENERIC>> PagesAsync(GENERIC[] keys);",
            "Task<(GENERIC A, string B)> PairAsync(Dictionary<string, GENERIC> map);",
        },
    };

    public static IEnumerable<object[]> Modes() => new[] { new object[] { "source" }, new object[] { "metadata" } };

    [Theory]
    [MemberData(nameof(Modes))]
    public void EveryFakeRequestGetsACompilingFakeOrAPromptGenError(string mode)
    {
        var cases = Cases().Where(c => mode == "source" || !c.SourceOnly).ToList();
        var failures = new List<string>();
        const int batch = 200;
        for (var start = 0; start < cases.Count; start += batch)
        {
            Check(cases.Skip(start).Take(batch).ToList(), start, mode == "metadata", failures);
        }

        _output.WriteLine($"{mode}: {cases.Count} fake requests, {cases.Count(c => c.Expected is null)} must compile, {cases.Count(c => c.Expected is not null)} must get a PG error; {failures.Count} failures");
        var kinds = failures.GroupBy(f => Regex.Match(f, @"error (CS\d+|PG\d+)|threw|expected[^:]*").Value).Select(g => $"{g.Count()} × {g.Key}:\n{g.First()}");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n\n", kinds));
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
    }

    private static List<Case> Cases()
    {
        var cases = new List<Case>();
        foreach (var (name, before, after, path, openPath, closedPath) in Containers)
        {
            var containerIsGeneric = openPath != path;
            foreach (var (parameters, open, closed) in Generics)
            {
                foreach (var members in MemberSets)
                {
                    var set = Array.IndexOf(MemberSets, members);
                    if ((set < 2 && Array.FindIndex(Generics, g => g.Parameters == parameters) is not (0 or 1 or 5)) || (set == 2 && parameters.Contains("out T", StringComparison.Ordinal)))
                    {
                        continue; // Set 2 uses the type parameter in every position (so not an 'out' one); sets 0 and 1 need few generic shapes.
                    }

                    foreach (var openForm in new[] { true, false })
                    {
                        if (!openForm && parameters.Length == 0 && !containerIsGeneric)
                        {
                            continue; // Nothing to close: the open form covers it.
                        }

                        var typeParameter = parameters.Length > 0 ? "T" : containerIsGeneric ? "A" : "string";
                        var body = string.Join("\n    ", members.Select(m => m.Replace("GENERIC", typeParameter)));
                        var source = $"namespace NS;\npublic sealed class Self : IEnumerable<Self> {{ public IEnumerator<Self> GetEnumerator() => null!; System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => null!; }}\n"
                            + $"{before}unsafe interface IFaked{parameters}\n{{\n    {body}\n}}{after}";
                        var typeOf = "NS." + (openForm ? openPath : closedPath) + "IFaked" + (openForm ? open : closed);
                        cases.Add(new Case($"{name} × {parameters} × {(openForm ? "open" : "closed")} × members {Array.IndexOf(MemberSets, members)}", source, typeOf, null));
                    }
                }
            }
        }

        // The same type parameter name on the container and the interface: the fake cannot take both over.
        cases.Add(new Case("type parameter declared twice", "namespace NS;\n#pragma warning disable CS0693\npublic class Outer<T> { public interface IFaked<T> { Task<T> GetAsync(); } }", "NS.Outer<>.IFaked<>", "PG0035"));
        cases.Add(new Case("same name, closed", "namespace NS;\n#pragma warning disable CS0693\npublic class Outer<T> { public interface IFaked<T> { Task<T> GetAsync(); } }", "NS.Outer<int>.IFaked<string>", null));
        cases.Add(new Case("static abstract operator", "namespace NS;\npublic interface IFaked<TSelf> where TSelf : IFaked<TSelf> { static abstract TSelf operator +(TSelf a, TSelf b); Task<string> AskAsync(); }", "NS.IFaked<>", "PG0035"));
        cases.Add(new Case("file-local interface", "namespace NS;\nfile interface IFaked { Task<string> AskAsync(); }", "NS.IFaked", "PG0035", SourceOnly: true));
        cases.Add(new Case("file-local type argument", "namespace NS;\npublic interface IFaked<T> { Task<T> AskAsync(); }\nfile sealed class Hidden { }", "NS.IFaked<NS.Hidden>", "PG0035", SourceOnly: true));
        cases.Add(new Case("internal type argument", "namespace NS;\npublic interface IFaked<T> { Task<T> AskAsync(T value); }\ninternal sealed class Hidden { }", "NS.IFaked<NS.Hidden>", null));
        cases.Add(new Case("inherits generic interfaces", "namespace NS;\npublic interface IBase<T> { Task<T> GetAsync(T key); string Name { get; } }\npublic interface IFaked : IBase<int>, IBase<string> { Task<int> CountAsync(); }", "NS.IFaked", null));
        cases.Add(new Case("re-abstracted member", "namespace NS;\npublic interface IBase { Task<string> AskAsync() => Task.FromResult(\"\"); }\npublic interface IFaked : IBase { abstract Task<string> IBase.AskAsync(); }", "NS.IFaked", null));
        cases.Add(new Case("default-implemented members", "namespace NS;\npublic interface IFaked { Task<string> AskAsync(); string Hello() => \"hi\"; static int Shared => 1; }", "NS.IFaked", null));
        cases.Add(new Case("names of the fake", "namespace NS;\npublic interface IFaked { Task<string> FakeFaked(string fakeFaked); Task<string> EqualityContract(string toString, string equals); Task<string> Returns(string calls); }", "NS.IFaked", null));
        cases.Add(new Case("global namespace", "public interface IGlobalFakedNS { Task<string> AskAsync(); }", "IGlobalFakedNS", null));
        foreach (var (what, declaration, typeOf) in new[]
        {
            ("class", "public class NotFaked { }", "NS.NotFaked"),
            ("struct", "public struct NotFaked { }", "NS.NotFaked"),
            ("record", "public record NotFaked(int X);", "NS.NotFaked"),
            ("enum", "public enum NotFaked { A }", "NS.NotFaked"),
            ("delegate", "public delegate void NotFaked();", "NS.NotFaked"),
            ("open generic class", "public class NotFaked<T> { }", "NS.NotFaked<>"),
            ("string", "", "string"),
            ("array", "", "int[]"),
            ("interface array", "public interface INotFaked { }", "NS.INotFaked[]"),
            ("void", "", "void"),
        })
        {
            cases.Add(new Case("not an interface: " + what, "namespace NS;\n" + declaration, typeOf, "PG0034"));
        }

        cases.Add(new Case("null", "namespace NS;", "null", "PG0034"));
        return cases;
    }

    private static void Check(List<Case> batch, int offset, bool metadata, List<string> failures)
    {
        string Attribute(Case c, int i)
        {
            var replaced = c.TypeOf.Replace("NS", "Case" + (offset + i));
            var argument = c.TypeOf == "null" ? "null" : "typeof(" + (replaced.StartsWith("Case", StringComparison.Ordinal) ? "global::" + replaced : replaced) + ")";
            return $"[assembly: PromptGen.Testing.PromptFake({argument})]\n";
        }

        string Source(Case c, int i) => c.Source.Replace("NS", "Case" + (offset + i));

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Shared, GeneratorHarness.ParseOptions, path: "Shared.cs") };
        var references = GeneratorHarness.References.ToList();
        if (metadata)
        {
            var application = CSharpCompilation.Create("FakeApp", batch.Select((c, i) => CSharpSyntaxTree.ParseText(Source(c, i), GeneratorHarness.ParseOptions, path: $"Case{offset + i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(Shared + "\n[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"FakeTests\")]", GeneratorHarness.ParseOptions, path: "Shared.cs")), GeneratorHarness.References, options);
            using var image = new MemoryStream();
            var emitted = application.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
            references.Add(MetadataReference.CreateFromImage(image.ToArray()));
            trees.AddRange(batch.Select((c, i) => CSharpSyntaxTree.ParseText(Attribute(c, i), GeneratorHarness.ParseOptions, path: $"Case{offset + i}.cs")));
        }
        else
        {
            trees.AddRange(batch.Select((c, i) => CSharpSyntaxTree.ParseText(Attribute(c, i) + Source(c, i), GeneratorHarness.ParseOptions, path: $"Case{offset + i}.cs")));
        }

        var compilation = CSharpCompilation.Create("FakeTests", trees, references, options);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        failures.AddRange(driver.GetRunResult().Results.Where(r => r.Exception is not null).Select(r => "generator threw: " + r.Exception));
        failures.AddRange(generatorDiagnostics.Select(d => "generator: " + d));
        var exceptions = new List<Exception>();
        var all = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        failures.AddRange(exceptions.Select(e => "analyzer threw: " + e));

        var generated = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToList();
        int? CaseOf(string path) => Regex.Match(path, @"Case(\d+)[.+`]") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - offset : null;
        for (var i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            var own = generated.Where(t => CaseOf(t.FilePath) == i).ToList();
            var errors = all.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && (own.Contains(tree) || CaseOf(tree.FilePath) == i)).ToList();
            var describe = $"[{c.Description}] typeof({c.TypeOf})\n{c.Source}";
            if (c.Expected is null)
            {
                if (own.Count != 1)
                {
                    failures.Add($"expected one fake, got {own.Count}: {describe}");
                }

                failures.AddRange(errors.Select(e => $"{e} {describe}"));
            }
            else
            {
                var expected = errors.Where(e => e.Id == c.Expected && !own.Contains(e.Location.SourceTree!)).ToList();
                if (expected.Count != 1 || own.Count != 0 || errors.Count != 1)
                {
                    failures.Add($"expected only {c.Expected} at the attribute and no fake, got {own.Count} fakes and: {string.Join("; ", errors)} {describe}");
                }
            }
        }
    }
}
