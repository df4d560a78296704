using Xunit;

namespace PromptGen.Reliability.Tests.Faults;

/// <summary>The fault matrix (issue 12, section 6): every scenario of <see cref="FaultCatalog"/> in every call mode it lists.</summary>
public sealed class FaultMatrixTests
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);

    [Fact]
    public void TheMatrixHasAtLeast80ScenariosAndCoversEveryMode()
    {
        Assert.True(FaultCatalog.Scenarios.Count >= 80, $"{FaultCatalog.Scenarios.Count} scenarios");
        Assert.Equal(FaultCatalog.Scenarios.Count, FaultCatalog.Scenarios.Select(s => s.Name).Distinct().Count());
        foreach (var mode in CallModes.All)
        {
            Assert.True(FaultCatalog.Scenarios.Count(s => s.Modes.Contains(mode)) >= 40, $"{mode} is in too few scenarios");
        }
    }
}
