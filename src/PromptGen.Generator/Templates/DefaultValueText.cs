using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Templates;

/// <summary>
/// PG0046: a <c>char</c> or <c>string</c> parameter whose default holds a control character (<c>'\0'</c>, <c>"\u0001"</c>,
/// <c>'\u001b'</c>, DEL, U+0080–U+009F; not tab, line feed or carriage return, which are text) that reaches a prompt,
/// so that leaving the argument out sends that character to the model as is. <c>char sep = '\0'</c> is C#'s way of
/// saying "no character", but a template inserts a char as the character it is: a NUL in the message text. The value
/// cannot be told from one the caller passes on purpose, so the generated code cannot skip it; the build says so, and
/// what to write instead (<c>char? sep = null</c>: a template inserts nothing for null).
/// <para>
/// A value reaches the prompt when a template of the method (its system prompt, its own or its interface's, and its user
/// prompt) writes the parameter itself (<c>{{ sep }}</c>), piped through a function (<c>{{ sep | string.upcase }}</c>),
/// or a loop variable that runs over it (<c>{{ for c in text }}{{ c }}{{ end }}</c>); or when the parameter is the
/// user message of a method without <c>[UserPrompt]</c>. A condition, a comparison or a member (<c>{{ text.Length }}</c>)
/// inserts no character of it. Report-only: the analyzer runs it, the generated code is the same either way.
/// </para>
/// </summary>
internal static class DefaultValueText
{
    /// <summary>Reports PG0046 at the default value of each parameter of <paramref name="method"/> it applies to.</summary>
    /// <param name="templates">The method's templates: its system prompt (or its interface's) and its user prompt; null entries are skipped.</param>
    /// <param name="userMessage">The parameter sent as the user message when the method has no [UserPrompt], or null.</param>
    public static void Report(IMethodSymbol method, IEnumerable<string?> templates, string? userMessage, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        List<(IParameterSymbol Parameter, char Control)>? candidates = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.HasExplicitDefaultValue && Control(parameter.ExplicitDefaultValue) is { } control)
            {
                (candidates ??= new()).Add((parameter, control));
            }
        }

        if (candidates is null)
        {
            return; // nearly every method: no template is parsed again
        }

        var inserted = new HashSet<string>(System.StringComparer.Ordinal);
        if (userMessage is not null)
        {
            inserted.Add(userMessage);
        }

        foreach (var template in templates)
        {
            if (template is not null)
            {
                Inserted(TemplateParser.Parse(template).Nodes, new Dictionary<string, string>(System.StringComparer.Ordinal), inserted);
            }
        }

        foreach (var (parameter, control) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!inserted.Contains(parameter.Name))
            {
                continue;
            }

            var value = parameter.ExplicitDefaultValue!;
            var literal = value is char c ? SymbolDisplay.FormatLiteral(c, quote: true) : SymbolDisplay.FormatLiteral((string)value, quote: true);
            var fix = value is char
                ? $"declare 'char? {parameter.Name} = null' (a template inserts nothing for null), or give it a printable default"
                : $"remove it from the default (\"\" and null insert nothing), or pass it only when it is meant to be sent";
            sink.Report(DiagnosticDescriptors.ControlCharacterDefault, DefaultLocation(parameter, cancellationToken) ?? parameter.Locations.FirstOrDefault(),
                parameter.Name, literal, "U+" + ((int)control).ToString("X4", CultureInfo.InvariantCulture), method.Name, fix);
        }
    }

    /// <summary>The first control character of a char or string default, or null (tab, line feed and carriage return are text).</summary>
    private static char? Control(object? value)
    {
        switch (value)
        {
            case char c when IsControl(c):
                return c;
            case string text:
                foreach (var c in text)
                {
                    if (IsControl(c))
                    {
                        return c;
                    }
                }

                return null;
            default:
                return null;
        }

        static bool IsControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
    }

    /// <summary>
    /// Adds to <paramref name="inserted"/> each parameter whose characters <paramref name="nodes"/> write;
    /// <paramref name="loops"/> maps a loop variable to the parameter it runs over.
    /// </summary>
    private static void Inserted(EquatableArray<TemplateNode> nodes, Dictionary<string, string> loops, HashSet<string> inserted)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case OutputNode output when Root(output.Expression, loops) is { } name:
                    inserted.Add(name);
                    break;
                case IfNode conditional:
                    foreach (var branch in conditional.Branches)
                    {
                        Inserted(branch.Body, loops, inserted);
                    }

                    if (conditional.Else is { } otherwise)
                    {
                        Inserted(otherwise, loops, inserted);
                    }

                    break;
                case ForNode loop:
                    // The loop's items are the parameter's characters; a variable over anything else hides a parameter of its name ("").
                    var inner = new Dictionary<string, string>(loops, System.StringComparer.Ordinal)
                    {
                        [loop.Variable] = Root(loop.Source, loops) ?? "",
                    };

                    Inserted(loop.Body, inner, inserted);
                    break;
            }
        }
    }

    /// <summary>The parameter whose own value <paramref name="expression"/> is (bare, or piped), or null.</summary>
    private static string? Root(TemplateExpression expression, Dictionary<string, string> loops)
    {
        while (expression is PipeExpression pipe)
        {
            expression = pipe.Input;
        }

        if (expression is not PathExpression { Segments.Count: 1 } path)
        {
            return null; // a member, a comparison, a literal: no character of the value itself
        }

        var name = path.Segments[0].Name;
        return !loops.TryGetValue(name, out var source) ? name : source.Length == 0 ? null : source;
    }

    private static Location? DefaultLocation(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        foreach (var reference in parameter.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ParameterSyntax { Default.Value: { } value })
            {
                return value.GetLocation();
            }
        }

        return null;
    }
}
