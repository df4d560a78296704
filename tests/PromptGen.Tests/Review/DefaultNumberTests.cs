using System.Reflection;
using Microsoft.CodeAnalysis;
using PromptGen.Tests.Declarations;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Review;

/// <summary>
/// Review 10 §6: a default of negative zero is repeated as <c>-0.0D</c> (not <c>-0D</c>, which reads as an integer, nor
/// <c>0D</c>, which .NET Framework's "R" writes and which loses the sign), and the generated client's parameter really
/// defaults to negative zero.
/// </summary>
public class DefaultNumberTests
{
    [Fact]
    public async Task NegativeZeroDefaultsKeepTheirSignAndReadAsFloatingPoint()
    {
        var analysis = await GeneratorHarness.AnalyzeAsync(DeclarationHarness.Usings + """
            public partial interface IZero
            {
                [UserPrompt("{{ q }} {{ e }} {{ f }} {{ g }} {{ h }}")]
                Task<string> AskAsync(string q, double e = -0.0, float f = -0.0f, double g = 0.1, double h = 0, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Empty(analysis.Visible.Select(GeneratorHarness.Describe));
        var client = analysis.Run.GeneratedSource("IZero.g.cs");
        Assert.Contains("AskAsync(string q, double e = -0.0D, float f = -0.0F, double g = 0.1D, double h = 0D, global::System.Threading.CancellationToken cancellationToken = default)", client, StringComparison.Ordinal);

        using var image = new MemoryStream();
        Assert.True(analysis.Run.Output.Emit(image).Success);
        var method = Assembly.Load(image.ToArray()).GetType("IZero+Client")!.GetMethod("AskAsync")!;
        var parameters = method.GetParameters();
        Assert.True(double.IsNegative((double)parameters[1].DefaultValue!));
        Assert.True(float.IsNegative((float)parameters[2].DefaultValue!));
        Assert.False(double.IsNegative((double)parameters[4].DefaultValue!));
    }
}
