using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptGen.Generator.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// A template that reads a member generated code cannot read (a pointer, a ref struct, an ambiguous or error-obsolete
/// member, a static, non-public or write-only one, a method…) is PG0083 at the member's name, and nothing else: no C#
/// error or warning in generated code. Review 12 #1. Each test lists every diagnostic a build shows (compiler's too).
/// </summary>
public class TemplateMemberTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        """;

    /// <summary>Every error and warning a build shows (the compiler's, in generated code too, and PromptGen's), compiled with unsafe code allowed.</summary>
    private static async Task<string[]> Build(string source)
    {
        var compilation = GeneratorHarness.Compile(Usings + source).WithOptions(
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var all = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer())).GetAllDiagnosticsAsync();
        return generatorDiagnostics.AddRange(all)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(GeneratorHarness.Describe)
            .ToArray();
    }

    private static Task<string[]> Prompt(string parameters, string template, string types) => Build(types + $$"""

        public partial interface IPrompts
        {
            [UserPrompt("{{template}}")]
            Task<string> AskAsync({{parameters}});
        }
        """);

    private const string Unreadable = "PG0083 Error '{0}': The template of 'AskAsync' uses '{1}', but '{2}' cannot be read: {3}";

    private static string Expected(string at, string path, string member, string why) => string.Format(Unreadable, at, path, member, why);

    [Fact]
    public async Task APointerMemberIsPG0083()
    {
        var diagnostics = await Prompt("O o", "{{ o.Ptr }}", "public unsafe sealed class O { public int* Ptr; }");

        Assert.Equal(new[]
        {
            Expected("Ptr", "o.Ptr", "O.Ptr", "its type 'int*' is a pointer, which a template can neither insert nor test; expose the value as a safe type (a number, a string) and read that"),
        }, diagnostics);
    }

    [Fact]
    public async Task ARefStructMemberIsPG0083InOutputsAndConditions()
    {
        var diagnostics = await Prompt("ReadOnlyMemory<char> m", "{{ m.Span }}{{ if m.Span }}x{{ end }}", "");

        var why = "its type 'ReadOnlySpan<char>' is a ref struct, which generated code cannot box or hold while it renders; compute what to insert in C# (a string, an array) and pass it as a parameter";
        Assert.Equal(new[]
        {
            Expected("Span", "m.Span", "ReadOnlyMemory<char>.Span", why),
            Expected("Span", "m.Span", "ReadOnlyMemory<char>.Span", why),
        }, diagnostics);
    }

    [Fact]
    public async Task LoopingOrJoiningPointerItemsIsPG0083()
    {
        var diagnostics = await Prompt("O o", "{{ for p in o.Ptrs }}{{ end }}{{ o.Ptrs | array.join \\\", \\\" }}", "public unsafe sealed class O { public int*[] Ptrs = new int*[0]; }");

        var why = "its items' type 'int*' is a pointer, which a template can neither insert nor test; expose the value as a safe type (a number, a string) and read that";
        Assert.Equal(new[]
        {
            Expected("o.Ptrs", "o.Ptrs", "o.Ptrs", why),
            Expected("o.Ptrs", "o.Ptrs", "o.Ptrs", why),
        }, diagnostics);
    }

    [Fact]
    public async Task AMemberTwoBaseInterfacesDeclareIsPG0083()
    {
        var diagnostics = await Prompt("IC c", "{{ c.Name }}", """
            public interface IA { string Name { get; } }
            public interface IB { string Name { get; } }
            public interface IC : IA, IB { }
            """);

        Assert.Equal(new[]
        {
            Expected("Name", "c.Name", "IC.Name",
                "'IC' inherits 'Name' from both 'IA' and 'IB', so C# cannot tell which to read (CS0229); declare 'Name' on 'IC' with 'new', or pass one of the bases as the parameter's type"),
        }, diagnostics);
    }

    [Fact]
    public async Task AMemberRedeclaredAlongTheInterfaceChainIsRead()
    {
        // IB redeclares IA's Name ('new'): C# reads IB's, no ambiguity; a diamond through one base is not ambiguous either.
        var diagnostics = await Prompt("IC c, ID d", "{{ c.Name }}{{ d.Name }}", """
            public interface IA { string Name { get; } }
            public interface IB : IA { new string Name { get; } }
            public interface IC : IA, IB { }
            public interface IX : IA { }
            public interface IY : IA { }
            public interface ID : IX, IY { }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task AnObsoleteErrorMemberIsPG0083()
    {
        var diagnostics = await Prompt("O o", "{{ o.Dead }}", """public sealed class O { [Obsolete("gone", true)] public string Dead { get; set; } = ""; }""");

        Assert.Equal(new[]
        {
            Expected("Dead", "o.Dead", "O.Dead", "it is marked [Obsolete] as an error (\"gone\"), so C# refuses to read it; read the member that replaces it, or pass the value as a parameter"),
        }, diagnostics);
    }

    [Fact]
    public async Task ObsoleteWarningMembersAndTypesWarnNowhereInGeneratedCode()
    {
        // The app suppresses CS0618/CS0612 where it declares the method; the generated client repeats the signature and
        // reads the members, and must not warn where the app cannot suppress it.
        var diagnostics = await Build("""
            [Obsolete("old")] public sealed class Legacy { public string Name { get; set; } = ""; }
            public sealed class O { [Obsolete("old")] public string Old { get; set; } = ""; [Obsolete] public int Older; }

            public partial interface IPrompts
            {
            #pragma warning disable CS0612, CS0618
                [UserPrompt("{{ o.Old }} {{ o.Older }} {{ legacy.Name }}")]
                Task<Legacy> AskAsync(O o, Legacy legacy);
            #pragma warning restore CS0612, CS0618
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("public static string Name { get; } = \"\";", "it is static, and a template reads the members of the value it is given; pass 'O.Name' as a parameter of the method")]
    [InlineData("public const string Name = \"\";", "it is static, and a template reads the members of the value it is given; pass 'O.Name' as a parameter of the method")]
    [InlineData("internal string Name { get; set; } = \"\";", "it is internal, and a template reads public members only; make it public, or pass its value as a parameter")]
    [InlineData("private string Name = \"\"; public string Other => Name;", "it is private, and a template reads public members only; make it public, or pass its value as a parameter")]
    [InlineData("public string Name { private get; set; } = \"\";", "its getter is private; make the getter public, or pass the value as a parameter")]
    [InlineData("public string Name { set { } }", "it has no getter; add a public 'get', or pass the value as a parameter")]
    [InlineData("public string Name() => \"\";", "it is a method, and a template reads properties and fields without calling anything; call it in C# and pass the result as a parameter")]
    [InlineData("public T Name<T>() => default!;", "it is a method, and a template reads properties and fields without calling anything; call it in C# and pass the result as a parameter")]
    [InlineData("public event EventHandler? Name { add { } remove { } }", "it is an event, not a value; pass the value to insert as a parameter")]
    [InlineData("public sealed class Name { }", "it is a nested type, not a value; pass the value to insert as a parameter")]
    public async Task AMemberThatExistsButIsNotAReadableValueIsPG0083(string member, string why)
    {
        var diagnostics = await Prompt("O o", "{{ o.Name }}", "public sealed class O { " + member + " }");

        Assert.Equal(new[] { Expected("Name", "o.Name", "O.Name", why) }, diagnostics);
    }

    [Fact]
    public async Task AnInheritedMethodIsPG0083NotAMissingMember()
    {
        var diagnostics = await Prompt("O o", "{{ o.ToString }}", "public sealed class O { }");

        Assert.Equal(new[]
        {
            Expected("ToString", "o.ToString", "O.ToString", "it is a method, and a template reads properties and fields without calling anything; call it in C# and pass the result as a parameter"),
        }, diagnostics);
    }

    /// <summary>
    /// A default ImmutableArray (no array) reads as null: nothing inserted, false, no loop pass, nothing joined, equal to
    /// null, also through a member and a nullable, and a member of it reads as nothing; it threw NullReferenceException
    /// while rendering (review 12 #3; its members, review 13 #2).
    /// </summary>
    [Theory]
    [InlineData(false, "user: []no;|;null|[]|/")]
    [InlineData(true, "user: [1, 2]yes;1;2;|1,2;|[3]|2/1")]
    public async Task ADefaultImmutableArrayReadsAsNull(bool filled, string expected)
    {
        var source = Usings + """
            using System.Collections.Immutable;

            public sealed class Box { public ImmutableArray<int> Items { get; set; } }

            public partial interface IPrompts
            {
                [UserPrompt("[{{ a }}]{{ if a }}yes{{ else }}no{{ end }};{{ for x in a }}{{ x }};{{ end }}|{{ a | array.join \",\" }};{{ if a == null }}null{{ end }}|[{{ for y in box.Items }}{{ y }}{{ end }}{{ for z in n }}{{ z }}{{ end }}]|{{ a.Length }}/{{ box.Items.Length }}")]
                Task<string> AskAsync(ImmutableArray<int> a, Box box, ImmutableArray<int>? n);
            }
            """;
        var diagnostics = await Build(source["".Length..].Replace(Usings, ""));
        Assert.Empty(diagnostics);

        var create = Schema.GeneratedApp.Load(Schema.GeneratedApp.Compile(source, "DefaultImmutable")).GetType("IPrompts+Client")!.GetMethod("CreateAskAsyncRequest")!;
        var boxType = create.GetParameters()[1].ParameterType;
        var box = Activator.CreateInstance(boxType)!;
        if (filled)
        {
            boxType.GetProperty("Items")!.SetValue(box, ImmutableArray.Create(3));
        }

        var request = (ChatRequest)create.Invoke(null, new object?[]
        {
            filled ? ImmutableArray.Create(1, 2) : default(ImmutableArray<int>), box, filled ? (ImmutableArray<int>?)default(ImmutableArray<int>) : null,
        })!;

        Assert.Equal(expected, Assert.Single(request.Messages).ToString());
    }

    [Fact]
    public async Task BlocksNestedBeyondTheLimitAreOneLocatedErrorAndNothingOverflows()
    {
        const int depth = 20_000;
        var template = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            template.Append("{{ if a }}");
        }

        template.Append('x');
        for (var i = 0; i < depth; i++)
        {
            template.Append("{{ end }}");
        }

        var diagnostics = await Prompt("bool a", template.ToString(), "");

        Assert.Equal(new[]
        {
            "PG0004 Error '{{ if a }}': Template error in 'AskAsync': This '{{ if }}' is nested more than 64 blocks deep: flatten the conditions (combine them with 'and', or use '{{ else if }}'), or compute the text in C# and pass it as a parameter",
        }, diagnostics);
        var at = (await GeneratorHarness.AnalyzeAsync(Usings + $$"""
            public partial interface IPrompts { [UserPrompt("{{template}}")] Task<string> AskAsync(bool a); }
            """)).All.Single(d => d.Id == "PG0004");
        Assert.Equal(Usings.Length + "public partial interface IPrompts { [UserPrompt(\"".Length + 64 * "{{ if a }}".Length, at.Location.SourceSpan.Start);
    }

    /// <summary>An else-if chain is one level: a long one is parsed, bound and emitted in loops, and compiles.</summary>
    [Fact]
    public async Task ALongElseIfChainIsOneLevelAndCompiles()
    {
        var template = "{{ if n == 0 }}0" + string.Concat(Enumerable.Range(1, 5_000).Select(i => "{{ else if n == " + i + " }}" + i)) + "{{ else }}many{{ end }}";

        var diagnostics = await Prompt("int n", template, "");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task BlocksNestedToTheLimitCompileWithoutWarnings()
    {
        var template = string.Concat(Enumerable.Repeat("{{ if a }}{{ for x in xs }}", 32)) + "{{ x }}" + string.Concat(Enumerable.Repeat("{{ end }}{{ end }}", 32));

        var diagnostics = await Prompt("bool a, List<int> xs", template, "");

        Assert.Empty(diagnostics);
    }
}
