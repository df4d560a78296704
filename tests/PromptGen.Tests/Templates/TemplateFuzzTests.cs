using System.Text;
using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>The parser never throws and always returns a well-formed result, whatever it is given.</summary>
public class TemplateFuzzTests
{
    private static readonly string[] s_fragments =
    {
        "{{", "}}", "{{~", "~}}", "{{-", "-}}", "{%{", "}%}", "{%%{", "}%%}", "{", "}", "%",
        "if", "else", "else if", "elseif", "end", "for", "in", "while", "case", "when", "capture", "not", "and", "or",
        "true", "false", "null", "for.index", "x", "order.Customer.Name", "_a1", "é", ".", "..", "(", ")", "[", "]",
        "\"", "'", "`", "\\", "\\u", "\\x4", "\\n", "#", "##", "$x", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!",
        "=", "|", "+", "-", "*", "/", ";", ",", ":", "?", "??", "@", "^", "&", "~",
        "1", "42", "1.5", "1e3", "99999999999999999999999", "0x1F",
        " ", "  ", "\t", "\n", "\r\n", "\r", "\u2028", "\0", "\uD800", "\uDC00", "😀", "text",
    };

    private const string ValidTemplate =
        "You are {{~ role ~}}.\n{{ if level >= 2 && !brief }}Explain {{ topic.Name }} in depth.{{ else if brief }}Be brief.{{ else }}Explain simply.{{ end }}\n" +
        "{{- for ex in examples -}}\n  - {{ ex.Title }} ({{ 'quoted \\'x\\'' }}) {{ # comment }}\n{{~ end ~}}\n{%{ raw {{ }} }%} {{ \"{{\" }} {{ x == null or not (y < 1.5) }}";

    [Fact]
    public void The_sample_template_is_valid()
    {
        Assert.Empty(TemplateParser.Parse(ValidTemplate).Errors);
    }

    [Fact]
    public void Every_prefix_and_suffix_of_a_valid_template()
    {
        for (int i = 0; i <= ValidTemplate.Length; i++)
        {
            AssertWellFormed(ValidTemplate.Substring(0, i));
            AssertWellFormed(ValidTemplate.Substring(i));
        }
    }

    [Fact]
    public void Every_single_character_deletion_of_a_valid_template()
    {
        for (int i = 0; i < ValidTemplate.Length; i++)
        {
            AssertWellFormed(ValidTemplate.Remove(i, 1));
        }
    }

    [Fact]
    public void Random_fragment_soup()
    {
        var random = new Random(20240601);
        var builder = new StringBuilder();
        for (int n = 0; n < 5000; n++)
        {
            builder.Clear();
            int count = random.Next(1, 40);
            for (int i = 0; i < count; i++)
            {
                builder.Append(s_fragments[random.Next(s_fragments.Length)]);
                if (random.Next(3) == 0)
                {
                    builder.Append(' ');
                }
            }

            AssertWellFormed(builder.ToString());
        }
    }

    [Fact]
    public void Random_characters()
    {
        var random = new Random(7);
        const string Alphabet = "{}%~-#\"'\\ \n\r\tabcif.()!=<>&|0123456789$`[];";
        for (int n = 0; n < 5000; n++)
        {
            int length = random.Next(0, 60);
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = random.Next(10) == 0 ? (char)random.Next(0, 0xFFFF) : Alphabet[random.Next(Alphabet.Length)];
            }

            AssertWellFormed(new string(chars));
        }
    }

    [Fact]
    public void Random_mutations_of_a_valid_template()
    {
        var random = new Random(99);
        for (int n = 0; n < 3000; n++)
        {
            var text = new StringBuilder(ValidTemplate);
            int edits = random.Next(1, 5);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(text.Length + 1);
                switch (random.Next(3))
                {
                    case 0 when text.Length > 0 && at < text.Length:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                        break;
                    default:
                        if (at < text.Length)
                        {
                            text[at] = s_fragments[random.Next(s_fragments.Length)][0];
                        }

                        break;
                }
            }

            AssertWellFormed(text.ToString());
        }
    }

    private static void AssertWellFormed(string template)
    {
        ParsedTemplate parsed;
        try
        {
            parsed = TemplateParser.Parse(template);
        }
        catch (Exception exception)
        {
            throw new Xunit.Sdk.XunitException("Parse threw on " + Show(template) + ": " + exception);
        }

        foreach (TemplateError error in parsed.Errors)
        {
            Assert.False(error.Message.Contains("internal error", StringComparison.Ordinal), error.Message + " for " + Show(template));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            AssertInside(error.Span, template);
        }

        for (int i = 1; i < parsed.Errors.Count; i++)
        {
            Assert.True(parsed.Errors[i - 1].Span.Start <= parsed.Errors[i].Span.Start, "Errors out of order for " + Show(template));
        }

        CheckNodes(parsed.Nodes, template);

        // Deterministic.
        Assert.Equal(parsed, TemplateParser.Parse(template));
    }

    private static void CheckNodes(IReadOnlyList<TemplateNode> nodes, string template)
    {
        foreach (TemplateNode node in nodes)
        {
            AssertInside(node.Span, template);
            switch (node)
            {
                case TextNode text:
                    Assert.NotEmpty(text.Text);
                    Assert.Equal(text.Text, template.Substring(text.Span.Start, text.Span.Length));
                    break;
                case OutputNode output:
                    CheckExpression(output.Expression, template);
                    break;
                case IfNode conditional:
                    Assert.NotEmpty(conditional.Branches);
                    foreach (IfBranch branch in conditional.Branches)
                    {
                        CheckExpression(branch.Condition, template);
                        CheckNodes(branch.Body, template);
                    }

                    if (conditional.Else is not null)
                    {
                        CheckNodes(conditional.Else, template);
                    }

                    break;
                case ForNode loop:
                    AssertInside(loop.VariableSpan, template);
                    CheckExpression(loop.Source, template);
                    CheckNodes(loop.Body, template);
                    break;
            }
        }
    }

    private static void CheckExpression(TemplateExpression expression, string template)
    {
        AssertInside(expression.Span, template);
        switch (expression)
        {
            case PathExpression path:
                Assert.NotEmpty(path.Segments);
                foreach (PathSegment segment in path.Segments)
                {
                    Assert.Equal(segment.Name, template.Substring(segment.Span.Start, segment.Span.Length));
                }

                break;
            case UnaryExpression unary:
                CheckExpression(unary.Operand, template);
                break;
            case BinaryExpression binary:
                CheckExpression(binary.Left, template);
                CheckExpression(binary.Right, template);
                break;
        }
    }

    private static void AssertInside(TemplateSpan span, string template)
    {
        Assert.True(span.Start >= 0 && span.Length >= 0 && span.End <= template.Length, span + " outside " + Show(template));
    }

    private static string Show(string template) => "\"" + template.Replace("\n", "\\n").Replace("\r", "\\r") + "\"";
}
