using Microsoft.CodeAnalysis;
using PromptGen.Tests.Declarations;
using PromptGen.Tests.Generator;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Tests.Review;

/// <summary>
/// Review 10 §1: every return shape with a nullable type argument, at the top or nested, builds without a warning in
/// generated code (CS8619 <c>ChatResult&lt;string&gt;</c> → <c>ChatResult&lt;string?&gt;</c> failed a build with
/// TreatWarningsAsErrors). Each case compiles alone with nullable enabled; a case either builds with nothing to show or
/// gets a PromptGen error in user code (a partial stream of a nullable type is PG0081), never a C# warning or error.
/// The fake of each interface is compiled too.
/// </summary>
public class NullableReturnMatrixTests
{
    private readonly ITestOutputHelper _output;

    public NullableReturnMatrixTests(ITestOutputHelper output) => _output = output;

    private const string Types = """
        public sealed record Person(string Name, int Age);
        public readonly record struct Point(int X, int Y);
        public sealed record Holder(string? Name, List<string?>? Tags, Person? Friend, int? Count);

        """;

    /// <summary>Type arguments holding a nullable annotation somewhere (and one record whose members are nullable).</summary>
    private static readonly string[] Arguments =
    {
        "string?", "string", "Person?", "int?", "Point?", "Holder", "Holder?", "List<string?>", "List<Person?>?", "Dictionary<string, string?>",
        "Person?[]", "List<List<int?>?>", "IReadOnlyList<string?>", "(string? Name, int Age)",
    };

    /// <summary>Every return shape, {0} being the type argument; the attribute some shapes need first.</summary>
    private static readonly (string Attribute, string Shape)[] Shapes =
    {
        ("", "Task<{0}>"), ("", "ValueTask<{0}>"),
        ("", "Task<ChatResult<{0}>>"), ("", "ValueTask<ChatResult<{0}>>"), ("", "Task<ChatResult<{0}>?>"),
        ("[Choices(2)] ", "Task<IReadOnlyList<{0}>>"), ("[Choices(2)] ", "ValueTask<IReadOnlyList<{0}>>"), ("[Choices(2)] ", "Task<IReadOnlyList<{0}>?>"),
        ("", "IAsyncEnumerable<{0}>"), ("", "ChatStream<{0}>"),
        ("", "PartialStream<{0}>"), ("", "IAsyncEnumerable<Partial<{0}>>"),
    };

    public static IEnumerable<object[]> ShapeNames() => Shapes.Select(s => new object[] { s.Shape });

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public async Task EveryNullableTypeArgumentOfThisShapeBuildsWithoutAWarningInGeneratedCode(string shape)
    {
        var attribute = Shapes.Single(s => s.Shape == shape).Attribute;
        var failures = new List<string>();
        foreach (var argument in Arguments)
        {
            var returnType = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, argument);
            var source = DeclarationHarness.Usings + "[assembly: PromptGen.Testing.PromptFake(typeof(IShapes))]\n\n" + Types + $$$"""
                public partial interface IShapes
                {
                    {{{attribute}}}[UserPrompt("About {{ q }}.")]
                    {{{returnType}}} AskAsync(string q, CancellationToken cancellationToken = default);
                }
                """;
            var analysis = await GeneratorHarness.AnalyzeAsync(source);
            var compiler = analysis.All.Where(d => !d.Id.StartsWith("PG", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe).ToArray();
            var prompt = analysis.Prompt();
            _output.WriteLine($"{returnType}: {(prompt.Length == 0 ? "builds" : string.Join(" | ", prompt))}");
            if (compiler.Length > 0)
            {
                failures.Add($"{returnType}: {string.Join(" | ", compiler)}");
            }

            if (prompt.Any(p => !p.Contains(" Error ", StringComparison.Ordinal)) && prompt.All(p => !p.Contains(" Error ", StringComparison.Ordinal)))
            {
                failures.Add($"{returnType}: only a warning, the method is generated: {string.Join(" | ", prompt)}");
            }
        }

        Assert.Empty(failures);
    }
}

/// <summary>Review 10 §2: a text declared nullable calls the run time's <c>…OrNullAsync</c>, which returns null for a reply without text.</summary>
public class NullableTextCallTests
{
    [Fact]
    public async Task OnlyATextDeclaredNullableCallsTheOrNullReading()
    {
        var analysis = await GeneratorHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial interface ISay
            {
                [UserPrompt("{{ x }}")] Task<string?> AAsync(string x);
                [UserPrompt("{{ x }}")] ValueTask<ChatResult<string?>> BAsync(string x);
                [Choices(2)] [UserPrompt("{{ x }}")] Task<IReadOnlyList<string?>> CAsync(string x);
                [Choices(2)] [UserPrompt("{{ x }}")] Task<IReadOnlyList<string>?> DAsync(string x);
                [UserPrompt("{{ x }}")] Task<ChatResult<string>?> EAsync(string x);
                [UserPrompt("{{ x }}")] Task<string> FAsync(string x);
            }
            """);

        Assert.Empty(analysis.Visible.Where(d => d.Id != "PG0028").Select(GeneratorHarness.Describe)); // PG0028: no CancellationToken
        var client = analysis.Run.GeneratedSource("ISay.g.cs");
        string Call(string method)
        {
            var start = client.IndexOf(" " + method + "(string x)", StringComparison.Ordinal);
            var call = client.IndexOf("return await", start, StringComparison.Ordinal);
            return client.Substring(call, client.IndexOf('\n', call) - call).Trim();
        }

        Assert.Equal("return await global::PromptGen.PromptReply.TextOrNullAsync(this._transport, __request, default).ConfigureAwait(false);", Call("AAsync"));
        Assert.Equal("return await global::PromptGen.PromptReply.TextResultOrNullAsync(this._transport, __request, default).ConfigureAwait(false);", Call("BAsync"));
        Assert.Equal("return await global::PromptGen.PromptReply.TextChoicesOrNullAsync(this._transport, __request, default).ConfigureAwait(false);", Call("CAsync"));
        Assert.Equal("return await global::PromptGen.PromptReply.TextChoicesAsync(this._transport, __request, default).ConfigureAwait(false);", Call("DAsync"));
        Assert.Equal("return await global::PromptGen.PromptReply.TextResultAsync(this._transport, __request, default).ConfigureAwait(false);", Call("EAsync"));
        Assert.Equal("return await global::PromptGen.PromptReply.TextAsync(this._transport, __request, default).ConfigureAwait(false);", Call("FAsync"));
    }
}
