using PromptGen.Tests.Declarations;
using PromptGen.Tests.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Review;

/// <summary>
/// Review 10 §5: a method's own [Repair] where nothing is repaired is PG0045 (as PG0080 is for streams), and PG0015 for
/// an interface's [Choices] says the attribute sits on the interface.
/// </summary>
public class RepairAndChoicesTests
{
    private const string Types = """
        public sealed record Slogan(string Text);

        """;

    [Fact]
    public async Task RepairOnJsonChoicesOrOnTextWarnsAtTheAttributeAndNoRetryIsGenerated()
    {
        var source = DeclarationHarness.Usings + Types + """
            [PromptClient]
            [Repair(3)]
            public partial interface ISlogans
            {
                [UserPrompt("{{ q }}")] [Choices(2)] [Repair(1)]
                Task<IReadOnlyList<Slogan>> ManyAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")] [Repair]
                Task<string> TextAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")] [Choices(2)]
                Task<IReadOnlyList<Slogan>> QuietAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")]
                Task<Slogan> OneAsync(string q, CancellationToken cancellationToken = default);
            }
            """;

        var analysis = await GeneratorHarness.AnalyzeAsync(source);
        Assert.Equal(
            new[]
            {
                "PG0045 Warning 'Repair(1)': Method 'ManyAsync' asks for 2 choices ('Task<IReadOnlyList<Slogan>>'), which are each checked and never repaired, so [Repair] has no effect on it; remove [Repair], or remove [Choices] and return one value to have its reply checked and repaired",
                "PG0045 Warning 'Repair': Method 'TextAsync' returns text ('Task<string>'), which has no schema to check a reply against, so [Repair] has no effect on it; remove [Repair]",
            }.Aggregate((a, b) => a + "\n" + b),
            string.Join("\n", analysis.Prompt()));
        var client = analysis.Run.GeneratedSource("ISlogans.g.cs");
        // The interface's [Repair(3)] is a default: QuietAsync ignores it without a warning, OneAsync repairs up to 3 times.
        Assert.Equal(2, client.Split("maxRetries: 0", StringSplitOptions.None).Length - 1);
        Assert.Equal(1, client.Split("maxRetries: 3", StringSplitOptions.None).Length - 1);
    }

    [Fact]
    public async Task AnInterfacesChoicesOnAMethodReturningOneValueNamesTheInterface()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(DeclarationHarness.Usings + Types + """
            [PromptClient]
            [Choices(3)]
            public partial interface ISlogans
            {
                [UserPrompt("{{ q }}")]
                Task<Slogan> OneAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("{{ q }}")] [Choices(2)]
                Task<string> TextAsync(string q, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(
            new[]
            {
                "PG0015 Error 'Task<Slogan>': Method 'OneAsync' asks for 3 choices ([Choices(3)] on interface 'ISlogans') but returns 'Task<Slogan>', which holds one; return Task<IReadOnlyList<Slogan>> to receive every choice, or give the method [Choices(1)]",
                "PG0015 Error '2': Method 'TextAsync' asks for 2 choices but returns 'Task<string>', which holds one; return Task<IReadOnlyList<string>> to receive every choice, or remove [Choices]",
            }.Aggregate((a, b) => a + "\n" + b),
            string.Join("\n", diagnostics));
    }
}
