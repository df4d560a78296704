using System;
using System.Collections.Generic;

namespace PromptGen.Generator.Templates
{
    /// <summary>
    /// A piece of a parsed template. The set of subclasses is closed: <see cref="TextNode"/>,
    /// <see cref="OutputNode"/>, <see cref="IfNode"/> and <see cref="ForNode"/>. Every node compares by value.
    /// </summary>
    internal abstract class TemplateNode : IEquatable<TemplateNode>
    {
        private protected TemplateNode(TemplateSpan span)
        {
            Span = span;
        }

        public TemplateSpan Span { get; }

        public abstract bool Equals(TemplateNode? other);

        public sealed override bool Equals(object? obj) => Equals(obj as TemplateNode);

        public abstract override int GetHashCode();
    }

    /// <summary>
    /// Literal text to output as is. Whitespace control (<c>{{~ ~}}</c>, <c>{{- -}}</c>) has already been applied:
    /// <see cref="Text"/> is exactly what to write, and <see cref="TemplateNode.Span"/> covers exactly those
    /// characters of the template (for an escape block <c>{%{…}%}</c>, its content). Never empty.
    /// </summary>
    internal sealed class TextNode : TemplateNode
    {
        public TextNode(string text, TemplateSpan span)
            : base(span)
        {
            Text = text;
        }

        public string Text { get; }

        public override bool Equals(TemplateNode? other) =>
            other is TextNode text && Span == text.Span && string.Equals(Text, text.Text, StringComparison.Ordinal);

        public override int GetHashCode() => TemplateEquality.Combine(StringComparer.Ordinal.GetHashCode(Text), Span.GetHashCode());

        public override string ToString() => "Text(" + Text + ")";
    }

    /// <summary>
    /// <c>{{ expression }}</c>: write the expression's value. <see cref="TemplateNode.Span"/> covers the whole
    /// code block, delimiters included.
    /// </summary>
    internal sealed class OutputNode : TemplateNode
    {
        public OutputNode(TemplateExpression expression, TemplateSpan span)
            : base(span)
        {
            Expression = expression;
        }

        public TemplateExpression Expression { get; }

        public override bool Equals(TemplateNode? other) =>
            other is OutputNode output && Span == output.Span && Expression.Equals(output.Expression);

        public override int GetHashCode() => TemplateEquality.Combine(Expression.GetHashCode(), Span.GetHashCode());

        public override string ToString() => "Output(" + Expression + ")";
    }

    /// <summary>
    /// <c>{{ if a }}…{{ else if b }}…{{ else }}…{{ end }}</c>. <see cref="Branches"/> holds the <c>if</c> and each
    /// <c>else if</c>, in order (at least one); <see cref="Else"/> is the <c>else</c> body, or
    /// <see langword="null"/> when there is no <c>{{ else }}</c> (an empty list when there is one with nothing in it).
    /// <see cref="TemplateNode.Span"/> runs from the <c>{{</c> of <c>{{ if</c> to the <c>}}</c> of <c>{{ end }}</c>.
    /// </summary>
    internal sealed class IfNode : TemplateNode
    {
        public IfNode(IReadOnlyList<IfBranch> branches, IReadOnlyList<TemplateNode>? @else, TemplateSpan span)
            : base(span)
        {
            Branches = branches;
            Else = @else;
        }

        public IReadOnlyList<IfBranch> Branches { get; }

        public IReadOnlyList<TemplateNode>? Else { get; }

        public override bool Equals(TemplateNode? other) =>
            other is IfNode node
            && Span == node.Span
            && TemplateEquality.SequenceEqual(Branches, node.Branches)
            && TemplateEquality.SequenceEqual(Else, node.Else);

        public override int GetHashCode() =>
            TemplateEquality.Combine(TemplateEquality.SequenceHash(Branches), TemplateEquality.SequenceHash(Else), Span.GetHashCode());

        public override string ToString() => "If(" + Branches.Count + " branches" + (Else is null ? ")" : ", else)");
    }

    /// <summary>One <c>if</c> or <c>else if</c> of an <see cref="IfNode"/>: its condition and the nodes it guards.</summary>
    internal sealed class IfBranch : IEquatable<IfBranch>
    {
        public IfBranch(TemplateExpression condition, IReadOnlyList<TemplateNode> body)
        {
            Condition = condition;
            Body = body;
        }

        public TemplateExpression Condition { get; }

        public IReadOnlyList<TemplateNode> Body { get; }

        public bool Equals(IfBranch? other) =>
            other is not null && Condition.Equals(other.Condition) && TemplateEquality.SequenceEqual(Body, other.Body);

        public override bool Equals(object? obj) => Equals(obj as IfBranch);

        public override int GetHashCode() => TemplateEquality.Combine(Condition.GetHashCode(), TemplateEquality.SequenceHash(Body));
    }

    /// <summary>
    /// <c>{{ for item in items }}…{{ end }}</c>. <see cref="Variable"/> is a new name, visible only in
    /// <see cref="Body"/> (it may shadow an outer name; the generator decides whether that is allowed).
    /// <see cref="VariableSpan"/> covers the variable's identifier; <see cref="TemplateNode.Span"/> runs from the
    /// <c>{{</c> of <c>{{ for</c> to the <c>}}</c> of <c>{{ end }}</c>.
    /// </summary>
    internal sealed class ForNode : TemplateNode
    {
        public ForNode(string variable, TemplateSpan variableSpan, TemplateExpression source, IReadOnlyList<TemplateNode> body, TemplateSpan span)
            : base(span)
        {
            Variable = variable;
            VariableSpan = variableSpan;
            Source = source;
            Body = body;
        }

        public string Variable { get; }

        public TemplateSpan VariableSpan { get; }

        public TemplateExpression Source { get; }

        public IReadOnlyList<TemplateNode> Body { get; }

        public override bool Equals(TemplateNode? other) =>
            other is ForNode node
            && Span == node.Span
            && VariableSpan == node.VariableSpan
            && string.Equals(Variable, node.Variable, StringComparison.Ordinal)
            && Source.Equals(node.Source)
            && TemplateEquality.SequenceEqual(Body, node.Body);

        public override int GetHashCode() =>
            TemplateEquality.Combine(
                TemplateEquality.Combine(StringComparer.Ordinal.GetHashCode(Variable), VariableSpan.GetHashCode()),
                TemplateEquality.Combine(Source.GetHashCode(), TemplateEquality.SequenceHash(Body)),
                Span.GetHashCode());

        public override string ToString() => "For(" + Variable + " in " + Source + ")";
    }

    /// <summary>
    /// The result of <see cref="TemplateParser.Parse"/>. When <see cref="Errors"/> is empty, <see cref="Nodes"/> is
    /// the template. Otherwise <see cref="Nodes"/> is a best-effort tree (useful for tooling, e.g. to resolve the
    /// names that did parse) that must not be turned into code: blocks missing their <c>{{ end }}</c> run to the end
    /// of the template, an expression that did not parse is left out or (where a node needs one) replaced by a
    /// <see cref="LiteralKind.Null"/> literal with empty <see cref="LiteralExpression.Text"/>, and a loop whose
    /// variable did not parse has an empty <see cref="ForNode.Variable"/>.
    /// </summary>
    internal sealed class ParsedTemplate : IEquatable<ParsedTemplate>
    {
        public ParsedTemplate(IReadOnlyList<TemplateNode> nodes, IReadOnlyList<TemplateError> errors)
        {
            Nodes = nodes;
            Errors = errors;
        }

        public IReadOnlyList<TemplateNode> Nodes { get; }

        /// <summary>Every error found, in the order of their positions in the template.</summary>
        public IReadOnlyList<TemplateError> Errors { get; }

        public bool HasErrors => Errors.Count != 0;

        public bool Equals(ParsedTemplate? other) =>
            other is not null && TemplateEquality.SequenceEqual(Nodes, other.Nodes) && TemplateEquality.SequenceEqual(Errors, other.Errors);

        public override bool Equals(object? obj) => Equals(obj as ParsedTemplate);

        public override int GetHashCode() => TemplateEquality.Combine(TemplateEquality.SequenceHash(Nodes), TemplateEquality.SequenceHash(Errors));
    }
}
