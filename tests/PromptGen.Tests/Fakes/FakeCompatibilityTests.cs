using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using PromptGen.Tests.Schema;
using Xunit;

namespace PromptGen.Tests.Fakes;

/// <summary>
/// Review 12: a generated fake compiles wherever the prompt client does — in a C# 8 project (PG0030 says C# 8 is enough)
/// and in a .NET Framework / netstandard2.0 test project without <c>IsExternalInit</c> — without a warning in generated
/// code (TreatWarningsAsErrors), whatever its methods are named: a method named like a member of <c>object</c>
/// (<c>Equals</c>, <c>ToString</c> …) and overloads beside a method whose name is the overload's numbered name.
/// </summary>
public class FakeCompatibilityTests
{
    /// <summary>Overloads beside a method named like the second overload's numbered name, methods named like object's members, every kind a fake sets up.</summary>
    private const string Shop = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        [assembly: PromptGen.Testing.PromptFake(typeof(Shop.IShop))]

        namespace Shop
        {
            public interface IShop
            {
                Task<string> AskAsync(string question, CancellationToken cancellationToken = default);
                Task<string> AskAsync(string question, int attempts);
                Task<string> AskAsync2(string question);
                Task<string> NoArgumentsAsync();
                Task<string> Equals(string text);
                Task<string> ToString(int width);
                Task<int> GetHashCode(string salt);
                Task<string> GetType(string name);
                Task<string> MemberwiseClone(string name);
                Task<string> ReferenceEquals(string left, string right);
                Task<string> Finalize(string reason);
                Task<string> AnyAsync(dynamic value, dynamic? other);
            }
        }
        """;

    private const string ShopStreams = """
        namespace Shop
        {
            public interface IShopStreams
            {
                System.Threading.Tasks.ValueTask<int?> CountAsync(int? limit, string? filter);
                System.Collections.Generic.IAsyncEnumerable<string> StreamAsync(string topic);
            }
        }
        """;

    private const string Probe = """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        [assembly: PromptGen.Testing.PromptFake(typeof(Shop.IShopStreams))]

        namespace Shop
        {
            internal static class Probe
            {
                public static async Task<string> RunAsync()
                {
                    var fake = new FakeShop();
                    fake.AskAsync.Returns("one");
                    fake.AskAsync3.Returns(call => "three:" + call.Question + call.Attempts);
                    fake.AskAsync2.Returns(call => "two:" + call.Question);
                    fake.NoArgumentsAsync.Returns("none");
                    fake.Equals.Returns(call => "equals:" + call.Text);
                    fake.ToString.Returns(call => "to-string:" + call.Width);
                    fake.GetHashCode.Returns(7);
                    fake.GetType.Returns(call => "type:" + call.Name);
                    fake.MemberwiseClone.Returns(call => "clone:" + call.Name);
                    fake.ReferenceEquals.Returns(call => "same:" + call.Left + call.Right);
                    fake.Finalize.Returns(call => "final:" + call.Reason);
                    fake.AnyAsync.Returns(call => "any:" + (object)call.Value + (object?)call.Other);
                    IShop shop = fake;
                    var lines = new List<string>
                    {
                        await shop.AskAsync("a"),
                        await shop.AskAsync("b", 2),
                        await shop.AskAsync2("c"),
                        await shop.NoArgumentsAsync(),
                        await shop.Equals("d"),
                        await shop.ToString(3),
                        (await shop.GetHashCode("e")).ToString(),
                        await shop.GetType("f"),
                        await shop.MemberwiseClone("g"),
                        await shop.ReferenceEquals("h", "i"),
                        await shop.Finalize("j"),
                        await shop.AnyAsync(1, null),
                    };

                    var call = fake.AskAsync3.Calls[0];
                    var (question, attempts) = call;
                    lines.Add(question + attempts);
                    lines.Add(call.ToString());
                    lines.Add(fake.NoArgumentsAsync.Calls[0].ToString());
                    var same = new FakeShop.AskAsync3Call("b", 2);
                    lines.Add($"{call == same} {call != same} {call.Equals(same)} {call.Equals((object)same)} {call.GetHashCode() == same.GetHashCode()}");
                    var other = new FakeShop.AskAsync3Call("b", 3);
                    lines.Add($"{call == other} {call != other} {call.Equals(other)} {call.Equals(null)} {call == null}");

                    var streams = new FakeShopStreams();
                    streams.CountAsync.Returns(call => call.Limit);
                    streams.StreamAsync.Yields(call => new[] { call.Topic, "!" });
                    IShopStreams asked = streams;
                    lines.Add((await asked.CountAsync(null, null)).ToString() + "|" + streams.CountAsync.Calls[0]);
                    await foreach (var item in asked.StreamAsync("x"))
                    {
                        lines.Add(item);
                    }

                    var any = fake.AnyAsync.Calls[0];
                    lines.Add($"{any} {any.Equals(new FakeShop.AnyAsyncCall(1, null))} {any.GetHashCode() == new FakeShop.AnyAsyncCall(1, null).GetHashCode()}");
                    lines.Add(string.Join(",", new HashSet<FakeShopStreams.CountAsyncCall> { new FakeShopStreams.CountAsyncCall(1, "a"), new FakeShopStreams.CountAsyncCall(1, "a"), new FakeShopStreams.CountAsyncCall(1, null) }));
                    return string.Join("\n", lines);
                }
            }
        }
        """;

    /// <summary>The fake compiled at C# 8 (nullable enabled), loaded and used: every setup reaches its own method, and the call classes behave as the records they replace.</summary>
    [Fact]
    public async Task AtCSharp8EachSetupReachesItsOwnMethodAndCallsBehaveAsRecords()
    {
        var output = Generate(new CSharpParseOptions(LanguageVersion.CSharp8), RunningDotNet.WithPromptGen, Shop, ShopStreams, Probe);

        var assembly = GeneratedApp.Load(output);
        var run = (Task<string>)assembly.GetType("Shop.Probe")!.GetMethod("RunAsync")!.Invoke(null, null)!;
        Assert.Equal(
            """
            one
            three:b2
            two:c
            none
            equals:d
            to-string:3
            7
            type:f
            clone:g
            same:hi
            final:j
            any:1
            b2
            AskAsync3Call { Question = b, Attempts = 2 }
            NoArgumentsAsyncCall { }
            True False True True True
            False True False False False
            |CountAsyncCall { Limit = , Filter =  }
            x
            !
            AnyAsyncCall { Value = 1, Other =  } True True
            CountAsyncCall { Limit = 1, Filter = a },CountAsyncCall { Limit = 1, Filter =  }
            """.ReplaceLineEndings("\n"),
            await run);
    }

    /// <summary>Review 12 #4: overloads of AskAsync beside a method AskAsync2 — the method keeps its name, the overload takes the next free one.</summary>
    [Fact]
    public void AMethodKeepsItsOwnNameAndOverloadsTakeNamesNoMemberHas()
    {
        var output = Generate(GeneratorHarness.ParseOptions, GeneratorHarness.References, Shop);

        var fake = output.GetTypeByMetadataName("Shop.FakeShop")!;
        Assert.Equal(
            new[] { "AskAsync", "AskAsync3", "AskAsync2", "NoArgumentsAsync", "Equals", "ToString", "GetHashCode", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize", "AnyAsync" },
            fake.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name));
        Assert.Equal(
            new[] { "AskAsyncCall", "AskAsync3Call", "AskAsync2Call", "NoArgumentsAsyncCall", "EqualsCall", "ToStringCall", "GetHashCodeCall", "GetTypeCall", "MemberwiseCloneCall", "ReferenceEqualsCall", "FinalizeCall", "AnyAsyncCall" },
            fake.GetTypeMembers().Select(t => t.Name));
        var source = Fake(output, "Shop.FakeShop.g.cs");
        Assert.Contains("global::System.Threading.Tasks.Task<string> global::Shop.IShop.AskAsync(string question, int attempts) =>\n            this.AskAsync3.InvokeAsync(new AskAsync3Call(question, attempts), default);", source);
        Assert.Contains("global::System.Threading.Tasks.Task<string> global::Shop.IShop.AskAsync2(string question) =>\n            this.AskAsync2.InvokeAsync(new AskAsync2Call(question), default);", source);
        Assert.Contains("public new global::PromptGen.Testing.FakeMethod<EqualsCall, string> Equals { get; } = new global::PromptGen.Testing.FakeMethod<EqualsCall, string>(\"FakeShop.Equals\");", source);
        Assert.Contains("public global::PromptGen.Testing.FakeMethod<AskAsync2Call, string> AskAsync2 { get; } = new global::PromptGen.Testing.FakeMethod<AskAsync2Call, string>(\"FakeShop.AskAsync2\");", source);
    }

    /// <summary>A numbered overload name skips every name the interface declares, the fake's own call classes too.</summary>
    [Fact]
    public void OverloadAndCallClassNamesSkipNamesTheInterfaceDeclares()
    {
        var output = Generate(GeneratorHarness.ParseOptions, GeneratorHarness.References, """
            using System.Threading.Tasks;

            [assembly: PromptGen.Testing.PromptFake(typeof(Names.INames))]

            namespace Names;

            public interface INames
            {
                Task<string> Ask(string a);
                Task<string> Ask(int a);
                Task<string> Ask(long a);
                Task<string> AskCall(string a);
                Task<string> Ask3(string a);
                string Ask2 { get; }
            }
            """);

        var fake = output.GetTypeByMetadataName("Names.FakeNames")!;
        Assert.Equal(new[] { "Ask", "Ask4", "Ask5", "AskCall", "Ask3" }, fake.GetMembers().OfType<IPropertySymbol>().Where(p => p.ExplicitInterfaceImplementations.IsEmpty).Select(p => p.Name));
        Assert.Equal(new[] { "AskCall2", "Ask4Call", "Ask5Call", "AskCallCall", "Ask3Call" }, fake.GetTypeMembers().Select(t => t.Name));
    }

    /// <summary>Review 12 #1: a .NET Framework / netstandard2.0 test project at the latest C# has no IsExternalInit (the runtime's is internal), so the fake uses no record or init.</summary>
    [Fact]
    public void AFakeCompilesInANetStandardProjectWithoutIsExternalInit()
    {
        var runtime = Path.Combine(AppContext.BaseDirectory, "netstandard2.0", "PromptGen.Runtime.dll");
        Assert.True(File.Exists(runtime), runtime + " is copied by the test project's CopyNetStandardRuntime target");
        var references = Basic.Reference.Assemblies.NetStandard20.References.All.Cast<MetadataReference>().Append(MetadataReference.CreateFromFile(runtime));

        var output = Generate(new CSharpParseOptions(LanguageVersion.Latest), references, Shop, """
            namespace Shop
            {
                internal static class Use
                {
                    public static IShop Create()
                    {
                        var fake = new FakeShop();
                        fake.AskAsync3.Returns(call => call.Question + call.Attempts);
                        fake.Equals.Returns(call => call.Text);
                        var (question, attempts) = new FakeShop.AskAsync3Call("a", 1);
                        return fake;
                    }
                }
            }
            """);

        var isExternalInit = output.GetTypeByMetadataName("System.Runtime.CompilerServices.IsExternalInit");
        Assert.True(isExternalInit is null || !output.IsSymbolAccessibleWithin(isExternalInit, output.Assembly), "the premise: this project cannot use init or records");
        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
    }

    /// <summary>Review 12 #2: the fake of a prompt interface from a referenced assembly compiles at C# 8, as its client does.</summary>
    [Fact]
    public void AFakeOfAPromptInterfaceCompilesAtCSharp8()
    {
        var application = FakeGeneratorTests.CompileApplication(Sources.Tutor);

        var output = Generate(new CSharpParseOptions(LanguageVersion.CSharp8), GeneratorHarness.References.Append(application), "[assembly: PromptGen.Testing.PromptFake(typeof(Demo.ITutor))]");

        Assert.Contains("public sealed class ExplainAsyncCall : global::System.IEquatable<ExplainAsyncCall>", Fake(output, "Demo.FakeTutor.g.cs"));
    }

    /// <summary>Review 12 #2, the other constructs: every member a fake stubs, from an interface compiled at a later C#, compiles in a C# 8 test project.</summary>
    [Fact]
    public void TheStubsOfAFakeCompileAtCSharp8()
    {
        var application = FakeGeneratorTests.CompileApplication("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Shapes;

            public interface IShapes<T> where T : notnull
            {
                Task<T> FindAsync(T key, CancellationToken cancellationToken = default);
                IAsyncEnumerable<IReadOnlyList<T>> PagesAsync(T[] keys);
                Task<(T A, string B)> PairAsync(Dictionary<string, T> map);
                Task PlainAsync();
                string Sync(ref int v, out int w, in int x);
                Task<TR> GenericAsync<TR>(TR value) where TR : class;
                TR? MaybeClass<TR>(TR? x) where TR : class;
                TR? MaybeStruct<TR>(TR? x) where TR : struct;
                ref int RefReturn();
                ref readonly string RefReadonly();
                Task<string> SpanAsync(ReadOnlySpan<char> s);
                string Name { get; set; }
                int this[int i, string? s = null] { get; }
                event EventHandler? Changed;
            }
            """);

        var output = Generate(new CSharpParseOptions(LanguageVersion.CSharp8), GeneratorHarness.References.Append(application), """
            [assembly: PromptGen.Testing.PromptFake(typeof(Shapes.IShapes<>))]
            [assembly: PromptGen.Testing.PromptFake(typeof(Shapes.IShapes<string>))]
            """);

        Assert.Equal(2, output.SyntaxTrees.Count(t => t.FilePath.Contains("FakeShapes", StringComparison.Ordinal)));
    }

    /// <summary>
    /// What no class can write in C# 8 (an init accessor, <c>T?</c> of an unconstrained type parameter, a static abstract
    /// member, a function pointer, <c>nint</c>) gets PG0035 at the attribute naming the member and the C# it needs,
    /// instead of a fake that fails to compile; at the C# named, the fake compiles.
    /// </summary>
    [Theory]
    [InlineData("string Label { get; init; }", "IMember.Label", "has an init accessor", "9.0")]
    [InlineData("TR? Maybe<TR>(TR? x);", "IMember.Maybe<TR>(TR?)", "uses 'TR?' (a nullable type parameter without a class or struct constraint)", "9.0")]
    [InlineData("Task<T?> FindAsync(string key);", "IMember<T>.FindAsync(string)", "uses 'Task<T?>' (a nullable type parameter without a class or struct constraint)", "9.0")]
    [InlineData("Task<nint> SizeAsync();", "IMember.SizeAsync()", "uses 'Task<nint>' (a native-sized integer)", "9.0")]
    [InlineData("unsafe void Call(delegate*<int, void> f);", "IMember.Call(delegate*<int, void>)", "uses 'delegate*<int, void>' (a function pointer)", "9.0")]
    [InlineData("static abstract Task<string> CreateAsync();", "IMember.CreateAsync()", "is static abstract", "11.0")]
    public async Task AMemberNoClassCanImplementAtCSharp8IsPG0035(string member, string display, string what, string version)
    {
        var generic = member.Contains("T?>", StringComparison.Ordinal);
        var application = Library($$"""
            using System.Threading.Tasks;

            namespace Shapes;

            public unsafe interface IMember{{(generic ? "<T>" : "")}}
            {
                Task<string> AskAsync(string question);
                {{member}}
            }
            """);
        var attribute = $"[assembly: PromptGen.Testing.PromptFake(typeof(Shapes.IMember{(generic ? "<>" : "")}))]";
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp8);
        var compilation = CSharpCompilation.Create("Old", new[] { CSharpSyntaxTree.ParseText(attribute, parseOptions, path: "Test.cs") }, GeneratorHarness.References.Append(application), options);

        var driver = CSharpGeneratorDriver.Create(new[] { new PromptGen.Generator.PromptGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var diagnostics = await output.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer())).GetAllDiagnosticsAsync();

        Assert.Empty(driver.GetRunResult().GeneratedTrees);
        var shown = "IMember" + (generic ? "<>" : "");
        Assert.Equal(
            $"PG0035 Error 'typeof(Shapes.{shown})': No fake of '{shown}' is generated: its member '{display}' {what}, which a class can implement only in C# {version} or later, but this project compiles C# 8.0; set <LangVersion>{version}</LangVersion> or later in the test project",
            string.Join("\n", diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe)));

        var later = Generate(CSharpParseOptions.Default.WithLanguageVersion(version == "9.0" ? LanguageVersion.CSharp9 : LanguageVersion.CSharp11), GeneratorHarness.References.Append(application), attribute);
        Assert.Single(later.SyntaxTrees, t => t.FilePath.EndsWith("Shapes.FakeMember" + (generic ? "`1" : "") + ".g.cs", StringComparison.Ordinal));
    }

    /// <summary>Review 12 #3: a prompt method named Equals, ToString or GetHashCode gets a client and a fake, neither with a warning.</summary>
    [Fact]
    public void APromptMethodNamedLikeAnObjectMemberGetsAFakeWithoutWarnings()
    {
        var application = FakeGeneratorTests.CompileApplication("""
            using System.Threading.Tasks;
            using PromptGen;

            namespace Odd;

            [PromptClient]
            public partial interface IOdd
            {
                [UserPrompt("Compare {{ text }}")]
                Task<string> Equals(string text);

                [UserPrompt("Render at {{ width }}")]
                Task<string> ToString(int width);

                [UserPrompt("Hash {{ salt }}")]
                Task<int> GetHashCode(string salt);
            }
            """);

        var output = Generate(GeneratorHarness.ParseOptions, GeneratorHarness.References.Append(application), """
            [assembly: PromptGen.Testing.PromptFake(typeof(Odd.IOdd))]

            internal static class Use
            {
                public static Odd.IOdd Create()
                {
                    var fake = new Odd.FakeOdd();
                    fake.Equals.Returns(call => call.Text);
                    fake.ToString.Returns(call => call.Width.ToString());
                    fake.GetHashCode.Returns(1);
                    return fake;
                }
            }
            """);

        var source = Fake(output, "Odd.FakeOdd.g.cs");
        Assert.Contains("public new global::PromptGen.Testing.FakeMethod<ToStringCall, string> ToString { get; }", source);
        Assert.Contains("public new global::PromptGen.Testing.FakeMethod<GetHashCodeCall, int> GetHashCode { get; }", source);
    }

    [Fact]
    public void AFakeOfAnInterfaceThatUsesObsoleteTypesCompilesWithoutWarnings()
    {
        // The app suppresses CS0618 where it declares the interface; the fake repeats the signatures in code the test
        // project cannot edit, so it must not warn there either (as the client does not).
        var application = FakeGeneratorTests.CompileApplication("""
            using System;
            using System.Threading.Tasks;
            using PromptGen;

            namespace Old;

            [Obsolete("use NewRecord")]
            public sealed record OldRecord(string Name);

            #pragma warning disable CS0618
            [PromptClient]
            public partial interface IOld
            {
                [UserPrompt("Find {{ name }}")]
                Task<OldRecord> FindAsync(string name);

                [UserPrompt("Keep {{ record.Name }}")]
                Task<string> KeepAsync(OldRecord record);
            }
            #pragma warning restore CS0618
            """);

        var output = Generate(GeneratorHarness.ParseOptions, GeneratorHarness.References.Append(application), """
            [assembly: PromptGen.Testing.PromptFake(typeof(Old.IOld))]
            """);

        Assert.Contains("#pragma warning disable CS0612, CS0618", Fake(output, "Old.FakeOld.g.cs"));
    }

    /// <summary>
    /// Runs the generator on <paramref name="sources"/> and asserts what TreatWarningsAsErrors would: no error anywhere,
    /// and no warning (XML documentation required) in the generated files; the generator reports nothing.
    /// </summary>
    private static Compilation Generate(CSharpParseOptions parseOptions, IEnumerable<MetadataReference> references, params string[] sources)
    {
        parseOptions = parseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var compilation = CSharpCompilation.Create(
            "FakeCompatibility" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Test{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var driver = CSharpGeneratorDriver.Create(new[] { new PromptGen.Generator.PromptGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);
        var generated = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree)))
            .Select(d => GeneratorHarness.Describe(d) + " at " + d.Location.GetLineSpan())
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return output;
    }

    /// <summary>An assembly compiled at C# 12 with unsafe code allowed, referenced by metadata as a test project references its application.</summary>
    private static MetadataReference Library(string source)
    {
        var library = CSharpCompilation.Create(
            "Library" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Library.cs") },
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static string Fake(Compilation output, string hintName) =>
        output.SyntaxTrees.Single(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal)).ToString().ReplaceLineEndings("\n");
}
