using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace PromptGen.Tests.Generator;

public class FakeGeneratorTests
{
    private const string AskForTutorFake = "[assembly: PromptGen.Testing.PromptFake(typeof(Demo.ITutor))]";

    /// <summary>The application as a test project sees it: a compiled assembly (generated Client included), referenced by metadata.</summary>
    internal static MetadataReference CompileApplication(params string[] sources)
    {
        var run = GeneratorHarness.Run(sources);
        Assert.Empty(run.CompilerErrors.Select(GeneratorHarness.Describe));
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    internal static CSharpCompilation CompileTests(MetadataReference application, params string[] sources) =>
        (CSharpCompilation)GeneratorHarness.Compile(sources).AddReferences(application).WithAssemblyName("App.Tests");

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        GeneratorHarness.AssertSecondRunCached(driver, compilation);
        return (driver.GetRunResult(), output);
    }

    private static string[] Errors(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe).ToArray();

    [Fact]
    public void FakeOfAReferencedInterfaceMatchesGoldenAndCompiles()
    {
        var application = CompileApplication(Sources.Tutor);
        var (result, output) = Run(CompileTests(application, AskForTutorFake));

        Assert.Empty(Errors(output));
        var generated = Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Equal("Demo.FakeTutor.g.cs", generated.HintName);
        Golden.Verify("FakeTutor.cs", generated.SourceText.ToString());
    }

    [Fact]
    public void AFakeOfAReferencedInterfaceCarriesTheVersionsOfItsClientInThatAssembly()
    {
        var application = CompileApplication(Sources.Tutor);
        var (_, output) = Run(CompileTests(application, AskForTutorFake));

        var client = output.GetTypeByMetadataName("Demo.ITutor+Client")!;
        var fake = output.GetTypeByMetadataName("Demo.FakeTutor")!;
        var versions = client.GetMembers().OfType<IFieldSymbol>().Where(f => f.Name.EndsWith("PromptVersion", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(versions);
        var generated = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Demo.FakeTutor.g.cs", StringComparison.Ordinal)).ToString();
        foreach (var version in versions)
        {
            var method = version.Name.Substring(0, version.Name.Length - "PromptVersion".Length);
            if (generated.Contains($"FakeStream<{method}Call", StringComparison.Ordinal))
            {
                continue; // an IAsyncEnumerable<T> fake yields items: there is no result to carry a version
            }

            Assert.NotNull(fake.GetMembers(method).SingleOrDefault());
            Assert.Contains($">(\"FakeTutor.{method}\", \"{version.ConstantValue}\");", generated);
        }
    }

    [Fact]
    public void FakeOfAnInterfaceInTheSameAssemblyCompilesBesideItsClient()
    {
        var (result, output) = Run(GeneratorHarness.Compile(Sources.Tutor, AskForTutorFake));

        Assert.Empty(Errors(output));
        Assert.Equal(new[] { "Demo.FakeTutor.g.cs", "Demo.ITutor.g.cs" },
            result.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void NoFakeIsGeneratedUnlessAsked()
    {
        var run = GeneratorHarness.Run(Sources.Tutor);

        Assert.Equal(new[] { "Demo.ITutor.g.cs" }, run.Result.Results.Single().GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void OverloadsInheritedMethodsAndUnsupportedShapesCompile()
    {
        var application = CompileApplication("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Shapes;

            public interface IBase
            {
                Task<int> CountAsync(string text);
            }

            public interface IShapes : IBase
            {
                Task<string> AskAsync(string question);
                Task<string> AskAsync(string question, int attempts, CancellationToken cancellationToken);
                ValueTask<string?> MaybeAsync(string? @class);
                IAsyncEnumerable<int> NumbersAsync(CancellationToken cancellationToken = default);
                Task<string> NoArgumentsAsync();
                Task PlainAsync();
                string Sync(ref int value);
                Task<T> GenericAsync<T>(T value);
                string Name { get; set; }
                int Count { get; }
                string Label { get; init; }
                string this[int index] { get; }
                event System.EventHandler Changed;
            }
            """);

        var (result, output) = Run(CompileTests(application, """
            [assembly: PromptGen.Testing.PromptFake(typeof(Shapes.IShapes))]

            public static class Use
            {
                public static Shapes.IShapes Create()
                {
                    var fake = new Shapes.FakeShapes();
                    fake.AskAsync.Returns("one");
                    fake.AskAsync2.Returns(call => call.Question + call.Attempts);
                    fake.MaybeAsync.Returns(call => call.Class);
                    fake.NumbersAsync.Yields(1, 2, 3);
                    fake.NoArgumentsAsync.Returns("none");
                    fake.CountAsync.Returns(3);
                    return fake;
                }
            }
            """));

        Assert.Empty(Errors(output));
        var source = result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public sealed partial class FakeShapes : global::Shapes.IShapes", source);
        Assert.Contains("global::System.Threading.Tasks.Task<int> global::Shapes.IBase.CountAsync(string text) =>", source);
        Assert.Contains("throw new global::System.NotSupportedException(\"FakeShapes cannot fake IShapes.PlainAsync:", source);
        Assert.Contains("GenericAsync<T>(T value) =>", source);
        Assert.Contains("string global::Shapes.IShapes.this[int index]", source);
        Assert.Contains("event global::System.EventHandler global::Shapes.IShapes.Changed", source);
        Assert.Contains("init => throw new global::System.NotSupportedException(\"FakeShapes fakes only methods; IShapes.Label is not faked.\");", source);
    }

    [Fact]
    public void InternalInterfaceGetsAnInternalFake()
    {
        var (result, output) = Run(GeneratorHarness.Compile("""
            using System.Threading.Tasks;

            [assembly: PromptGen.Testing.PromptFake(typeof(Inner.IHidden))]
            [assembly: PromptGen.Testing.PromptFake(typeof(Inner.IHidden))]

            namespace Inner;

            internal interface IHidden
            {
                Task<string> AskAsync(string question);
            }
            """));

        Assert.Empty(Errors(output));
        var source = Assert.Single(result.Results.Single().GeneratedSources).SourceText.ToString();
        Assert.Contains("internal sealed partial class FakeHidden : global::Inner.IHidden", source);
    }

    [Fact]
    public void ChangingTheReferencedInterfaceRegeneratesTheFake()
    {
        var compilation = CompileTests(CompileApplication(Sources.Tutor), AskForTutorFake);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var changed = CompileApplication(Sources.Tutor.Replace("Task<ChatResult<Person>> RateAsync(string text);", "Task<ChatResult<Person>> RateAsync(string text);\n    Task<int> CountAsync(string text);"));
        var edited = compilation.RemoveReferences(compilation.References.Last()).AddReferences(changed);
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains("CountAsync", result.GeneratedSources.Single().SourceText.ToString());
        Assert.Contains(result.TrackedSteps[TrackingNames.Fakes].SelectMany(s => s.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void FakesAskedForInSeveralFilesAreEachGeneratedOnce()
    {
        var (result, output) = Run(GeneratorHarness.Compile(
            Sources.Tutor,
            AskForTutorFake,
            """
            [assembly: PromptGen.Testing.PromptFake(typeof(Demo.ITutor))]
            [assembly: PromptGen.Testing.PromptFake(typeof(Other.IOther))]

            namespace Other
            {
                public interface IOther { System.Threading.Tasks.Task<string> AskAsync(string question); }
            }
            """));

        Assert.Empty(Errors(output));
        Assert.Equal(new[] { "Demo.FakeTutor.g.cs", "Demo.ITutor.g.cs", "Other.FakeOther.g.cs" },
            result.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void GenericInterfacesGetAGenericFakeOrAFakeOfTheClosedInterface()
    {
        var (result, output) = Run(GeneratorHarness.Compile("""
            using System.Threading.Tasks;

            [assembly: PromptGen.Testing.PromptFake(typeof(Store.IRepository<>))]
            [assembly: PromptGen.Testing.PromptFake(typeof(Store.ILookup<int>))]

            namespace Store;

            public interface IRepository<T> { Task<T> FindAsync(string key); }

            public interface ILookup<TKey> { Task<string> NameAsync(TKey key); }

            public static class Use
            {
                public static IRepository<int> Repository() { var fake = new FakeRepository<int>(); fake.FindAsync.Returns(7); return fake; }

                public static ILookup<int> Lookup() { var fake = new FakeLookup(); fake.NameAsync.Returns(call => call.Key.ToString()); return fake; }
            }
            """));

        Assert.Empty(Errors(output));
        Assert.Equal(2, result.Results.Single().GeneratedSources.Length);
    }

    [Fact]
    public void AttributesThatNameNoInterfaceAreIgnored()
    {
        var (result, _) = Run(GeneratorHarness.Compile(
            "[assembly: PromptGen.Testing.PromptFake(typeof(Demo.NotAnInterface))] namespace Demo { public class NotAnInterface { } }"));

        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void TheFakeCompilesWithoutWarningsInAProjectThatRequiresXmlDocs()
    {
        var parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var compilation = CompileTests(CompileApplication(Sources.Tutor), AskForTutorFake);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(AskForTutorFake, parseOptions, path: "App.cs"));
        var driver = CSharpGeneratorDriver.Create(new[] { new PromptGen.Generator.PromptGenerator().AsSourceGenerator() }, parseOptions: parseOptions);

        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        Assert.Empty(Errors(output));
    }

    [Theory]
    [InlineData("ITutor", "FakeTutor")]
    [InlineData("Tutor", "FakeTutor")]
    [InlineData("IO", "FakeO")]
    [InlineData("Io", "FakeIo")]
    [InlineData("I", "FakeI")]
    public void FakeNames(string interfaceName, string fakeName) =>
        Assert.Equal(fakeName, PromptGen.Generator.Fakes.FakeParser.FakeName(interfaceName));

    [Fact]
    public void EditingTheTestProjectLeavesTheFakeCached()
    {
        var application = CompileApplication(Sources.Tutor);
        var compilation = CompileTests(application, AskForTutorFake, "namespace Tests; public class FakeTutorTests { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Tests; public class FakeTutorTests { public void Added() { } }", GeneratorHarness.ParseOptions, path: "App1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.FakeSpecs, TrackingNames.Fakes })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} was {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }
}
