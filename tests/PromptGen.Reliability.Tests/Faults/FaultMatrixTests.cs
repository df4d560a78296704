using Xunit;

namespace PromptGen.Reliability.Tests.Faults;

// The fault matrix (issue 12, section 6): every scenario of FaultCatalog in every call mode it lists, one test class per
// group so that xunit runs the groups in parallel (most scenarios wait on sockets, not on the CPU).

public sealed class FaultMatrixTests
{
    [Fact]
    public void TheMatrixHasAtLeast80ScenariosInGroupsAndCoversEveryMode()
    {
        Assert.True(FaultCatalog.Scenarios.Count >= 80, $"{FaultCatalog.Scenarios.Count} scenarios");
        Assert.Equal(FaultCatalog.Scenarios.Count, FaultCatalog.Scenarios.Select(s => s.Name).Distinct().Count());
        Assert.All(FaultCatalog.Scenarios, s => Assert.NotEqual("", s.Group));
        foreach (var mode in CallModes.All)
        {
            Assert.True(FaultCatalog.Scenarios.Count(s => s.Modes.Contains(mode)) >= 40, $"{mode} is in too few scenarios");
        }
    }
}

public sealed class StatusFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("Statuses");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class ConnectionFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("Connections");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class TimeoutFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("Timeouts");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class FramingFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("Framing");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class ReplyFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("Replies");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class ErrorInsideSuccessFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("ErrorsInside");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class RetryAfterFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("RetryAfter");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}

public sealed class KeyFaults
{
    public static TheoryData<string, CallMode> Cases() => FaultCatalog.Cases("Keys");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(string name, CallMode mode) => ScenarioRunner.RunAsync(FaultCatalog.Get(name), mode);
}
