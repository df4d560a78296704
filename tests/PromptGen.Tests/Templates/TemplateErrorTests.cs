using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Every error the parser reports, with its exact message and span. In the data, ⟦ and ⟧ mark the span the error
/// must cover (they are removed before parsing).
/// </summary>
public class TemplateErrorTests
{
    private static (string Template, TemplateSpan Span) Unmark(string marked)
    {
        int start = marked.IndexOf('⟦');
        int end = marked.IndexOf('⟧');
        Assert.True(start >= 0 && end > start, "The test template must mark the span with ⟦ ⟧");
        string template = marked.Remove(end, 1).Remove(start, 1);
        return (template, TemplateSpan.FromBounds(start, end - 1));
    }

    [Theory]
    [InlineData("Hello ⟦{{⟧ name", "'{{' is never closed: add '}}' after the expression, or write {{ \"{{\" }} for a literal '{{'")]
    [InlineData("Hello ⟦{{⟧ name {{ other }}", "'{{' is never closed: add '}}' after the expression, or write {{ \"{{\" }} for a literal '{{'")]
    [InlineData("a ⟦}}⟧ b", "'}}' has no matching '{{': add '{{' before the expression, or write {{ \"}}\" }} for a literal '}}'")]
    [InlineData("{name⟦}}⟧", "'}}' has no matching '{{': add '{{' before the expression, or write {{ \"}}\" }} for a literal '}}'")]
    [InlineData("{{ ⟦\"⟧abc }} rest", "This string is never closed: add a closing \" before '}}'")]
    [InlineData("{{ ⟦\"⟧abc", "This string is never closed: add a closing \" before '}}'")]
    [InlineData("{{ 'abc⟦\\q⟧' }}", "'\\q' is not an escape sequence: use \\\" \\' \\\\ \\n \\r \\t \\b \\f \\uXXXX or \\xXX, or write '\\\\' for a backslash")]
    [InlineData("{{ \"⟦\\u12⟧\" }}", "'\\u' must be followed by exactly 4 hexadecimal digits, as in \\u00e9")]
    [InlineData("⟦{{ if x }}⟧A", "'{{ if }}' is never closed: add '{{ end }}' after its body")]
    [InlineData("⟦{{ for i in xs }}⟧A", "'{{ for }}' is never closed: add '{{ end }}' after its body")]
    [InlineData("⟦{{ end }}⟧", "'{{ end }}' has no block to close: remove it, or add the '{{ if }}' or '{{ for }}' it should end")]
    [InlineData("{{ if x }}{{ else }}⟦{{ else }}⟧{{ end }}", "This '{{ if }}' already has an '{{ else }}': remove one of them")]
    [InlineData("{{ if x }}{{ else }}⟦{{ else if y }}⟧{{ end }}", "'{{ else if }}' cannot follow '{{ else }}': move it before the '{{ else }}'")]
    [InlineData("⟦{{ else }}⟧", "'{{ else }}' has no matching '{{ if }}': add '{{ if condition }}' before it, or remove it")]
    [InlineData("⟦{{ else if x }}⟧", "'{{ else if }}' has no matching '{{ if }}': add '{{ if condition }}' before it, or remove it")]
    [InlineData("{{ for i in xs }}⟦{{ else }}⟧{{ end }}", "'{{ else }}' must be directly inside an '{{ if }}' block, but this one is inside a '{{ for }}' loop: close the loop with '{{ end }}' first")]
    [InlineData("{{ if x }}{{ ⟦elseif⟧ y }}{{ end }}", "'elseif' is not a keyword: write '{{ else if condition }}'")]
    [InlineData("{{ ⟦endif⟧ }}", "'endif' is not a keyword: close every block with '{{ end }}'")]
    [InlineData("{{ ⟦while⟧ x }}a{{ end }}", "'while' loops are not in PromptGen's subset: loop over a collection with '{{ for item in items }}'")]
    [InlineData("{{ ⟦case⟧ x }}{{ when 1 }}a{{ end }}", "'case' is not in PromptGen's subset: use '{{ if x == 1 }}…{{ else if x == 2 }}…{{ else }}…{{ end }}'")]
    [InlineData("{{ ⟦capture⟧ x }}a{{ end }}", "'capture' is not in PromptGen's subset: templates cannot set variables; build the text in C# and pass it as a parameter")]
    [InlineData("{{ ⟦func⟧ f }}a{{ end }}", "Defining functions ('func') is not in PromptGen's subset: write the logic in C# and pass its result as a parameter")]
    [InlineData("{{ ⟦when⟧ | string.upcase }}", "'when' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}; if 'when' is a parameter, a template cannot read it by that name: rename the parameter (for example 'whenValue') and use the new name")]
    [InlineData("{{ ⟦when⟧ }}", "'when' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}; if 'when' is a parameter, a template cannot read it by that name: rename the parameter (for example 'whenValue') and use the new name")]
    [InlineData("{{ ⟦break⟧ }}", "'break' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}; if 'break' is a parameter, a template cannot read it by that name: rename the parameter (for example 'breakValue') and use the new name")]
    [InlineData("{{ ⟦include⟧ 'x' }}", "'include' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}")]
    [InlineData("{{ x ⟦=⟧ 1 }}", "Assignments ('=') are not in PromptGen's subset: templates only read the method's parameters (to compare, write '==')")]
    [InlineData("{{ x ⟦|>⟧ upcase }}", "'|>' is not a pipe in PromptGen's subset: write 'value | function', as in {{ name | string.upcase }}")]
    [InlineData("{{ x | ⟦1⟧ }}", "Expected a function after '|', as in {{ name | string.upcase }}, but found '1'")]
    [InlineData("{{ x | ⟦}}⟧", "Expected a function after '|', as in {{ name | string.upcase }}")]
    [InlineData("{{ x | string.truncate 5 ⟦+⟧ 1 }}", "Arithmetic ('+') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ upcase ⟦x⟧ }}", "'upcase x' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter, or end the expression with '}}'")]
    [InlineData("{{ x.y⟦(⟧1) }}", "'x.y(…)' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter")]
    [InlineData("{{ x ⟦+⟧ 1 }}", "Arithmetic ('+') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ x ⟦-⟧ 1 }}", "Arithmetic ('-') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ x⟦[⟧0] }}", "Indexers and arrays ('[…]') are not in PromptGen's subset: loop with '{{ for item in items }}', or pass the element as a parameter")]
    [InlineData("{{ ⟦[⟧1,2] }}", "Indexers and arrays ('[…]') are not in PromptGen's subset: loop with '{{ for item in items }}', or pass the element as a parameter")]
    [InlineData("{{ 1⟦..⟧3 }}", "Ranges ('..') are not in PromptGen's subset: loop over a collection passed as a parameter")]
    [InlineData("{{ ⟦$x⟧ }}", "Local variables ('$x') are not in PromptGen's subset: use the method's parameters and loop variables by name")]
    [InlineData("{{ ⟦`abc`⟧ }}", "Backtick strings are not in PromptGen's subset: use \"…\" or '…'")]
    [InlineData("{{ ⟦1e3⟧ }}", "'1e3' is not a number in PromptGen's subset: write digits with an optional decimal part, such as 42 or 0.5")]
    [InlineData("{{ ⟦-1e2⟧ }}", "'-1e2' is not a number in PromptGen's subset: write digits with an optional decimal part, such as -42 or -0.5")]
    [InlineData("{{ if x > ⟦-1e2⟧ }}a{{ end }}", "'-1e2' is not a number in PromptGen's subset: write digits with an optional decimal part, such as -42 or -0.5")]
    [InlineData("{{ if ⟦-0x1F⟧ == x }}a{{ end }}", "'-0x1F' is not a number in PromptGen's subset: write digits with an optional decimal part, such as -42 or -0.5")]
    [InlineData("{{ if x < ⟦-.5⟧ }}a{{ end }}", "'-.5' is not a number in PromptGen's subset: write a digit before the point, as in -0.5")]
    [InlineData("{{ ⟦.25⟧ }}", "'.25' is not a number in PromptGen's subset: write a digit before the point, as in 0.25")]
    [InlineData("{{ if x == ⟦.5⟧ }}a{{ end }}", "'.5' is not a number in PromptGen's subset: write a digit before the point, as in 0.5")]
    [InlineData("{{ ⟦99999999999999999999⟧ }}", "'99999999999999999999' is too large: integers must fit in 64 bits (from -9223372036854775808 to 9223372036854775807)")]
    [InlineData("{{ ⟦-99999999999999999999999999999.5⟧ }}", "'-99999999999999999999999999999.5' is too small for a decimal number")]
    [InlineData("{{ ⟦99999999999999999999999999999.5⟧ }}", "'99999999999999999999999999999.5' is too large for a decimal number")]
    [InlineData("{{ ⟦-99999999999999999999⟧ }}", "'-99999999999999999999' is too small: integers must fit in 64 bits (from -9223372036854775808 to 9223372036854775807)")]
    [InlineData("{{ if x > ⟦-⟧y }}a{{ end }}", "Arithmetic ('-') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ if x > ⟦-⟧ 1 }}a{{ end }}", "Arithmetic ('-') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ x ⟦-⟧1 }}", "Arithmetic ('-') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ if x >= -1 ⟦-⟧ 1 }}a{{ end }}", "Arithmetic ('-') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ ⟦--⟧1 }}", "Arithmetic ('--') is not in PromptGen's subset: compute the value in C# and pass it as a parameter")]
    [InlineData("{{ for ⟦}}⟧{{ end }}", "Expected a loop variable name after 'for', as in {{ for item in items }}")]
    [InlineData("{{ for x ⟦}}⟧{{ end }}", "Expected 'in' after the loop variable, as in {{ for x in items }}")]
    [InlineData("{{ for x ⟦xs⟧ }}{{ end }}", "Expected 'in' after the loop variable, as in {{ for x in items }}")]
    [InlineData("{{ for ⟦1⟧ in xs }}{{ end }}", "Expected a loop variable name after 'for', as in {{ for item in items }}, but found '1'")]
    [InlineData("{{ for ⟦in⟧ in xs }}{{ end }}", "'in' is a keyword and cannot name a loop variable: choose another name, as in {{ for item in items }}")]
    [InlineData("{{ for x in ⟦}}⟧{{ end }}", "Expected the collection to loop over after 'in', as in {{ for x in items }}")]
    [InlineData("{{ for x in xs ⟦limit⟧:2 }}{{ end }}", "Loop options ('limit:', 'offset:', 'reversed') are not in PromptGen's subset: shape the collection in C# before passing it")]
    [InlineData("{{ if ⟦}}⟧{{ end }}", "Expected a condition after 'if', as in {{ if count > 0 }}")]
    [InlineData("{{ a == ⟦}}⟧", "Expected a value after '=='")]
    [InlineData("{{ (a ⟦}}⟧", "Expected ')' to close the '('")]
    [InlineData("{{ a ⟦)⟧ }}", "Unexpected ')': a code block holds one expression or statement; end it with '}}'")]
    [InlineData("{{ a⟦.⟧ }}", "Expected a member name after '.'")]
    [InlineData("{{ a.⟦1⟧ }}", "Expected a member name after '.', but found '1'")]
    [InlineData("{{ ! ⟦}}⟧", "Expected a value after '!'")]
    [InlineData("{{ a ⟦&⟧ b }}", "'&' is not an operator in PromptGen's subset: write '&&' or 'and'")]
    [InlineData("{{ a⟦;⟧ b }}", "PromptGen's subset allows one statement per code block: end this one with '}}' and start the next with '{{'")]
    [InlineData("{{ x ⟦??⟧ y }}", "'??' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}")]
    [InlineData("{{ ⟦empty⟧ }}", "'empty' is a keyword, not a value: Scriban's 'empty' is not in PromptGen's subset; a template cannot read a parameter declared '@empty': rename the parameter (for example 'emptyValue') and use the new name")]
    [InlineData("{{ ⟦this⟧ }}", "'this' is a keyword, not a value: Scriban's 'this' is not in PromptGen's subset; a template cannot read a parameter declared '@this': rename the parameter (for example 'thisValue') and use the new name")]
    [InlineData("{{ end ⟦x⟧ }}", "Unexpected 'x': a code block holds one expression or statement; end it with '}}'")]
    [InlineData("{{ if a ⟦b⟧ }}{{ end }}", "'a b' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter, or end the expression with '}}'")]
    [InlineData("{{ a ⟦~⟧ b }}", "Unexpected character '~' in a code block")]
    [InlineData("{{ a ⟦b⟧ c }}", "'a b' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter, or end the expression with '}}'")]
    [InlineData("⟦{%{⟧ abc", "'{%{' is never closed: add '}%}' after the text to escape")]
    [InlineData("{{ ⟦{⟧a:1} }}", "Object literals ('{…}') are not in PromptGen's subset")]
    [InlineData("{{ a ⟦}⟧ }}", "Unexpected '}': a code block ends with '}}'")]
    [InlineData("{{ \"a\" ⟦\"b\"⟧ }}", "Unexpected '\"b\"': a code block holds one expression or statement; end it with '}}'")]
    [InlineData("{{ ⟦unless⟧ x }}a{{ end }}", "'unless' is not a keyword: write '{{ if !condition }}'")]
    [InlineData("{{ ⟦assign⟧ x = 1 }}", "Assignments are not in PromptGen's subset: templates only read the method's parameters; compute the value in C# and pass it as a parameter")]
    [InlineData("⟦{{ if x }}⟧{{ for y in z }}{{ end }}", "'{{ if }}' is never closed: add '{{ end }}' after its body")]
    [InlineData("{{ if (a ⟦}}⟧x{{ end }}", "Expected ')' to close the '('")]
    [InlineData("{{ if a }}{{ else }}{{ end }}⟦{{ end }}⟧", "'{{ end }}' has no block to close: remove it, or add the '{{ if }}' or '{{ for }}' it should end")]
    [InlineData("{{ not ⟦}}⟧", "Expected a value after 'not'")]
    [InlineData("{{ x.y.z⟦[⟧1] }}", "Indexers and arrays ('[…]') are not in PromptGen's subset: loop with '{{ for item in items }}', or pass the element as a parameter")]
    [InlineData("{{ if x == ⟦\"⟧a\n }}b{{ end }}", "This string is never closed: add a closing \" before '}}'")]
    [InlineData("text {{ ⟦in⟧ }}", "'in' is a keyword, not a value: it cannot start an expression here; a template cannot read a parameter declared '@in': rename the parameter (for example 'inValue') and use the new name")]
    [InlineData("{{ ⟦while.index⟧ }}", "'while.index': 'while' loops are not in PromptGen's subset, so neither are their loop variables: inside '{{ for item in items }}', use for.index, for.first and for.last")]
    [InlineData("{{ for x in xs }}{{ ⟦endfor⟧ }}", "'endfor' is not a keyword: close every block with '{{ end }}'")]
    [InlineData("{{ ⟦ret⟧ }}", "'ret' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}; if 'ret' is a parameter, a template cannot read it by that name: rename the parameter (for example 'retValue') and use the new name")]
    [InlineData("{{ ⟦with⟧ x }}{{ end }}", "'with' is not in PromptGen's subset. PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}")]
    [InlineData("{{ x.y }} and {{ x ~}} ok {{ a ⟦)⟧ }}", "Unexpected ')': a code block holds one expression or statement; end it with '}}'")]
    [InlineData("{{ ⟦iff⟧ x }}a{{ end }}", "Unknown keyword 'iff': did you mean 'if'?")]
    [InlineData("{{ ⟦fro⟧ item in items }}", "Unknown keyword 'fro': did you mean 'for'?")]
    [InlineData("{{ if a }}{{ ⟦esle⟧ if b }}{{ end }}", "Unknown keyword 'esle': did you mean 'else'?")]
    [InlineData("{{ ⟦If⟧ a }}", "Unknown keyword 'If': did you mean 'if'?")]
    [InlineData("{{ order ⟦x⟧ }}", "'order x' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter, or end the expression with '}}'")]
    public void Reports_one_error_with_exact_span_and_message(string marked, string message)
    {
        (string template, TemplateSpan span) = Unmark(marked);
        ParsedTemplate parsed = TemplateParser.Parse(template);
        TemplateError error = Assert.Single(parsed.Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal(span, error.Span);
        Assert.True(parsed.HasErrors);
    }

    [Fact]
    public void Reports_every_error_in_position_order()
    {
        const string Template = "{{ if a }}{{ x |> f }}{{ for i in xs }}{{ y = 1 }}{{ end }}\n}} and {{ \"open";
        ParsedTemplate parsed = TemplateParser.Parse(Template);
        Assert.Equal(
            new[] { "{{ if a }}", "|>", "=", "}}", "\"" },
            parsed.Errors.Select(e => Template.Substring(e.Span.Start, e.Span.Length)));
        Assert.StartsWith("'{{ if }}' is never closed", parsed.Errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("'|>' is not a pipe", parsed.Errors[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("Assignments", parsed.Errors[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("'}}' has no matching '{{'", parsed.Errors[3].Message, StringComparison.Ordinal);
        Assert.StartsWith("This string is never closed", parsed.Errors[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_one_error_per_code_block()
    {
        ParsedTemplate parsed = TemplateParser.Parse("{{ a + b | c = d }}");
        Assert.Equal("+", "{{ a + b | c = d }}".Substring(Assert.Single(parsed.Errors).Span.Start, 1));
    }

    [Fact]
    public void Missing_end_is_reported_at_each_unclosed_opening_tag()
    {
        const string Template = "{{ for x in xs }}{{ if x }}{{ x }}";
        ParsedTemplate parsed = TemplateParser.Parse(Template);
        Assert.Equal(2, parsed.Errors.Count);
        Assert.Equal(("{{ for x in xs }}", "'{{ for }}' is never closed: add '{{ end }}' after its body"), (Template.Substring(parsed.Errors[0].Span.Start, parsed.Errors[0].Span.Length), parsed.Errors[0].Message));
        Assert.Equal(("{{ if x }}", "'{{ if }}' is never closed: add '{{ end }}' after its body"), (Template.Substring(parsed.Errors[1].Span.Start, parsed.Errors[1].Span.Length), parsed.Errors[1].Message));

        // The best-effort tree still holds the blocks, running to the end of the template.
        ForNode loop = Assert.IsType<ForNode>(Assert.Single(parsed.Nodes));
        Assert.Equal(new TemplateSpan(0, Template.Length), loop.Span);
        Assert.IsType<IfNode>(Assert.Single(loop.Body));
    }

    [Fact]
    public void Unclosed_block_before_another_block_keeps_the_rest_parsing()
    {
        const string Template = "Hello {{ name and {{ other }} done";
        ParsedTemplate parsed = TemplateParser.Parse(Template);
        TemplateError error = Assert.Single(parsed.Errors);
        Assert.Equal(new TemplateSpan(6, 2), error.Span);
        Assert.Equal(new[] { "Hello ", "other", " done" }, parsed.Nodes.Select(n => n switch
        {
            TextNode t => t.Text,
            OutputNode o => ExpressionPrinter.Print(o.Expression),
            _ => "?",
        }));
    }

    [Fact]
    public void Unsupported_block_statements_swallow_their_end()
    {
        // The {{ end }} of the while closes the while, not the if: one error, not three.
        ParsedTemplate parsed = TemplateParser.Parse("{{ if a }}{{ while b }}x{{ end }}y{{ end }}");
        Assert.StartsWith("'while' loops", Assert.Single(parsed.Errors).Message, StringComparison.Ordinal);
        IfNode node = Assert.IsType<IfNode>(Assert.Single(parsed.Nodes));
        Assert.Equal("y", Assert.IsType<TextNode>(Assert.Single(node.Branches[0].Body)).Text);
    }

    [Fact]
    public void Else_if_after_elseif_typo_still_builds_the_branches()
    {
        ParsedTemplate parsed = TemplateParser.Parse("{{ if a }}A{{ elseif b }}B{{ end }}");
        Assert.Single(parsed.Errors);
        Assert.Equal(2, Assert.IsType<IfNode>(Assert.Single(parsed.Nodes)).Branches.Count);
    }

    [Fact]
    public void Parts_that_did_not_parse_become_documented_placeholders()
    {
        ParsedTemplate badLoop = TemplateParser.Parse("{{ for 1 in xs }}a{{ end }}");
        ForNode loop = Assert.IsType<ForNode>(Assert.Single(badLoop.Nodes));
        Assert.Equal(string.Empty, loop.Variable);
        Assert.Equal(new TemplateSpan(7, 0), loop.VariableSpan);
        LiteralExpression source = Assert.IsType<LiteralExpression>(loop.Source);
        Assert.Equal((LiteralKind.Null, string.Empty), (source.Kind, source.Text));

        ParsedTemplate badCondition = TemplateParser.Parse("{{ if a == }}a{{ else }}b{{ end }}");
        IfNode node = Assert.IsType<IfNode>(Assert.Single(badCondition.Nodes));
        LiteralExpression condition = Assert.IsType<LiteralExpression>(node.Branches[0].Condition);
        Assert.Equal((LiteralKind.Null, string.Empty), (condition.Kind, condition.Text));
        Assert.Equal("b", Assert.IsType<TextNode>(Assert.Single(node.Else!)).Text);

        Assert.Empty(TemplateParser.Parse("{{ x + 1 }}").Nodes);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        string deep = "{{ " + new string('(', 10_000) + "a" + new string(')', 10_000) + " }}";
        TemplateError error = Assert.Single(TemplateParser.Parse(deep).Errors);
        Assert.StartsWith("This expression nests too deeply", error.Message, StringComparison.Ordinal);

        string nots = "{{ " + string.Concat(Enumerable.Repeat("!", 10_000)) + "a }}";
        Assert.StartsWith("This expression nests too deeply", Assert.Single(TemplateParser.Parse(nots).Errors).Message, StringComparison.Ordinal);

        string fine = "{{ " + new string('(', 50) + "a" + new string(')', 50) + " }}";
        Assert.Empty(TemplateParser.Parse(fine).Errors);
    }

    [Fact]
    public void Long_chains_of_binary_operators_are_bounded()
    {
        string fine = "{{ " + string.Join(" || ", Enumerable.Range(0, TemplateParser.MaxOperators + 1).Select(i => "a" + i)) + " }}";
        Assert.Empty(TemplateParser.Parse(fine).Errors);

        string chain = "{{ " + string.Join(" || ", Enumerable.Range(0, 20_000).Select(i => "a" + i)) + " }}";
        TemplateError error = Assert.Single(TemplateParser.Parse(chain).Errors);
        Assert.StartsWith("This expression has too many operators (more than 256)", error.Message, StringComparison.Ordinal);
    }
}
