using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PromptGen.Benchmarks.Generator;

/// <summary>
/// A generated application of <c>interfaces × 10</c> prompt methods (100 × 10 = 1,000 by default; the environment
/// variable <c>PROMPTGEN_BENCH_INTERFACES</c> makes it smaller for the dry run): text, JSON records, streaming, two or
/// three parameters, <c>if</c> and <c>for</c> templates. One file per interface, one file of records, and one unrelated
/// file; plus the edits the incremental benchmarks apply.
/// </summary>
public sealed class GeneratedProject
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(ChatClient).Assembly.Location))
        .ToArray();

    private GeneratedProject(int interfaces)
    {
        Interfaces = interfaces;
        Trees = Enumerable.Range(0, interfaces)
            .Select(i => CSharpSyntaxTree.ParseText(Interface(i, "Answer in at most {{ maxWords }} words."), ParseOptions, path: $"IPrompts{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(Records(interfaces), ParseOptions, path: "Records.cs"))
            .Append(CSharpSyntaxTree.ParseText(Unrelated(0), ParseOptions, path: "Unrelated.cs"))
            .ToArray();
        UnrelatedTree = Trees[^1];
        UnrelatedEdited = CSharpSyntaxTree.ParseText(Unrelated(1), ParseOptions, path: "Unrelated.cs");
        TemplateTree = Trees[0];
        TemplateEdited = CSharpSyntaxTree.ParseText(Interface(0, "Answer in at most {{ maxWords }} short words."), ParseOptions, path: "IPrompts0.cs");
    }

    public int Interfaces { get; }

    public int Methods => Interfaces * 10;

    public SyntaxTree[] Trees { get; }

    public SyntaxTree UnrelatedTree { get; }

    public SyntaxTree UnrelatedEdited { get; }

    public SyntaxTree TemplateTree { get; }

    public SyntaxTree TemplateEdited { get; }

    public static GeneratedProject Create() =>
        new(int.TryParse(Environment.GetEnvironmentVariable("PROMPTGEN_BENCH_INTERFACES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100);

    /// <summary>A new compilation of the project's trees (nothing bound yet), optionally with extra trees.</summary>
    public CSharpCompilation Compile(IEnumerable<SyntaxTree>? extra = null) =>
        CSharpCompilation.Create(
            "BenchApp",
            extra is null ? Trees : Trees.Concat(extra),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static string Interface(int i, string templateTail)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var source = new StringBuilder();
        source.Append($$$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            namespace BenchApp.Area{{{n}}};

            [PromptClient]
            [SystemPrompt("You are assistant number {{{n}}}. Be brief.")]
            [Model("gpt-4o-mini")]
            public partial interface IPrompts{{{n}}}
            {
                [UserPrompt("What is {{ topic }}? {{{templateTail}}}")]
                [Temperature(0.2)]
                Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

                [SystemPrompt("You extract data from text.")]
                [FewShot("Anna Berg is 41 and lives in Oslo.", "{\"name\":\"Anna Berg\",\"age\":41,\"city\":\"Oslo\"}")]
                [UserPrompt("Extract name, age and city from: {{ text }} (source {{ source }})")]
                Task<global::BenchApp.Person{{{n}}}> ExtractAsync(string text, string source, CancellationToken cancellationToken = default);

                [UserPrompt("Tell a story about {{ subject }} in {{ sentences }} sentences.")]
                [MaxTokens(200)]
                IAsyncEnumerable<string> TellAsync(string subject, int sentences, CancellationToken cancellationToken = default);

                [UserPrompt("Greet {{ name }}{{ if formal }}, formally{{ else }}, casually{{ end }}, in {{ language }}.")]
                Task<string> GreetAsync(string name, bool formal, string language, CancellationToken cancellationToken = default);

                [UserPrompt("Summarise:{{ for item in items }}\n- {{ item }}{{ end }}\nin {{ words }} words.")]
                Task<string> SummariseAsync(IReadOnlyList<string> items, int words, CancellationToken cancellationToken = default);

                [UserPrompt("Describe the city {{ city }} in {{ country }}.")]
                Task<global::BenchApp.City{{{n}}}> DescribeAsync(string city, string country, CancellationToken cancellationToken = default);

                [UserPrompt("List tasks for {{ goal }}{{ if urgent }} (urgent){{ end }}.")]
                Task<global::BenchApp.Todo{{{n}}}> PlanAsync(string goal, bool urgent, CancellationToken cancellationToken = default);

                [UserPrompt("Translate '{{ text }}' into {{ language }}.")]
                [Temperature(0)]
                IAsyncEnumerable<string> TranslateAsync(string text, string language, CancellationToken cancellationToken = default);

                [UserPrompt("Rate {{ product }}:{{ for review in reviews }} [{{ review }}]{{ end }} on a scale to {{ scale }}.")]
                Task<string> RateAsync(string product, string[] reviews, int scale, CancellationToken cancellationToken = default);

                [UserPrompt("Classify {{ text }} with {{ labels }} labels{{ if strict }}, strictly{{ end }}.")]
                [Seed(7)]
                Task<string> ClassifyAsync(string text, int labels, bool strict, CancellationToken cancellationToken = default);
            }

            """);
        return source.ToString();
    }

    private static string Records(int interfaces)
    {
        var source = new StringBuilder("using System.Collections.Generic;\n\nnamespace BenchApp;\n\n");
        for (var i = 0; i < interfaces; i++)
        {
            source.Append(CultureInfo.InvariantCulture, $"public sealed record Person{i}(string Name, int Age, string City);\n");
            source.Append(CultureInfo.InvariantCulture, $"public sealed record City{i}(string Name, string Country, int Population);\n");
            source.Append(CultureInfo.InvariantCulture, $"public sealed record Todo{i}(string Goal, IReadOnlyList<string> Steps, bool Urgent);\n");
        }

        return source.ToString();
    }

    private static string Unrelated(int version) => $$"""
        namespace BenchApp;

        public static class Unrelated
        {
            public static int Answer() => {{version}};
        }

        """;
}

/// <summary>The generators and analyzers of the PromptGen.Generator assembly the project's analyzer reference resolved to.</summary>
public static class PromptGenGenerator
{
    private static readonly Lazy<Assembly> Assembly = new(Load);

    /// <summary>The loaded PromptGen.Generator assembly (the symbol floor reads its trigger list).</summary>
    public static Assembly LoadedAssembly => Assembly.Value;

    public static ISourceGenerator[] Generators() => Assembly.Value.GetTypes()
        .Where(type => !type.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator())
        .ToArray();

    public static DiagnosticAnalyzer[] Analyzers() => Assembly.Value.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToArray();

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            Generators(),
            parseOptions: GeneratedProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private static Assembly Load()
    {
        var path = typeof(PromptGenGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "PromptGenGenerator")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException($"PromptGen.Generator.dll not found at '{path}': build benchmarks/PromptGen.Benchmarks (its analyzer reference records the path).");
        }

        return System.Reflection.Assembly.LoadFrom(path);
    }
}
