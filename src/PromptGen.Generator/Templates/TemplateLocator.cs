using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PromptGen.Generator.Templates;

/// <summary>Turns a span inside a template's value into a source location inside the string literal that holds it.</summary>
/// <remarks>The literal's <see cref="LiteralSpanMap"/> is built once, on first use, so locating many spans stays linear.</remarks>
internal sealed class TemplateLocator
{
    private readonly ExpressionSyntax? _argument;
    private readonly Location? _fallback;
    private LiteralSpanMap? _map;
    private bool _mapped;

    public TemplateLocator(ExpressionSyntax? argument, Location? fallback)
    {
        _argument = argument;
        _fallback = fallback;
    }

    /// <summary>The exact characters of <paramref name="span"/> when the template is a string literal; otherwise the whole argument.</summary>
    public Location? Locate(TemplateSpan span)
    {
        if (_argument is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
        {
            var token = literal.Token;
            if (!_mapped)
            {
                _map = LiteralSpanMap.Create(token.Text);
                _mapped = true;
            }

            if (_map?.Map(span) is { } textSpan)
            {
                return Location.Create(literal.SyntaxTree, new TextSpan(token.SpanStart + textSpan.Start, textSpan.Length));
            }
        }

        return _fallback;
    }
}
