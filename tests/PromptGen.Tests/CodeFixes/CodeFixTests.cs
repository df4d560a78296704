using Microsoft.CodeAnalysis.CodeFixes;
using PromptGen.CodeFixes;
using PromptGen.Generator;
using Xunit;

namespace PromptGen.Tests.CodeFixes;

public class CodeFixTests
{
    private static readonly CodeFixProvider MakePartial = new MakePartialCodeFixProvider();
    private static readonly CodeFixProvider AddToken = new AddCancellationTokenCodeFixProvider();
    private static readonly CodeFixProvider UseSuggestion = new UseSuggestedNameCodeFixProvider();

    [Fact]
    public async Task MakesTheInterfacePartial()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(MakePartial, "PG0001", """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public interface ITutor
            {
                Task<string> AskAsync(string question, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal("""
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                Task<string> AskAsync(string question, CancellationToken cancellationToken = default);
            }
            """, fixedSource);
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task MakesAnInterfaceWithoutModifiersPartialKeepingItsIndentation()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(MakePartial, "PG0001", """
            namespace Demo
            {
                [PromptGen.PromptClient]
                // Explains things.
                interface ITutor { System.Threading.Tasks.Task<string> AskAsync(string question, System.Threading.CancellationToken cancellationToken); }
            }
            """);

        Assert.Equal("""
            namespace Demo
            {
                [PromptGen.PromptClient]
                // Explains things.
                partial interface ITutor { System.Threading.Tasks.Task<string> AskAsync(string question, System.Threading.CancellationToken cancellationToken); }
            }
            """, fixedSource);
    }

    [Fact]
    public async Task MakesTheContainingTypePartialAfterItsOtherModifiers()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(MakePartial, "PG0009", """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            public static class Outer
            {
                [PromptClient]
                public partial interface INested { Task<string> AskAsync(string question, CancellationToken cancellationToken); }
            }
            """);

        Assert.Contains("public static partial class Outer", fixedSource);
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task AddsACancellationTokenAsTheLastParameter()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(AddToken, "PG0028", """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                [UserPrompt("What is {{ topic }} in {{ words }} words?")]
                Task<string> ExplainAsync(string topic, int words);
            }
            """);

        Assert.Equal("""
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                [UserPrompt("What is {{ topic }} in {{ words }} words?")]
                Task<string> ExplainAsync(string topic, int words, CancellationToken cancellationToken = default);
            }
            """, fixedSource);
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task AddsTheUsingDirectiveWhenCancellationTokenIsNotInScope()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(AddToken, "PG0028", """
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                Task<string> AskAsync(string question);
            }
            """);

        Assert.Equal("""
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                Task<string> AskAsync(string question, CancellationToken cancellationToken = default);
            }
            """, fixedSource);
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task AddsTheTokenToAMethodWithoutParameters()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(AddToken, "PG0028", """
            using PromptGen;
            using System.Threading.Tasks;

            [PromptClient]
            public partial interface IJokes
            {
                [UserPrompt("Tell a joke.")]
                Task<string> JokeAsync();
            }
            """);

        Assert.Contains("Task<string> JokeAsync(CancellationToken cancellationToken = default);", fixedSource);
        Assert.StartsWith("using PromptGen;\nusing System.Threading;\nusing System.Threading.Tasks;\n", fixedSource.ReplaceLineEndings("\n"));
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task ReplacesAnUnknownNameWithTheSuggestion()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(UseSuggestion, "PG0003", """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                [UserPrompt("What is {{ topc }}? Say \"{{ topc }}\" once.")]
                Task<string> ExplainAsync(string topic, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Contains("""[UserPrompt("What is {{ topic }}? Say \"{{ topc }}\" once.")]""", fixedSource);
    }

    [Fact]
    public async Task ReplacesAnUnknownNameInsideARawLiteral()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(UseSuggestion, "PG0003", """"
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                [UserPrompt("""
                    Explain "{{ topc }}".
                    """)]
                Task<string> ExplainAsync(string topic, CancellationToken cancellationToken = default);
            }
            """");

        Assert.Contains("""Explain "{{ topic }}".""", fixedSource);
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task ReplacesAnUnknownMemberWithTheSuggestion()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(UseSuggestion, "PG0007", """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            public sealed class Customer { public string Name { get; set; } = ""; }

            [PromptClient]
            public partial interface IGreeter
            {
                [UserPrompt(@"Greet ""{{ customer.Nmae }}"".")]
                Task<string> GreetAsync(Customer customer, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Contains("""[UserPrompt(@"Greet ""{{ customer.Name }}"".")]""", fixedSource);
        Assert.Empty(await CodeFixHarness.PromptDiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task NoSuggestionMeansNoFix()
    {
        var titles = await CodeFixHarness.TitlesAsync(UseSuggestion, "PG0003", """
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            [PromptClient]
            public partial interface ITutor
            {
                [UserPrompt("What is {{ weather }}?")]
                Task<string> ExplainAsync(string topic, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Empty(titles);
    }

    [Fact]
    public void EveryFixableIdIsOneTheAnalyzerReports()
    {
        var supported = new PromptAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        var fixable = new[] { MakePartial, AddToken, UseSuggestion }.SelectMany(p => p.FixableDiagnosticIds).ToArray();

        Assert.All(fixable, id => Assert.Contains(id, supported));
        Assert.Equal(new[] { "PG0001", "PG0003", "PG0007", "PG0009", "PG0028" }, fixable.Order().ToArray());
    }
}
