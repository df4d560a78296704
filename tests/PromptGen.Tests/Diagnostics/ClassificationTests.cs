using Microsoft.CodeAnalysis;
using PromptGen.Generator.Clients;
using PromptGen.Generator.Diagnostics;
using PromptGen.Generator.Shared;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// The method classification (MethodSpec.Faults): what the parser finds, as values; the generator stubs exactly the
/// methods it lists a stubbing fault for, and the analyzer reports exactly its faults.
/// </summary>
public class ClassificationTests
{
    private static InterfaceSpec Parse(string members, string prefix = "")
    {
        var compilation = GeneratorHarness.Compile(CatalogHarness.Source(members).Replace("[PromptClient]", prefix + "[PromptClient]"));
        var type = compilation.GetTypeByMetadataName("IPrompts")!;
        return Parser.Parse(type, new KnownTypes(compilation), CancellationToken.None);
    }

    [Fact]
    public void AMethodsFaultsAreValuesWithIdArgumentsAndSummary()
    {
        var spec = Parse("""Task<string> A(ref string q, params string[] rest); [FewShot("", "x")] Task<string> B(string q);""");

        var a = spec.Methods[0];
        Assert.Equal(ReturnKind.Unsupported, a.Kind);
        Assert.Equal(new[]
        {
            "PG0010 [A; parameter 'q' is passed by 'ref'; pass it by value] parameter 'q' is passed by 'ref'",
            "PG0006 [A; ; without a template, 'q', 'rest' are not sent (only a method whose one parameter is a string sends it as the message)] it has no prompt",
            "PG0010 [A; parameter 'rest' is 'params'; remove 'params' and pass the array] parameter 'rest' is 'params'",
        }, a.Faults.Select(Describe));
        Assert.Equal("parameter 'q' is passed by 'ref'", a.Unsupported); // the stub repeats the first fault's summary

        var b = spec.Methods[1];
        Assert.Equal(new[] { "PG0025 [user; B] a few-shot example has an empty side" }, b.Faults.Select(Describe));
        Assert.Equal(ReturnKind.Unsupported, b.Kind);
    }

    [Fact]
    public void AWarningIsListedButLeavesTheMethodImplemented()
    {
        var spec = Parse("""[Repair(2)] IAsyncEnumerable<string> A(string q);""");

        var a = spec.Methods[0];
        Assert.Equal(ReturnKind.StreamText, a.Kind);
        Assert.Null(a.Unsupported);
        Assert.Equal(new[] { "PG0080 [A; IAsyncEnumerable<string>; a stream of text, which has no schema to check a reply against; ] " },
            a.Faults.Select(Describe));
    }

    [Fact]
    public void AValidMethodHasNoFaults()
    {
        var spec = Parse("""[UserPrompt("Hi {{ q }}")] Task<string> A(string q, CancellationToken cancellationToken = default);""");

        Assert.Empty(spec.Methods[0].Faults);
        Assert.Equal(ReturnKind.Text, spec.Methods[0].Kind);
    }

    [Fact]
    public void AnEditAboveAStubbedMethodLeavesItsClassificationEqual()
    {
        // The site moves with the edit; the generator never reads it, so the spec (and the emitted stub) stays cached.
        var before = Parse("Task<string> A(ref string q);");
        var after = Parse("Task<string> A(ref string q);", prefix: "// a comment that moves every span\n\n");

        Assert.NotEqual(before.Methods[0].Faults[0].Site, after.Methods[0].Faults[0].Site);
        Assert.Equal(before.Methods[0], after.Methods[0]);
    }

    [Fact]
    public void TheAnalyzerLocatesAFaultRecordedByReferenceInsideTheLiteral()
    {
        var compilation = GeneratorHarness.Compile(CatalogHarness.Source("""[FewShot("hi", "{\"name\": 1")] Task<Person> A(string q);"""));
        var type = compilation.GetTypeByMetadataName("IPrompts")!;
        var spec = Parser.Parse(type, new KnownTypes(compilation), CancellationToken.None);
        var fault = Assert.Single(spec.Methods[0].Faults);
        Assert.Equal("PG0026", fault.Id);

        var method = (IMethodSymbol)type.GetMembers("A").Single();
        var location = fault.ToDiagnostic(compilation, method, CancellationToken.None).Location;

        Assert.True(location.IsInSource);
        var text = location.SourceTree!.GetText().ToString(location.SourceSpan);
        Assert.True(text.Length > 0 && "\"{\\\"name\\\": 1\"".Contains(text, StringComparison.Ordinal), text);
    }

    private static InterfaceSpec ParseInterface(string declaration)
    {
        var compilation = GeneratorHarness.Compile(CatalogHarness.Usings + CatalogHarness.Types + declaration);
        var type = compilation.GetTypeByMetadataName("IPrompts")!;
        return Parser.Parse(type, new KnownTypes(compilation), CancellationToken.None);
    }

    [Fact]
    public void AnInterfacesFaultsAreValuesAndThoseWithASummaryMeanNoClient()
    {
        var stubbed = ParseInterface("[PromptClient] public partial interface IPrompts { Task<string> A(string q); string Name { get; } }");
        Assert.Equal(new[] { "PG0012 [Name; a property; a prompt interface may declare only its own prompt methods: move the member to a separate interface] " }, stubbed.Faults.Select(Describe));
        Assert.True(stubbed.CanExtend); // the Client is written, with the property stubbed
        Assert.Single(stubbed.MemberStubs);

        var clash = ParseInterface("[PromptClient] public interface IPrompts { Task<string> A(string q); string Name { get; } int Client { get; } }");
        Assert.Equal(new[]
        {
            "PG0001 [IPrompts] it is not partial",
            "PG0012 [Name; a property; a prompt interface may declare only its own prompt methods: move the member to a separate interface] ",
            "PG0013 [Client; the class 'IPrompts.Client' PromptGen generates to implement 'IPrompts'] its member 'Client' clashes with the generated Client",
        }, clash.Faults.Select(Describe));
        Assert.False(clash.CanExtend);
    }

    [Fact]
    public void AMethodsNameClashIsAFaultOfTheMethod()
    {
        var spec = Parse("Task<string> A(string q); Task<string> CreateARequest(string q);");

        Assert.Empty(spec.Faults);
        Assert.Empty(spec.Methods[0].Faults);
        var clash = Assert.Single(spec.Methods[1].Faults);
        Assert.Equal("PG0013 [CreateARequest; the request builder the generated Client class declares for 'IPrompts.A(string)'] "
            + "its name clashes with the request builder the generated Client class declares for 'IPrompts.A(string)'", Describe(clash));
        Assert.Equal(ReturnKind.Unsupported, spec.Methods[1].Kind);
        Assert.Equal(clash.Summary, spec.Methods[1].Unsupported);
    }

    [Fact]
    public void AnEditAboveAFaultyInterfaceLeavesItsClassificationEqual()
    {
        const string Declaration = "[PromptClient] public interface IPrompts { Task<string> A(ref string q); string Name { get; } }";
        var before = ParseInterface(Declaration);
        var after = ParseInterface("// a comment that moves every span\n\n" + Declaration);

        Assert.NotEqual(before.Faults[0].Site, after.Faults[0].Site);
        Assert.Equal(before, after);
    }

    private static string Describe(Fault fault) => $"{fault.Id} [{string.Join("; ", fault.Arguments)}] {fault.Summary}";
}
