using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptGen.Tests.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// Contracts System.Text.Json refuses when it first builds them (InvalidOperationException inside the client's type
/// initializer, so every method threw TypeInitializationException): two members with one JSON name (explicit, by the
/// naming policy, or the same ignoring case under PropertyNameCaseInsensitive), several or mistyped [JsonExtensionData],
/// [JsonExtensionData] with JsonUnmappedMemberHandling.Disallow. Each type is compiled against the running .NET and read
/// by System.Text.Json under four options; the build-time model must refuse exactly what System.Text.Json refuses.
/// </summary>
public class ContractRefusalTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;

        namespace Types;

        public class Dup { [JsonPropertyName("x")] public int A { get; set; } [JsonPropertyName("x")] public int B { get; set; } }
        public class SnakeClash { public string FirstName { get; set; } = ""; public string first_name { get; set; } = ""; }
        public class CaseClash { public string Name { get; set; } = ""; [JsonPropertyName("NAME")] public string Upper { get; set; } = ""; }
        public class ReadOnlyClash { [JsonPropertyName("total")] public int Sum { get; set; } public int Total => Sum; }
        public class IgnoredClash { [JsonPropertyName("x")] public int A { get; set; } [JsonIgnore] [JsonPropertyName("x")] public int B { get; set; } }
        public class BaseX { [JsonPropertyName("x")] public virtual int A { get; set; } }
        public class Overrides : BaseX { [JsonPropertyName("x")] public override int A { get; set; } }
        public class Hides : BaseX { [JsonPropertyName("x")] public new int A { get; set; } }
        public class DerivedClash : BaseX { [JsonPropertyName("x")] public int B { get; set; } }
        public class FieldClash { [JsonInclude] [JsonPropertyName("x")] public int A; [JsonPropertyName("x")] public int B { get; set; } }
        public class PrivateClash { [JsonPropertyName("x")] public int A { get; set; } [JsonPropertyName("x")] private int B { get; set; } }
        public class TwoExt { [JsonExtensionData] public Dictionary<string, JsonElement>? A { get; set; } [JsonExtensionData] public Dictionary<string, object>? B { get; set; } }
        public class BadExt { [JsonExtensionData] public Dictionary<string, string>? A { get; set; } }
        public class ObjectExt { [JsonExtensionData] public JsonObject? A { get; set; } }
        public class ElementExt { [JsonExtensionData] public IDictionary<string, JsonElement>? A { get; set; } }
        [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)] public class DisallowExt { [JsonExtensionData] public Dictionary<string, object>? A { get; set; } }
        [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)] public class DisallowOnly { public int A { get; set; } }
        public record Fine(string Name, int Age);
        public class Nested { public List<Dup> Items { get; set; } = new(); }
        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")] [JsonDerivedType(typeof(KCircle), "circle")] public abstract class KShape { }
        public sealed class KCircle : KShape { public string Kind { get; set; } = ""; public double R { get; set; } }
        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")] [JsonDerivedType(typeof(LCircle), "circle")] public abstract class LShape { }
        public sealed class LCircle : LShape { [JsonPropertyName("kind")] public string Sort { get; set; } = ""; }
        [JsonDerivedType(typeof(TCircle), "circle")] public abstract class TShape { }
        public sealed class TCircle : TShape { [JsonPropertyName("$type")] public string T { get; set; } = ""; }
        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")] [JsonDerivedType(typeof(OkCircle), "circle")] public abstract class OkShape { }
        public sealed class OkCircle : OkShape { public double R { get; set; } [JsonIgnore] public string Kind { get; set; } = ""; }
        """;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in new[]
        {
            "Dup", "SnakeClash", "CaseClash", "ReadOnlyClash", "IgnoredClash", "Overrides", "Hides", "DerivedClash", "FieldClash", "PrivateClash",
            "TwoExt", "BadExt", "ObjectExt", "ElementExt", "DisallowExt", "DisallowOnly", "Fine",
        })
        {
            foreach (var options in new[] { "web", "plain", "snake", "insensitive" })
            {
                data.Add(type, options);
            }
        }

        return data;
    }

    private static (JsonSerializerOptions Runtime, JsonContractOptions Build) Options(string name) => name switch
    {
        "web" => (PromptReply.ReflectionOptions.Value, JsonContractOptions.Reflection),
        "plain" => (new JsonSerializerOptions(), Plain(NamingPolicy.None, caseInsensitive: false)),
        "snake" => (new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }, Plain(NamingPolicy.SnakeCaseLower, caseInsensitive: false)),
        _ => (new JsonSerializerOptions { PropertyNameCaseInsensitive = true }, Plain(NamingPolicy.None, caseInsensitive: true)),
    };

    private static JsonContractOptions Plain(NamingPolicy naming, bool caseInsensitive) =>
        new(naming, caseInsensitive, false, false, false, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheBuildTimeModelRefusesExactlyTheContractsSystemTextJsonRefuses(string name, string optionsName)
    {
        var (compilation, assembly) = Compiled.Value;
        var (runtime, build) = Options(optionsName);
        string? refused = null;
        try
        {
            JsonSerializer.Deserialize("{}", assembly.GetType("Types." + name, throwOnError: true)!, runtime);
        }
        catch (InvalidOperationException exception)
        {
            refused = exception.Message;
        }

        var contract = JsonContract.Of(compilation.GetTypeByMetadataName("Types." + name)!, build);
        var why = contract.Kind == JsonShapeKind.Unsupported ? contract.Refusal : null;
        Assert.True((refused is null) == (why is null), refused is null
            ? $"System.Text.Json reads {name} under {optionsName}, but PromptGen says: {why}"
            : $"System.Text.Json refuses {name} under {optionsName} ({refused}), but PromptGen finds nothing wrong");
    }

    public static TheoryData<string, string> Polymorphic()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in new[] { "KShape", "LShape", "TShape", "OkShape" })
        {
            foreach (var options in new[] { "web", "plain", "snake", "insensitive" })
            {
                data.Add(type, options);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Polymorphic))]
    public void ADerivedTypeWithAMemberNamedAsTheDiscriminatorIsRefusedExactlyWhenSystemTextJsonRefusesIt(string name, string optionsName)
    {
        var (compilation, assembly) = Compiled.Value;
        var (runtime, build) = Options(optionsName);
        var symbol = compilation.GetTypeByMetadataName("Types." + name)!;
        var attribute = symbol.GetAttributes().First(a => a.AttributeClass!.Name == "JsonDerivedTypeAttribute");
        var discriminator = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass!.Name == "JsonPolymorphicAttribute")?.NamedArguments[0].Value.Value as string ?? "$type";
        string? refused = null;
        try
        {
            JsonSerializer.Deserialize("{\"" + discriminator + "\":\"circle\"}", assembly.GetType("Types." + name, throwOnError: true)!, runtime);
        }
        catch (InvalidOperationException exception)
        {
            refused = exception.Message;
        }

        var why = JsonContract.DiscriminatorClash((INamedTypeSymbol)attribute.ConstructorArguments[0].Value!, discriminator, build);
        Assert.True((refused is null) == (why is null), refused is null
            ? $"System.Text.Json reads {name} under {optionsName}, but PromptGen says: {why}"
            : $"System.Text.Json refuses {name} under {optionsName} ({refused}), but PromptGen finds nothing wrong");
    }

    [Fact]
    public async Task ADerivedTypeWithAMemberNamedAsTheDiscriminatorIsPG0050()
    {
        var d = await Diagnose("""[UserPrompt("{{ q }}")] Task<KShape> AskAsync(string q, CancellationToken cancellationToken = default);""");

        Assert.Equal(new[]
        {
            "PG0050 Error 'Task<KShape>': The reply of 'AskAsync' cannot be described in json_schema strict mode: the reply is 'KCircle', a [JsonDerivedType] whose member 'Kind' has the JSON name 'kind', the discriminator's, which System.Text.Json refuses (every call would throw InvalidOperationException); rename it with [JsonPropertyName], [JsonIgnore] it, or choose another [JsonPolymorphic(TypeDiscriminatorPropertyName = …)]",
        }, d);
    }

    private const string Types = """
        public class Dup { [JsonPropertyName("x")] public int A { get; set; } [JsonPropertyName("x")] public int B { get; set; } }
        public class Named { public string FirstName { get; set; } = ""; [JsonPropertyName("firstName")] public string Given { get; set; } = ""; }
        public class TwoExt { [JsonExtensionData] public Dictionary<string, object>? A { get; set; } [JsonExtensionData] public Dictionary<string, object>? B { get; set; } }
        public class Outer { public List<Dup> Items { get; set; } = new(); }
        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")] [JsonDerivedType(typeof(KCircle), "circle")] public abstract class KShape { }
        public sealed class KCircle : KShape { public string Kind { get; set; } = ""; public double R { get; set; } }

        """;

    private static Task<string[]> Diagnose(string members, string tools = "") =>
        CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + Types + tools + "[PromptClient]\npublic partial interface IPrompts\n{\n" + members + "\n}\n");

    [Fact]
    public async Task TheReviewersDuplicateJsonNameIsPG0050NamingBothMembersAndTheName()
    {
        var d = await Diagnose("""[UserPrompt("{{ q }}")] Task<Dup> AskAsync(string q, CancellationToken cancellationToken = default);""");

        Assert.Equal(new[]
        {
            "PG0050 Error 'Task<Dup>': The reply of 'AskAsync' cannot be described in json_schema strict mode: the reply is 'Dup', a type whose members 'A' and 'B' both have the JSON name 'x', which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it",
        }, d);
    }

    [Fact]
    public async Task ACollisionByTheNamingPolicyAndOneInsideAListAndTwoExtensionDataAreEachPG0050AtTheirPlace()
    {
        var d = await Diagnose("""
            [UserPrompt("{{ q }}")] Task<Named> NamedAsync(string q, CancellationToken cancellationToken = default);
            [UserPrompt("{{ q }}")] Task<Outer> OuterAsync(string q, CancellationToken cancellationToken = default);
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] [UserPrompt("{{ q }}")] Task<TwoExt> ExtAsync(string q, CancellationToken cancellationToken = default);
            """);

        Assert.Equal(new[]
        {
            "PG0050 Error 'Task<Named>': The reply of 'NamedAsync' cannot be described in json_schema strict mode: the reply is 'Named', a type whose members 'FirstName' and 'Given' both have the JSON name 'firstName' under the CamelCase naming policy, which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it",
            "PG0050 Error 'Task<Outer>': The reply of 'OuterAsync' cannot be described in json_schema strict mode: each item of 'items' is 'Dup', a type whose members 'A' and 'B' both have the JSON name 'x', which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it",
            "PG0050 Error 'Task<TwoExt>': The reply of 'ExtAsync' cannot be described in json_schema: the reply is 'TwoExt', a type with 2 [JsonExtensionData] members ('A', 'B'), which System.Text.Json refuses (it takes one); keep one",
        }, d);
    }

    [Fact]
    public async Task AToolParameterOrResultWhoseContractSystemTextJsonRefusesIsPG0062OrPG0063()
    {
        var d = await Diagnose(
            """[UserPrompt("{{ q }}")] Task<string> AskAsync(string q, ITools tools, CancellationToken cancellationToken = default);""",
            """
            /// <summary>Tools.</summary>
            [PromptTools]
            public interface ITools
            {
                /// <summary>Takes one.</summary>
                /// <param name="value">The value.</param>
                string Take(Dup value);
                /// <summary>Gives one.</summary>
                /// <param name="name">The name.</param>
                Dup Give(string name);
            }

            """);

        Assert.Equal(new[]
        {
            "PG0062 Error 'value': The parameters of tool 'Take' cannot be described as JSON Schema: parameter 'value' is 'Dup', a type whose members 'A' and 'B' both have the JSON name 'x', which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it",
            "PG0063 Error 'Dup': The result of tool 'Give' cannot be sent to the model: 'Dup' is a type whose members 'A' and 'B' both have the JSON name 'x', which System.Text.Json refuses (every call would throw InvalidOperationException); give one of them another [JsonPropertyName], or [JsonIgnore] it",
        }, d);
    }

    private static readonly Lazy<(Compilation Compilation, Assembly Assembly)> Compiled = new(() =>
    {
        var references = RunningDotNet.System;
        var compilation = CSharpCompilation.Create("Refusals" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(Source, GeneratorHarness.ParseOptions, path: "Types.cs") }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return (compilation, Assembly.Load(image.ToArray()));
    });
}
