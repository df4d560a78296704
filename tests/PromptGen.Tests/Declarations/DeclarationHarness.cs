using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;

namespace PromptGen.Tests.Declarations;

/// <summary>What a user sees for a declaration: PromptGen's diagnostics, the compiler's errors, and which of those sit in generated files.</summary>
internal static class DeclarationHarness
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        """;

    /// <summary>Every error and PG diagnostic ("ID Severity 'located text': message"), and the errors located in generated trees.</summary>
    public static async Task<(string[] Diagnostics, string[] GeneratedErrors, GeneratorRun Run)> AnalyzeAsync(params string[] sources)
    {
        var analysis = await GeneratorHarness.AnalyzeAsync(sources);
        var shown = analysis.Visible.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("PG", StringComparison.Ordinal)).Select(GeneratorHarness.Describe).ToArray();
        return (shown, analysis.InGeneratedCode(DiagnosticSeverity.Error), analysis.Run);
    }

    public static string[] HintNames(GeneratorRun run) =>
        run.Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
}
