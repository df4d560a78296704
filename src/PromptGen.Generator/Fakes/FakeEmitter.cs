using System.Collections.Generic;
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
        // The fake repeats the interface's signatures: an [Obsolete] type in them (which the app may suppress where it
        // declares it) must not warn in code the test project cannot edit (CS0612, CS0618), as in the client.
        w.Line("#pragma warning disable CS0612, CS0618");

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
        EmitCall(w, name, method.CallType, inputs);
        w.Line();

        var stream = method.Kind == FakeKind.Stream;
        var setup = $"{Testing}.{(stream ? "FakeStream" : "FakeMethod")}<{method.CallType}, {method.ValueType}>";
        var label = SymbolText.Literal(spec.Name + "." + SymbolText.Unescape(method.Member));
        w.Line(stream
            ? $"/// <summary>Sets up <c>{name}</c> (<c>Yields</c>, <c>Throws</c>) and records its calls.</summary>"
            : $"/// <summary>Sets up <c>{name}</c> (<c>Returns</c>, <c>Throws</c>) and records its calls.</summary>");
        var version = method.PromptVersion is { } v && !stream ? ", " + SymbolText.Literal(v) : "";
        // A method named like a member of object (Equals, ToString …) keeps its name: the setup member hides the inherited one.
        var hides = FakeParser.ObjectMembers.Contains(SymbolText.Unescape(method.Member)) ? "new " : "";
        w.Line($"public {hides}{setup} {method.Member} {{ get; }} = new {setup}({label}{version});");
        w.Line();

        var token = method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Name ?? "default";
        var call = $"new {method.CallType}({string.Join(", ", inputs.Select(p => Bound(p, p.Name)))})";
        w.Line($"{method.ReturnType} {method.DeclaringInterface}.{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type + " " + p.Name))}) =>");
        w.Line(method.Kind switch
        {
            FakeKind.Stream => $"    this.{method.Member}.Invoke({call}, {token});",
            FakeKind.Returned => $"    this.{method.Member}.Invoke({call}, {token});",
            FakeKind.ValueTask => $"    new {method.ReturnType}(this.{method.Member}.InvokeAsync({call}, {token}));",
            _ => $"    this.{method.Member}.InvokeAsync({call}, {token});",
        });
    }

    /// <summary>
    /// <paramref name="expression"/>, cast to object when the parameter is <c>dynamic</c>: a dynamic argument would bind
    /// the call at run time, which needs Microsoft.CSharp (absent from netstandard2.0 projects) for no purpose here.
    /// </summary>
    private static string Bound(FakeParameterSpec parameter, string expression) =>
        parameter.Type switch
        {
            "dynamic" => "(object)" + expression,
            "dynamic?" => "(object?)" + expression,
            _ => expression,
        };

    /// <summary>
    /// The class of one call's arguments, written out as the positional record it stands for would be (constructor,
    /// get-only properties, <c>Deconstruct</c>, value equality, <c>==</c>, and <c>ToString</c> as
    /// <c>AskAsyncCall { Question = why, Attempts = 2 }</c>) because a record needs C# 9 and
    /// <c>IsExternalInit</c>, which a C# 8 or .NET Framework / netstandard2.0 test project lacks.
    /// </summary>
    private static void EmitCall(SourceWriter w, string method, string type, IReadOnlyList<FakeParameterSpec> inputs)
    {
        const string Comparer = "global::System.Collections.Generic.EqualityComparer";
        var shown = SymbolText.Unescape(type);
        w.Line($"/// <summary>The arguments of one <c>{method}</c> call.</summary>");
        w.Open($"public sealed class {type} : global::System.IEquatable<{type}>");

        w.Line($"/// <summary>Records the arguments of one <c>{method}</c> call.</summary>");
        w.Open($"public {type}({string.Join(", ", inputs.Select(p => p.Type + " " + p.Property))})");
        foreach (var p in inputs)
        {
            w.Line($"this.{p.Property} = {p.Property};");
        }

        w.Close();
        foreach (var p in inputs)
        {
            w.Line();
            w.Line($"/// <summary>The <c>{SymbolText.Unescape(p.Name)}</c> argument.</summary>");
            w.Line($"public {p.Type} {p.Property} {{ get; }}");
        }

        if (inputs.Count > 0)
        {
            w.Line();
            w.Line("/// <summary>The arguments in declaration order, for <c>var (…) = call;</c>.</summary>");
            w.Open($"public void Deconstruct({string.Join(", ", inputs.Select(p => "out " + p.Type + " " + p.Property))})");
            foreach (var p in inputs)
            {
                w.Line($"{p.Property} = this.{p.Property};");
            }

            w.Close();
        }

        w.Line();
        w.Line("/// <summary>Whether <paramref name=\"other\"/> is a call with equal arguments (each compared by its type's default equality).</summary>");
        w.Line($"public bool Equals({type}? other) =>");
        w.Line("    !(other is null)" + (inputs.Count == 0 ? ";" : ""));
        for (var i = 0; i < inputs.Count; i++)
        {
            var p = inputs[i];
            w.Line($"    && {Comparer}<{p.Type}>.Default.Equals({Bound(p, "this." + p.Property)}, {Bound(p, "other." + p.Property)}){(i == inputs.Count - 1 ? ";" : "")}");
        }

        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override bool Equals(object? obj) => this.Equals(obj as {type});");
        w.Line();
        w.Line("/// <inheritdoc/>");
        if (inputs.Count == 0)
        {
            w.Line("public override int GetHashCode() => 0;");
        }
        else
        {
            w.Open("public override int GetHashCode()");
            w.Open("unchecked");
            w.Line("var hash = 17;");
            foreach (var p in inputs)
            {
                w.Line($"hash = (hash * -1521134295) + {Comparer}<{p.Type}>.Default.GetHashCode({Bound(p, "this." + p.Property)}{(p.MayBeNull ? "!" : "")});");
            }

            w.Line("return hash;");
            w.Close();
            w.Close();
        }

        w.Line();
        w.Line("/// <summary>The call and its arguments: <c>" + shown + " { Name = value, … }</c>.</summary>");
        var text = inputs.Select((p, i) => $"{SymbolText.Literal((i == 0 ? shown + " { " : ", ") + SymbolText.Unescape(p.Property) + " = ")} + (object?)this.{p.Property} + ");
        w.Line(inputs.Count == 0
            ? $"public override string ToString() => {SymbolText.Literal(shown + " { }")};"
            : $"public override string ToString() => {string.Concat(text)}\" }}\";");
        w.Line();
        w.Line("/// <summary>Whether two calls have equal arguments.</summary>");
        w.Line($"public static bool operator ==({type}? left, {type}? right) => left is null ? right is null : left.Equals(right);");
        w.Line();
        w.Line("/// <summary>Whether two calls differ in an argument.</summary>");
        w.Line($"public static bool operator !=({type}? left, {type}? right) => !(left == right);");
        w.Close();
    }
}
