using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// PG0014 follows System.Text.Json's own constructor rules: which constructor it picks, and how each of its parameters
/// binds to a property or field (same name ignoring case, same type; not two members; not the extension data). Each
/// type below is compiled against the running .NET, loaded, and read by System.Text.Json with PromptGen's reflection
/// options; the build-time check must call a type unreadable exactly when System.Text.Json refuses it.
/// </summary>
public class ConstructorBindingTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;

        namespace Types;

        public class NoCtor(int a, int b) { public int A { get; } = a; }
        public sealed record Person(string Name, int Age);
        public sealed class GetOnly { public GetOnly(string name, int age) { Name = name; Age = age; } public string Name { get; } public int Age { get; } }
        public sealed class WrongType { public WrongType(int a) { A = a; } public long A { get; } }
        public sealed class NullableMismatch { public NullableMismatch(int? a) { A = a ?? 0; } public int A { get; } }
        public sealed class TwoCtors { public TwoCtors(int a) { A = a; } public TwoCtors(string b) { B = b; } public int A { get; } public string? B { get; } }
        public sealed class TwoCtorsOneEmpty { public TwoCtorsOneEmpty() { } public TwoCtorsOneEmpty(int a) { A = a; } public int A { get; set; } }
        public sealed class TwoMarked { [JsonConstructor] public TwoMarked(int a) { A = a; } [JsonConstructor] public TwoMarked(long a) { A = (int)a; } public int A { get; } }
        public sealed class PrivateMarked { [JsonConstructor] private PrivateMarked(int a) { A = a; } public int A { get; } }
        public sealed class Ignored { public Ignored(int a) { A = a; } [JsonIgnore] public int A { get; } }
        public sealed class CaseInsensitive { public CaseInsensitive(string NAME) { Name = NAME; } public string Name { get; } }
        public sealed class TwoMatches { public TwoMatches(string name) { Name = name; NAME = name; } public string Name { get; } public string NAME { get; } }
        public struct StructWithCtor { public StructWithCtor(int a, int b) { A = a; } public int A { get; set; } }
        public struct MarkedStruct { [JsonConstructor] public MarkedStruct(int a, int b) { A = a; } public int A { get; } }
        public sealed class FieldParameter { public FieldParameter(int a) { A = a; } public int A; }
        public sealed class IncludedField { public IncludedField(int a) { A = a; } [JsonInclude] public int A; }
        public sealed class SetOnly { public SetOnly(int a) { _a = a; } private int _a; public int A { set { _a = value; } } public int Read() => _a; }
        public class Base { public int A { get; init; } }
        public sealed class FromBase : Base { public FromBase(int a, string b) { A = a; B = b; } public string B { get; } }
        public sealed class ExtensionData { public ExtensionData(Dictionary<string, JsonElement> extra) { Extra = extra; } [JsonExtensionData] public Dictionary<string, JsonElement> Extra { get; } }
        public sealed class PrivateOnly { private PrivateOnly() { } public int A { get; set; } }
        public sealed class DefaultValue(int a, int b = 3) { public int A { get; } = a; }
        public sealed class Renamed(string n) { [JsonPropertyName("n")] public string Name { get; } = n; }
        public sealed record WithExtraCtor(int A) { public WithExtraCtor(int a, int b) : this(a) { } }
        public sealed record Outer(NoCtor Inner);
        public sealed record InList(List<WrongType> Items);
        public sealed class Required { public Required(string name) { Name = name; } public required string Name { get; init; } }
        public sealed class ReadOnlyField { public ReadOnlyField(int a) { A = a; } [JsonInclude] public readonly int A; }
        public sealed class InternalProperty { public InternalProperty(int a) { A = a; } internal int A { get; } }
        public sealed class IncludedInternal { public IncludedInternal(int a) { A = a; } [JsonInclude] internal int A { get; } }
        public sealed record RecordNoCtor(int a, int b) { public int A { get; } = a; }
        public record RecordGetOnly { public RecordGetOnly(int a, int b) { A = a; } public int A { get; } }
        public record RecordBound { public RecordBound(int a, int b) { A = a; B = b; } public int A { get; } public int B { get; } }
        """;

    public static TheoryData<string> TypeNames() => new()
    {
        "NoCtor", "Person", "GetOnly", "WrongType", "NullableMismatch", "TwoCtors", "TwoCtorsOneEmpty", "TwoMarked", "PrivateMarked", "Ignored",
        "CaseInsensitive", "TwoMatches", "StructWithCtor", "MarkedStruct", "FieldParameter", "IncludedField", "SetOnly", "FromBase", "ExtensionData",
        "PrivateOnly", "DefaultValue", "Renamed", "WithExtraCtor", "Outer", "InList", "Required", "ReadOnlyField", "InternalProperty", "IncludedInternal",
        "RecordNoCtor", "RecordGetOnly", "RecordBound",
    };

    private static readonly Lazy<(Compilation Compilation, Assembly Assembly)> Compiled = new(() =>
    {
        var compilation = CSharpCompilation.Create("Ctors" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(Source, GeneratorHarness.ParseOptions, path: "Types.cs") }, RunningDotNet.System,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return (compilation, Assembly.Load(image.ToArray()));
    });

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void TheBuildTimeCheckRefusesExactlyWhatSystemTextJsonRefuses(string name)
    {
        var (compilation, assembly) = Compiled.Value;
        string? refused = null;
        try
        {
            // System.Text.Json checks a type's constructor when it first reads one: the JSON reaches the nested ones.
            var json = name switch { "Outer" => """{"inner":{}}""", "InList" => """{"items":[{}]}""", _ => "{}" };
            JsonSerializer.Deserialize(json, assembly.GetType("Types." + name, throwOnError: true)!, PromptReply.ReflectionOptions.Value);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException)
        {
            refused = exception.Message;
        }
        catch (JsonException)
        {
            // The contract was accepted; only "{}" did not fit it.
        }

        var why = JsonContract.WhyNotCreatable(compilation.GetTypeByMetadataName("Types." + name)!, JsonContractOptions.Reflection);
        Assert.True((refused is null) == (why is null), refused is null
            ? $"System.Text.Json reads {name}, but PromptGen says: {why}"
            : $"System.Text.Json refuses {name} ({refused}), but PromptGen finds nothing wrong");
    }

    [Fact]
    public async Task TheReviewersExampleIsPG0014OnTheReturnType()
    {
        var diagnostics = await GeneratorHarness.PromptDiagnosticsAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            public class NoCtor(int a, int b) { public int A { get; } = a; }

            public partial interface IAsk
            {
                [UserPrompt("{{ q }}")]
                Task<NoCtor> AskAsync(string q, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Equal(new[]
        {
            "PG0014 Error 'Task<NoCtor>': Method 'AskAsync' returns JSON as 'NoCtor', but the constructor parameter 'b' of 'NoCtor' binds to no public property or field (System.Text.Json needs one named 'B', ignoring case, of the parameter's type), so System.Text.Json cannot create it; add a public parameterless constructor, keep a single public constructor, or mark one [JsonConstructor]",
        }, diagnostics);
    }
}
