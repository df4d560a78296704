using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace PromptGen.Tests.Generator;

public class IncrementalTests
{
    private static readonly string[] TrackedSteps = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    private const string Other = """
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        [PromptClient]
        public partial interface IOther
        {
            [UserPrompt("Say hello to {{ name }}.")]
            Task<string> HelloAsync(string name);
        }
        """;

    /// <summary>Makes the tools pipeline run too (a [PromptTools] interface gets a dispatcher).</summary>
    private const string ClockTools = """
        namespace Demo;

        /// <summary>Clock tools.</summary>
        [PromptGen.PromptTools]
        public interface IClockTools
        {
            /// <summary>The time.</summary>
            string Now();
        }
        """;

    /// <summary>Makes the fake pipeline run too, so every tracked step is checked.</summary>
    private const string AskForFake = "[assembly: PromptGen.Testing.PromptFake(typeof(Demo.ITutor))]";

    [Fact]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.Compile(Sources.Tutor, AskForFake, ClockTools, "namespace Demo; public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Added { get; set; } }", GeneratorHarness.ParseOptions, path: "App1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} did not run");
            foreach (var run in result.TrackedSteps[step])
            {
                Assert.All(run.Outputs, output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {step} was {output.Reason}"));
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditingOneInterfaceRegeneratesThatInterfaceAlone()
    {
        var compilation = GeneratorHarness.Compile(Sources.Tutor, Other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText(Other.Replace("Say hello", "Say goodbye"), GeneratorHarness.ParseOptions, path: "App1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.Interfaces].SelectMany(s => s.Outputs)
            .Select(o => (((InterfaceSpec)o.Value).Name, o.Reason))
            .OrderBy(x => x.Name, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[] { ("IOther", IncrementalStepRunReason.Modified), ("ITutor", IncrementalStepRunReason.Cached) }, reasons);
    }

    [Fact]
    public void ModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var run = GeneratorHarness.Run(Sources.Tutor, Other, AskForFake, ClockTools);
        var result = run.Result.Results.Single();
        foreach (var step in TrackedSteps)
        {
            foreach (var value in result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
