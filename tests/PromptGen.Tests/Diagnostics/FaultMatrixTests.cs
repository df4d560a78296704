using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// One diagnostic per fault: each fault alone, then in pairs, reports exactly its own diagnostic (id, located text,
/// message) — never a second diagnostic for the same fault, never one at the wrong place. The method classification
/// (Parser → MethodSpec.Faults) decides this once for the generator and the analyzer.
/// </summary>
public class FaultMatrixTests
{
    private const string Generic = "PG0010 Error 'A': Method 'A' cannot be implemented by PromptGen: generic methods are not supported; remove the type parameters";
    private const string RefParameter = "PG0010 Error 'q': Method 'A' cannot be implemented by PromptGen: parameter 'q' is passed by 'ref'; pass it by value";
    private const string ReturnsString = "PG0002 Error 'string': Method 'A' returns 'string', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1), IAsyncEnumerable<string>, IAsyncEnumerable<T>, ChatStream<T> or PartialStream<T>";
    private const string TemperatureThree = "PG0005 Error '3': Temperature is 3, outside the range the API accepts (0 to 2); choose a value from 0 to 2";
    private const string EmptyUserShot = "PG0025 Error '\"\"': The user side of a [FewShot] example of 'A' is empty; an example needs both a user message and the assistant's reply";

    private static string StreamChoices(string located, int n) =>
        $"PG0017 Error '{located}': Method 'A' streams its reply but asks for {n} choices; a stream carries one reply, so remove [Choices], or return 'Task<IReadOnlyList<string>>' to receive every choice whole";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        // Each fault alone.
        { "", "Task<string> A<T>(string q);", new[] { Generic } },
        { "", "string A(string q);", new[] { ReturnsString } },
        { "", "Task<string> A(ref string q);", new[] { RefParameter } },
        { "", "[Temperature(3)] Task<string> A(string q);", new[] { TemperatureThree } },
        { "", "[Choices(2)] IAsyncEnumerable<string> A(string q);", new[] { StreamChoices("2", 2) } },
        { "", "[FewShot(\"\", \"x\")] Task<string> A(string q);", new[] { EmptyUserShot } },

        // A method type parameter in the return type is the generic fault, not also an unsupported return type (PG0002,
        // whose list of valid types names Task<T>), nor a choices, stream or JSON fault.
        { "", "Task<T> A<T>(string q);", new[] { Generic } },
        { "", "[Temperature(0.2)] Task<T> A<T>(string q);", new[] { Generic } },
        { "", "[Temperature(0.2)] Task<string> A<T>(string q);", new[] { Generic } },
        { "", "[Choices(2)] Task<IReadOnlyList<T>> A<T>(string q);", new[] { Generic } },
        { "", "IAsyncEnumerable<T> A<T>(string q);", new[] { Generic } },
        { "", "[Choices(2)] IAsyncEnumerable<T> A<T>(string q);", new[] { Generic } },
        { "", "Task<ChatResult<List<T>>> A<T>(string q);", new[] { Generic } },

        // An interface-level [Choices] is a default: streams ignore it, as they ignore the interface's [Repair].
        { "[Choices(2)]", "IAsyncEnumerable<string> A(string q);", Array.Empty<string>() },
        { "[Choices(2)]", "IAsyncEnumerable<string> A(string q); Task<IReadOnlyList<string>> B(string q);", Array.Empty<string>() },
        // …but a stream's own [Choices] is reported once, at its own attribute.
        { "[Choices(2)]", "[Choices(3)] IAsyncEnumerable<string> A(string q);", new[] { StreamChoices("3", 3) } },
        // A method returning one reply can change its return type, so the interface's default is still a fault there.
        { "[Choices(2)]", "Task<string> A(string q);", new[] { "PG0015 Error 'Task<string>': Method 'A' asks for 2 choices but returns 'System.Threading.Tasks.Task<string>', which holds one; return Task<IReadOnlyList<string>> to receive every choice, or remove [Choices]" } },

        // Pairs: two faults, two diagnostics, each at its own place.
        { "", "[Temperature(3)] Task<T> A<T>(string q);", new[] { TemperatureThree, Generic } },
        { "", "string A(ref string q);", new[] { ReturnsString, RefParameter } },
        { "", "Task<string> A<T>(ref string q);", new[] { Generic, RefParameter } },
        { "", "[FewShot(\"\", \"x\")] Task<T> A<T>(string q);", new[] { EmptyUserShot, Generic } },
        { "", "[Choices(2), Temperature(3)] IAsyncEnumerable<string> A(string q);", new[] { StreamChoices("2", 2), TemperatureThree } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachFaultIsReportedOnceAtItsPlace(string interfaceAttributes, string members, string[] expected)
    {
        var diagnostics = await CatalogHarness.MembersAsync(members, interfaceAttributes);

        Assert.Equal(expected.OrderBy(d => d, StringComparer.Ordinal), diagnostics.OrderBy(d => d, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AStreamSendsNoChoicesFromItsInterface()
    {
        var analysis = await Generator.GeneratorHarness.AnalyzeAsync(CatalogHarness.Source(
            "IAsyncEnumerable<string> A(string q); Task<IReadOnlyList<string>> B(string q);", "[Choices(2)]"));
        var source = analysis.Run.GeneratedSource("IPrompts.g.cs");

        var a = source.Substring(source.IndexOf("CreateARequest(", StringComparison.Ordinal));
        a = a.Substring(0, a.IndexOf("CreateBRequest(", StringComparison.Ordinal));
        var b = source.Substring(source.IndexOf("CreateBRequest(", StringComparison.Ordinal));
        Assert.DoesNotContain("N = ", a, StringComparison.Ordinal);
        Assert.Contains("N = 2,", b, StringComparison.Ordinal);
    }
}
