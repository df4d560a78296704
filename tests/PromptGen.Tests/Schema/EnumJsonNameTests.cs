using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// Review 11 §1–2: an enum two of whose members share a JSON name is refused with one reason wherever it is used — the
/// reply, a streamed item, a list item, a dictionary value, a nested member, a tool's parameter, a tool's result, and a
/// dictionary key (which said "cannot be a JSON property name", as if enums could not be keys). The reason says what the
/// names do ("JSON cannot tell them apart"), and the diagnostic's own text names the role ("The reply of", "The
/// parameters of tool", "The result of tool"): the tool result's message spoke of "a reply". Keys are written by
/// name even when values travel as numbers, so a numeric enum's key names are its [JsonStringEnumMemberName] names.
/// </summary>
public class EnumJsonNameTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Colors;

        [JsonConverter(typeof(JsonStringEnumConverter<Hue>))]
        public enum Hue { Red = 1, [JsonStringEnumMemberName("Red")] Crimson = 2, Blue = 3 }

        public enum Shade { Light = 1, [JsonStringEnumMemberName("Light")] Pale = 2 }

        public sealed record Paint(Hue Hue);
        public sealed record Palette(List<Paint> Paints);
        public sealed record Stock(Dictionary<Hue, int> Counts);
        public sealed record Shades(Dictionary<Shade, int> Counts, Shade Main);

        [PromptClient]
        public partial interface IPaints
        {
            [UserPrompt("a: {{ text }}")]
            Task<Hue> HueAsync(string text);
            [UserPrompt("b: {{ text }}")]
            Task<List<Hue>> HuesAsync(string text);
            [UserPrompt("c: {{ text }}")]
            IAsyncEnumerable<Hue> StreamAsync(string text);
            [UserPrompt("d: {{ text }}")]
            Task<Palette> PaletteAsync(string text);
            [UserPrompt("e: {{ text }}")]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            Task<Stock> StockAsync(string text);
            [UserPrompt("f: {{ text }}")]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            Task<Shades> ShadesAsync(string text);
            [UserPrompt("g: {{ text }}")]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            Task<Dictionary<string, Hue>> ByNameAsync(string text);
            [UserPrompt("Check: {{ text }}")]
            Task<string> CheckAsync(string text, IHueTools tools);
        }

        [PromptTools]
        public interface IHueTools
        {
            /// <summary>a</summary>
            bool InStock(Hue hue);
            /// <summary>b</summary>
            int Count(Dictionary<Hue, int> counts);
            /// <summary>c</summary>
            int CountShades(Dictionary<Shade, int> counts);
            /// <summary>d</summary>
            Hue Today();
            /// <summary>e</summary>
            Dictionary<Hue, int> Counts();
            /// <summary>f</summary>
            Dictionary<Shade, int> ShadeCounts();
            /// <summary>g</summary>
            List<Paint> Paints();
            /// <summary>h</summary>
            Shade Main();
        }
        """;

    private const string Why = "an enum whose members 'Red' and 'Crimson' both have the JSON name \"Red\" ([JsonStringEnumMemberName] on 'Crimson'), so JSON cannot tell them apart (\"Red\" is always read as 'Red'); give each member a JSON name of its own";

    private const string WhyShade = "an enum whose members 'Light' and 'Pale' both have the JSON name \"Light\" ([JsonStringEnumMemberName] on 'Pale'), so JSON cannot tell them apart (\"Light\" is always read as 'Light'); give each member a JSON name of its own";

    [Fact]
    public async Task EveryUseOfAnEnumWithSharedJsonNamesGivesThatReasonInTheWordsOfItsRole()
    {
        Assert.Equal(
            new[]
            {
                "PG0050 Error 'IAsyncEnumerable<Hue>': The reply of 'StreamAsync' cannot be described in json_schema strict mode: each streamed item is 'Hue', " + Why,
                "PG0050 Error 'Task<Dictionary<string, Hue>>': The reply of 'ByNameAsync' cannot be described in json_schema: each value of the reply is 'Hue', " + Why,
                "PG0050 Error 'Task<Hue>': The reply of 'HueAsync' cannot be described in json_schema strict mode: the reply is 'Hue', " + Why,
                "PG0050 Error 'Task<List<Hue>>': The reply of 'HuesAsync' cannot be described in json_schema strict mode: each item of the reply is 'Hue', " + Why,
                "PG0050 Error 'Task<Palette>': The reply of 'PaletteAsync' cannot be described in json_schema strict mode: 'hue' of each item of 'paints' is 'Hue', " + Why,
                "PG0050 Error 'Task<Shades>': The reply of 'ShadesAsync' cannot be described in json_schema: 'counts' is a dictionary keyed by 'Shade', " + WhyShade,
                "PG0050 Error 'Task<Shades>': The reply of 'ShadesAsync' cannot be described in json_schema: 'main' is 'Shade', " + WhyShade,
                "PG0050 Error 'Task<Stock>': The reply of 'StockAsync' cannot be described in json_schema: 'counts' is a dictionary keyed by 'Hue', " + Why,
                "PG0062 Error 'counts': The parameters of tool 'Count' cannot be described as JSON Schema: parameter 'counts' is a dictionary keyed by 'Hue', " + Why,
                "PG0062 Error 'counts': The parameters of tool 'CountShades' cannot be described as JSON Schema: parameter 'counts' is a dictionary keyed by 'Shade', " + WhyShade,
                "PG0062 Error 'hue': The parameters of tool 'InStock' cannot be described as JSON Schema: parameter 'hue' is 'Hue', " + Why,
                "PG0063 Error 'Dictionary<Hue, int>': The result of tool 'Counts' cannot be sent to the model: 'Dictionary<Hue, int>' is a dictionary keyed by 'Hue', " + Why,
                "PG0063 Error 'Dictionary<Shade, int>': The result of tool 'ShadeCounts' cannot be sent to the model: 'Dictionary<Shade, int>' is a dictionary keyed by 'Shade', " + WhyShade,
                "PG0063 Error 'Hue': The result of tool 'Today' cannot be sent to the model: 'Hue' is " + Why,
                "PG0063 Error 'List<Paint>': The result of tool 'Paints' cannot be sent to the model: 'hue' of each item of the result is 'Hue', " + Why,
                "PG0063 Error 'Shade': The result of tool 'Main' cannot be sent to the model: 'Shade' is " + WhyShade,
            },
            (await GeneratedApp.AnalyzeAsync(Source, "Colors", DiagnosticSeverity.Warning)).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal));
    }

    /// <summary>
    /// Read as numbers (a JsonContext without string enums), a value of an enum with shared names is one number per
    /// member and fine, but as a dictionary key it is written by name: two members write one key, refused; and a renamed
    /// member's key is its JSON name, which the schema and the few-shot check now ask for (they asked for the C# name,
    /// which System.Text.Json refuses to read).
    /// </summary>
    [Fact]
    public async Task ANumericEnumKeyIsWrittenByItsJsonNames()
    {
        const string Numbers = """
            using System;
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using PromptGen;

            namespace Tones;

            public enum Shade { Light = 1, [JsonStringEnumMemberName("Light")] Pale = 2 }
            public enum Tone { Red = 1, [JsonStringEnumMemberName("bl")] Blue = 2 }

            [JsonSerializable(typeof(Dictionary<Tone, int>))]
            [JsonSerializable(typeof(Dictionary<Shade, int>))]
            [JsonSerializable(typeof(List<Shade>))]
            public sealed partial class NumberJson : JsonSerializerContext
            {
                public NumberJson() : base(null) { }
                public static NumberJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [PromptClient(JsonContext = typeof(NumberJson))]
            public partial interface ITones
            {
                [UserPrompt("a: {{ text }}")]
                [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
                [FewShot("one blue", "{\"bl\": 1}")]
                Task<Dictionary<Tone, int>> TonesAsync(string text);

                [UserPrompt("b: {{ text }}")]
                [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
                [FewShot("one blue", "{\"Blue\": 1}")]
                Task<Dictionary<Tone, int>> BlueAsync(string text);

                [UserPrompt("c: {{ text }}")]
                [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
                Task<Dictionary<Shade, int>> ShadesAsync(string text);

                [UserPrompt("d: {{ text }}")]
                Task<List<Shade>> ListAsync(string text);
            }

            public static class Probe
            {
                public static string Write() => JsonSerializer.Serialize(new Dictionary<Tone, int> { [Tone.Blue] = 1 });

                public static string Shades() => JsonSerializer.Serialize(new Dictionary<Shade, int> { [Shade.Light] = 1, [Shade.Pale] = 2 });
            }
            """;

        // System.Text.Json on the running .NET: keys by JSON name, without JsonStringEnumConverter; two members, one key.
        var probe = GeneratedApp.Load(GeneratedApp.Compile(Numbers, "Tones")).GetType("Tones.Probe")!;
        Assert.Equal("""{"bl":1}""", probe.GetMethod("Write")!.Invoke(null, null));
        Assert.Equal("""{"Light":1,"Light":2}""", probe.GetMethod("Shades")!.Invoke(null, null));

        // A value of Shade is a number (ListAsync: fine); the C# name "Blue" as a key is what System.Text.Json refuses.
        Assert.Equal(
            new[]
            {
                "PG0027 Error '\\\"Blue\\\"': This [FewShot] reply does not fit 'Dictionary<Tone, int>': the key \"Blue\" cannot be read as 'Tone', which expects one of 'Red', 'bl'",
                "PG0050 Error 'Task<Dictionary<Shade, int>>': The reply of 'ShadesAsync' cannot be described in json_schema: the reply is a dictionary keyed by 'Shade', " + WhyShade,
            },
            (await GeneratedApp.AnalyzeAsync(Numbers, "Tones", DiagnosticSeverity.Warning)).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal));

        var client = GeneratedApp.Compile(Numbers, "Tones").SyntaxTrees.Single(t => t.FilePath.EndsWith("ITones.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("""\"propertyNames\":{\"type\":\"string\",\"enum\":[\"Red\",\"bl\"]}""", client, StringComparison.Ordinal);
    }
}
