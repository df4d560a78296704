using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

public class TemplateParserTests
{
    private static ParsedTemplate ParseClean(string template)
    {
        ParsedTemplate parsed = TemplateParser.Parse(template);
        Assert.True(parsed.Errors.Count == 0, "Unexpected errors: " + string.Join("; ", parsed.Errors));
        return parsed;
    }

    [Fact]
    public void Text_only_is_one_text_node()
    {
        ParsedTemplate parsed = ParseClean("Hello, world!\n");
        TextNode text = Assert.IsType<TextNode>(Assert.Single(parsed.Nodes));
        Assert.Equal("Hello, world!\n", text.Text);
        Assert.Equal(new TemplateSpan(0, 14), text.Span);
    }

    [Fact]
    public void Empty_template_has_no_nodes()
    {
        Assert.Empty(ParseClean(string.Empty).Nodes);
    }

    [Fact]
    public void Null_template_is_treated_as_empty()
    {
        ParsedTemplate parsed = TemplateParser.Parse(null!);
        Assert.Empty(parsed.Nodes);
        Assert.Empty(parsed.Errors);
    }

    [Fact]
    public void Output_of_a_name_has_block_span_and_segment_spans()
    {
        const string Template = "What is {{ topic }}? Answer in at most {{ maxWords }} words.";
        ParsedTemplate parsed = ParseClean(Template);

        Assert.Equal(5, parsed.Nodes.Count);
        Assert.Equal("What is ", Assert.IsType<TextNode>(parsed.Nodes[0]).Text);
        OutputNode topic = Assert.IsType<OutputNode>(parsed.Nodes[1]);
        Assert.Equal(new TemplateSpan(8, 11), topic.Span);
        Assert.Equal("{{ topic }}", Template.Substring(topic.Span.Start, topic.Span.Length));
        PathExpression path = Assert.IsType<PathExpression>(topic.Expression);
        PathSegment segment = Assert.Single(path.Segments);
        Assert.Equal("topic", segment.Name);
        Assert.Equal(new TemplateSpan(11, 5), segment.Span);
        Assert.Equal(segment.Span, path.Span);
        Assert.Equal("? Answer in at most ", Assert.IsType<TextNode>(parsed.Nodes[2]).Text);
        Assert.Equal("maxWords", Assert.IsType<PathExpression>(Assert.IsType<OutputNode>(parsed.Nodes[3]).Expression).Segments[0].Name);
        Assert.Equal(" words.", Assert.IsType<TextNode>(parsed.Nodes[4]).Text);
    }

    [Fact]
    public void Member_path_has_a_span_per_segment()
    {
        const string Template = "{{ order.Customer.Name }}";
        PathExpression path = Assert.IsType<PathExpression>(Assert.IsType<OutputNode>(Assert.Single(ParseClean(Template).Nodes)).Expression);
        Assert.Equal(new[] { "order", "Customer", "Name" }, path.Segments.Select(s => s.Name));
        Assert.Equal(new[] { "order", "Customer", "Name" }, path.Segments.Select(s => Template.Substring(s.Span.Start, s.Span.Length)));
        Assert.Equal("order.Customer.Name", Template.Substring(path.Span.Start, path.Span.Length));
    }

    [Theory]
    [InlineData("_name")]
    [InlineData("name2")]
    [InlineData("Ünïcode")]
    [InlineData("a.end")] // keywords are fine as member names
    [InlineData("a.for.if")]
    public void Identifiers(string path)
    {
        Assert.Equal(path, ExpressionPrinter.ParseAndPrint(path));
    }

    [Fact]
    public void Path_may_spread_over_whitespace_and_lines()
    {
        Assert.Equal("order.Customer", ExpressionPrinter.ParseAndPrint("\n  order . Customer\n"));
    }

    [Theory]
    [InlineData("\"hello\"", "String", "hello")]
    [InlineData("'hello'", "String", "hello")]
    [InlineData("\"a\\\"b\"", "String", "a\"b")]
    [InlineData("'a\\'b'", "String", "a'b")]
    [InlineData("\"it's\"", "String", "it's")]
    [InlineData("'say \"hi\"'", "String", "say \"hi\"")]
    [InlineData("\"\\\\ \\n \\t \\r \\b \\f\"", "String", "\\ \n \t \r \b \f")]
    [InlineData("\"\\u00e9\\x41\"", "String", "éA")]
    [InlineData("\"two\nlines\"", "String", "two\nlines")]
    [InlineData("\"\"", "String", "")]
    [InlineData("\"}}\"", "String", "}}")]
    [InlineData("\"{{\"", "String", "{{")]
    [InlineData("\"# not a comment\"", "String", "# not a comment")]
    [InlineData("true", "Boolean", true)]
    [InlineData("false", "Boolean", false)]
    [InlineData("null", "Null", null)]
    [InlineData("0", "Integer", 0L)]
    [InlineData("42", "Integer", 42L)]
    [InlineData("9223372036854775807", "Integer", long.MaxValue)]
    public void Literals(string source, string kind, object? value)
    {
        string template = "{{ " + source + " }}";
        LiteralExpression literal = Assert.IsType<LiteralExpression>(Assert.IsType<OutputNode>(Assert.Single(ParseClean(template).Nodes)).Expression);
        Assert.Equal(kind, literal.Kind.ToString());
        Assert.Equal(value, literal.Value);
        Assert.Equal(source, literal.Text);
        Assert.Equal(new TemplateSpan(3, source.Length), literal.Span);
    }

    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("3.14159", "3.14159")]
    [InlineData("10.0", "10.0")]
    public void Decimal_literals(string source, string expected)
    {
        LiteralExpression literal = Assert.IsType<LiteralExpression>(Assert.IsType<OutputNode>(Assert.Single(ParseClean("{{" + source + "}}").Nodes)).Expression);
        Assert.Equal(LiteralKind.Decimal, literal.Kind);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), literal.Value);
    }

    [Theory]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("a && b || c", "((a && b) || c)")]
    [InlineData("a or b and c", "(a || (b && c))")]
    [InlineData("a == b && c != d", "((a == b) && (c != d))")]
    [InlineData("a < b == c > d", "((a < b) == (c > d))")]
    [InlineData("a <= b != c >= d", "((a <= b) != (c >= d))")]
    [InlineData("a == b == c", "((a == b) == c)")]
    [InlineData("a < b < c", "((a < b) < c)")]
    [InlineData("a || b || c", "((a || b) || c)")]
    [InlineData("a && b && c", "((a && b) && c)")]
    [InlineData("!a == b", "((!a) == b)")]
    [InlineData("not a == b", "((!a) == b)")]
    [InlineData("!!a", "(!(!a))")]
    [InlineData("not not a", "(!(!a))")]
    [InlineData("!(a == b)", "(!(a == b))")]
    [InlineData("(a || b) && c", "((a || b) && c)")]
    [InlineData("((a))", "a")]
    [InlineData("a.b > 1 and a.c < 2.5 or not d", "(((a.b > 1) && (a.c < 2.5)) || (!d))")]
    [InlineData("x == null", "(x == null)")]
    [InlineData("s == 'x' || s == \"y\"", "((s == 'x') || (s == \"y\"))")]
    [InlineData("a&&b||c", "((a && b) || c)")]
    [InlineData("android or order", "(android || order)")] // keywords only as whole words
    public void Precedence_and_associativity(string expression, string expected)
    {
        Assert.Equal(expected, ExpressionPrinter.ParseAndPrint(expression));
    }

    [Fact]
    public void Expression_spans_cover_operands_and_operators()
    {
        const string Template = "{{ !a && (b == 'x') }}";
        BinaryExpression and = Assert.IsType<BinaryExpression>(Assert.IsType<OutputNode>(Assert.Single(ParseClean(Template).Nodes)).Expression);
        Assert.Equal("!a && (b == 'x'", Template.Substring(and.Span.Start, and.Span.Length));
        UnaryExpression not = Assert.IsType<UnaryExpression>(and.Left);
        Assert.Equal("!a", Template.Substring(not.Span.Start, not.Span.Length));
        BinaryExpression equals = Assert.IsType<BinaryExpression>(and.Right);
        Assert.Equal("b == 'x'", Template.Substring(equals.Span.Start, equals.Span.Length));
    }

    [Fact]
    public void If_else_if_else()
    {
        const string Template = "{{ if a }}A{{ else if b }}B{{ else if c }}C{{ else }}D{{ end }}";
        IfNode node = Assert.IsType<IfNode>(Assert.Single(ParseClean(Template).Nodes));
        Assert.Equal(new TemplateSpan(0, Template.Length), node.Span);
        Assert.Equal(new[] { "a", "b", "c" }, node.Branches.Select(b => ExpressionPrinter.Print(b.Condition)));
        Assert.Equal(new[] { "A", "B", "C" }, node.Branches.Select(b => Assert.IsType<TextNode>(Assert.Single(b.Body)).Text));
        Assert.Equal("D", Assert.IsType<TextNode>(Assert.Single(node.Else!)).Text);
    }

    [Fact]
    public void If_without_else_has_null_else_and_empty_else_is_empty()
    {
        IfNode without = Assert.IsType<IfNode>(Assert.Single(ParseClean("{{ if a }}A{{ end }}").Nodes));
        Assert.Null(without.Else);
        IfNode empty = Assert.IsType<IfNode>(Assert.Single(ParseClean("{{ if a }}A{{ else }}{{ end }}").Nodes));
        Assert.NotNull(empty.Else);
        Assert.Empty(empty.Else!);
        IfNode emptyBody = Assert.IsType<IfNode>(Assert.Single(ParseClean("{{ if a }}{{ end }}").Nodes));
        Assert.Empty(Assert.Single(emptyBody.Branches).Body);
    }

    [Fact]
    public void For_loop_has_variable_span_source_and_body()
    {
        const string Template = "{{ for item in order.Items }}- {{ item.Name }}\n{{ end }}";
        ForNode loop = Assert.IsType<ForNode>(Assert.Single(ParseClean(Template).Nodes));
        Assert.Equal("item", loop.Variable);
        Assert.Equal("item", Template.Substring(loop.VariableSpan.Start, loop.VariableSpan.Length));
        Assert.Equal(new TemplateSpan(7, 4), loop.VariableSpan);
        Assert.Equal("order.Items", ExpressionPrinter.Print(loop.Source));
        Assert.Equal(new TemplateSpan(0, Template.Length), loop.Span);
        Assert.Equal(3, loop.Body.Count);
        Assert.Equal("- ", Assert.IsType<TextNode>(loop.Body[0]).Text);
        Assert.Equal("item.Name", ExpressionPrinter.Print(Assert.IsType<OutputNode>(loop.Body[1]).Expression));
        Assert.Equal("\n", Assert.IsType<TextNode>(loop.Body[2]).Text);
    }

    [Fact]
    public void Nesting_of_loops_and_conditions()
    {
        const string Template =
            "{{ for o in orders }}{{ if o.Lines }}{{ for l in o.Lines }}{{ if l.Qty > 1 }}{{ l.Qty }}x{{ end }}{{ l.Name }};{{ end }}{{ else }}none{{ end }}|{{ end }}";
        ForNode outer = Assert.IsType<ForNode>(Assert.Single(ParseClean(Template).Nodes));
        Assert.Equal(2, outer.Body.Count);
        IfNode hasLines = Assert.IsType<IfNode>(outer.Body[0]);
        ForNode inner = Assert.IsType<ForNode>(Assert.Single(hasLines.Branches[0].Body));
        Assert.Equal("l", inner.Variable);
        Assert.IsType<IfNode>(inner.Body[0]);

        var values = new Dictionary<string, object?>
        {
            ["orders"] = new object[]
            {
                new { Lines = new object[] { new { Qty = 2, Name = "tea" }, new { Qty = 1, Name = "cake" } } },
                new { Lines = (object[]?)null },
            },
        };
        Assert.Equal("2xtea;cake;|none|", TemplateRenderer.Render(Template, values));
    }

    [Fact]
    public void Rendering_covers_conditions_and_loops()
    {
        const string Template = "What is {{ topic }}?{{ if maxWords > 0 }} Answer in at most {{ maxWords }} words.{{ end }}{{ for t in tags }} #{{ t }}{{ end }}";
        var values = new Dictionary<string, object?> { ["topic"] = "gravity", ["maxWords"] = 50, ["tags"] = new[] { "physics", "science" } };
        Assert.Equal("What is gravity? Answer in at most 50 words. #physics #science", TemplateRenderer.Render(Template, values));
        values["maxWords"] = 0;
        values["tags"] = Array.Empty<string>();
        Assert.Equal("What is gravity?", TemplateRenderer.Render(Template, values));
    }

    [Theory]
    [InlineData("{{ \"{{\" }}", "{{")]
    [InlineData("a {{ \"{{\" }} b {{ \"}}\" }} c", "a {{ b }} c")]
    [InlineData("{{ '{{' }} name }}", null)] // the second }} is stray: see the error tests
    public void Literal_braces(string template, string? expected)
    {
        if (expected is null)
        {
            Assert.NotEmpty(TemplateParser.Parse(template).Errors);
            return;
        }

        Assert.Equal(expected, TemplateRenderer.Render(template));
    }

    [Theory]
    [InlineData("a{{ # a comment }}b", "ab")]
    [InlineData("a{{# a comment }}b", "ab")]
    [InlineData("a{{ ## multi\nline ## }}b", "ab")]
    [InlineData("a{{ ## runs to the end of the block }}b", "ab")]
    [InlineData("a{{ x # trailing comment }}b", "aXb")]
    [InlineData("a{{ x # comment\n }}b", "aXb")]
    [InlineData("a{{ ## c ## x }}b", "aXb")]
    [InlineData("a {{ # comment ~}}\nb", "a b")]
    [InlineData("a{{ }}b{{~ ~}}c", "abc")]
    public void Comments_and_empty_blocks(string template, string expected)
    {
        Assert.Equal(expected, TemplateRenderer.Render(template, new Dictionary<string, object?> { ["x"] = "X" }));
    }

    [Theory]
    [InlineData("{%{Hello {{ name }}}%}", "Hello {{ name }}")]
    [InlineData("a{%{ }} }%}b", "a }} b")]
    [InlineData("{%%{ }%} here}%%}", " }%} here")]
    [InlineData("x  {%{~ y ~}%}  z", "x y z")]
    [InlineData("x  \n {%{- y -}%} \n z", "x y z")]
    public void Escape_blocks_output_their_content(string template, string expected)
    {
        Assert.Equal(expected, TemplateRenderer.Render(template));
    }

    [Fact]
    public void Escape_block_text_node_spans_its_content()
    {
        const string Template = "a{%{ {{b}} }%}c";
        ParsedTemplate parsed = ParseClean(Template);
        Assert.Equal(3, parsed.Nodes.Count);
        TextNode escaped = Assert.IsType<TextNode>(parsed.Nodes[1]);
        Assert.Equal(" {{b}} ", escaped.Text);
        Assert.Equal(escaped.Text, Template.Substring(escaped.Span.Start, escaped.Span.Length));
    }

    [Fact]
    public void Model_compares_by_value()
    {
        const string Template = "{{ for x in xs }}{{ if x.A == 'q' || !x.B }}{{ x }}{{ else }}-{{ end }}{{ end }}";
        ParsedTemplate first = TemplateParser.Parse(Template);
        ParsedTemplate second = TemplateParser.Parse(Template);
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, TemplateParser.Parse(Template.Replace("'q'", "'r'")));
        Assert.Equal(TemplateParser.Parse("{{ a b }}"), TemplateParser.Parse("{{ a b }}"));
        Assert.NotEqual(TemplateParser.Parse("{{ a b }}"), TemplateParser.Parse("{{ a c }}"));
    }

    [Fact]
    public void Spans_compare_by_value()
    {
        Assert.Equal(new TemplateSpan(1, 2), TemplateSpan.FromBounds(1, 3));
        Assert.True(new TemplateSpan(1, 2) == new TemplateSpan(1, 2));
        Assert.True(new TemplateSpan(1, 2) != new TemplateSpan(1, 3));
        Assert.Equal(3, new TemplateSpan(1, 2).End);
        Assert.Equal("[1..3)", new TemplateSpan(1, 2).ToString());
    }

    [Fact]
    public void Pipe_is_loosest_and_left_associative_with_literal_arguments()
    {
        const string Template = "{{ a || b | string.truncate 5 '…' | string.upcase }}";
        var outer = Assert.IsType<PipeExpression>(Assert.IsType<OutputNode>(Assert.Single(ParseClean(Template).Nodes)).Expression);
        Assert.Equal("string.upcase", outer.Function.Name);
        Assert.Equal("string.upcase", Template.Substring(outer.Function.Span.Start, outer.Function.Span.Length));
        Assert.Empty(outer.Arguments);
        var inner = Assert.IsType<PipeExpression>(outer.Input);
        Assert.Equal("string.truncate", inner.Function.Name);
        Assert.Equal(new[] { "5", "'…'" }, inner.Arguments.Select(a => a.ToString()));
        Assert.IsType<BinaryExpression>(inner.Input);
        Assert.Equal("a || b | string.truncate 5 '…'", Template.Substring(inner.Span.Start, inner.Span.Length));
    }

    [Fact]
    public void Loop_variables_parse_as_paths_starting_with_for()
    {
        var path = Assert.IsType<PathExpression>(Assert.IsType<OutputNode>(Assert.Single(ParseClean("{{ for.index }}").Nodes)).Expression);
        Assert.Equal(new[] { "for", "index" }, path.Segments.Select(s => s.Name));
    }
}
