using PromptGen.Tests.Declarations;
using Xunit;

namespace PromptGen.Tests.Generator;

/// <summary>
/// Issue 9 §2: the emitter reads nullability from flags the parser sets from the symbols' annotations, never from the
/// text of a type name. Each declaration here has a type whose text misleads a test of its last characters
/// (<c>EndsWith("?")</c>, <c>EndsWith("?&gt;")</c>), which is what the emitter did before. The last test is the same kind
/// for names: the interface's name for telemetry comes from the symbol, not from cutting <c>global::</c> out of C# text.
/// </summary>
public class NullabilityTests
{
    [Fact]
    public async Task AStructHistoryIsAddedAsItIsWithoutANullCheckThatCannotCompile()
    {
        // ImmutableArray<ChatMessage> is a history (it is an IEnumerable<ChatMessage>) and a struct: 'history ?? throw'
        // was CS0019 in generated code.
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            using System.Collections.Immutable;

            public partial interface IChat
            {
                [UserPrompt("Hi {{ q }}")]
                Task<string> AskAsync(string q, ImmutableArray<ChatMessage> history, CancellationToken cancellationToken = default);

                [UserPrompt("Hi {{ q }}")]
                Task<string> AskMaybeAsync(string q, IReadOnlyList<ChatMessage>? history, CancellationToken cancellationToken = default);

                [UserPrompt("Hi {{ q }}")]
                Task<string> AskSureAsync(string q, List<ChatMessage> history, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Empty(generatedErrors);
        var client = run.GeneratedSource("IChat.g.cs");
        // AskAsync adds the struct as it is; AskMaybeAsync adds it only when it is not null; AskSureAsync throws for null.
        Assert.Equal(2, client.Split("__messages.AddRange(history);").Length - 1);
        Assert.Equal(1, client.Split("if (history is not null)").Length - 1);
        Assert.Contains("__messages.AddRange(history ?? throw new global::System.ArgumentNullException(\"history\"));", client, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamItemsHoldingANullableReferenceAnywhereBuildWithoutAWarningAndOnlyThoseGetTheForgivingOperator()
    {
        // List<Person?> and Person?[] end in '>' and ']' (the old test missed them: CS8619 in generated code);
        // int? ends in '?>' but holds no nullable reference (the old test added a '!' that forgives nothing).
        var analysis = await GeneratorHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public sealed record Person(string Name, int Age);

            public partial interface IPeople
            {
                [UserPrompt("Groups in {{ q }}.")]
                ChatStream<List<Person?>> GroupsAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("Rows in {{ q }}.")]
                ChatStream<Person?[]> RowsAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("Numbers in {{ q }}.")]
                ChatStream<int?> NumbersAsync(string q, CancellationToken cancellationToken = default);

                [UserPrompt("People in {{ q }}.")]
                ChatStream<Person> PeopleAsync(string q, CancellationToken cancellationToken = default);
            }
            """);

        // Nothing a build shows: no PG diagnostic, no error, no warning (CS8619) in user or generated code.
        Assert.Empty(analysis.Visible.Select(GeneratorHarness.Describe));
        var client = analysis.Run.GeneratedSource("IPeople.g.cs");
        Assert.Contains("return global::PromptGen.PromptReply.StreamItems<global::System.Collections.Generic.List<global::Person>>(this._transport, __request, __GroupsAsyncReply, cancellationToken)!;", client, StringComparison.Ordinal);
        Assert.Contains("return global::PromptGen.PromptReply.StreamItems<global::Person[]>(this._transport, __request, __RowsAsyncReply, cancellationToken)!;", client, StringComparison.Ordinal);
        Assert.Contains("return global::PromptGen.PromptReply.StreamItems<int?>(this._transport, __request, __NumbersAsyncReply, cancellationToken);", client, StringComparison.Ordinal);
        Assert.Contains("return global::PromptGen.PromptReply.StreamItems<global::Person>(this._transport, __request, __PeopleAsyncReply, cancellationToken);", client, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRequestsPromptMethodNamesTheInterfaceAsItsSymbolDoesNotAsCSharpEscapesIt()
    {
        // The name used to be FullName with "global::" cut out of the text, which kept the '@' of '@event'.
        var (diagnostics, generatedErrors, run) = await DeclarationHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            namespace @event.Demo;

            public partial interface IAsk
            {
                [UserPrompt("Q: {{ q }}")]
                Task<string> @class(string q, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Empty(generatedErrors);
        var client = run.GeneratedSource("event.Demo.IAsk.g.cs");
        Assert.Contains("new global::PromptGen.PromptMethod(\"event.Demo.IAsk\", \"class\", classPromptVersion);", client, StringComparison.Ordinal);
        Assert.Contains("public sealed class Client : global::@event.Demo.IAsk", client, StringComparison.Ordinal);
    }
}
