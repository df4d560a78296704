using System.Collections;
using System.Globalization;
using System.Text;
using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// A test-only interpreter of the template model over a dictionary, with Scriban's meaning: null and false are
/// falsy, everything else truthy; null prints as nothing; booleans as true/false. The generator emits C# instead.
/// </summary>
internal static class TemplateRenderer
{
    public static string Render(string template, IReadOnlyDictionary<string, object?>? values = null)
    {
        ParsedTemplate parsed = TemplateParser.Parse(template);
        Assert.True(parsed.Errors.Count == 0, "Unexpected errors: " + string.Join("; ", parsed.Errors));
        var output = new StringBuilder();
        var scope = new Dictionary<string, object?>(values ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        RenderNodes(parsed.Nodes, scope, output);
        return output.ToString();
    }

    private static void RenderNodes(IReadOnlyList<TemplateNode> nodes, Dictionary<string, object?> scope, StringBuilder output)
    {
        foreach (TemplateNode node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case OutputNode o:
                    output.Append(Format(Evaluate(o.Expression, scope)));
                    break;
                case IfNode conditional:
                    IReadOnlyList<TemplateNode>? chosen = conditional.Else;
                    foreach (IfBranch branch in conditional.Branches)
                    {
                        if (IsTruthy(Evaluate(branch.Condition, scope)))
                        {
                            chosen = branch.Body;
                            break;
                        }
                    }

                    if (chosen is not null)
                    {
                        RenderNodes(chosen, scope, output);
                    }

                    break;
                case ForNode loop:
                    object? source = Evaluate(loop.Source, scope);
                    if (source is IEnumerable items and not string)
                    {
                        foreach (object? item in items)
                        {
                            var inner = new Dictionary<string, object?>(scope, StringComparer.Ordinal) { [loop.Variable] = item };
                            RenderNodes(loop.Body, inner, output);
                        }
                    }

                    break;
                default:
                    throw new InvalidOperationException("Unknown node " + node.GetType());
            }
        }
    }

    public static object? Evaluate(TemplateExpression expression, IReadOnlyDictionary<string, object?> scope)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Value;
            case PathExpression path:
                object? value = scope.TryGetValue(path.Segments[0].Name, out object? found) ? found : throw new KeyNotFoundException(path.Segments[0].Name);
                for (int i = 1; i < path.Segments.Count; i++)
                {
                    string name = path.Segments[i].Name;
                    value = value switch
                    {
                        null => null,
                        IDictionary<string, object?> dictionary => dictionary[name],
                        _ => value.GetType().GetProperty(name)!.GetValue(value),
                    };
                }

                return value;
            case UnaryExpression unary:
                return !IsTruthy(Evaluate(unary.Operand, scope));
            case BinaryExpression binary:
                if (binary.Operator == BinaryOperator.And)
                {
                    return IsTruthy(Evaluate(binary.Left, scope)) && IsTruthy(Evaluate(binary.Right, scope));
                }

                if (binary.Operator == BinaryOperator.Or)
                {
                    return IsTruthy(Evaluate(binary.Left, scope)) || IsTruthy(Evaluate(binary.Right, scope));
                }

                object? left = Normalize(Evaluate(binary.Left, scope));
                object? right = Normalize(Evaluate(binary.Right, scope));
                return binary.Operator switch
                {
                    BinaryOperator.Equal => Equals(left, right),
                    BinaryOperator.NotEqual => !Equals(left, right),
                    BinaryOperator.Less => Compare(left, right) < 0,
                    BinaryOperator.LessOrEqual => Compare(left, right) <= 0,
                    BinaryOperator.Greater => Compare(left, right) > 0,
                    _ => Compare(left, right) >= 0,
                };
            default:
                throw new InvalidOperationException("Unknown expression " + expression.GetType());
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        int i => (decimal)i,
        long l => (decimal)l,
        double d => (decimal)d,
        _ => value,
    };

    private static int Compare(object? left, object? right) => left switch
    {
        decimal d => d.CompareTo((decimal)right!),
        string s => string.CompareOrdinal(s, (string)right!),
        _ => throw new InvalidOperationException("Cannot compare " + left),
    };

    public static bool IsTruthy(object? value) => value is not null && value is not false;

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>Prints expressions fully parenthesized, to test precedence and associativity at a glance.</summary>
internal static class ExpressionPrinter
{
    public static string Print(TemplateExpression expression) => expression switch
    {
        PathExpression path => string.Join(".", path.Segments.Select(s => s.Name)),
        LiteralExpression literal => literal.Text,
        UnaryExpression unary => "(!" + Print(unary.Operand) + ")",
        BinaryExpression binary => "(" + Print(binary.Left) + " " + Symbol(binary.Operator) + " " + Print(binary.Right) + ")",
        _ => throw new InvalidOperationException(),
    };

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "||",
        BinaryOperator.And => "&&",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        _ => ">=",
    };

    /// <summary>The expression of a template that is exactly one <c>{{ expr }}</c>.</summary>
    public static string ParseAndPrint(string expression)
    {
        ParsedTemplate parsed = TemplateParser.Parse("{{ " + expression + " }}");
        Assert.Empty(parsed.Errors);
        return Print(Assert.IsType<OutputNode>(Assert.Single(parsed.Nodes)).Expression);
    }
}
