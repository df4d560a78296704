using System.Globalization;
using Microsoft.CodeAnalysis;

namespace PromptGen.Benchmarks.Generator;

/// <summary>
/// The <c>generator-steps</c> mode: runs the generator with <c>trackIncrementalGeneratorSteps</c> on the project, then
/// after an unrelated edit and after one template edit, and prints how many outputs of each named step were New,
/// Modified, Unchanged, Cached or Removed.
/// </summary>
public static class GeneratorSteps
{
    public static int Run(TextWriter output)
    {
        var project = GeneratedProject.Create();
        var cold = PromptGenGenerator.CreateDriver(trackSteps: true).RunGenerators(project.Compile());
        var unrelated = cold.RunGenerators(project.Compile().ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdited));
        var template = cold.RunGenerators(project.Compile().ReplaceSyntaxTree(project.TemplateTree, project.TemplateEdited));

        output.WriteLine();
        output.WriteLine($"Generator step outputs ({project.Interfaces} interfaces, {project.Methods} methods): New/Modified/Unchanged/Cached/Removed");
        output.WriteLine();
        output.WriteLine("| Step | Cold run | After an unrelated edit | After one template edit |");
        output.WriteLine("| --- | --- | --- | --- |");
        var runs = new[] { cold, unrelated, template }.Select(driver => Count(driver.GetRunResult())).ToArray();
        foreach (var step in runs.SelectMany(run => run.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            output.WriteLine($"| {step} | {string.Join(" | ", runs.Select(run => run.TryGetValue(step, out var counts) ? Describe(counts) : "-"))} |");
        }

        return 0;
    }

    private static Dictionary<string, int[]> Count(GeneratorDriverRunResult result)
    {
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var generator in result.Results)
        {
            foreach (var (name, steps) in generator.TrackedSteps)
            {
                var key = generator.Generator.GetGeneratorType().Name + "." + name;
                if (!counts.TryGetValue(key, out var row))
                {
                    counts[key] = row = new int[5];
                }

                foreach (var step in steps)
                {
                    foreach (var (_, reason) in step.Outputs)
                    {
                        row[(int)reason]++;
                    }
                }
            }
        }

        return counts;
    }

    private static string Describe(int[] counts) =>
        string.Join("/", counts.Select(count => count.ToString(CultureInfo.InvariantCulture)));
}
