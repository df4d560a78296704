using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Declarations;

/// <summary>
/// A derived prompt interface's Client says <c>new</c> exactly when a base really has a member named Client (one the
/// generator writes, or one declared): with it missing the build has CS0108 inside generated code, with it superfluous
/// CS0109. Whatever the base's shape, the generated files have no warning at all.
/// </summary>
public class InheritedClientTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing PromptGen;\n";

    private const string Derived = """

        public partial interface IDerivedQ : IBaseQ
        {
            [UserPrompt("derived {{ q }}")]
            Task<string> DerivedAskAsync(string q);
        }
        """;

    [Fact]
    public async Task ABaseThatIsNotPartialGetsNoClientSoTheDerivedClientDoesNotSayNew()
    {
        var analysis = await GeneratorHarness.AnalyzeAsync(Usings + """
            public interface IBaseQ { [UserPrompt("base {{ q }}")] Task<string> BaseAskAsync(string q); }
            """ + Derived);

        Assert.Equal(new[]
        {
            "PG0001 Error 'IBaseQ': Prompt interface 'IBaseQ' is not partial; declare it 'partial interface IBaseQ' so PromptGen can add its Client class",
            "PG0012 Error 'IBaseQ': 'IBaseQ.BaseAskAsync' is a method inherited from 'IBaseQ', which PromptGen cannot implement; 'IBaseQ' is itself a prompt interface, and one prompt interface cannot inherit another: remove it from the base list so that each keeps its own generated Client, and where one object must offer both, compose the two clients in a class of your own",
        }, analysis.Visible.Where(d => d.Id.StartsWith("PG", StringComparison.Ordinal)).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal));
        Assert.Empty(analysis.InGeneratedCode(DiagnosticSeverity.Warning));
        Assert.Contains("public sealed class Client : global::IDerivedQ", Generated(analysis, "IDerivedQ.g.cs"));
        Assert.DoesNotContain(analysis.Run.Output.SyntaxTrees, t => t.FilePath.EndsWith("IBaseQ.g.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("generic base, no Client", "public partial interface IGeneric<T> { [UserPrompt(\"base {{ q }}\")] Task<string> BaseAskAsync(string q); }\npublic interface IBaseQ : IGeneric<int> { }", false)]
    [InlineData("base with a member named Client, no generated Client", "public partial interface IBaseQ { [UserPrompt(\"base {{ q }}\")] Task<string> BaseAskAsync(string q); int Client { get; } }", true)]
    [InlineData("plain base with a method named Client", "public interface IBaseQ { Task<string> Client(string q); }", true)]
    [InlineData("plain base", "public interface IBaseQ { void Reset(); }", false)]
    [InlineData("partial prompt base, generated Client", "public partial interface IBaseQ { [UserPrompt(\"base {{ q }}\")] Task<string> BaseAskAsync(string q); }", true)]
    [InlineData("grand-base with a generated Client through a base without one", "public partial interface IRoot { [UserPrompt(\"root {{ q }}\")] Task<string> RootAskAsync(string q); }\npublic interface IBaseQ : IRoot { [UserPrompt(\"base {{ q }}\")] Task<string> BaseAskAsync(string q); }", true)]
    public async Task TheDerivedClientSaysNewExactlyWhenABaseHasAClientAndTheGeneratedFilesHaveNoWarning(string shape, string bases, bool hides)
    {
        var analysis = await GeneratorHarness.AnalyzeAsync(Usings + bases + Derived);

        Assert.True(analysis.InGeneratedCode(DiagnosticSeverity.Warning).Length == 0, shape + ": " + string.Join("\n", analysis.InGeneratedCode(DiagnosticSeverity.Warning)));
        Assert.Contains(analysis.Run.Output.SyntaxTrees, t => t.FilePath.EndsWith("IDerivedQ.g.cs", StringComparison.Ordinal));
        Assert.Contains((hides ? "public new sealed class Client" : "public sealed class Client") + " : global::IDerivedQ", Generated(analysis, "IDerivedQ.g.cs"));
    }

    private static string Generated(Analysis analysis, string suffix) =>
        analysis.Run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith(suffix, StringComparison.Ordinal)).ToString();
}
