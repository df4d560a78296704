using Microsoft.CodeAnalysis;
using PromptGen.Generator.Json;
using PromptGen.Tests.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Tools;

/// <summary>
/// <see cref="ContextTypes"/> against what System.Text.Json's source generator actually serves. The expectations were
/// measured by compiling these declarations with the .NET 10 SDK's generator and asking
/// <c>Ctx.Default.GetTypeInfo(typeof(T))</c> for each type (non-null means served; each served type also got a
/// <c>Ctx.Default.{Name}</c> property).
/// </summary>
public class ContextTypesTests
{
    private const string Declarations = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;

        public record Root(Inner Inner, List<Elem> Items, Dictionary<Key, DictVal> Map, Nul? Maybe, Arr[] Array, Base Poly, int? N,
            Ctor C, IReadOnlyList<RoElem> Ro, Field F, Access Access, Conv Conv, IIface I, Gen<GenArg> G, (TupA, int) Tuple, Memory<MemE> Mem);
        public record Inner(string A);
        public record Elem(int X);
        public enum Key { A, B }
        public record DictVal(bool B);
        public struct Nul { public int V { get; set; } }
        public record Arr(string S);
        [JsonDerivedType(typeof(Derived), "d")] public record Base(string K);
        public record Derived(string K, DerivedOnly D) : Base(K);
        public record DerivedOnly(int Z);
        public class Ctor { [JsonConstructor] public Ctor(CtorParam p) { } public int Z { get; set; } }
        public record CtorParam(int Q);
        public record RoElem(int R);
        public class Field { public FieldType? Fld; [JsonIgnore] public IgnoredField? Ig; private PrivField? _pf; }
        public record FieldType(int W);
        public record IgnoredField(int I);
        public record PrivField(int P);
        public class Access
        {
            private PrivateProp? Hidden { get; set; }
            [JsonInclude] private IncludedProp? Included { get; set; }
            internal InternalProp? Internal { get; set; }
            public static StaticProp? Static { get; set; }
            public ReadOnlyProp Ro { get; } = new(1);
            public WriteOnly Wo { set { } }
            [JsonIgnore] public Ignored? Ig { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public WhenNull? Wn { get; set; }
            [JsonConverter(typeof(JsonStringEnumConverter))] public MemberConverted? Mc { get; set; }
        }
        public record PrivateProp(int H);
        public record IncludedProp(int H);
        public record InternalProp(int H);
        public record StaticProp(int H);
        public record ReadOnlyProp(int O);
        public record WriteOnly(int O);
        public record Ignored(int I);
        public record WhenNull(int W);
        public record MemberConverted(MemberConvertedInner I);
        public record MemberConvertedInner(int Y);
        [JsonConverter(typeof(JsonStringEnumConverter))] public record Conv(ConvInner Inner);
        public record ConvInner(int X);
        public interface IIface { IfaceMember M { get; } }
        public record IfaceMember(int M);
        public record Gen<T>(T Value);
        public record GenArg(int G);
        public record TupA(int T);
        public record MemE(int M);
        public record BaseClass(BaseMember BM);
        public record DerivedClass(int Z) : BaseClass(new BaseMember(1));
        public record BaseMember(int B);
        public record Unrelated(int U);

        [JsonSerializable(typeof(Root))]
        [JsonSerializable(typeof(DerivedClass))]
        internal sealed class Ctx : JsonSerializerContext
        {
            public Ctx() : base(null) { }
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    [Theory]
    [InlineData("Root", true)]
    [InlineData("Inner", true)]
    [InlineData("System.Collections.Generic.List<Elem>", true)]
    [InlineData("Elem", true)]
    [InlineData("System.Collections.Generic.Dictionary<Key, DictVal>", true)]
    [InlineData("Key", true)]
    [InlineData("DictVal", true)]
    [InlineData("Nul?", true)]
    [InlineData("Nul", true)]
    [InlineData("Arr[]", true)]
    [InlineData("Arr", true)]
    [InlineData("Derived", true)]
    [InlineData("DerivedOnly", true)]
    [InlineData("int?", true)]
    [InlineData("int", true)]
    [InlineData("CtorParam", true)]
    [InlineData("System.Collections.Generic.IReadOnlyList<RoElem>", true)]
    [InlineData("RoElem", true)]
    [InlineData("FieldType", true)]
    [InlineData("IncludedProp", true)]
    [InlineData("ReadOnlyProp", true)]
    [InlineData("WriteOnly", true)]
    [InlineData("WhenNull", true)]
    [InlineData("MemberConverted", true)]
    [InlineData("MemberConvertedInner", true)]
    [InlineData("Conv", true)]
    [InlineData("IfaceMember", true)]
    [InlineData("Gen<GenArg>", true)]
    [InlineData("GenArg", true)]
    [InlineData("TupA", true)]
    [InlineData("MemE", true)]
    [InlineData("BaseMember", true)]
    [InlineData("string", true)]
    [InlineData("IgnoredField", false)]
    [InlineData("PrivField", false)]
    [InlineData("PrivateProp", false)]
    [InlineData("InternalProp", false)]
    [InlineData("StaticProp", false)]
    [InlineData("Ignored", false)]
    [InlineData("ConvInner", false)]
    [InlineData("BaseClass", false)]
    [InlineData("Unrelated", false)]
    [InlineData("System.Collections.Generic.List<Inner>", false)]
    [InlineData("Inner[]", false)]
    [InlineData("Elem?", true)] // a nullable reference annotation is the same type to GetTypeInfo
    public void ServesWhatSystemTextJsonsGeneratorServes(string type, bool served)
    {
        var compilation = GeneratorHarness.Compile(Declarations, "public static class Probe { public static " + type + " Value = default!; }");
        var context = compilation.GetTypeByMetadataName("Ctx")!;
        var probe = ((IFieldSymbol)compilation.GetTypeByMetadataName("Probe")!.GetMembers("Value")[0]).Type;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));

        Assert.Equal(served, new ContextTypes(context).Serves(probe));
    }

    [Fact]
    public async Task PG0051_AReplyTypeTheContextReachesIsServedAndOneItDoesNotIsReported()
    {
        var diagnostics = await CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + CatalogHarness.Types + """
            public sealed record Lost(int Id);
            [JsonSerializable(typeof(List<Review>))]
            public sealed partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                public static AppJson Default { get; } = new();
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
            }

            [PromptClient(JsonContext = typeof(AppJson))]
            public partial interface IPrompts
            {
                Task<Review> ReviewAsync(string text);
                Task<Person> AuthorAsync(string text);
                Task<Lost> LostAsync(string text);
            }
            """);

        // Review is a list element of the registered List<Review>; Person is Review.Author's type.
        Assert.Equal(new[] { "PG0051 Error 'Task<Lost>': 'LostAsync' returns 'Lost', which 'AppJson' does not register; add [JsonSerializable(typeof(Lost))] to 'AppJson'" }, diagnostics);
    }
}
