using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Scriban's whitespace control (language.md, "1.4 Whitespace control"): <c>-</c> is greedy and removes all
/// whitespace, newlines included, on its side; <c>{{~</c> removes whitespace before the block back to but not
/// including the previous newline; <c>~}}</c> removes whitespace after the block up to and including the first newline.
/// </summary>
public class WhitespaceControlTests
{
    private static readonly Dictionary<string, object?> s_values = new()
    {
        ["name"] = "foo",
        ["yes"] = true,
        ["no"] = false,
        ["products"] = new[] { new { name = "Orange" }, new { name = "Banana" }, new { name = "Apple" } },
    };

    private static string Render(string template) => TemplateRenderer.Render(template, s_values);

    [Theory]
    // Scriban's documented examples.
    [InlineData("This is a <       \n{{- name}}> text", "This is a <foo> text")]
    [InlineData("This is a <{{ name -}} \n> text:       ", "This is a <foo> text:       ")]
    [InlineData("This is a <\n{{- name -}} \n> text:       ", "This is a <foo> text:       ")]
    // Greedy: every kind of whitespace, several lines.
    [InlineData("a \t\r\n\n  {{- name -}}\n\n\t b", "afoob")]
    [InlineData("a {{- name }} b", "afoo b")]
    [InlineData("a {{ name -}} b", "a foob")]
    [InlineData("  \n {{- name -}} \n  ", "foo")]
    // No whitespace control: everything stays.
    [InlineData("a \n {{ name }} \n b", "a \n foo \n b")]
    public void Greedy(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Theory]
    [InlineData("line1\n   {{~ name }}", "line1\nfoo")] // stops at the newline, keeps it
    [InlineData("line1\n \t {{~ name }}", "line1\nfoo")] // tabs too
    [InlineData("a   {{~ name }}", "afoo")] // no newline before: spaces back to the text
    [InlineData("line1\r\n   {{~ name }}", "line1\r\nfoo")]
    [InlineData("line1\n\n   {{~ name }}", "line1\n\nfoo")] // only back to the nearest newline
    [InlineData("{{ name ~}}   \nline2", "fooline2")] // spaces and the first newline
    [InlineData("{{ name ~}}\n\nline3", "foo\nline3")] // only the first newline
    [InlineData("{{ name ~}}\r\nline2", "fooline2")] // \r\n is one newline
    [InlineData("{{ name ~}}  \n  indented", "foo  indented")] // the next line's indentation stays
    [InlineData("{{ name ~}}   text", "footext")] // no newline: spaces up to the text
    [InlineData("a \n  {{~ name ~}}  \n  b", "a \nfoo  b")]
    public void Non_greedy(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Fact]
    public void Non_greedy_removes_lines_that_only_hold_a_tag_keeping_indentation()
    {
        // The example from Scriban's documentation.
        const string Template =
            "<ul>\n" +
            "    {{~ for product in products ~}}\n" +
            "    <li>{{ product.name }}</li>\n" +
            "    {{~ end ~}}\n" +
            "</ul>";
        const string Expected =
            "<ul>\n" +
            "    <li>Orange</li>\n" +
            "    <li>Banana</li>\n" +
            "    <li>Apple</li>\n" +
            "</ul>";
        Assert.Equal(Expected, Render(Template));
    }

    [Fact]
    public void Non_greedy_on_if_else_tags_in_a_prompt()
    {
        const string Template =
            "You are a tutor.\n" +
            "{{~ if yes ~}}\n" +
            "Be brief.\n" +
            "{{~ else ~}}\n" +
            "Be thorough.\n" +
            "{{~ end ~}}\n" +
            "Question: {{ name }}";
        Assert.Equal("You are a tutor.\nBe brief.\nQuestion: foo", Render(Template));
        Assert.Equal("You are a tutor.\nBe thorough.\nQuestion: foo", Render(Template.Replace("if yes", "if no")));
    }

    [Theory]
    [InlineData("a {{- name ~}} \n b", "afoo b")]
    [InlineData("a \n {{~ name -}} \n b", "a \nfoob")]
    [InlineData("{{ yes ~}} \n {{~ no }}", "truefalse")] // both sides of one text
    [InlineData("{{ yes -}}  {{- no }}", "truefalse")]
    [InlineData("{{~ name ~}}", "foo")] // nothing to trim at the template's ends
    [InlineData("{{- name -}}", "foo")]
    [InlineData("a\n{{~ }}\nb", "a\n\nb")] // an empty block still trims
    [InlineData("a\n{{~ ~}}\nb", "a\nb")]
    [InlineData("a\n{{- # comment -}}\nb", "ab")]
    public void Mixed_and_edge_cases(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Fact]
    public void Trimmed_text_node_span_covers_the_kept_characters()
    {
        const string Template = "a  \n  {{~ name ~}}  \n  b";
        ParsedTemplate parsed = TemplateParser.Parse(Template);
        Assert.Empty(parsed.Errors);
        TextNode first = Assert.IsType<TextNode>(parsed.Nodes[0]);
        TextNode last = Assert.IsType<TextNode>(parsed.Nodes[2]);
        Assert.Equal("a  \n", first.Text);
        Assert.Equal(new TemplateSpan(0, 4), first.Span);
        Assert.Equal("  b", last.Text);
        Assert.Equal(Template.Length - 3, last.Span.Start);
    }

    [Fact]
    public void Text_trimmed_to_nothing_leaves_no_node()
    {
        ParsedTemplate parsed = TemplateParser.Parse("{{ if yes -}}\n   \n{{- end }}");
        Assert.Empty(parsed.Errors);
        Assert.Empty(Assert.IsType<IfNode>(Assert.Single(parsed.Nodes)).Branches[0].Body);
    }
}
