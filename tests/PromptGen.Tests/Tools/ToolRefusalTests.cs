using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Tools;

/// <summary>
/// A contract System.Text.Json refuses (two members with one JSON name) is a build error wherever the type crosses the
/// JSON boundary, however deep it sits: a tool's result (list item, dictionary value, member, nullable, inside a Task),
/// a tool's parameter, a reply, a streamed item, a list reply in JSON-object mode. Before, a tool returning
/// <c>List&lt;Dup&gt;</c> built and every call of it threw.
/// </summary>
public class ToolRefusalTests
{
    private const string DupTypes = """
        public sealed class Dup { public string Name { get; set; } = ""; [JsonPropertyName("name")] public string Other { get; set; } = ""; }
        public sealed class Box { public Dup? Inner { get; set; } }
        public sealed class Shelf { public List<Box> Boxes { get; } = new(); }

        """;

    private const string Why = "a type whose members 'Name' and 'Other' both have the JSON name 'name' under the CamelCase naming policy, which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it";

    [Fact]
    public async Task ARefusedContractAnywhereInsideAToolResultIsPG0063()
    {
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + DupTypes + """
            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>A.</summary>
                List<Dup> A();
                /// <summary>B.</summary>
                Task<Dictionary<string, Dup>> B();
                /// <summary>C.</summary>
                Box C();
                /// <summary>D.</summary>
                Dup? D();
                /// <summary>E.</summary>
                ValueTask<Shelf> E();
                /// <summary>F.</summary>
                Dictionary<string, List<Box>> F();
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0063 Error 'List<Dup>': The result of tool 'A' cannot be sent to the model: each item of the result is 'Dup', " + Why,
            "PG0063 Error 'Task<Dictionary<string, Dup>>': The result of tool 'B' cannot be sent to the model: each value of the result is 'Dup', " + Why,
            "PG0063 Error 'Box': The result of tool 'C' cannot be sent to the model: 'inner' is 'Dup?', " + Why,
            "PG0063 Error 'Dup?': The result of tool 'D' cannot be sent to the model: 'Dup?' is " + Why,
            "PG0063 Error 'ValueTask<Shelf>': The result of tool 'E' cannot be sent to the model: 'inner' of each item of 'boxes' is 'Dup?', " + Why,
            "PG0063 Error 'Dictionary<string, List<Box>>': The result of tool 'F' cannot be sent to the model: 'inner' of each item of each value of the result is 'Dup?', " + Why,
        }, d);
    }

    [Fact]
    public async Task AToolResultWhoseDataIsInFieldsSystemTextJsonDoesNotWriteIsPG0063()
    {
        // A tuple result built and sent "content":"{}" to the model (session 7 review); a tuple reply was already PG0050.
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + """
            public sealed class Point { public int X; public int Y; }
            public sealed class Holder { public (int A, string B) Pair { get; set; } }
            public sealed class Fine { public int X; public int Total { get; set; } }
            public sealed class PrivateOnly { private int Secret { get; set; } }
            public sealed class IndexerOnly { public int this[int i] => i; }
            public sealed class Marker { }

            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>A.</summary>
                (int A, string B) A();
                /// <summary>B.</summary>
                Task<Point> B();
                /// <summary>C.</summary>
                List<Holder> C();
                /// <summary>D: written as {"total":…}, the field left out but not all the data.</summary>
                Fine D();
                /// <summary>E.</summary>
                PrivateOnly E();
                /// <summary>F.</summary>
                IndexerOnly F();
                /// <summary>G.</summary>
                Task<ValueTuple> G();
                /// <summary>H: an empty marker class is left alone.</summary>
                Marker H();
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            }
            """);

        const string Fields = "a type System.Text.Json writes as {} (it writes public properties, and public fields such as a tuple's only when IncludeFields is set; never private members or indexers), so the model would receive nothing of it; return a record with public properties";
        Assert.Equal(new[]
        {
            "PG0063 Error '(int A, string B)': The result of tool 'A' cannot be sent to the model: '(int A, string B)' is " + Fields,
            "PG0063 Error 'Task<Point>': The result of tool 'B' cannot be sent to the model: 'Point' is " + Fields,
            "PG0063 Error 'List<Holder>': The result of tool 'C' cannot be sent to the model: 'pair' of each item of the result is '(int A, string B)', " + Fields,
            "PG0063 Error 'PrivateOnly': The result of tool 'E' cannot be sent to the model: 'PrivateOnly' is " + Fields,
            "PG0063 Error 'IndexerOnly': The result of tool 'F' cannot be sent to the model: 'IndexerOnly' is " + Fields,
            "PG0063 Error 'Task<ValueTuple>': The result of tool 'G' cannot be sent to the model: 'ValueTuple' is " + Fields,
        }, d);
    }

    [Fact]
    public async Task AToolResultWithADictionaryKeyedByAnUnwritableKeyIsPG0063()
    {
        // It built, and every call sent the model "The type '(int, int)' is not a supported dictionary key" (session 7 review);
        // the same types as parameters were already PG0062.
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + """
            public sealed record Q(int V);
            public sealed record KeyedByTuple(Dictionary<(int, int), int> Map);
            public enum Color { Red, Green }

            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>A.</summary>
                KeyedByTuple A();
                /// <summary>B.</summary>
                Dictionary<Q, string> B();
                /// <summary>C.</summary>
                Task<IReadOnlyDictionary<Q, int>> C();
                /// <summary>D: keys System.Text.Json writes as names.</summary>
                Dictionary<Guid, Dictionary<Color, Dictionary<int, Dictionary<DateTime, bool>>>> D();
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            }
            """);

        const string Fix = "which System.Text.Json cannot write as a JSON property name; key it by string, a number, an enum, a Guid, a date or time, char, bool, Uri or Version";
        Assert.Equal(new[]
        {
            "PG0063 Error 'KeyedByTuple': The result of tool 'A' cannot be sent to the model: 'map' is 'Dictionary<(int, int), int>', a dictionary keyed by '(int, int)', " + Fix,
            "PG0063 Error 'Dictionary<Q, string>': The result of tool 'B' cannot be sent to the model: 'Dictionary<Q, string>' is a dictionary keyed by 'Q', " + Fix,
            "PG0063 Error 'Task<IReadOnlyDictionary<Q, int>>': The result of tool 'C' cannot be sent to the model: 'IReadOnlyDictionary<Q, int>' is a dictionary keyed by 'Q', " + Fix,
        }, d);
    }

    [Fact]
    public async Task ARefusedContractInsideAToolParameterAReplyOrAStreamedItemIsReported()
    {
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + DupTypes + """
            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>E.</summary>
                /// <param name="items">I.</param>
                string E(List<Dup> items);
                /// <summary>F.</summary>
                /// <param name="byName">I.</param>
                string F(Dictionary<string, Box> byName);
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
                [UserPrompt("{{ q }}")] IAsyncEnumerable<Dup> StreamAsync(string q, CancellationToken cancellationToken = default);
                [ResponseFormat(ResponseFormatKind.JsonObject)] [UserPrompt("{{ q }}")] Task<List<Box>> ListAsync(string q, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(4, d.Length);
        Assert.All(d, line => Assert.EndsWith("'Dup', " + Why, line));
        Assert.StartsWith("PG0062 Error 'items': The parameters of tool 'E'", d[0]);
        Assert.StartsWith("PG0062 Error 'byName': The parameters of tool 'F'", d[1]);
        Assert.StartsWith("PG0050 Error 'IAsyncEnumerable<Dup>': The reply of 'StreamAsync'", d[2]);
        Assert.StartsWith("PG0050 Error 'Task<List<Box>>': The reply of 'ListAsync'", d[3]);
    }

    [Fact]
    public async Task AResultWhoseNestedTypesSystemTextJsonWritesBuilds()
    {
        var d = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + """
            public sealed class Fine { public string Name { get; set; } = ""; [JsonIgnore] public string Other { get; set; } = ""; public Fine? Next { get; set; } }

            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>A.</summary>
                Task<List<Fine>> A();
                /// <summary>B.</summary>
                Dictionary<string, Fine[]> B();
            }

            [PromptClient]
            public partial interface IPrompts
            {
                [UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Empty(d);
    }

    /// <summary>What the build now refuses, System.Text.Json refuses when the dispatcher writes the tool's result.</summary>
    [Fact]
    public void SystemTextJsonRefusesToWriteAListOfADuplicateNamedType()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var error = Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new List<Dup> { new() }, options));
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new Box { Inner = null }, options));
    }

    public sealed class Dup
    {
        public string Name { get; set; } = "";

        [JsonPropertyName("name")]
        public string Other { get; set; } = "";
    }

    public sealed class Box
    {
        public Dup? Inner { get; set; }
    }
}
