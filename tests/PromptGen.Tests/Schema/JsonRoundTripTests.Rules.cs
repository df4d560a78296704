using System.Reflection;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// The few-shot check and the run time agree on the schema's keywords beyond a value's kind: each reply below is both
/// flagged as a [FewShot] (PG0027) and refused by the generated client (PromptFormatException), and each good one passes
/// both; and <c>Task&lt;object&gt;</c> without strict mode reads any JSON, as a JsonElement.
/// </summary>
public partial class JsonRoundTripTests
{
    private const string RulesApp = """"
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;
        using PromptGen.Testing;

        namespace Rules;

        public sealed class Rating
        {
            [Range(1, 5)] public int Stars { get; set; }
            [StringLength(10, MinimumLength = 3)] public string Title { get; set; } = "";
            [RegularExpression("^[A-Z]{3}$")] public string Code { get; set; } = "";
            [MaxLength(2)] public List<string> Tags { get; set; } = new();
            [Required] public string? Author { get; set; }
            public string Note { get; set; } = "";
        }

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
        [JsonDerivedType(typeof(Circle), "circle")]
        [JsonDerivedType(typeof(Square), "square")]
        public abstract class Shape { }
        public sealed class Circle : Shape { public double R { get; set; } }
        public sealed class Square : Shape { public double Side { get; set; } }

        [PromptClient]
        public partial interface IRules
        {
            /*FEWSHOTS_RATING*/
            [UserPrompt("{{ q }}")]
            Task<Rating> RateAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_SHAPE*/
            [UserPrompt("{{ q }}")]
            Task<Shape> ShapeAsync(string q, CancellationToken cancellationToken = default);

            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            [UserPrompt("{{ q }}")]
            Task<object> AnyAsync(string q, CancellationToken cancellationToken = default);
        }

        public static class Probe
        {
            public static async Task<string> Rating(string reply) =>
                JsonSerializer.Serialize(await ((IRules)new IRules.Client(new ScriptedTransport().Reply(reply))).RateAsync("x"), new JsonSerializerOptions(JsonSerializerDefaults.Web));

            public static async Task<string> Shape(string reply)
            {
                var value = await ((IRules)new IRules.Client(new ScriptedTransport().Reply(reply))).ShapeAsync("x");
                return value.GetType().Name + " " + ((Square)value).Side;
            }

            public static async Task<string> Any(string reply)
            {
                var value = await ((IRules)new IRules.Client(new ScriptedTransport().Reply(reply))).AnyAsync("x");
                return value.GetType().FullName + " " + JsonSerializer.Serialize(value);
            }
        }
        """";

    [Fact]
    public async Task TheFewShotCheckAndTheRunTimeRefuseTheSameReplies()
    {
        var good = new Dictionary<string, string>
        {
            ["Rating"] = """{"stars":5,"title":"abc","code":"ABC","tags":["a","b"],"author":"A","note":""}""",
            ["Shape"] = """{"kind":"square","side":2}""",
        };
        var wrong = new (string Method, string Reply)[]
        {
            ("Rating", """{"stars":9,"title":"abc","code":"ABC","tags":[],"author":"A","note":""}"""),
            ("Rating", """{"stars":1,"title":"ab","code":"ABC","tags":[],"author":"A","note":""}"""),
            ("Rating", """{"stars":1,"title":"abc","code":"abc","tags":[],"author":"A","note":""}"""),
            ("Rating", """{"stars":1,"title":"abc","code":"ABC","tags":["a","b","c"],"author":"A","note":""}"""),
            ("Rating", """{"stars":1,"title":"abc","code":"ABC","tags":[],"author":null,"note":""}"""),
            ("Rating", """{"stars":1,"title":"abc","code":"ABC","tags":[],"author":"A","note":null}"""),
            ("Shape", """{"kind":"triangle","r":1}"""),
            ("Shape", """{"r":1}"""),
        };

        // (1) The build: each wrong few-shot is PG0027 at its line, the good ones are not.
        var source = RulesApp
            .Replace("/*FEWSHOTS_RATING*/", FewShots(good["Rating"], wrong.Where(w => w.Method == "Rating").Select(w => w.Reply)))
            .Replace("/*FEWSHOTS_SHAPE*/", FewShots(good["Shape"], wrong.Where(w => w.Method == "Shape").Select(w => w.Reply)));
        var diagnostics = await AnalyzeAsync(source);
        Assert.Empty(diagnostics.Where(d => d.Id != "PG0027").Select(GeneratorHarness.Describe));
        var flagged = diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToHashSet();
        var lines = source.Split('\n');
        foreach (var (method, reply, bad) in wrong.Select(w => (w.Method, w.Reply, true)).Concat(good.Select(g => (g.Key, g.Value, false))))
        {
            var line = Array.FindIndex(lines, l => l.Contains(Literal(reply), StringComparison.Ordinal));
            Assert.True(line >= 0, reply);
            Assert.True(flagged.Contains(line) == bad, $"{method}: the few-shot check {(bad ? "accepts" : "refuses")} {reply}: {string.Join("; ", diagnostics.Select(GeneratorHarness.Describe))}");
        }

        // (2) The run time: the generated client reads each good reply and refuses each wrong one.
        var probe = Load(Compile(RulesApp)).GetType("Rules.Probe")!;
        Task<string> Through(string method, string reply) => (Task<string>)probe.GetMethod(method)!.Invoke(null, new object[] { reply })!;
        Assert.Equal(good["Rating"], await Through("Rating", good["Rating"]));
        Assert.Equal("Square 2", await Through("Shape", good["Shape"]));
        foreach (var (method, reply) in wrong)
        {
            var error = await Assert.ThrowsAsync<PromptFormatException>(() => Through(method, reply));
            Assert.NotEmpty(error.Errors);
        }

        // Task<object> without strict mode: any JSON, read as a JsonElement.
        Assert.Equal("""System.Text.Json.JsonElement {"a":[1,true,null]}""", await Through("Any", """{"value":{"a":[1,true,null]}}"""));
    }
}
