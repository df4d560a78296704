using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptGen.Generator.Templates;

namespace PromptGen.Generator.Templates;

/// <summary>
/// Binds a parsed template to the method's parameters and their types, producing straight-line rendering steps.
/// Names that do not bind are reported (when the sink is active) and rendered as nothing, so generated code always compiles.
/// </summary>
internal sealed class TemplateBinder
{
    private const string PromptText = "global::PromptGen.PromptText";

    private readonly string _methodName;
    private readonly DiagnosticSink _sink;
    private readonly TemplateLocator? _locator;
    private readonly KnownTypes _known;
    private readonly List<RenderOp> _ops = new();
    private readonly Dictionary<string, (string Code, ITypeSymbol? Type)> _scope;
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal);

    private TemplateBinder(string methodName, Dictionary<string, ITypeSymbol> parameters, KnownTypes known, DiagnosticSink sink, TemplateLocator? locator)
    {
        _known = known;
        _methodName = methodName;
        _sink = sink;
        _locator = locator;
        _scope = parameters.ToDictionary(p => p.Key, p => (Parser.Escape(p.Key), (ITypeSymbol?)p.Value), StringComparer.Ordinal);
    }

    public static List<RenderOp> Bind(string template, string methodName, Dictionary<string, ITypeSymbol> parameters, KnownTypes known, DiagnosticSink sink, TemplateLocator? locator)
    {
        var parsed = TemplateParser.Parse(template);
        var binder = new TemplateBinder(methodName, parameters, known, sink, locator);
        foreach (var error in parsed.Errors)
        {
            binder.Report(DiagnosticDescriptors.TemplateSyntaxError, error.Span, methodName, error.Message);
        }

        binder.BindNodes(parsed.Nodes);
        return binder._ops;
    }

    private void BindNodes(IReadOnlyList<TemplateNode> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    _ops.Add(new RenderOp(RenderOpKind.Text, "", text.Text));
                    break;
                case OutputNode output:
                    BindOutput(output.Expression);
                    break;
                case IfNode conditional:
                    for (var i = 0; i < conditional.Branches.Count; i++)
                    {
                        var branch = conditional.Branches[i];
                        _ops.Add(new RenderOp(i == 0 ? RenderOpKind.If : RenderOpKind.ElseIf, Condition(branch.Condition), ""));
                        BindNodes(branch.Body);
                    }

                    if (conditional.Else is not null)
                    {
                        _ops.Add(new RenderOp(RenderOpKind.Else, "", ""));
                        BindNodes(conditional.Else);
                    }

                    _ops.Add(new RenderOp(RenderOpKind.End, "", ""));
                    break;
                case ForNode loop:
                    BindLoop(loop);
                    break;
            }
        }
    }

    private void BindLoop(ForNode loop)
    {
        var (code, type) = BindExpression(loop.Source);
        if (type is null)
        {
            code = null; // a literal or an unbound name (reported): loop over nothing.
        }

        ITypeSymbol? element = null;
        if (type is not null)
        {
            element = ElementType(type);
            if (element is null)
            {
                Report(DiagnosticDescriptors.NotEnumerable, loop.Source.Span, _methodName, loop.Source.ToString(), UnwrapNullable(type).ToDisplayString());
                code = null;
            }
        }

        var local = "__" + loop.Variable;
        for (var n = 2; _locals.Contains(local); n++)
        {
            local = "__" + loop.Variable + n.ToString(CultureInfo.InvariantCulture);
        }

        var hadOuter = _scope.TryGetValue(loop.Variable, out var outer);
        _locals.Add(local);
        _scope[loop.Variable] = (local, element);
        _ops.Add(new RenderOp(RenderOpKind.ForEach, code ?? "global::System.Array.Empty<object>()", local));
        BindNodes(loop.Body);
        _ops.Add(new RenderOp(RenderOpKind.End, "", ""));
        _locals.Remove(local);
        if (hadOuter)
        {
            _scope[loop.Variable] = outer;
        }
        else
        {
            _scope.Remove(loop.Variable);
        }
    }

    private void BindOutput(TemplateExpression expression)
    {
        if (expression is LiteralExpression literal)
        {
            var text = literal.Kind switch
            {
                LiteralKind.String => (string?)literal.Value ?? "",
                LiteralKind.Integer => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "",
                LiteralKind.Decimal => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "",
                LiteralKind.Boolean => literal.Value is true ? "true" : "false",
                _ => "",
            };
            _ops.Add(new RenderOp(RenderOpKind.Text, "", text));
            return;
        }

        var (code, type) = BindExpression(expression);
        if (code is null)
        {
            return;
        }

        _ops.Add(type?.SpecialType == SpecialType.System_String
            ? new RenderOp(RenderOpKind.AppendString, code, "")
            : new RenderOp(RenderOpKind.AppendValue, code, ""));
    }

    private string Condition(TemplateExpression expression)
    {
        var (code, type) = BindExpression(expression);
        if (code is null)
        {
            // Not bound (reported): false, but not the constant 'false', which would add a CS0162 warning to generated code.
            return PromptText + ".IsTrue<object?>(null)";
        }

        if (type?.SpecialType == SpecialType.System_Boolean)
        {
            return code;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && nullable.TypeArguments[0].SpecialType == SpecialType.System_Boolean)
        {
            return "(" + code + ") == true";
        }

        return PromptText + ".IsTrue(" + code + ")";
    }

    /// <summary>Binds an expression to C# code and its type; code is null when it does not bind (already reported).</summary>
    private (string? Code, ITypeSymbol? Type) BindExpression(TemplateExpression expression)
    {
        switch (expression)
        {
            case PathExpression path:
                return BindPath(path);
            case LiteralExpression literal:
                return (LiteralCode(literal), null);
            case UnaryExpression unary:
            {
                var operand = BindExpression(unary.Operand);
                return operand.Code is null ? (null, null) : ("!(" + Condition(unary.Operand) + ")", Boolean);
            }

            case BinaryExpression binary:
            {
                var left = BindExpression(binary.Left);
                var right = BindExpression(binary.Right);
                if (left.Code is null || right.Code is null)
                {
                    return (null, null);
                }

                var code = binary.Operator switch
                {
                    BinaryOperator.And => "(" + Condition(binary.Left) + " && " + Condition(binary.Right) + ")",
                    BinaryOperator.Or => "(" + Condition(binary.Left) + " || " + Condition(binary.Right) + ")",
                    BinaryOperator.Equal => PromptText + ".AreEqual(" + left.Code + ", " + right.Code + ")",
                    BinaryOperator.NotEqual => "!" + PromptText + ".AreEqual(" + left.Code + ", " + right.Code + ")",
                    BinaryOperator.Less => "(" + PromptText + ".Compare(" + left.Code + ", " + right.Code + ") < 0)",
                    BinaryOperator.LessOrEqual => "(" + PromptText + ".Compare(" + left.Code + ", " + right.Code + ") <= 0)",
                    BinaryOperator.Greater => "(" + PromptText + ".Compare(" + left.Code + ", " + right.Code + ") > 0)",
                    _ => "(" + PromptText + ".Compare(" + left.Code + ", " + right.Code + ") >= 0)",
                };
                return (code, Boolean);
            }

            default:
                return (null, null);
        }
    }

    private ITypeSymbol Boolean => _known.Boolean;

    private (string? Code, ITypeSymbol? Type) BindPath(PathExpression path)
    {
        var first = path.Segments[0];
        if (!_scope.TryGetValue(first.Name, out var root))
        {
            var suggestion = TemplateNames.Suggest(first.Name, _scope.Keys);
            Report(DiagnosticDescriptors.UnknownTemplateName, first.Span, Suggestion(suggestion), _methodName, first.Name,
                suggestion is null ? "" : $"; did you mean '{suggestion}'?");
            return (null, null);
        }

        var code = root.Code;
        var type = root.Type;
        var conditional = false;
        for (var i = 1; i < path.Segments.Count; i++)
        {
            var segment = path.Segments[i];
            if (type is null)
            {
                // The receiver's type is unknown (a loop over an unbound source): nothing more to check.
                return (null, null);
            }

            var receiver = UnwrapNullable(type);
            var member = FindMember(receiver, segment.Name);
            if (member is null)
            {
                var suggestion = TemplateNames.Suggest(segment.Name, MemberNames(receiver));
                var pathText = string.Join(".", path.Segments.Take(i + 1).Select(s => s.Name));
                Report(DiagnosticDescriptors.UnknownMember, segment.Span, Suggestion(suggestion), _methodName, pathText, receiver.ToDisplayString(),
                    segment.Name, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
                return (null, null);
            }

            var nullableReceiver = type.IsReferenceType || !ReferenceEquals(receiver, type);
            conditional |= nullableReceiver;
            code += (nullableReceiver ? "?." : ".") + Parser.Escape(member.Name);
            type = member switch
            {
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
        }

        // After '?.', a value-type result is lifted to Nullable<T>.
        if (conditional && type is { IsValueType: true } && ReferenceEquals(UnwrapNullable(type), type))
        {
            type = _known.Nullable.Construct(type);
        }

        return (code, type);
    }

    private static ITypeSymbol UnwrapNullable(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static ISymbol? FindMember(ITypeSymbol type, string name)
    {
        foreach (var candidate in AllMembers(type))
        {
            if (candidate.Name == name)
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> MemberNames(ITypeSymbol type) => AllMembers(type).Select(m => m.Name).Distinct();

    private static IEnumerable<ISymbol> AllMembers(ITypeSymbol type)
    {
        IEnumerable<ITypeSymbol> types = type.TypeKind == TypeKind.Interface
            ? new[] { type }.Concat(type.AllInterfaces)
            : BaseTypes(type);
        foreach (var current in types)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is { IsStatic: false, DeclaredAccessibility: Accessibility.Public }
                    && (member is IPropertySymbol { IsIndexer: false, GetMethod: not null } || member is IFieldSymbol { IsImplicitlyDeclared: false }))
                {
                    yield return member;
                }
            }
        }
    }

    private static IEnumerable<ITypeSymbol> BaseTypes(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }

    private ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        foreach (var candidate in Parser.AllInterfacesAndSelf(UnwrapNullable(type)))
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return candidate.TypeArguments[0];
            }
        }

        foreach (var candidate in Parser.AllInterfacesAndSelf(UnwrapNullable(type)))
        {
            if (candidate.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                return _known.Object;
            }
        }

        return null;
    }

    private static string LiteralCode(LiteralExpression literal) => literal.Kind switch
    {
        LiteralKind.String => SymbolDisplay.FormatLiteral((string?)literal.Value ?? "", quote: true),
        LiteralKind.Integer => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) + "L",
        LiteralKind.Decimal => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) + "m",
        LiteralKind.Boolean => literal.Value is true ? "true" : "false",
        _ => "(object?)null",
    };

    private void Report(DiagnosticDescriptor descriptor, TemplateSpan span, params object?[] arguments) =>
        Report(descriptor, span, null, arguments);

    private void Report(DiagnosticDescriptor descriptor, TemplateSpan span, ImmutableDictionary<string, string?>? properties, params object?[] arguments)
    {
        if (_sink.IsActive)
        {
            _sink.Report(descriptor, _locator?.Locate(span), properties, arguments);
        }
    }

    /// <summary>The suggested name, for the code fix that applies it.</summary>
    private static ImmutableDictionary<string, string?>? Suggestion(string? suggestion) =>
        suggestion is null ? null : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.SuggestionProperty, suggestion);
}
