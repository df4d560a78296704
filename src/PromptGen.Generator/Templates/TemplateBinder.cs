using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Templates;

/// <summary>What binding a template produced: the render tree, the names it reads, whether it parsed.</summary>
/// <param name="Nodes">The render tree; always compiles, even when the template has errors (unbound names render nothing).</param>
/// <param name="Names">The first name of every path that is not a loop variable (parameters, and unknown names too), in order of first use.</param>
/// <param name="HasSyntaxErrors">Whether the template had syntax errors (then <paramref name="Names"/> is incomplete).</param>
internal sealed record BoundTemplate(EquatableArray<RenderNode> Nodes, EquatableArray<string> Names, bool HasSyntaxErrors);

/// <summary>
/// Binds a parsed template to the method's parameters and their types, producing a tree of <see cref="RenderNode"/>s.
/// Each expression is bound once; its C# code and type are handed to whoever needs them (output, condition, loop), so
/// binding is linear in the template's length. Names that do not bind are reported (when the sink is active) and
/// render as nothing, so generated code always compiles. At most <see cref="MaxReportedErrors"/> errors are reported
/// per template, then one summary.
/// </summary>
internal sealed class TemplateBinder
{
    /// <summary>Errors reported per template before the rest are summed up in one last diagnostic.</summary>
    public const int MaxReportedErrors = 10;

    private const string PromptText = "global::PromptGen.PromptText";
    private const string Nothing = "global::System.Array.Empty<object>()";

    private readonly string _methodName;
    private readonly string _template;
    private readonly DiagnosticSink _sink;
    private readonly TemplateLocator? _locator;
    private readonly List<TemplateType> _types;
    private readonly Dictionary<string, (string Code, TemplateType? Type)> _scope;
    private readonly List<Loop> _loops = new();
    private NameScope _locals;
    private readonly List<string> _names = new();
    private readonly HashSet<string> _nameSet = new(StringComparer.Ordinal);
    private int _reported;
    private int _suppressed;
    private TemplateSpan _firstSuppressed;

    /// <summary>Every parameter name of the method: a name among them that is not in scope gets its own PG0003 text.</summary>
    private readonly HashSet<string> _parameterNames;

    private TemplateBinder(string template, string methodName, TemplateScope scope, DiagnosticSink sink, TemplateLocator? locator)
    {
        _types = scope.Types.ToList();
        _template = template;
        _methodName = methodName;
        _sink = sink;
        _locator = locator;
        _scope = new Dictionary<string, (string Code, TemplateType? Type)>(StringComparer.Ordinal);
        foreach (var variable in scope.Variables)
        {
            _scope[variable.Name] = (SymbolText.Escape(variable.Name), TypeAt(variable.Type));
        }

        _locals = Locals(scope.ParameterNames);
        _parameterNames = new HashSet<string>(scope.ParameterNames, StringComparer.Ordinal);
    }

    /// <summary>
    /// Parses and binds <paramref name="template"/>. <paramref name="scope"/> holds the names a template may read (the
    /// method's input parameters); <paramref name="parameterNames"/> every parameter name of the method, which loop
    /// locals avoid.
    /// </summary>
    public static BoundTemplate Bind(string template, string methodName, IEnumerable<string> parameterNames, Dictionary<string, ITypeSymbol> scope, KnownTypes known, DiagnosticSink sink, TemplateLocator? locator) =>
        Bind(template, methodName, TemplateTypes.Read(parameterNames, scope, new[] { template }, known), sink, locator);

    /// <summary>
    /// Parses and binds <paramref name="template"/> against <paramref name="scope"/>, a plain value (no symbols): the
    /// generator runs this in a cached step of its own, after the transform that read the scope.
    /// </summary>
    public static BoundTemplate Bind(string template, string methodName, TemplateScope scope, DiagnosticSink sink, TemplateLocator? locator)
    {
        var parsed = TemplateParser.Parse(template);
        var binder = new TemplateBinder(template, methodName, scope, sink, locator);
        foreach (var error in parsed.Errors)
        {
            binder.Report(DiagnosticDescriptors.TemplateSyntaxError, error.Span, null, () => new object?[] { methodName, error.Message });
        }

        var nodes = binder.BindNodes(parsed.Nodes);
        binder.ReportSummary();
        return new BoundTemplate(nodes.ToEquatableArray(), binder._names.ToEquatableArray(), parsed.HasErrors);
    }

    /// <summary>
    /// The names a template's loops may not declare: the method's parameters, and <c>_</c> (a discard in some C#
    /// positions). Every loop picks its locals from a <see cref="NameScope.Nested"/> copy, so inner loops avoid the
    /// names of the loops around them and a loop's names are free again after its <c>end</c>. The emitter's own locals
    /// (<c>__messages</c>, <c>__request</c> …) are picked later, by the emitter's scope, which holds every name the
    /// render tree declares (<see cref="RenderWriter.DeclaredLocals"/>): the one rule for generated names.
    /// </summary>
    internal static NameScope Locals(IEnumerable<string> parameterNames) => new(parameterNames.Append("_"));

    /// <summary>A local of the rendering code: the name <see cref="_locals"/> picks, escaped when it is a keyword.</summary>
    private string Local(string wanted) => SymbolText.Escape(_locals.Pick(wanted));

    private List<RenderNode> BindNodes(IReadOnlyList<TemplateNode> nodes)
    {
        var result = new Steps(nodes.Count);
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    result.AddText(text.Text);
                    break;
                case OutputNode output:
                    BindOutput(result, output.Expression);
                    break;
                case IfNode conditional:
                    var branches = new List<RenderNode.Branch>(conditional.Branches.Count);
                    foreach (var branch in conditional.Branches)
                    {
                        var condition = Condition(BindExpression(branch.Condition));
                        branches.Add(new RenderNode.Branch(condition, BindNodes(branch.Body).ToEquatableArray()));
                    }

                    result.Add(new RenderNode.If(branches.ToEquatableArray(), conditional.Else is { } @else ? BindNodes(@else).ToEquatableArray() : null));
                    break;
                case ForNode loop:
                    result.Add(BindLoop(loop));
                    break;
            }
        }

        return result.ToList();
    }

    /// <summary>Adds text, merged into the previous text step so the emitter writes one literal per run of text.</summary>
    internal static void AddText(List<RenderNode> nodes, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (nodes.Count > 0 && nodes[nodes.Count - 1] is RenderNode.Text previous)
        {
            nodes[nodes.Count - 1] = new RenderNode.Text(previous.Value + text);
        }
        else
        {
            nodes.Add(new RenderNode.Text(text));
        }
    }

    private RenderNode.ForEach BindLoop(ForNode loop)
    {
        var source = BindExpression(loop.Source);
        var code = source.Code;
        TemplateType? element = null;
        if (source.Type is null)
        {
            code = null; // a literal or an unbound name (reported): loop over nothing.
        }
        else
        {
            element = TypeAt(source.Type.Element);
            if (element is null)
            {
                Report(DiagnosticDescriptors.NotEnumerable, loop.Source.Span, null,
                    () => new object?[] { _methodName, loop.Source.ToString(), Unwrap(source.Type).Display });
                code = null;
            }
            else if (element.Unreadable is { } unreadable)
            {
                Report(DiagnosticDescriptors.UnreadableMember, loop.Source.Span, null,
                    () => new object?[] { _methodName, loop.Source.ToString(), loop.Source.ToString(), "its items' type " + unreadable });
                code = null;
                element = null;
            }
        }

        // Every name is chosen on entry, before the body binds, so that no loop inside can take one of them.
        var variable = loop.Variable.Length == 0 ? "item" : loop.Variable;
        var frame = new Loop();
        _loops.Add(frame);
        var outerLocals = _locals;
        _locals = outerLocals.Nested();
        frame.Items = Local(variable + "Items");
        frame.Item = Local(variable);
        frame.Index = Local(variable + "Index");
        frame.List = Local(variable + "List");

        var hadOuter = _scope.TryGetValue(loop.Variable, out var outer);
        _scope[loop.Variable] = (frame.Item, element);
        var body = BindNodes(loop.Body);
        if (hadOuter)
        {
            _scope[loop.Variable] = outer;
        }
        else
        {
            _scope.Remove(loop.Variable);
        }

        _loops.RemoveAt(_loops.Count - 1);
        _locals = outerLocals;
        // The loop variable's type is written out, never 'var', which a user type named 'var' would take over.
        var itemType = code is null || element is null || element.Special == SpecialType.System_Object ? "object?" : element.Code;
        return new RenderNode.ForEach(code ?? Nothing, frame.Items, itemType, frame.Item, frame.UsesIndex ? frame.Index : null,
            frame.UsesCount ? frame.List : null, body.ToEquatableArray());
    }

    private void BindOutput(Steps nodes, TemplateExpression expression)
    {
        if (expression is LiteralExpression literal)
        {
            nodes.AddText(literal.Kind switch
            {
                LiteralKind.String => (string?)literal.Value ?? "",
                LiteralKind.Integer => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "",
                LiteralKind.Decimal => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "",
                LiteralKind.Boolean => literal.Value is true ? "true" : "false",
                _ => "",
            });
            return;
        }

        var bound = BindExpression(expression);
        if (bound.Code is not null && !IsImageText(expression, bound))
        {
            nodes.Add(new RenderNode.Append(bound.Code, bound.Type?.Special == SpecialType.System_String));
        }
    }

    /// <summary>
    /// Reports PG0070, located at the whole expression, when <paramref name="bound"/> is an image (or a list of them) about
    /// to become text: written out, or piped into a function. An image is attached to the user message as an image part,
    /// so it has no text; testing it (<c>if photo</c>, <c>photo != null</c>) or looping over a list of them is fine.
    /// </summary>
    private bool IsImageText(TemplateExpression expression, Bound bound)
    {
        if (bound.Type is not { IsImage: true })
        {
            return false;
        }

        Report(DiagnosticDescriptors.ImageInTemplate, expression.Span, () => (null, new object?[] { _methodName, expression.ToString() }));
        return true;
    }

    /// <summary>The C# <see cref="bool"/> form of an already bound expression (Scriban's truth: only null and false are false).</summary>
    private string Condition(Bound bound)
    {
        if (bound.Code is null)
        {
            // Not bound (reported): false, but not the constant 'false', which would add a CS0162 warning to generated code.
            return PromptText + ".IsTrue<object?>(null)";
        }

        if (bound.Type?.Special == SpecialType.System_Boolean)
        {
            return bound.Code;
        }

        if (bound.Type is { IsNullableValue: true } nullable && TypeAt(nullable.Underlying)?.Special == SpecialType.System_Boolean)
        {
            return "(" + bound.Code + ") == true";
        }

        return PromptText + ".IsTrue(" + bound.Code + ")";
    }

    /// <summary>Binds an expression, once, to C# code and its type; the code is null when it does not bind (already reported).</summary>
    private Bound BindExpression(TemplateExpression expression)
    {
        switch (expression)
        {
            case PathExpression path:
                return BindPath(path);
            case LiteralExpression literal:
                return new Bound(LiteralCode(literal), null);
            case UnaryExpression unary:
            {
                var operand = BindExpression(unary.Operand);
                return operand.Code is null ? default : new Bound("!(" + Condition(operand) + ")", TypeAt(TemplateTypes.Boolean));
            }

            case PipeExpression pipe:
                return BindPipe(pipe);
            case BinaryExpression { Operator: BinaryOperator.And or BinaryOperator.Or } logical:
                return BindLogical(logical);
            case BinaryExpression binary:
            {
                var left = BindExpression(binary.Left);
                var right = BindExpression(binary.Right);
                if (left.Code is null || right.Code is null || !CanCompare(binary, left, right))
                {
                    return default;
                }

                var operands = BinaryLiteral(binary.Left, right) ?? left.Code;
                operands += ", " + (BinaryLiteral(binary.Right, left) ?? right.Code);
                var compare = "(" + PromptText + ".Compare(" + operands + ", " + SymbolText.Literal(_methodName) + ")";
                var code = binary.Operator switch
                {
                    BinaryOperator.Equal => PromptText + ".AreEqual(" + operands + ")",
                    BinaryOperator.NotEqual => "!" + PromptText + ".AreEqual(" + operands + ")",
                    BinaryOperator.Less => compare + " < 0)",
                    BinaryOperator.LessOrEqual => compare + " <= 0)",
                    BinaryOperator.Greater => compare + " > 0)",
                    _ => compare + " >= 0)",
                };
                return new Bound(code, TypeAt(TemplateTypes.Boolean));
            }

            default:
                return default;
        }
    }

    /// <summary>
    /// Whether a comparison of these operands works at run time (<see cref="TemplateOperands"/>); when it cannot, reports
    /// PG0004 at the operator and the comparison binds to nothing (false), so the build error is the only symptom.
    /// </summary>
    private bool CanCompare(BinaryExpression binary, Bound left, Bound right)
    {
        if (Operand(binary.Left, left) is not { } l || Operand(binary.Right, right) is not { } r)
        {
            return true;
        }

        var at = OperatorSpan(binary);
        var problem = TemplateOperands.Problem(binary.Operator, l, r, l.Text + " " + Text(at) + " " + r.Text);
        if (problem is null)
        {
            return true;
        }

        Report(DiagnosticDescriptors.TemplateSyntaxError, at, null, () => new object?[] { _methodName, problem });
        return false;
    }

    /// <summary>A comparison's operand as the rule sees it; null when it did not bind.</summary>
    private Operand? Operand(TemplateExpression expression, Bound bound)
    {
        var text = Text(expression.Span);
        if (expression is LiteralExpression literal)
        {
            return literal.Kind switch
            {
                LiteralKind.String => new Operand(OperandKind.String, "the string", true, text, true, CanBeNull: false, Value: literal.Value),
                LiteralKind.Integer or LiteralKind.Decimal => new Operand(OperandKind.Number, "the number", true, text, true, CanBeNull: false, Value: literal.Value),
                LiteralKind.Boolean => new Operand(OperandKind.Boolean, "the boolean", true, text, true, CanBeNull: false, Value: literal.Value),
                _ => new Operand(OperandKind.Null, "null", false, text, true),
            };
        }

        if (bound.Type is null)
        {
            return new Operand(OperandKind.Open, "", false, text, false);
        }

        var type = Unwrap(bound.Type);
        return new Operand(type.Kind, type.Display, type.IsComparable, text, false, !bound.Type.IsValueType || bound.Type.IsNullableValue, Facts: type.Facts, Identity: type.Code.Replace("?", ""));
    }

    private string Text(TemplateSpan span) => _template.Substring(span.Start, span.Length);

    /// <summary>The operator's characters: the first of <c>= ! &lt; &gt;</c> between the operands (parentheses and spaces may surround it).</summary>
    private TemplateSpan OperatorSpan(BinaryExpression binary)
    {
        var start = binary.Left.Span.End;
        while (start < binary.Right.Span.Start && _template[start] is not ('=' or '!' or '<' or '>'))
        {
            start++;
        }

        if (start >= binary.Right.Span.Start)
        {
            return binary.Span;
        }

        var length = start + 1 < _template.Length && _template[start + 1] == '=' ? 2 : 1;
        return new TemplateSpan(start, length);
    }

    /// <summary>
    /// <c>a &amp;&amp; b &amp;&amp; c</c> (or <c>||</c>): the parser's left-leaning chain is walked without recursion and
    /// written flat, <c>(a &amp;&amp; b &amp;&amp; c)</c>, each operand bound once.
    /// </summary>
    private Bound BindLogical(BinaryExpression chain)
    {
        var @operator = chain.Operator;
        var operands = new List<TemplateExpression>();
        TemplateExpression current = chain;
        while (current is BinaryExpression binary && binary.Operator == @operator)
        {
            operands.Add(binary.Right);
            current = binary.Left;
        }

        operands.Add(current);
        operands.Reverse();
        var conditions = new string[operands.Count];
        var bound = true;
        for (var i = 0; i < operands.Count; i++)
        {
            var operand = BindExpression(operands[i]); // every operand, so each unknown name is reported
            bound &= operand.Code is not null;
            conditions[i] = Condition(operand);
        }

        return bound
            ? new Bound("(" + string.Join(@operator == BinaryOperator.And ? " && " : " || ", conditions) + ")", TypeAt(TemplateTypes.Boolean))
            : default;
    }

    /// <summary><c>input | function literal …</c>: one of <see cref="TemplateFunctions.Names"/>, compiled to C#.</summary>
    private Bound BindPipe(PipeExpression pipe)
    {
        var input = BindExpression(pipe.Input);
        if (input.Code is not null && IsImageText(pipe.Input, input))
        {
            input = default;
        }
        else if (input.Type is { } sequence && TypeAt(Unwrap(sequence).Element)?.Unreadable is { } unreadable)
        {
            // array.join over Span<T> items (or any function over them): generated code cannot hold one.
            Report(DiagnosticDescriptors.UnreadableMember, pipe.Input.Span, null,
                () => new object?[] { _methodName, pipe.Input.ToString(), pipe.Input.ToString(), "its items' type " + unreadable });
            input = default;
        }

        var function = pipe.Function;
        var literals = new List<LiteralExpression>(pipe.Arguments.Count);
        var bound = input.Code is not null;
        foreach (var argument in pipe.Arguments)
        {
            if (argument is LiteralExpression literal)
            {
                literals.Add(literal);
                continue;
            }

            BindExpression(argument); // its names count as read, and an unknown one is reported
            bound = false;
            Report(DiagnosticDescriptors.TemplateSyntaxError, argument.Span, null, () => new object?[]
            {
                _methodName, "The arguments of '" + function.Name + "' are literals, as in " + TemplateFunctions.Usage(function.Name) + ": compute '" + argument + "' in C# and pass the result as a parameter",
            });
        }

        if (Array.IndexOf(TemplateFunctions.Names, function.Name) < 0)
        {
            Report(DiagnosticDescriptors.TemplateSyntaxError, function.Span, null, () =>
            {
                var suggestion = TemplateFunctions.Names.FirstOrDefault(name => name.EndsWith("." + function.Name, StringComparison.Ordinal))
                    ?? TemplateNames.Suggest(function.Name, TemplateFunctions.Names);
                return new object?[]
                {
                    _methodName,
                    "'" + function.Name + "' is not a function PromptGen compiles; use " + string.Join(", ", TemplateFunctions.Names)
                        + (suggestion is null ? "" : "; did you mean '" + suggestion + "'?"),
                };
            });
            return default;
        }

        if (!bound)
        {
            return default;
        }

        var (code, isString, error) = TemplateFunctions.Compile(function.Name, input.Code!, input.Type, input.Type is null ? null : Unwrap(input.Type), literals);
        if (error is not null)
        {
            Report(DiagnosticDescriptors.TemplateSyntaxError, function.Span, null, () => new object?[] { _methodName, error });
            return default;
        }

        return new Bound(code, TypeAt(isString ? TemplateTypes.String : TemplateTypes.Object));
    }

    private Bound BindPath(PathExpression path)
    {
        var first = path.Segments[0];
        if (first.Name == "for")
        {
            return BindLoopVariable(path);
        }

        if (!_scope.TryGetValue(first.Name, out var root))
        {
            UseName(first.Name);
            Report(DiagnosticDescriptors.UnknownTemplateName, first.Span, () =>
            {
                if (_parameterNames.Contains(first.Name))
                {
                    // A parameter no template reads: a history (sent as its own messages) or the CancellationToken.
                    return (null, new object?[]
                    {
                        _methodName, first.Name,
                        $"a parameter no template can read: a history parameter is sent as messages before the user message and a CancellationToken is never sent; remove '{first.Name}' from the template",
                    });
                }

                var suggestion = TemplateNames.Suggest(first.Name, _scope.Keys);
                return (Suggestion(suggestion), new object?[] { _methodName, first.Name, "which is not a parameter of the method" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?") });
            });
            return default;
        }

        if (!_loops.Exists(loop => loop.Item == root.Code))
        {
            UseName(first.Name);
        }

        // A member of a default ImmutableArray (a.Length) reads through the null it stands for, as the value itself does.
        var receiver = path.Segments.Count > 1 ? DefaultAsNull(new Bound(root.Code, root.Type)) : new Bound(root.Code, root.Type);
        return DefaultAsNull(BindMembers(path, 1, receiver.Code!, receiver.Type));
    }

    private const string ImmutableArrayCode = "global::System.Collections.Immutable.ImmutableArray<";

    /// <summary>
    /// A default <c>ImmutableArray&lt;T&gt;</c> (its <c>IsDefault</c>: no array at all) reads as null, the value it stands
    /// for: it inserts nothing, is false in a condition, loops zero times and equals <c>null</c>. Read as it is, a loop
    /// or a join threw NullReferenceException while rendering and a condition was true (review 12 #3). The value is read
    /// twice (a parameter, a local or a property getter), as a hand-written <c>a.IsDefault ? null : a</c> would.
    /// </summary>
    private Bound DefaultAsNull(Bound bound)
    {
        if (bound.Code is null || bound.Type is not { } type)
        {
            return bound;
        }

        if (type.IsNullableValue && TypeAt(type.Underlying) is { } underlying && underlying.Code.StartsWith(ImmutableArrayCode, StringComparison.Ordinal))
        {
            return new Bound("(" + bound.Code + " is { IsDefault: true } ? null : " + bound.Code + ")", type);
        }

        if (type.IsValueType && !type.IsNullableValue && type.Code.StartsWith(ImmutableArrayCode, StringComparison.Ordinal))
        {
            return new Bound("(" + bound.Code + ".IsDefault ? null : (" + type.Code + "?)" + bound.Code + ")", Lift(type));
        }

        return bound;
    }

    /// <summary>The members after the first <paramref name="start"/> segments of <paramref name="path"/>, whose value is <paramref name="code"/>.</summary>
    private Bound BindMembers(PathExpression path, int start, string code, TemplateType? type)
    {
        var conditional = false;
        for (var i = start; i < path.Segments.Count; i++)
        {
            var segment = path.Segments[i];
            if (type is null)
            {
                // The receiver's type is unknown (a loop over an unbound source): nothing more to check.
                return default;
            }

            var receiver = Unwrap(type);
            var member = receiver.Member(segment.Name);
            if (member is null)
            {
                var index = i;
                Report(DiagnosticDescriptors.UnknownMember, segment.Span, () =>
                {
                    var suggestion = TemplateNames.Suggest(segment.Name, receiver.MemberNames);
                    var pathText = string.Join(".", path.Segments.Take(index + 1).Select(s => s.Name));
                    return (Suggestion(suggestion), new object?[]
                    {
                        _methodName, pathText, receiver.Display, segment.Name, suggestion is null ? "" : $"; did you mean '{suggestion}'?",
                    });
                });
                return default;
            }

            if ((member.Refusal ?? (TypeAt(member.Type)?.Unreadable is { } unreadable ? "its type " + unreadable : null)) is { } refusal)
            {
                var pathText = string.Join(".", path.Segments.Take(i + 1).Select(s => s.Name));
                Report(DiagnosticDescriptors.UnreadableMember, segment.Span, null,
                    () => new object?[] { _methodName, pathText, receiver.Display + "." + member.Name, refusal });
                return default;
            }

            var nullableReceiver = type.IsReferenceType || type.IsNullableValue;
            conditional |= nullableReceiver;
            code += (nullableReceiver ? "?." : ".") + SymbolText.Escape(member.Name);
            type = TypeAt(member.Type);
            if (i < path.Segments.Count - 1 && type is { IsValueType: true, IsNullableValue: false } && type.Code.StartsWith(ImmutableArrayCode, StringComparison.Ordinal))
            {
                // A default ImmutableArray read on the way (box.Items.Length) is the null it stands for, as at the root.
                (code, type) = conditional
                    ? ("(" + code + " is { IsDefault: true } ? null : " + code + ")", Lift(type))
                    : (DefaultAsNull(new Bound(code, type)).Code!, Lift(type));
            }
        }

        // After '?.', a value-type result is lifted to Nullable<T>.
        if (conditional && type is { IsValueType: true, IsNullableValue: false })
        {
            type = Lift(type);
        }

        return new Bound(code, type);
    }

    /// <summary><c>for.index</c>, <c>for.first</c>, … of the innermost loop (Scriban's loop variables).</summary>
    private Bound BindLoopVariable(PathExpression path)
    {
        var keyword = path.Segments[0];
        if (path.Segments.Count == 1)
        {
            Report(DiagnosticDescriptors.TemplateSyntaxError, keyword.Span, null,
                () => new object?[] { _methodName, "'for' is a keyword, not a value: write 'for.index', 'for.first' or 'for.last' inside a loop" });
            return default;
        }

        var member = path.Segments[1];
        var name = "for." + member.Name;
        var whole = TemplateSpan.FromBounds(keyword.Span.Start, member.Span.End);
        if (_loops.Count == 0)
        {
            Report(DiagnosticDescriptors.TemplateSyntaxError, whole, null,
                () => new object?[] { _methodName, "'" + name + "' is only defined inside a '{{ for }}' loop" });
            return default;
        }

        var loop = _loops[_loops.Count - 1];
        Bound bound;
        switch (member.Name)
        {
            case "index":
                loop.UsesIndex = true;
                bound = new Bound(loop.Index, TypeAt(TemplateTypes.Int32));
                break;
            case "first":
                loop.UsesIndex = true;
                bound = new Bound("(" + loop.Index + " == 0)", TypeAt(TemplateTypes.Boolean));
                break;
            case "even":
                loop.UsesIndex = true;
                bound = new Bound("(" + loop.Index + " % 2 == 0)", TypeAt(TemplateTypes.Boolean));
                break;
            case "odd":
                loop.UsesIndex = true;
                bound = new Bound("(" + loop.Index + " % 2 == 1)", TypeAt(TemplateTypes.Boolean));
                break;
            case "last":
                loop.UsesIndex = loop.UsesCount = true;
                bound = new Bound("(" + loop.Index + " == " + loop.List + ".Count - 1)", TypeAt(TemplateTypes.Boolean));
                break;
            case "length":
                loop.UsesIndex = loop.UsesCount = true;
                bound = new Bound(loop.List + ".Count", TypeAt(TemplateTypes.Int32));
                break;
            case "rindex":
                loop.UsesIndex = loop.UsesCount = true;
                bound = new Bound("(" + loop.List + ".Count - " + loop.Index + " - 1)", TypeAt(TemplateTypes.Int32));
                break;
            default:
                Report(DiagnosticDescriptors.TemplateSyntaxError, whole, null, () =>
                {
                    var suggestion = TemplateNames.Suggest(member.Name, LoopVariables);
                    return new object?[]
                    {
                        _methodName,
                        "'" + name + "' is not a loop variable in PromptGen's subset: use " + string.Join(", ", LoopVariables.Select(v => "for." + v))
                            + (suggestion is null ? "" : "; did you mean 'for." + suggestion + "'?"),
                    };
                });
                return default;
        }

        return path.Segments.Count == 2 ? bound : BindMembers(path, 2, bound.Code!, bound.Type);
    }

    private static readonly string[] LoopVariables = { "index", "first", "last", "even", "odd", "length", "rindex" };

    private void UseName(string name)
    {
        if (_nameSet.Add(name))
        {
            _names.Add(name);
        }
    }

    private TemplateType? TypeAt(int index) => index < 0 || index >= _types.Count ? null : _types[index];

    /// <summary>T of a <c>Nullable&lt;T&gt;</c>; any other type as it is.</summary>
    private TemplateType Unwrap(TemplateType type) => type.IsNullableValue && TypeAt(type.Underlying) is { } underlying ? underlying : type;

    /// <summary><c>Nullable&lt;T&gt;</c> of a value type <paramref name="type"/>, added to this binding's type table.</summary>
    private TemplateType Lift(TemplateType type)
    {
        var index = _types.IndexOf(type);
        var lifted = new TemplateType(type.Display + "?", SpecialType.None, false, true, index, type.Element, false,
            EquatableArray<TemplateMember>.Empty, EquatableArray<string>.Empty);
        _types.Add(lifted);
        return lifted;
    }

    /// <summary>
    /// A number literal compared with a <c>float</c> or <c>double</c> (or their nullables), written in that type as C#
    /// reads <c>0.1f</c> / <c>0.1d</c>: the run time compares numbers by their exact values, so <c>x == 0.1</c> holds
    /// for the float nearest 0.1 (the value a float parameter holds when the caller passes <c>0.1f</c>), and
    /// <c>x == 1</c> does not hold for <c>1.0000001f</c>. Null when <paramref name="expression"/> is not such a literal.
    /// </summary>
    private string? BinaryLiteral(TemplateExpression expression, Bound other)
    {
        if (expression is not LiteralExpression { Kind: LiteralKind.Integer or LiteralKind.Decimal } literal || other.Type is not { } type)
        {
            return null;
        }

        var suffix = Unwrap(type).Special switch
        {
            SpecialType.System_Single => "F",
            SpecialType.System_Double => "D",
            _ => null,
        };
        return suffix is null ? null : Convert.ToString(literal.Value, CultureInfo.InvariantCulture) + suffix;
    }

    private static string LiteralCode(LiteralExpression literal) => literal.Kind switch
    {
        LiteralKind.String => SymbolText.Literal((string?)literal.Value ?? ""),
        LiteralKind.Integer => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) + "L",
        LiteralKind.Decimal => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) + "m",
        LiteralKind.Boolean => literal.Value is true ? "true" : "false",
        _ => "(object?)null",
    };

    private void Report(DiagnosticDescriptor descriptor, TemplateSpan span, ImmutableDictionary<string, string?>? properties, Func<object?[]> arguments) =>
        Report(descriptor, span, () => (properties, arguments()));

    /// <summary>
    /// Reports one error, unless <see cref="MaxReportedErrors"/> were already reported for this template (then it is
    /// counted for the summary). Messages are built only when reported: a suggestion costs an edit distance per candidate.
    /// </summary>
    private void Report(DiagnosticDescriptor descriptor, TemplateSpan span, Func<(ImmutableDictionary<string, string?>? Properties, object?[] Arguments)> build)
    {
        if (_reported >= MaxReportedErrors)
        {
            if (_suppressed++ == 0)
            {
                _firstSuppressed = span;
            }

            return;
        }

        _reported++;
        _sink.Report(descriptor, () =>
        {
            var (properties, arguments) = build();
            return (_locator?.Locate(span), properties, arguments);
        });
    }

    /// <summary>One last diagnostic for the errors not reported, at the first of them.</summary>
    private void ReportSummary()
    {
        if (_suppressed > 0)
        {
            var (first, suppressed) = (_firstSuppressed, _suppressed);
            _sink.Report(DiagnosticDescriptors.TemplateSyntaxError, () => (_locator?.Locate(first), null, new object?[]
            {
                _methodName,
                string.Format(CultureInfo.InvariantCulture,
                    "{0} more {1} in this template not shown (PromptGen reports the first {2}): fix the errors above and build again",
                    suppressed, suppressed == 1 ? "error" : "errors", MaxReportedErrors),
            }));
        }
    }

    /// <summary>The suggested name, for the code fix that applies it.</summary>
    private static ImmutableDictionary<string, string?>? Suggestion(string? suggestion) =>
        suggestion is null ? null : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.SuggestionProperty, suggestion);

    /// <summary>
    /// The render steps of one block, being built: neighbouring text is collected and becomes one
    /// <see cref="RenderNode.Text"/> (collected, not concatenated step by step, which would be quadratic).
    /// </summary>
    private sealed class Steps
    {
        private readonly List<RenderNode> _nodes;
        private readonly System.Text.StringBuilder _text = new();

        public Steps(int capacity) => _nodes = new List<RenderNode>(capacity);

        public void AddText(string text) => _text.Append(text);

        public void Add(RenderNode node)
        {
            Flush();
            _nodes.Add(node);
        }

        public List<RenderNode> ToList()
        {
            Flush();
            return _nodes;
        }

        private void Flush()
        {
            if (_text.Length > 0)
            {
                _nodes.Add(new RenderNode.Text(_text.ToString()));
                _text.Clear();
            }
        }
    }

    /// <summary>A bound expression: its C# code (null when it did not bind) and its type (null for literals and unknowns).</summary>
    private readonly record struct Bound(string? Code, TemplateType? Type);

    /// <summary>The C# locals of one enclosing loop, chosen on entry; the index and list are declared only when used.</summary>
    private sealed class Loop
    {
        public string Items { get; set; } = "";

        public string Item { get; set; } = "";

        public string Index { get; set; } = "";

        public string List { get; set; } = "";

        public bool UsesIndex { get; set; }

        public bool UsesCount { get; set; }
    }
}
