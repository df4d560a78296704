using Xunit;

namespace PromptGen.Reliability.Tests.Fuzz;

/// <summary>
/// Failures the fuzz corpus found, shrunk by hand to the declaration that shows each one. Each must pass
/// <see cref="FuzzHarness.Check"/>: no generator or analyzer exception, and generated code that compiles whenever the
/// user's code does (a declaration PromptGen cannot serve is a PG diagnostic in user code instead).
/// </summary>
public sealed class FuzzRegressionTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing PromptGen;\n";

    /// <summary>A keyword used as a name (<c>@interface</c>) must stay escaped in generated code (today: CS1001, CS1513, CS1514 in <c>Kw._interface.g.cs</c>).</summary>
    [Fact]
    public void KeywordNamedInterface() => AssertSound(Usings + """
        namespace Kw { [PromptClient] public partial interface @interface { Task<string> AskAsync(string q); } }
        """);

    /// <summary>
    /// Two interfaces whose names differ only by case give hint names that differ only by case, which Roslyn treats as
    /// the same file (today: CS8785, ArgumentException "The hintName 'Demo.itutor.g.cs' … must be unique").
    /// </summary>
    [Fact]
    public void InterfacesWhoseNamesDifferOnlyByCase() => AssertSound(Usings + """
        namespace Demo
        {
            [PromptClient] public partial interface ITutor { Task<string> AskAsync(string q); }
            [PromptClient] public partial interface itutor { Task<string> AskAsync(string q); }
        }
        """);

    /// <summary>A ref struct parameter cannot cross the generated async method (today: CS4012 in the generated file); it must be a PG diagnostic instead.</summary>
    [Fact]
    public void RefStructParameter() => AssertSound(Usings + """
        namespace Demo { [PromptClient] public partial interface ISpans { [UserPrompt("{{ text }}")] Task<string> AskAsync(ReadOnlySpan<char> text); } }
        """);

    /// <summary>A method named <c>nameof</c> captures the generated code's own <c>nameof(…)</c> (today: CS7036 in the generated file).</summary>
    [Fact]
    public void MethodNamedNameof() => AssertSound(Usings + """
        namespace Demo { [PromptClient] public partial interface INames { [UserPrompt("Points along {{ path }}")] Task<string> nameof(string path, CancellationToken cancellationToken = default); } }
        """);

    /// <summary>A <c>dynamic</c> parameter with a <c>default</c> value on a streamed method (today: CS8716 "There is no target type for the default literal" in the generated file).</summary>
    [Fact]
    public void DynamicParameterWithDefaultOnAStream() => AssertSound(Usings + """
        using System.Collections.Generic;
        namespace Beta { [PromptClient] public partial interface IStreamer { [UserPrompt("B {{ q }}")] IAsyncEnumerable<string> StreamAsync(string q, dynamic cancellationToken = default); } }
        """);

    private static void AssertSound(string source)
    {
        var problems = FuzzHarness.Check(source);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
