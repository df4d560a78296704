using System.Globalization;
using System.Reflection;
using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Review 11 §3: a <c>float</c> or <c>double</c> was compared through <c>Convert.ToDecimal</c>, which keeps 7 significant
/// digits of a float and 15 of a double, so distinct values were equal (<c>1.0000001f == 1</c>, <c>0.1 + 0.2 == 0.3</c>)
/// and equal ones were not (<c>16777216f == 16777216</c> was false: the float became 16777220). Numbers now compare by
/// their exact values, and a literal compared with a float or double is read in that type, as C# reads <c>0.1f</c>:
/// <c>f == 0.1</c> holds for the float nearest 0.1, and fails for its neighbours. Half stays a type of its own (PG0004).
/// </summary>
public class TemplateNumberComparisonTests
{
    private const string Parameters = "float f, double d, float? nf, double? nd, decimal m, long l, int i";

    [Theory]
    // a literal is read as a float: the float nearest 0.1 equals 0.1, and orders as it
    [InlineData("{{ f == 0.1 }} {{ f != 0.1 }} {{ f > 0.1 }} {{ f <= 0.1 }} {{ 0.1 == f }}", "true false false true true", 0.1f, 0d, null, null, "0", 0L, 0)]
    // the next float above 1 is not 1 (the decimal rounding made it 1)
    [InlineData("{{ f == 1 }} {{ f > 1 }} {{ f >= 1.0 }} {{ 1 < f }}", "false true true true", 1.0000001f, 0d, null, null, "0", 0L, 0)]
    // 2^24 is 16777216 (the decimal rounding made it 16777220); 16777217 and 16777216.5 read as a float are 16777216, as in C#
    [InlineData("{{ f == 16777216 }} {{ f == 16777217 }} {{ f < 16777216.5 }} {{ f == i }}", "true true false true", 16777216f, 0d, null, null, "0", 0L, 16777216)]
    // a double: 0.1 + 0.2 is not 0.3 (as in C#), 0.1 is 0.1, 2^53 is itself
    [InlineData("{{ d == 0.3 }} {{ d > 0.3 }} {{ d != 0.30000000000000004 }}", "false true false", 0f, 0.1 + 0.2, null, null, "0", 0L, 0)]
    [InlineData("{{ d == 0.1 }} {{ d < 0.1 }}", "true false", 0f, 0.1, null, null, "0", 0L, 0)]
    [InlineData("{{ d == 9007199254740992 }} {{ d < 9007199254740993 }}", "true false", 0f, 9007199254740992d, null, null, "0", 0L, 0)]
    // two variables: by exact value (0.1f is 0.100000001490116…: above 0.1d and 0.1m)
    [InlineData("{{ f == d }} {{ f > d }} {{ f == m }} {{ f > m }} {{ d == m }}", "false true false true false", 0.1f, 0.1, null, null, "0.1", 0L, 0)]
    [InlineData("{{ f == d }} {{ f == m }} {{ d == m }} {{ f == i }}", "true true true false", 0.5f, 0.5, null, null, "0.5", 0L, 0)]
    // a long beyond 2^53 against the double next to it (15 digits made them equal)
    [InlineData("{{ l == d }} {{ l > d }}", "false true", 0f, 9007199254740992d, null, null, "0", 9007199254740993L, 0)]
    // nullables: null is before every number; a value compares as its value
    [InlineData("{{ nf < 0.5 }} {{ nf == 0.5 }} {{ nd == null }}", "true false true", 0f, 0d, null, null, "0", 0L, 0)]
    [InlineData("{{ nf == 0.1 }} {{ nd == 0.3 }} {{ nd > 0.3 }}", "true false true", 0f, 0d, 0.1f, 0.1 + 0.2, "0", 0L, 0)]
    // NaN equals NaN and orders before every number (it equalled -Infinity); infinities order past every number
    [InlineData("{{ d == nd }} {{ d < -1000000 }} {{ d == 0 }}", "true true false", 0f, double.NaN, null, double.NaN, "0", 0L, 0)]
    [InlineData("{{ d == nd }} {{ nd < d }} {{ d > 9223372036854775807 }}", "false true true", 0f, double.PositiveInfinity, null, double.NegativeInfinity, "0", 0L, 0)]
    public async Task NumbersCompareByExactValueAndALiteralIsReadInTheFloatingType(string template, string rendered, float f, double d, float? nf, double? nd, string m, long l, int i)
    {
        var analysis = await CatalogHarness.CheckedAsync(CatalogHarness.Source("[UserPrompt(\"" + template + "\")] Task<string> AskAsync(" + Parameters + ");"));
        var diagnostics = analysis.Prompt().Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal)).ToArray();
        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));
        using var image = new MemoryStream();
        var emitted = analysis.Run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var create = Assembly.Load(image.ToArray()).GetType("IPrompts+Client")!.GetMethod("CreateAskAsyncRequest")!;

        var request = (ChatRequest)create.Invoke(null, new object?[] { f, d, nf, nd, decimal.Parse(m, CultureInfo.InvariantCulture), l, i })!;

        Assert.Equal("user: " + rendered, Assert.Single(request.Messages).ToString());
    }

    /// <summary>The generated comparison writes the literal in the float's type, as C# would read it with a suffix.</summary>
    [Fact]
    public async Task TheLiteralIsWrittenInTheOperandsType()
    {
        var analysis = await CatalogHarness.CheckedAsync(CatalogHarness.Source("[UserPrompt(\"{{ if f == 0.1 }}a{{ end }}{{ if nd < -2 }}b{{ end }}{{ if m > 0.1 }}c{{ end }}\")] Task<string> AskAsync(" + Parameters + ");"));
        var client = analysis.Run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("IPrompts.g.cs", StringComparison.Ordinal)).ToString();

        Assert.Contains("global::PromptGen.PromptText.AreEqual(f, 0.1F)", client, StringComparison.Ordinal);
        Assert.Contains("global::PromptGen.PromptText.Compare(nd, -2D, \"AskAsync\") < 0", client, StringComparison.Ordinal);
        Assert.Contains("global::PromptGen.PromptText.Compare(m, 0.1m, \"AskAsync\") > 0", client, StringComparison.Ordinal);
    }
}
