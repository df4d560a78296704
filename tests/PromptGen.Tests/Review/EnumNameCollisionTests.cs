using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Tests.Generator;
using PromptGen.Tests.Schema;
using Xunit;

namespace PromptGen.Tests.Review;

/// <summary>
/// Review 10 §4: two members of a string enum with one JSON name sent <c>"enum":["x","x"]</c>, and the second member could
/// never come back (System.Text.Json reads "x" as the first). That is a contract that cannot work, refused where enums
/// are read into contracts, so a reply, a tool parameter and a tool result each get their error. Members of one value
/// under one name, and numbers of one value, are one value: accepted, and sent once.
/// </summary>
public class EnumNameCollisionTests
{
    private const string Template = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Colors;

        [JsonConverter(typeof(JsonStringEnumConverter<Hue>))]
        public enum Hue { /*MEMBERS*/ }

        public sealed record Paint(Hue Hue);

        [PromptClient]
        public partial interface IPaints
        {
            [UserPrompt("Paint: {{ text }}")]
            Task<Paint> PaintAsync(string text, CancellationToken cancellationToken = default);

            [UserPrompt("Check: {{ text }}")]
            Task<string> CheckAsync(string text, IHueTools tools, CancellationToken cancellationToken = default);
        }

        [PromptTools]
        public interface IHueTools
        {
            /// <summary>Whether a hue is in stock.</summary>
            bool InStock(Hue hue);

            /// <summary>Today's hue.</summary>
            Hue Today();
        }

        public static class Probe
        {
            public static string Write(Hue hue) => JsonSerializer.Serialize(new Paint(hue));

            public static Hue Read(string json) => JsonSerializer.Deserialize<Paint>(json)!.Hue;
        }
        """;

    [Fact]
    public async Task TwoMembersWithOneJsonNameAreABuildErrorWhereverTheEnumIsSentOrRead()
    {
        var source = Template.Replace("/*MEMBERS*/", """Red = 1, [JsonStringEnumMemberName("Red")] Crimson = 2, Blue = 3""", StringComparison.Ordinal);

        // System.Text.Json's own behaviour on the running .NET: both members write "Red", and "Red" reads as Red.
        var probe = Load(Compile(source)).GetType("Colors.Probe")!;
        var hue = probe.Assembly.GetType("Colors.Hue")!;
        Assert.Equal("""{"Hue":"Red"}""", probe.GetMethod("Write")!.Invoke(null, new[] { Enum.ToObject(hue, 2) }));
        Assert.Equal(Enum.ToObject(hue, 1), probe.GetMethod("Read")!.Invoke(null, new object[] { """{"Hue":"Red"}""" }));

        const string Why = "an enum whose members 'Red' and 'Crimson' both have the JSON name \"Red\" ([JsonStringEnumMemberName] on 'Crimson'), so JSON cannot tell them apart (\"Red\" is always read as 'Red'); give each member a JSON name of its own";
        Assert.Equal(
            new[]
            {
                "PG0050 Error 'Task<Paint>': The reply of 'PaintAsync' cannot be described in json_schema strict mode: 'hue' is 'Hue', " + Why,
                "PG0062 Error 'hue': The parameters of tool 'InStock' cannot be described as JSON Schema: parameter 'hue' is 'Hue', " + Why,
                "PG0063 Error 'Hue': The result of tool 'Today' cannot be sent to the model: 'Hue' is " + Why,
            },
            (await AnalyzeAsync(source)).Select(GeneratorHarness.Describe).OrderBy(d => d, StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwoRenamedMembersWithOneNameAreRefusedWithBothNamed()
    {
        var source = Template.Replace("/*MEMBERS*/", """[JsonStringEnumMemberName("x")] A = 1, [JsonStringEnumMemberName("x")] B = 2""", StringComparison.Ordinal);
        var diagnostics = (await AnalyzeAsync(source)).Select(GeneratorHarness.Describe).ToArray();
        Assert.Contains(
            "PG0050 Error 'Task<Paint>': The reply of 'PaintAsync' cannot be described in json_schema strict mode: 'hue' is 'Hue', an enum whose members 'A' and 'B' both have the JSON name \"x\" ([JsonStringEnumMemberName] on 'A' and 'B'), so JSON cannot tell them apart (\"x\" is always read as 'A'); give each member a JSON name of its own",
            diagnostics);
    }

    [Fact]
    public async Task OneValueUnderTwoNamesOrOneNameTwiceIsOneValueAndIsSentOnce()
    {
        // Alias = Red: "Alias" reads as Red too. Same = Red renamed "Red": one value, one name, sent once.
        var strings = Template.Replace("/*MEMBERS*/", """Red = 1, Alias = 1, [JsonStringEnumMemberName("Red")] Same = 1, Blue = 3""", StringComparison.Ordinal);
        Assert.Empty((await AnalyzeAsync(strings)).Select(GeneratorHarness.Describe));
        var client = Generated(strings);
        Assert.Contains("""\"enum\":[\"Red\",\"Alias\",\"Blue\"]""", client, StringComparison.Ordinal);

        // Read as numbers (a JsonContext without string enums; PromptGen's own options read enums by name).
        var numbers = Template.Replace("[JsonConverter(typeof(JsonStringEnumConverter<Hue>))]", "", StringComparison.Ordinal)
            .Replace("[PromptClient]", """
                [JsonSerializable(typeof(Paint))]
                public sealed partial class NumberJson : JsonSerializerContext
                {
                    public NumberJson() : base(null) { }
                    public static NumberJson Default { get; } = new();
                    protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                    public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
                }

                [PromptClient(JsonContext = typeof(NumberJson))]
                """, StringComparison.Ordinal)
            .Replace("/*MEMBERS*/", "Red = 1, Alias = 1, Blue = 3", StringComparison.Ordinal);
        Assert.Empty((await AnalyzeAsync(numbers)).Select(GeneratorHarness.Describe));
        var generated = Generated(numbers);
        var at = generated.IndexOf("\\\"enum", StringComparison.Ordinal);
        Assert.Equal("""\"enum\":[1,3]""", generated.Substring(at, 14));
    }

    private static string Generated(string source)
    {
        var compilation = Compile(source);
        return compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("IPaints.g.cs", StringComparison.Ordinal)).ToString();
    }

    private static Compilation Compile(string source) => GeneratedApp.Compile(source, "Colors");

    private static Assembly Load(Compilation compilation) => GeneratedApp.Load(compilation);

    private static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source) => GeneratedApp.AnalyzeAsync(source, "Colors", DiagnosticSeverity.Warning);
}
