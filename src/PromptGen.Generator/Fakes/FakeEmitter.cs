using System.Linq;

namespace PromptGen.Generator.Fakes;

/// <summary>
/// Writes the fake of one interface. A pure function of the spec. Each interface method is implemented explicitly, so
/// the fake's public member of the same name can be the method's setup: <c>tutor.ExplainAsync.Returns("…")</c>.
/// </summary>
internal static class FakeEmitter
{
    private const string Testing = "global::PromptGen.Testing";

    public static string Emit(FakeSpec spec)
    {
        var w = GeneratedFile.Start(spec.Namespace);

        w.Lines($$"""
            /// <summary>
            /// A fake <c>{{spec.InterfaceName}}</c> for tests, generated because the test assembly says
            /// <c>[assembly: PromptFake(typeof({{spec.InterfaceName}}))]</c>. Set each method up through the member of the same name
            /// (<c>Returns</c>, <c>Yields</c>, <c>Throws</c>), pass the fake where the application expects the interface, then read
            /// what it was asked from that member's <c>Calls</c>. A method that was not set up fails with a message naming it.
            /// </summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            """);
        var modifiers = (spec.IsPublic ? "public" : "internal") + (spec.IsUnsafe ? " unsafe" : "");
        w.Open($"{modifiers} sealed partial class {spec.Name}{spec.TypeParameters} : {spec.InterfaceFullName}{spec.Constraints}");
        var first = true;
        foreach (var method in spec.Methods)
        {
            Separate();
            EmitMethod(w, spec, method);
        }

        foreach (var stub in spec.Stubs)
        {
            Separate();
            var name = stub.Kind == MemberStubKind.Indexer ? "this[]" : SymbolText.Unescape(stub.Name);
            MemberStubEmitter.Emit(w, stub, stub.Kind == MemberStubKind.Method
                ? $"{spec.Name} cannot fake {spec.InterfaceName}.{name}: a fake method must be an instance method returning Task<T>, ValueTask<T> or IAsyncEnumerable<T>, with no type parameters and no ref, out or in parameters, ref structs or pointers."
                : $"{spec.Name} fakes only methods; {spec.InterfaceName}.{name} is not faked.");
        }

        w.Close();
        if (spec.Namespace is not null)
        {
            w.Close();
        }

        return w.ToString();

        void Separate()
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
        }
    }

    private static void EmitMethod(SourceWriter w, FakeSpec spec, FakeMethodSpec method)
    {
        var name = SymbolText.Unescape(method.Name);
        var inputs = method.Parameters.Where(p => !p.IsCancellationToken).ToList();
        w.Line($"/// <summary>The arguments of one <c>{name}</c> call.</summary>");
        w.Line($"public sealed record {method.CallType}({string.Join(", ", inputs.Select(p => p.Type + " " + p.Property))});");
        w.Line();

        var stream = method.Kind == FakeKind.Stream;
        var setup = stream ? "FakeStream" : "FakeMethod";
        var label = SymbolText.Literal(spec.Name + "." + SymbolText.Unescape(method.Member));
        w.Line(stream
            ? $"/// <summary>Sets up <c>{name}</c> (<c>Yields</c>, <c>Throws</c>) and records its calls.</summary>"
            : $"/// <summary>Sets up <c>{name}</c> (<c>Returns</c>, <c>Throws</c>) and records its calls.</summary>");
        var version = method.PromptVersion is { } v && !stream ? ", " + SymbolText.Literal(v) : "";
        w.Line($"public {Testing}.{setup}<{method.CallType}, {method.ValueType}> {method.Member} {{ get; }} = new({label}{version});");
        w.Line();

        var token = method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Name ?? "default";
        var call = $"new {method.CallType}({string.Join(", ", inputs.Select(p => p.Name))})";
        w.Line($"{method.ReturnType} {method.DeclaringInterface}.{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type + " " + p.Name))}) =>");
        w.Line(method.Kind switch
        {
            FakeKind.Stream => $"    this.{method.Member}.Invoke({call}, {token});",
            FakeKind.Returned => $"    this.{method.Member}.Invoke({call}, {token});",
            FakeKind.ValueTask => $"    new {method.ReturnType}(this.{method.Member}.InvokeAsync({call}, {token}));",
            _ => $"    this.{method.Member}.InvokeAsync({call}, {token});",
        });
    }
}
