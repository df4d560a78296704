using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>LiteralSpanMap against Roslyn: the value must equal <c>ValueText</c>, and every value character must map to the source characters that produce it.</summary>
public class LiteralSpanMapTests
{
    private const string Q3 = "\"\"\"";

    private static SyntaxToken ParseLiteral(string literal)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText("class C { [A(" + literal + ")] void M() { } }", new CSharpParseOptions(LanguageVersion.Preview));
        Assert.DoesNotContain(tree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        return tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token;
    }

    public static IEnumerable<object[]> Literals() => new[]
    {
        // Regular.
        "\"What is {{ topic }}?\"",
        "\"\"",
        "\"a\\nb\\tc\\\"d\\\\e\\'f\"",
        "\"\\0\\a\\b\\f\\r\\v\\e\"",
        "\"\\u0041\\u00e9{{ x }}\\U0001F600!\"",
        "\"\\x41\\x4142\\x9 \\xABCD\"",
        "\"😀 {{ name }} é\"",
        "\"{{ \\\"{{\\\" }}\"",
        // Verbatim.
        "@\"What is {{ topic }}?\"",
        "@\"\"",
        "@\"say \"\"hi\"\" to {{ name }}\"",
        "@\"line1\n  {{ x }}\r\nline3\\n\"",
        // Raw, single line.
        Q3 + "He said \"{{ x }}\" twice" + Q3,
        "\"\"\"\"a \"\"\" b {{ c }}\"\"\"\"",
        // Raw, multi-line.
        Q3 + "\n    Hello {{ name }}\n      indented\n    end\n    " + Q3,
        Q3 + "\r\n\tTab {{ a }}\r\n\t\r\n\tafter blank\r\n\t" + Q3,
        Q3 + "   \n  one\n\n  three\n  " + Q3,
        Q3 + "\n  one\n    \n  three\n  " + Q3, // a whitespace-only line longer than the indentation
        Q3 + "\n  one\n \n  three\n  " + Q3, // ... and shorter
        Q3 + "\nno indentation {{ x }}\n" + Q3,
        "\"\"\"\"\n  has \"\"\" inside\n  \"\"\"\"",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Literals))]
    public void Value_equals_Roslyn_and_every_character_maps_to_its_source(string literal)
    {
        SyntaxToken token = ParseLiteral(literal);
        LiteralSpanMap? map = LiteralSpanMap.Create(token.Text);
        Assert.NotNull(map);
        Assert.Equal(token.ValueText, map!.Value);
        AssertCharactersMapToTheirSource(token.Text, map);
    }

    private static void AssertCharactersMapToTheirSource(string text, LiteralSpanMap map)
    {
        string value = map.Value;
        int previousEnd = 0;
        for (int i = 0; i < value.Length; i++)
        {
            TemplateSpan span = map.Map(new TemplateSpan(i, 1));
            Assert.True(span.Start >= previousEnd || (char.IsLowSurrogate(value[i]) && span.Start >= previousEnd - span.Length), "Out of order at " + i);
            Assert.True(span.Length >= 1 && span.End <= text.Length);
            string source = text.Substring(span.Start, span.Length);
            if (source.Length == 1)
            {
                Assert.Equal(value[i], source[0]);
            }
            else if (char.IsSurrogate(value[i]) && source.Length == 2 && source[0] != '\\')
            {
                Assert.Equal(value.Substring(char.IsHighSurrogate(value[i]) ? i : i - 1, 2), source);
            }
            else
            {
                // An escape or a doubled quote: it must decode to this very character.
                string decoded = source == "\"\"" ? "\"" : DecodeEscape(source);
                Assert.Contains(value[i], decoded);
            }

            previousEnd = span.End;
        }

        // Multi-character ranges span from the first character's start to the last one's end.
        if (value.Length >= 2)
        {
            TemplateSpan whole = map.Map(new TemplateSpan(0, value.Length));
            Assert.Equal(map.Map(new TemplateSpan(0, 1)).Start, whole.Start);
            Assert.Equal(map.Map(new TemplateSpan(value.Length - 1, 1)).End, whole.End);
        }
    }

    private static string DecodeEscape(string escape) =>
        CSharpSyntaxTree.ParseText("class C { string s = \"" + escape + "\"; }")
            .GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token.ValueText;

    [Theory]
    [InlineData("\"What is {{ topic }}?\"", "topic", "topic")]
    [InlineData("\"a\\n{{ topic }}\"", "topic", "topic")]
    [InlineData("\"\\\"{{ topic }}\\\"\"", "topic", "topic")]
    [InlineData("\"\\u0074opic\"", "topic", "\\u0074opic")]
    [InlineData("\"top\\x69c\"", "topic", "top\\x69c")]
    [InlineData("@\"\"\"{{ topic }}\"\"\"", "topic", "topic")]
    [InlineData("@\"\"\"x\"\"\"", "\"x\"", "\"\"x\"\"")]
    [InlineData("\"\\\\{{ topic }}\"", "\\", "\\\\")]
    public void Maps_a_name_to_the_exact_source_characters(string literal, string find, string expectedSource)
    {
        SyntaxToken token = ParseLiteral(literal);
        int index = token.ValueText.IndexOf(find, StringComparison.Ordinal);
        TemplateSpan? mapped = LiteralSpanMap.Map(token.Text, index, find.Length);
        Assert.NotNull(mapped);
        Assert.Equal(expectedSource, token.Text.Substring(mapped!.Value.Start, mapped.Value.Length));
    }

    [Fact]
    public void Maps_inside_a_multi_line_raw_literal_with_indentation()
    {
        string literal = Q3 + "\n        You are a tutor.\n        Explain {{ topic }} simply.\n        " + Q3;
        SyntaxToken token = ParseLiteral(literal);
        LiteralSpanMap map = LiteralSpanMap.Create(token.Text)!;
        Assert.Equal(StringLiteralKind.RawMultiLine, map.Kind);
        int index = map.Value.IndexOf("topic", StringComparison.Ordinal);
        TemplateSpan span = map.Map(new TemplateSpan(index, 5));
        Assert.Equal("topic", token.Text.Substring(span.Start, span.Length));
        Assert.Equal(literal.IndexOf("topic", StringComparison.Ordinal), span.Start);
    }

    [Fact]
    public void Empty_ranges_map_to_positions_and_out_of_range_is_clamped()
    {
        LiteralSpanMap map = LiteralSpanMap.Create("\"a\\nb\"")!;
        Assert.Equal("a\nb", map.Value);
        Assert.Equal(new TemplateSpan(1, 0), map.Map(new TemplateSpan(0, 0)));
        Assert.Equal(new TemplateSpan(2, 0), map.Map(new TemplateSpan(1, 0)));
        Assert.Equal(new TemplateSpan(5, 0), map.Map(new TemplateSpan(3, 0))); // at the closing quote
        Assert.Equal(new TemplateSpan(4, 1), map.Map(new TemplateSpan(2, 100)));
        Assert.Equal(new TemplateSpan(5, 0), map.Map(new TemplateSpan(50, 2)));
        Assert.Equal(new TemplateSpan(1, 0), map.Map(new TemplateSpan(-3, 0)));
        Assert.Equal(4, map.MapOffset(2));
        Assert.Equal(5, map.MapOffset(3));
    }

    [Fact]
    public void Kinds()
    {
        Assert.Equal(StringLiteralKind.Regular, LiteralSpanMap.Create("\"x\"")!.Kind);
        Assert.Equal(StringLiteralKind.Verbatim, LiteralSpanMap.Create("@\"x\"")!.Kind);
        Assert.Equal(StringLiteralKind.RawSingleLine, LiteralSpanMap.Create(Q3 + "x" + Q3)!.Kind);
        Assert.Equal(StringLiteralKind.RawMultiLine, LiteralSpanMap.Create(Q3 + "\nx\n" + Q3)!.Kind);
    }

    [Theory]
    [InlineData("$\"{x}\"")]
    [InlineData("$@\"x\"")]
    [InlineData("@$\"x\"")]
    [InlineData("$\"\"\"x\"\"\"")]
    [InlineData("\"x\"u8")]
    [InlineData("\"\"\"x\"\"\"u8")]
    [InlineData("'x'")]
    [InlineData("\"unterminated")]
    [InlineData("@\"unterminated")]
    [InlineData("\"\"\"\nunterminated")]
    [InlineData("\"\"\"\n  bad\n indentation\n  \"\"\"")]
    [InlineData("\"\\q\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("\"")]
    [InlineData("")]
    public void Unsupported_or_malformed_literals_give_null(string text)
    {
        Assert.Null(LiteralSpanMap.Create(text));
        Assert.Null(LiteralSpanMap.Map(text, 0, 1));
    }

    [Fact]
    public void Random_strings_in_every_literal_form_match_Roslyn()
    {
        var random = new Random(1234);
        const string Alphabet = "ab {}\"'\\\t\n\r#é😀\u0001";
        for (int n = 0; n < 300; n++)
        {
            var value = new StringBuilder();
            int length = random.Next(0, 25);
            for (int i = 0; i < length; i++)
            {
                value.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            string s = value.ToString();
            CheckForm(SymbolDisplay.FormatLiteral(s, quote: true));
            string escapedAll = "\"" + string.Concat(s.Select(c => random.Next(2) == 0 && c != '\uD83D' && c != '\uDE00' ? "\\u" + ((int)c).ToString("x4") : c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            })) + "\"";
            CheckForm(escapedAll);
            CheckForm("@\"" + s.Replace("\"", "\"\"") + "\"");

            // Raw multi-line: no line may hold the closing quotes, every line gets the indentation.
            string indentation = new string(' ', random.Next(0, 6));
            string body = s.Replace("\"", "'").Replace("\r", string.Empty);
            string raw = Q3 + "\n" + string.Join("\n", body.Split('\n').Select(line => line.Trim().Length == 0 ? line : indentation + line)) + "\n" + indentation + Q3;
            CheckForm(raw);
        }

        static void CheckForm(string literal)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText("class C { string s = " + literal + "; }", new CSharpParseOptions(LanguageVersion.Preview));
            if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                // Not a literal the compiler accepts (e.g. a raw string of only blank lines): the map must not crash.
                _ = LiteralSpanMap.Create(literal);
                return;
            }

            SyntaxToken token = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token;
            LiteralSpanMap? map = LiteralSpanMap.Create(token.Text);
            Assert.True(map is not null, "No map for " + literal);
            Assert.Equal(token.ValueText, map!.Value);
            AssertCharactersMapToTheirSource(token.Text, map);
        }
    }
}
