using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// Runs generator and analyzer over one prompt interface and returns what the user sees, as "ID Severity 'located
/// text': message". Every call also asserts that the generated code compiles: an error must never cost the user a
/// second, generated error.
/// </summary>
internal static class CatalogHarness
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        """;

    public const string Types = """
        public sealed record Person(string Name, int Age, string City);
        public sealed class Customer { public string Name { get; set; } = ""; public List<string> Tags { get; set; } = new(); public int Age { get; set; } }
        public interface IShape { double Area { get; } }
        public abstract class Animal { public string Name { get; set; } = ""; }
        public sealed class TwoWays { public TwoWays(string a) { A = a; } public TwoWays(int b) { A = b.ToString(); } public string A { get; } }
        public sealed class Holder { public TwoWays? Item { get; set; } }
        public sealed class Drawing { public string Title { get; set; } = ""; public IShape? Shape { get; set; } }
        public enum Mood { Happy, Sad }
        public sealed class Review
        {
            [JsonPropertyName("full_name")] public string FullName { get; set; } = "";
            public int Stars { get; set; }
            public Mood Mood { get; set; }
            public List<string> Tags { get; set; } = new();
            public Person? Author { get; set; }
            public DateTime? When { get; set; }
        }

        """;

    /// <summary>An interface <c>IPrompts</c> with <paramref name="members"/>, after the shared types.</summary>
    public static string Source(string members, string interfaceAttributes = "") =>
        Usings + Types + "[PromptClient]" + interfaceAttributes + "\npublic partial interface IPrompts\n{\n" + members + "\n}\n";

    /// <summary>PromptGen's diagnostics (hidden ones only when asked), in source order.</summary>
    public static async Task<string[]> DiagnoseAsync(string source, bool includeHidden = false) =>
        (await CheckedAsync(source)).Prompt(includeHidden);

    public static Task<string[]> MembersAsync(string members, string interfaceAttributes = "", bool includeHidden = false) =>
        DiagnoseAsync(Source(members, interfaceAttributes), includeHidden);

    /// <summary>Every diagnostic, after asserting that nothing went wrong in generated code.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AllAsync(string source) => (await CheckedAsync(source)).All;

    /// <summary><see cref="GeneratorHarness.AnalyzeAsync"/>, asserting no warning or error in generated code, no CS8785, AD0001 or PG0099.</summary>
    public static async Task<Analysis> CheckedAsync(string source)
    {
        var analysis = await GeneratorHarness.AnalyzeAsync(source);
        Assert.Empty(analysis.InGeneratedCode(DiagnosticSeverity.Warning));
        Assert.DoesNotContain(analysis.All, d => d.Id is "CS8785" or "AD0001" or "PG0099");
        return analysis;
    }
}
