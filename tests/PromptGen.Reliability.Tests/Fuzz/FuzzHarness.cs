using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator;
using PromptGen.Generator.Diagnostics;

namespace PromptGen.Reliability.Tests.Fuzz;

/// <summary>
/// Runs the generator and the analyzer over one source the way the compiler and an IDE do, and says what broke the
/// promise "a declaration either works or is a PG diagnostic in user code": a generator exception (CS8785), an analyzer
/// exception (AD0001), PromptGen's own failure diagnostic (PG0099), or an error inside generated code when the user's code
/// compiles without errors.
/// </summary>
public static class FuzzHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly CSharpCompilation Empty = CSharpCompilation.Create(
        "Fuzzed",
        Array.Empty<SyntaxTree>(),
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(ChatClient).Assembly.Location)),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer());

    /// <summary>What went wrong with <paramref name="source"/>, one line per problem; empty when nothing did.</summary>
    public static IReadOnlyList<string> Check(string source)
    {
        var problems = new List<string>();
        var compilation = Empty.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Fuzzed.cs"));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new PromptGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        foreach (var result in driver.GetRunResult().Results)
        {
            if (result.Exception is { } exception)
            {
                problems.Add($"generator exception {exception.GetType().Name}: {FirstLine(exception.Message)}");
            }
        }

        foreach (var diagnostic in generatorDiagnostics.Where(d => d.Id is "CS8785" or "PG0099"))
        {
            problems.Add($"{diagnostic.Id}: {FirstLine(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        // Generated code may repeat an error of the user's (a type that does not exist); only when the user's code compiles
        // must the generated code compile too. Binding the generated code is the expensive part, so it is skipped otherwise.
        if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            var generatedErrors = output.SyntaxTrees
                .Where(tree => !compilation.ContainsSyntaxTree(tree))
                .SelectMany(tree => output.GetSemanticModel(tree).GetDiagnostics())
                .Where(d => d.Severity == DiagnosticSeverity.Error);
            foreach (var error in generatedErrors.Take(3))
            {
                problems.Add($"error in generated code {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} ({Path.GetFileName(error.Location.SourceTree?.FilePath)})");
            }
        }

        var analyzerExceptions = new List<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => { lock (analyzerExceptions) { analyzerExceptions.Add(exception); } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false));
        var analyzerDiagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        foreach (var exception in analyzerExceptions)
        {
            problems.Add($"AD0001 analyzer exception {exception.GetType().Name}: {FirstLine(exception.Message)}");
        }

        foreach (var diagnostic in analyzerDiagnostics.Where(d => d.Id is "AD0001" or "PG0099"))
        {
            problems.Add($"{diagnostic.Id}: {FirstLine(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        return problems;
    }

    /// <summary>
    /// Shrinks <paramref name="source"/> while <paramref name="stillFails"/> holds: removes lines, then tokens, greedily,
    /// within <paramref name="budget"/> checks. Used to turn a fuzz failure into a short regression source.
    /// </summary>
    public static string Minimise(string source, Func<string, bool> stillFails, int budget = 400)
    {
        var current = source;
        var checks = 0;
        bool Try(string candidate)
        {
            if (checks++ >= budget || candidate == current || !stillFails(candidate))
            {
                return false;
            }

            current = candidate;
            return true;
        }

        var changed = true;
        while (changed && checks < budget)
        {
            changed = false;
            var lines = current.Split('\n');
            for (var i = lines.Length - 1; i >= 0 && checks < budget; i--)
            {
                var candidate = string.Join('\n', lines.Where((_, j) => j != i));
                if (Try(candidate))
                {
                    changed = true;
                    lines = current.Split('\n');
                    i = Math.Min(i, lines.Length);
                }
            }

            var tokens = CSharpSyntaxTree.ParseText(current, ParseOptions).GetRoot().DescendantTokens().Reverse().ToArray();
            foreach (var token in tokens)
            {
                if (checks >= budget)
                {
                    break;
                }

                if (token.Span.End <= current.Length && Try(current.Remove(token.Span.Start, token.Span.Length)))
                {
                    changed = true;
                    break;
                }
            }
        }

        return current;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text[..end];
    }
}
