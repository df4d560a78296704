using Microsoft.CodeAnalysis;
using PromptGen.Generator.Json;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// Issue 13 §3 / issue 9 §1: one interface's JSON contracts are read once per type and its reply schemas built once per
/// type and mode (<see cref="JsonContracts"/>), and sharing them changes nothing a member decides for itself.
/// </summary>
public class JsonContractsTests
{
    private const string Source = """
        using System.Text.Json.Serialization;

        public sealed record Box(
            int Count,
            [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int Loose,
            Box? Inner);
        """;

    private static (JsonContracts Contracts, INamedTypeSymbol Box) Setup()
    {
        var compilation = GeneratorHarness.Compile(Source);
        return (new JsonContracts(JsonContractOptions.Reflection), compilation.GetTypeByMetadataName("Box")!);
    }

    [Fact]
    public void ATypeIsReadOnce()
    {
        var (contracts, box) = Setup();

        var first = contracts.Of(box);

        Assert.Same(first, contracts.Of(box));
        Assert.Equal(new[] { "count", "loose", "inner" }, first.Members.Select(m => m.JsonName));
    }

    [Fact]
    public void AMembersOwnNumberHandlingAndNullabilityAreKept()
    {
        var (contracts, box) = Setup();
        var members = contracts.Of(box).Members.ToDictionary(m => m.Symbol.Name);

        Assert.False(contracts.Of(members["Count"].Type, members["Count"].Symbol).NumbersFromStrings);
        Assert.True(contracts.Of(members["Loose"].Type, members["Loose"].Symbol).NumbersFromStrings);
        Assert.True(contracts.Of(members["Inner"].Type, members["Inner"].Symbol).IsNullable);
        Assert.False(contracts.Of(box).IsNullable);
    }

    [Fact]
    public void ASchemaIsBuiltOncePerModeAndEqualsAFreshBuild()
    {
        var (contracts, box) = Setup();
        var strict = new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection);
        var loose = new SchemaSettings(false, "json_schema", JsonContractOptions.Reflection);

        var built = contracts.Schema(box, strict, items: false);

        Assert.Same(built, contracts.Schema(box, strict, items: false));
        Assert.NotSame(built, contracts.Schema(box, loose, items: false));
        var fresh = SchemaBuilder.Build(box, strict);
        Assert.Equal(fresh.Root.ToJson(), built.Rules);
        Assert.Equal(fresh.Root.ToJson(SchemaBuilder.StrictAccepts), built.Sent);
    }
}
