using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// [JsonDerivedType] replies: the few-shot check (PG0027) refuses exactly what the generated client (and so System.Text.Json
/// under PromptGen's reflection options) refuses — a discriminator after another property, of the wrong JSON kind, of a
/// number's text in a string, unknown (even under IgnoreUnrecognizedTypeDiscriminators, which the run-time validator's
/// anyOf overrules), twice, other '$' metadata, a missing one on an abstract base (even with an untagged
/// [JsonDerivedType]), nested members and list items alike — and accepts what it reads (a concrete base without one,
/// number discriminators). UnknownDerivedTypeHandling changes nothing in reading.
/// </summary>
public partial class JsonRoundTripTests
{
    private const string PolymorphicApp = """"
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;
        using PromptGen.Testing;

        namespace Poly;

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
        [JsonDerivedType(typeof(Circle), "circle")]
        [JsonDerivedType(typeof(Square), "square")]
        public abstract class Shape { }
        public sealed class Circle : Shape { public double R { get; set; } }
        public sealed class Square : Shape { public double Side { get; set; } }

        [JsonDerivedType(typeof(Dog), "dog")]
        public class Animal { public string Name { get; set; } = ""; }
        public sealed class Dog : Animal { public bool Barks { get; set; } }

        [JsonDerivedType(typeof(One), 1)]
        [JsonDerivedType(typeof(Two), 2)]
        public abstract class Numbered { public int X { get; set; } }
        public sealed class One : Numbered { }
        public sealed class Two : Numbered { }

        [JsonPolymorphic(IgnoreUnrecognizedTypeDiscriminators = true, UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToBaseType)]
        [JsonDerivedType(typeof(Loud), "loud")]
        public class Lenient { public int A { get; set; } }
        public sealed class Loud : Lenient { public int B { get; set; } }

        [JsonPolymorphic(UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToNearestAncestor)]
        [JsonDerivedType(typeof(Untagged))]
        [JsonDerivedType(typeof(Tagged), "t")]
        public abstract class Strict { public int A { get; set; } }
        public sealed class Untagged : Strict { }
        public sealed class Tagged : Strict { }

        public sealed class Drawing { public Shape? Main { get; set; } public List<Shape> Parts { get; set; } = new(); }

        [PromptClient]
        public partial interface IPoly
        {
            /*FEWSHOTS_SHAPE*/
            [UserPrompt("{{ q }}")]
            Task<Shape> ShapeAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_ANIMAL*/
            [UserPrompt("{{ q }}")]
            Task<Animal> AnimalAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_NUMBERED*/
            [UserPrompt("{{ q }}")]
            Task<Numbered> NumberedAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_LENIENT*/
            [UserPrompt("{{ q }}")]
            Task<Lenient> LenientAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_STRICT*/
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            [UserPrompt("{{ q }}")]
            Task<Strict> StrictAsync(string q, CancellationToken cancellationToken = default);

            /*FEWSHOTS_DRAWING*/
            [UserPrompt("{{ q }}")]
            Task<Drawing> DrawingAsync(string q, CancellationToken cancellationToken = default);
        }

        public static class Probe
        {
            public static async Task<string> Read(string method, string reply)
            {
                IPoly client = new IPoly.Client(new ScriptedTransport().Reply(reply));
                object value = method switch
                {
                    "Shape" => await client.ShapeAsync("x"),
                    "Animal" => await client.AnimalAsync("x"),
                    "Numbered" => await client.NumberedAsync("x"),
                    "Lenient" => await client.LenientAsync("x"),
                    "Strict" => await client.StrictAsync("x"),
                    _ => await client.DrawingAsync("x"),
                };
                return value.GetType().Name;
            }

            /// <summary>The typed error's Errors for a reply the client refuses, joined by " | ".</summary>
            public static async Task<string> Errors(string method, string reply)
            {
                try
                {
                    return "read " + await Read(method, reply);
                }
                catch (PromptFormatException error)
                {
                    return string.Join(" | ", error.Errors);
                }
            }
        }
        """";

    /// <summary>Replies System.Text.Json reads (method, reply, the type it reads).</summary>
    private static readonly (string Method, string Reply, string Read)[] PolymorphicGood =
    {
        ("Shape", """{"kind":"square","side":2}""", "Square"),
        ("Animal", """{"$type":"dog","name":"a","barks":true}""", "Dog"),
        ("Animal", """{"name":"a"}""", "Animal"),
        ("Numbered", """{"$type":2,"x":1}""", "Two"),
        ("Lenient", """{"$type":"loud","a":1,"b":2}""", "Loud"),
        ("Strict", """{"$type":"t","a":1}""", "Tagged"),
        ("Drawing", """{"main":{"kind":"circle","r":1},"parts":[{"kind":"square","side":1}]}""", "Drawing"),
    };

    /// <summary>Replies System.Text.Json refuses under PromptGen's reflection options.</summary>
    private static readonly (string Method, string Reply)[] PolymorphicWrong =
    {
        ("Shape", """{"side":2,"kind":"square"}"""),
        ("Shape", """{"kind":1,"side":2}"""),
        ("Shape", """{"kind":null,"side":2}"""),
        ("Shape", """{"KIND":"square","side":2}"""),
        ("Shape", """{"kind":"square","kind":"square","side":2}"""),
        ("Shape", """{"kind":"square","$id":"1","side":2}"""),
        ("Animal", """{"name":"a","$type":"dog"}"""),
        ("Animal", """{"$type":"cat","name":"a"}"""),
        ("Animal", """{"$type":true,"name":"a"}"""),
        ("Numbered", """{"$type":"2","x":1}"""),
        ("Numbered", """{"$type":2.0,"x":1}"""),
        ("Numbered", """{"$type":3,"x":1}"""),
        ("Lenient", """{"$type":"quiet","a":1}"""),
        ("Strict", """{"a":1}"""),
        ("Strict", """{"$type":"u","a":1}"""),
        ("Drawing", """{"main":{"r":1,"kind":"circle"},"parts":[]}"""),
        ("Drawing", """{"main":null,"parts":[{"side":1,"kind":"square"}]}"""),
    };

    [Fact]
    public async Task TheFewShotCheckAndTheRunTimeAgreeOnPolymorphicReplies()
    {
        // (1) The build: each wrong few-shot is PG0027 at its line, the good ones are not.
        var source = PolymorphicApp;
        foreach (var method in new[] { "Shape", "Animal", "Numbered", "Lenient", "Strict", "Drawing" })
        {
            var replies = PolymorphicGood.Where(g => g.Method == method).Select(g => g.Reply).Concat(PolymorphicWrong.Where(w => w.Method == method).Select(w => w.Reply));
            source = source.Replace($"/*FEWSHOTS_{method.ToUpperInvariant()}*/", string.Join("\n    ", replies.Select(reply => $"[FewShot(\"q\", {Literal(reply)})]")));
        }

        var diagnostics = await AnalyzeAsync(source);
        Assert.Empty(diagnostics.Where(d => d.Id != "PG0027").Select(GeneratorHarness.Describe));
        var flagged = diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToHashSet();
        var lines = source.Split('\n');
        foreach (var (method, reply, bad) in PolymorphicWrong.Select(w => (w.Method, w.Reply, true)).Concat(PolymorphicGood.Select(g => (g.Method, g.Reply, false))))
        {
            var line = Array.FindIndex(lines, l => l.Contains(Literal(reply), StringComparison.Ordinal));
            Assert.True(line >= 0, reply);
            Assert.True(flagged.Contains(line) == bad, $"{method}: the few-shot check {(bad ? "accepts" : "refuses")} {reply}: {string.Join("; ", diagnostics.Select(GeneratorHarness.Describe))}");
        }

        // (2) The run time: the generated client reads each good reply as its type and refuses each wrong one.
        var probe = Load(Compile(PolymorphicApp)).GetType("Poly.Probe")!.GetMethod("Read")!;
        Task<string> Through(string method, string reply) => (Task<string>)probe.Invoke(null, new object[] { method, reply })!;
        foreach (var (method, reply, read) in PolymorphicGood)
        {
            Assert.Equal(read, await Through(method, reply));
        }

        foreach (var (method, reply) in PolymorphicWrong)
        {
            var error = await Record.ExceptionAsync(() => Through(method, reply));
            Assert.True(error is PromptFormatException, $"{method}: the run time reads {reply}");
        }
    }

    /// <summary>
    /// A polymorphic reply System.Text.Json would refuse is refused by PromptGen's own reply check first, by the few-shot
    /// check's rules, with a message located at its path (which [Repair] sends back to the model), never System.Text.Json's
    /// exception text. The expected messages are pinned; the replies are PolymorphicWrong's.
    /// </summary>
    [Fact]
    public async Task APolymorphicReplySystemTextJsonWouldRefuseGetsPromptGensOwnLocatedMessage()
    {
        var probe = Load(Compile(PolymorphicApp)).GetType("Poly.Probe")!.GetMethod("Errors")!;
        var actual = new List<string>();
        foreach (var (method, reply) in PolymorphicWrong)
        {
            actual.Add(await (Task<string>)probe.Invoke(null, new object[] { method, reply })!);
        }

        Assert.Equal(
            new[]
            {
                "$: the discriminator \"kind\" must come first (it comes after \"side\"); System.Text.Json reads it only as the first property.",
                "$.kind: 1 is not one of the allowed values \"circle\", \"square\" (it names the object's type).",
                "$.kind: null is not one of the allowed values \"circle\", \"square\" (it names the object's type).",
                "$.kind: required property is missing (it names the object's type, as the first property: one of \"circle\", \"square\").",
                "$: the discriminator \"kind\" appears twice; System.Text.Json reads it once.",
                "$[\"$id\"]: a property starting with '$' is metadata System.Text.Json does not support in a polymorphic object; remove it.",
                "$: the discriminator \"$type\" must come first (it comes after \"name\"); System.Text.Json reads it only as the first property.",
                "$[\"$type\"]: \"cat\" is not one of the allowed values \"dog\" (it names the object's type).",
                "$[\"$type\"]: true is not one of the allowed values \"dog\" (it names the object's type).",
                "$[\"$type\"]: \"2\" is not one of the allowed values 1, 2 (it names the object's type).",
                "$[\"$type\"]: 2.0 is not one of the allowed values 1, 2 (it names the object's type).",
                "$[\"$type\"]: 3 is not one of the allowed values 1, 2 (it names the object's type).",
                "$[\"$type\"]: \"quiet\" is not one of the allowed values \"loud\" (it names the object's type).",
                "$[\"$type\"]: required property is missing (it names the object's type, as the first property: one of \"t\").",
                "$[\"$type\"]: \"u\" is not one of the allowed values \"t\" (it names the object's type).",
                "$.main: the discriminator \"kind\" must come first (it comes after \"r\"); System.Text.Json reads it only as the first property.",
                "$.parts[0]: the discriminator \"kind\" must come first (it comes after \"side\"); System.Text.Json reads it only as the first property.",
            },
            actual);
    }

    /// <summary>
    /// AllowOutOfOrderMetadataProperties (a JsonContext's [JsonSourceGenerationOptions]) lets the discriminator come
    /// anywhere, in System.Text.Json and in the few-shot check alike; the rest of the rules stay.
    /// </summary>
    [Fact]
    public async Task OutOfOrderMetadataInTheContextsOptionsLetsTheDiscriminatorComeLater()
    {
        // System.Text.Json itself, with the option on and off (the context's attribute sets the same option).
        var off = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var on = new JsonSerializerOptions(off) { AllowOutOfOrderMetadataProperties = true };
        Assert.IsType<LateSquare>(JsonSerializer.Deserialize<LateShape>("""{"side":2,"kind":"square"}""", on));
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<LateShape>("""{"side":2,"kind":"square"}""", off));
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<LateShape>("""{"side":2,"kind":"square","$id":"1"}""", on));

        const string Template = """"
            [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
            [JsonDerivedType(typeof(Square), "square")]
            public abstract class Shape { }
            public sealed class Square : Shape { public double Side { get; set; } }

            [JsonSourceGenerationOptions(JsonSerializerDefaults.Web/*OPTION*/)]
            [JsonSerializable(typeof(Shape))]
            public sealed partial class AppJson : JsonSerializerContext { }

            [PromptClient(JsonContext = typeof(AppJson))]
            public partial interface IShapes
            {
                [FewShot("a", """{"side":2,"kind":"square"}""")]
                [FewShot("b", """{"side":2,"kind":"square","$id":"1"}""")]
                [UserPrompt("{{ q }}")]
                Task<Shape> ShapeAsync(string q, CancellationToken cancellationToken = default);
            }

            public static class Probe
            {
                public static async Task<string> Read(string reply) =>
                    (await ((IShapes)new IShapes.Client(new PromptGen.Testing.ScriptedTransport().Reply(reply))).ShapeAsync("x")).GetType().Name;
            }
            """";
        Assert.Equal(
            new[]
            {
                "PG0027 Error '\"kind\"': This [FewShot] reply does not fit 'Shape': \"kind\" comes after \"side\", but System.Text.Json reads the discriminator of 'Shape' only as the first property; move it first (or set AllowOutOfOrderMetadataProperties = true in the JsonContext's [JsonSourceGenerationOptions])",
                "PG0027 Error '\"kind\"': This [FewShot] reply does not fit 'Shape': \"kind\" comes after \"side\", but System.Text.Json reads the discriminator of 'Shape' only as the first property; move it first (or set AllowOutOfOrderMetadataProperties = true in the JsonContext's [JsonSourceGenerationOptions])",
                "PG0027 Error '\"$id\"': This [FewShot] reply does not fit 'Shape': \"$id\" cannot appear in 'Shape': System.Text.Json reads a property starting with '$' in a polymorphic type as metadata it does not support; remove it",
            },
            await WithContextAsync(Template.Replace("/*OPTION*/", "")));
        Assert.Equal(
            new[]
            {
                "PG0027 Error '\"$id\"': This [FewShot] reply does not fit 'Shape': \"$id\" cannot appear in 'Shape': System.Text.Json reads a property starting with '$' in a polymorphic type as metadata it does not support; remove it",
            },
            await WithContextAsync(Template.Replace("/*OPTION*/", ", AllowOutOfOrderMetadataProperties = true")));

        // The generated client (without the few-shots) over the context System.Text.Json's generator filled in: the run time agrees.
        Task<string> Read(string option, string reply) =>
            (Task<string>)Load(ContextCompilation(string.Join("\n", Template.Replace("/*OPTION*/", option).Split('\n').Where(l => !l.Contains("[FewShot(", StringComparison.Ordinal))))).GetType("Probe")!.GetMethod("Read")!.Invoke(null, new object[] { reply })!;
        Assert.Equal("Square", await Read(", AllowOutOfOrderMetadataProperties = true", """{"side":2,"kind":"square"}"""));
        Assert.Equal("Square", await Read("", """{"kind":"square","side":2}"""));
        await Assert.ThrowsAsync<PromptFormatException>(() => Read("", """{"side":2,"kind":"square"}"""));
    }

    /// <summary>
    /// PromptGen's diagnostics for an app with a JsonContext, compiled against the running .NET (whose
    /// [JsonSourceGenerationOptions] has AllowOutOfOrderMetadataProperties) with System.Text.Json's own source generator
    /// filling the context in; the whole output must compile.
    /// </summary>
    private static async Task<string[]> WithContextAsync(string source)
    {
        var output = ContextCompilation(source);
        var diagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false)).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("PG", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).Select(GeneratorHarness.Describe).ToArray();
    }

    /// <summary>The app compiled with PromptGen's generator and System.Text.Json's own (which fills the context in); no errors.</summary>
    private static Compilation ContextCompilation(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Ctx" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(ContextUsings + source, GeneratorHarness.ParseOptions, path: "App.cs") },
            RunningDotNet.WithPromptGen,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var version = Path.GetFileName(runtime);
        var stj = Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref", version, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        var stjGenerators = new AnalyzerFileReference(Path.GetFullPath(stj), new AssemblyLoader()).GetGenerators(LanguageNames.CSharp);
        Assert.NotEmpty(stjGenerators);
        CSharpGeneratorDriver.Create(stjGenerators.Prepend(new PromptGenerator().AsSourceGenerator()), parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return output;
    }

    private sealed class AssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    private const string ContextUsings = """
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        """;

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
    [JsonDerivedType(typeof(LateSquare), "square")]
    public abstract class LateShape { }

    public sealed class LateSquare : LateShape { public double Side { get; set; } }
}
