namespace PromptGen.Benchmarks.Generator;

/// <summary>
/// The <c>generator-profile [--floor] [--edits=20]</c> mode: a warm driver (PromptGen's, or the symbol floor's with
/// <c>--floor</c>) then <c>edits</c> unrelated edits, each on a new compilation, and nothing else, so a trace of the
/// process (<c>dotnet-trace collect --profile gc-verbose -- dotnet PromptGen.Benchmarks.dll generator-profile</c>) shows
/// where a keystroke's allocations go. Prints the mean allocated bytes per edit. To take the warm-up out of a trace,
/// trace once with <c>--edits=1</c> and once with <c>--edits=20</c> and divide the difference by 19 (docs/performance.md).
/// </summary>
public static class GeneratorProfile
{
    public static int Run(TextWriter output, bool floor, int edits)
    {
        if (edits < 1)
        {
            output.WriteLine($"--edits must be 1 or more (received {edits}).");
            return 1;
        }

        var project = GeneratedProject.Create();
        var warm = floor ? SymbolFloor.CreateDriver().RunGenerators(project.Compile()) : PromptGenGenerator.CreateDriver().RunGenerators(project.Compile());
        GC.KeepAlive(warm.RunGenerators(project.Compile().ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdited)));
        GC.Collect(); // an induced GC marks where the measured edits start in a trace
        long total = 0;
        for (var i = 0; i < edits; i++)
        {
            var compilation = project.Compile().ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdited);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            GC.KeepAlive(warm.RunGenerators(compilation));
            total += GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        output.WriteLine($"{(floor ? "Symbol floor" : "PromptGen")}: {edits} unrelated edits, {total / edits / 1048576.0:F2} MB per edit");
        return 0;
    }
}
