using System;
using System.IO;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Benchmarks.Templates;

/// <summary>Compiles a prompt interface against the running .NET and the PromptGen runtime, for the template benchmarks.</summary>
internal static class TemplateCompilation
{
    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .Append(MetadataReference.CreateFromFile(typeof(ChatClient).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Create(string source) =>
        CSharpCompilation.Create(
            "Bench",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)) },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A prompt interface whose one method's user template is <paramref name="template"/> (written as a C# string literal).</summary>
    public static string Interface(string template, string parameters) => $$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        [PromptClient]
        public partial interface IBench
        {
            [UserPrompt({{SymbolDisplay.FormatLiteral(template, quote: true)}})]
            Task<string> AskAsync({{parameters}}, CancellationToken cancellationToken = default);
        }
        """;
}
