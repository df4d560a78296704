using System;
using System.Collections.Generic;
using PromptGen.Generator.Templates;

namespace PromptGen.Generator.Templates;

/// <summary>Which method parameters a template reads: the first segment of every path that is not a loop variable.</summary>
internal static class TemplateUsage
{
    /// <summary>Adds the names the template reads to <paramref name="used"/>; false when the template has syntax errors (usage unknown).</summary>
    public static bool Collect(string template, HashSet<string> used)
    {
        var parsed = TemplateParser.Parse(template);
        if (parsed.Errors.Count > 0)
        {
            return false;
        }

        Walk(parsed.Nodes, used, new List<string>());
        return true;
    }

    private static void Walk(IReadOnlyList<TemplateNode> nodes, HashSet<string> used, List<string> locals)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case OutputNode output:
                    Visit(output.Expression, used, locals);
                    break;
                case IfNode conditional:
                    foreach (var branch in conditional.Branches)
                    {
                        Visit(branch.Condition, used, locals);
                        Walk(branch.Body, used, locals);
                    }

                    if (conditional.Else is not null)
                    {
                        Walk(conditional.Else, used, locals);
                    }

                    break;
                case ForNode loop:
                    Visit(loop.Source, used, locals);
                    locals.Add(loop.Variable);
                    Walk(loop.Body, used, locals);
                    locals.RemoveAt(locals.Count - 1);
                    break;
            }
        }
    }

    private static void Visit(TemplateExpression expression, HashSet<string> used, List<string> locals)
    {
        switch (expression)
        {
            case PathExpression path when path.Segments.Count > 0:
                var name = path.Segments[0].Name;
                if (!locals.Exists(local => string.Equals(local, name, StringComparison.Ordinal)))
                {
                    used.Add(name);
                }

                break;
            case UnaryExpression unary:
                Visit(unary.Operand, used, locals);
                break;
            case BinaryExpression binary:
                Visit(binary.Left, used, locals);
                Visit(binary.Right, used, locals);
                break;
        }
    }
}
