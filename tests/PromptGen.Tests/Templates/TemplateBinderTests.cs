using Microsoft.CodeAnalysis;
using PromptGen.Generator.Diagnostics;
using PromptGen.Generator.Shared;
using PromptGen.Generator.Templates;
using PromptGen.Tests.Diagnostics;
using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>The binder: one render tree per template, names read, loop locals, loop variables, the error cap.</summary>
public class TemplateBinderTests
{
    private const string Ct = "CancellationToken cancellationToken = default";

    /// <summary>Binds <paramref name="template"/> for a method <c>M(string a, bool b, List&lt;string&gt; items, Customer c)</c>, without reporting.</summary>
    private static BoundTemplate Bind(string template, params string[] extraParameters)
    {
        var source = CatalogHarness.Usings + CatalogHarness.Types + """
            public interface IShapes { void M(string a, bool b, List<string> items, Customer c, List<List<string>> groups); }
            """;
        var compilation = GeneratorHarness.Compile(source);
        var method = (IMethodSymbol)compilation.GetTypeByMetadataName("IShapes")!.GetMembers("M").Single();
        var scope = method.Parameters.ToDictionary(p => p.Name, p => p.Type);
        return TemplateBinder.Bind(template, "M", method.Parameters.Select(p => p.Name).Concat(extraParameters), scope, new KnownTypes(compilation), DiagnosticSink.None, null);
    }

    private static EquatableArray<RenderNode> Nodes(params RenderNode[] nodes) => nodes.ToEquatableArray();

    [Fact]
    public void TemplateBecomesATreeOfRenderRecords()
    {
        var bound = Bind("Hi {{ a }}{{ if b }}!{{ else if c.Age > 1 }}?{{ else }}.{{ end }}{{ for i in items }}-{{ i }}{{ end }}");

        var expected = Nodes(
            new RenderNode.Text("Hi "),
            new RenderNode.Append("a", IsString: true),
            new RenderNode.If(
                new[]
                {
                    new RenderNode.Branch("b", Nodes(new RenderNode.Text("!"))),
                    new RenderNode.Branch("(global::PromptGen.PromptText.Compare(c?.Age, 1L, \"M\") > 0)", Nodes(new RenderNode.Text("?"))),
                }.ToEquatableArray(),
                Nodes(new RenderNode.Text("."))),
            new RenderNode.ForEach("items", "iItems", "string", "i", null, null, Nodes(new RenderNode.Text("-"), new RenderNode.Append("i", IsString: true))));
        Assert.Equal(expected, bound.Nodes);
        Assert.Equal(new[] { "a", "b", "c", "items" }, bound.Names);
        Assert.False(bound.HasSyntaxErrors);
        Assert.Equal(bound, Bind("Hi {{ a }}{{ if b }}!{{ else if c.Age > 1 }}?{{ else }}.{{ end }}{{ for i in items }}-{{ i }}{{ end }}"));
    }

    [Fact]
    public void NamesAreTheFirstSegmentsThatAreNotLoopVariablesKnownOrNot()
    {
        var bound = Bind("{{ for a in items }}{{ a }}{{ missing }}{{ end }}{{ c.Name }}{{ for.index }}");
        Assert.Equal(new[] { "items", "missing", "c" }, bound.Names);
    }

    [Fact]
    public void AndChainIsBoundOnceAndWrittenFlat()
    {
        var operands = Enumerable.Range(0, 24).Select(i => i % 2 == 0 ? "b" : "a").ToArray();
        var bound = Bind("{{ if " + string.Join(" && ", operands) + " || !b }}x{{ end }}");

        var conditions = string.Join(" && ", operands.Select(o => o == "b" ? "b" : "global::PromptGen.PromptText.IsTrue(a)"));
        var branch = Assert.Single(Assert.IsType<RenderNode.If>(Assert.Single(bound.Nodes)).Branches);
        Assert.Equal("((" + conditions + ") || !(b))", branch.Condition);
    }

    [Fact]
    public void LoopLocalsAvoidParametersAndEnclosingLoops()
    {
        // The emitter's own locals are not the binder's concern: its NameScope holds every name the tree declares.
        var bound = Bind("{{ for a in groups }}{{ for a in a }}{{ for __messages in items }}{{ for.index }}{{ a }}{{ end }}{{ end }}{{ end }}", "aItems");

        var outer = Assert.IsType<RenderNode.ForEach>(Assert.Single(bound.Nodes));
        Assert.Equal(("groups", "aItems2", "a2"), (outer.Source, outer.Items, outer.Item));
        var middle = Assert.IsType<RenderNode.ForEach>(Assert.Single(outer.Body));
        Assert.Equal(("a2", "aItems3", "a3"), (middle.Source, middle.Items, middle.Item));
        var inner = Assert.IsType<RenderNode.ForEach>(Assert.Single(middle.Body));
        Assert.Equal(("items", "__messagesItems", "__messages", "__messagesIndex"), (inner.Source, inner.Items, inner.Item, inner.Index));
        Assert.Equal(Nodes(new RenderNode.Append("__messagesIndex", IsString: false), new RenderNode.Append("a3", IsString: true)), inner.Body);
        Assert.Equal(new[] { "aItems2", "a2" }, outer.DeclaredLocals);
        Assert.Equal(new[] { "__messagesItems", "__messages", "__messagesIndex" }, inner.DeclaredLocals);
    }

    [Fact]
    public void SiblingLoopsReuseTheirNamesAndKeywordsOrDiscardsAreNeverDeclared()
    {
        var bound = Bind("{{ for class in items }}{{ class }}{{ end }}{{ for class in items }}{{ end }}{{ for _ in items }}{{ end }}{{ for a in items }}{{ end }}");

        var loops = bound.Nodes.Cast<RenderNode.ForEach>().ToArray();
        Assert.Equal(new[] { "@class", "@class", "_2", "a2" }, loops.Select(l => l.Item));
        Assert.Equal(Nodes(new RenderNode.Append("@class", IsString: true)), loops[0].Body);
        Assert.Equal("classItems", loops[1].Items);
    }

    [Fact]
    public void LoopVariablesNeedTheirDeclarationsOnlyWhenUsed()
    {
        var last = Assert.IsType<RenderNode.ForEach>(Assert.Single(Bind("{{ for x in items }}{{ if for.last }}.{{ end }}{{ end }}").Nodes));
        Assert.Equal(("xIndex", "xList"), (last.Index, last.List));
        Assert.Equal("(xIndex == xList.Count - 1)", Assert.Single(Assert.IsType<RenderNode.If>(Assert.Single(last.Body)).Branches).Condition);

        var first = Assert.IsType<RenderNode.ForEach>(Assert.Single(Bind("{{ for x in items }}{{ if for.first }}.{{ end }}{{ end }}").Nodes));
        Assert.Equal(("xIndex", (string?)null), (first.Index, first.List));
    }

    [Fact]
    public async Task LoopVariableErrorsAreLocated()
    {
        var d = await CatalogHarness.MembersAsync($$$"""
            [UserPrompt("{{ for.index }}{{ for x in xs }}{{ for.indx }}{{ end }}")] Task<string> AskAsync(List<string> xs, {{{Ct}}});
            """);

        Assert.Equal(new[]
        {
            "PG0004 Error 'for.index': Template error in 'AskAsync': 'for.index' is only defined inside a '{{ for }}' loop",
            "PG0004 Error 'for.indx': Template error in 'AskAsync': 'for.indx' is not a loop variable in PromptGen's subset: use for.index, for.first, for.last, for.even, for.odd, for.length, for.rindex; did you mean 'for.index'?",
        }, d);
    }

    [Fact]
    public async Task AtMostTenErrorsPerTemplateThenOneSummaryAtTheEleventh()
    {
        var template = string.Concat(Enumerable.Range(0, 25).Select(i => "{{ n" + i + " }}"));
        var d = await CatalogHarness.MembersAsync($$"""
            [UserPrompt("{{template}}")] Task<string> AskAsync(string q, {{Ct}});
            """);

        var expected = Enumerable.Range(0, 10)
            .Select(i => $"PG0003 Error 'n{i}': The template of 'AskAsync' uses 'n{i}', which is not a parameter of the method")
            .Append("PG0004 Error 'n10': Template error in 'AskAsync': 15 more errors in this template not shown (PromptGen reports the first 10): fix the errors above and build again")
            .ToArray();
        Assert.Equal(expected, d);
    }

    [Fact]
    public async Task SyntaxAndBindingErrorsShareTheCap()
    {
        var template = string.Concat(Enumerable.Range(0, 3000).Select(_ => "{{ }}{{ ( }} {{ end }}"));
        var d = await CatalogHarness.MembersAsync($$"""
            [UserPrompt("{{template}}")] Task<string> AskAsync(string q, {{Ct}});
            """);

        Assert.Equal(11, d.Count(x => x.StartsWith("PG0004", StringComparison.Ordinal)));
        Assert.EndsWith("Template error in 'AskAsync': 5990 more errors in this template not shown (PromptGen reports the first 10): fix the errors above and build again", d.Last(x => x.StartsWith("PG0004", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnusedParameterWarningReadsTheBindersNames()
    {
        var d = await CatalogHarness.MembersAsync($$$"""
            [SystemPrompt("Be {{ tone }}.")]
            [UserPrompt("{{ for t in topics }}{{ t }}{{ end }}")] Task<string> AskAsync(string tone, List<string> topics, string unused, {{{Ct}}});
            """);

        Assert.Equal(new[] { "PG0018 Warning 'unused': Parameter 'unused' of 'AskAsync' is used in no prompt, so its value is never sent; insert it with '{{ unused }}' or remove it" }, d);
    }

    [Fact]
    public void PipesCompileToPlainCSharp()
    {
        var bound = Bind("{{ a | string.upcase }}{{ c.Age | string.truncate 3 }}{{ items | array.join ', ' }}");
        Assert.Equal(Nodes(
            new RenderNode.Append("(a ?? \"\").ToUpperInvariant()", IsString: true),
            new RenderNode.Append("global::PromptGen.PromptText.Truncate(global::PromptGen.PromptText.Format(c?.Age), 3, \"...\")", IsString: true),
            new RenderNode.Append("global::PromptGen.PromptText.Join(items, \", \")", IsString: true)), bound.Nodes);
    }

    [Theory]
    [InlineData("{{ q | ⟦upcase⟧ }}", "'upcase' is not a function PromptGen compiles; use string.upcase, string.downcase, string.capitalize, string.truncate, array.join, math.round, date.to_string; did you mean 'string.upcase'?")]
    [InlineData("{{ q | ⟦string.upcse⟧ }}", "'string.upcse' is not a function PromptGen compiles; use string.upcase, string.downcase, string.capitalize, string.truncate, array.join, math.round, date.to_string; did you mean 'string.upcase'?")]
    [InlineData("{{ q | string.truncate ⟦n⟧ }}", "The arguments of 'string.truncate' are literals, as in {{ text | string.truncate 20 }} or {{ text | string.truncate 20 '…' }}: compute 'n' in C# and pass the result as a parameter")]
    [InlineData("{{ q | ⟦string.truncate⟧ -1 }}", "'string.truncate' takes a length from 0 to 2147483647, as in {{ text | string.truncate 20 }} or {{ text | string.truncate 20 '…' }}")]
    [InlineData("{{ q | ⟦string.truncate⟧ }}", "'string.truncate' takes a length and, optionally, the text that ends a cut string, as in {{ text | string.truncate 20 }} or {{ text | string.truncate 20 '…' }}")]
    [InlineData("{{ q | ⟦math.round⟧ }}", "'math.round' rounds a number; this is a 'string', as in {{ price | math.round 2 }}")]
    [InlineData("{{ q | ⟦array.join⟧ ', ' }}", "'array.join' joins a sequence; this is a 'string', as in {{ items | array.join ', ' }}")]
    [InlineData("{{ n | ⟦date.to_string⟧ '%Y' }}", "'date.to_string' formats a DateTime, DateTimeOffset, DateOnly or TimeOnly; this is a 'int', as in {{ when | date.to_string '%Y-%m-%d' }}")]
    [InlineData("{{ d | ⟦date.to_string⟧ '%Y %j' }}", "date.to_string: '%j' is not a format code PromptGen compiles; use %Y %y %m %d %H %I %M %S %p %b %B %a %A %L or %%")]
    public async Task PipeErrorsNameTheConstructAtItsCharacters(string marked, string message)
    {
        var (template, located) = Marked.Split(marked);
        var d = await CatalogHarness.MembersAsync(
            "[UserPrompt(\"" + template + "\")] Task<string> AskAsync(string q, int n, DateTime d, " + Ct + ");");

        Assert.Equal(new[] { $"PG0004 Error '{located}': Template error in 'AskAsync': {message}" }, d.Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("%Y-%m-%d", "yyyy\\-MM\\-dd")]
    [InlineData("%H:%M:%S %p, 100%%", "HH\\:mm\\:ss\\ tt\\,\\ \\1\\0\\0\\%")]
    public void DateFormatsTranslateToDotNetCustomFormats(string scriban, string dotnet)
    {
        Assert.Equal((dotnet, (string?)null), TemplateFunctions.DotNetFormat(scriban));
    }
}
