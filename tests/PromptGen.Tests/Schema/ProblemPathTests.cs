using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// PG0050/PG0062 name the place of a problem as a reader thinks of it: "the reply" (never the type's name echoed:
/// "'Dup' is 'Dup'"), member paths in JSON names ('box.inner'), "each item of …" and "each value of …" (never "'List[]'"),
/// "each streamed item", "parameter 'x'".
/// </summary>
public class ProblemPathTests
{
    private const string Types = """
        public sealed class Dup { public string A { get; set; } = ""; [JsonPropertyName("a")] public string B { get; set; } = ""; }
        public sealed class Box { public Dup? Inner { get; set; } }
        public sealed class Crate { public Box Box { get; set; } = new(); }
        public sealed class Outer { public List<Dup> Items { get; set; } = new(); }
        public sealed class Shelf { public List<Box> Boxes { get; set; } = new(); }

        """;

    private const string Why = "a type whose members 'A' and 'B' both have the JSON name 'a' under the CamelCase naming policy, which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it";

    [Fact]
    public async Task EveryShapeOfPlaceReadsNaturally()
    {
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + Types + """
            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>Takes.</summary>
                /// <param name="dup">One.</param>
                /// <param name="shelf">Many.</param>
                string Take(Dup dup, Shelf shelf);
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<Dup> RootAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<Dup?> NullableAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<Box> MemberAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<Crate> NestedAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<List<Dup>> ListAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<Outer> MemberItemAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<Shelf> ItemMemberAsync(string q, CancellationToken cancellationToken = default);
                [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] [UserPrompt("{{ q }}")] Task<Dictionary<string, Dup>> DictionaryAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] IAsyncEnumerable<Dup> StreamAsync(string q, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] Task<string> ToolsAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0062 Error 'dup': The parameters of tool 'Take' cannot be described as JSON Schema: parameter 'dup' is 'Dup', " + Why,
            "PG0062 Error 'shelf': The parameters of tool 'Take' cannot be described as JSON Schema: 'inner' of each item of 'shelf.boxes' is 'Dup', " + Why,
            "PG0050 Error 'Task<Dup>': The reply of 'RootAsync' cannot be described in json_schema strict mode: the reply is 'Dup', " + Why,
            "PG0050 Error 'Task<Dup?>': The reply of 'NullableAsync' cannot be described in json_schema strict mode: the reply is 'Dup', " + Why,
            "PG0050 Error 'Task<Box>': The reply of 'MemberAsync' cannot be described in json_schema strict mode: 'inner' is 'Dup', " + Why,
            "PG0050 Error 'Task<Crate>': The reply of 'NestedAsync' cannot be described in json_schema strict mode: 'box.inner' is 'Dup', " + Why,
            "PG0050 Error 'Task<List<Dup>>': The reply of 'ListAsync' cannot be described in json_schema strict mode: each item of the reply is 'Dup', " + Why,
            "PG0050 Error 'Task<Outer>': The reply of 'MemberItemAsync' cannot be described in json_schema strict mode: each item of 'items' is 'Dup', " + Why,
            "PG0050 Error 'Task<Shelf>': The reply of 'ItemMemberAsync' cannot be described in json_schema strict mode: 'inner' of each item of 'boxes' is 'Dup', " + Why,
            "PG0050 Error 'Task<Dictionary<string, Dup>>': The reply of 'DictionaryAsync' cannot be described in json_schema: each value of the reply is 'Dup', " + Why,
            "PG0050 Error 'IAsyncEnumerable<Dup>': The reply of 'StreamAsync' cannot be described in json_schema strict mode: each streamed item is 'Dup', " + Why,
        }, d);
    }

    /// <summary>PG0027 at the root says "the reply" (the diagnostic names the type already); nested, the type that requires it.</summary>
    [Fact]
    public async Task AFewShotMissingAMemberSaysTheReplyAtTheRootAndTheTypeBelowIt()
    {
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + """"
            public sealed record Point(int X, int Y);
            public sealed record Line(Point From, Point To);

            [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
            [JsonDerivedType(typeof(Dot), "dot")]
            public abstract class Mark { }
            public sealed class Dot : Mark { public int X { get; set; } }
            public sealed class Sheet { public List<Mark> Marks { get; set; } = new(); }

            [PromptClient]
            public partial interface IPrompts
            {
                [FewShot("a", """{"from":{"x":1},"to":{"x":1,"y":2}}""")]
                [FewShot("b", """{"to":{"x":1,"y":2}}""")]
                [UserPrompt("{{ q }}")] Task<Line> LineAsync(string q, CancellationToken cancellationToken = default);
                [FewShot("c", """{"x":1}""")]
                [UserPrompt("{{ q }}")] Task<Mark> MarkAsync(string q, CancellationToken cancellationToken = default);
                [FewShot("d", """{"marks":[{"x":1}]}""")]
                [UserPrompt("{{ q }}")] Task<Sheet> SheetAsync(string q, CancellationToken cancellationToken = default);
            }
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '{': This [FewShot] reply does not fit 'Line': 'Point' requires 'y', which is missing",
            "PG0027 Error '{': This [FewShot] reply does not fit 'Line': the reply requires 'from', which is missing",
            "PG0027 Error '{': This [FewShot] reply does not fit 'Mark': the reply requires \"kind\" as its first property to say which type it is (one of \"dot\")",
            "PG0027 Error '{': This [FewShot] reply does not fit 'Sheet': 'Mark' requires \"kind\" as its first property to say which type it is (one of \"dot\")",
        }, d);
    }
}
