using System;
using System.Collections.Generic;

namespace PromptGen.Generator.Templates
{
    /// <summary>
    /// An expression inside <c>{{ }}</c>. The set of subclasses is closed: <see cref="PathExpression"/>,
    /// <see cref="LiteralExpression"/>, <see cref="UnaryExpression"/> and <see cref="BinaryExpression"/>.
    /// Parentheses leave no node of their own. Every expression compares by value.
    /// </summary>
    internal abstract class TemplateExpression : IEquatable<TemplateExpression>
    {
        private protected TemplateExpression(TemplateSpan span)
        {
            Span = span;
        }

        /// <summary>The characters of the expression (without surrounding parentheses).</summary>
        public TemplateSpan Span { get; }

        public abstract bool Equals(TemplateExpression? other);

        public sealed override bool Equals(object? obj) => Equals(obj as TemplateExpression);

        public abstract override int GetHashCode();
    }

    /// <summary>
    /// A name followed by member accesses: <c>topic</c>, <c>order.Customer.Name</c>. The first segment is a
    /// parameter of the method or a <c>for</c> loop variable; the others are members. Resolving them is the
    /// generator's job, not the parser's.
    /// </summary>
    internal sealed class PathExpression : TemplateExpression
    {
        public PathExpression(IReadOnlyList<PathSegment> segments)
            : base(TemplateSpan.FromBounds(segments[0].Span.Start, segments[segments.Count - 1].Span.End))
        {
            Segments = segments;
        }

        /// <summary>At least one segment.</summary>
        public IReadOnlyList<PathSegment> Segments { get; }

        public override bool Equals(TemplateExpression? other) =>
            other is PathExpression path && TemplateEquality.SequenceEqual(Segments, path.Segments);

        public override int GetHashCode() => TemplateEquality.SequenceHash(Segments);

        public override string ToString() => string.Join(".", Segments);
    }

    /// <summary>One identifier of a <see cref="PathExpression"/>, with the span of just that identifier.</summary>
    internal sealed class PathSegment : IEquatable<PathSegment>
    {
        public PathSegment(string name, TemplateSpan span)
        {
            Name = name;
            Span = span;
        }

        public string Name { get; }

        public TemplateSpan Span { get; }

        public bool Equals(PathSegment? other) =>
            other is not null && Span == other.Span && string.Equals(Name, other.Name, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as PathSegment);

        public override int GetHashCode() => TemplateEquality.Combine(StringComparer.Ordinal.GetHashCode(Name), Span.GetHashCode());

        public override string ToString() => Name;
    }

    internal enum LiteralKind
    {
        /// <summary><see cref="LiteralExpression.Value"/> is the unescaped <see cref="string"/>.</summary>
        String,

        /// <summary><see cref="LiteralExpression.Value"/> is a <see cref="long"/>.</summary>
        Integer,

        /// <summary><see cref="LiteralExpression.Value"/> is a <see cref="decimal"/>.</summary>
        Decimal,

        /// <summary><see cref="LiteralExpression.Value"/> is a <see cref="bool"/>.</summary>
        Boolean,

        /// <summary><see cref="LiteralExpression.Value"/> is <see langword="null"/>.</summary>
        Null,
    }

    /// <summary>
    /// A string, number, <c>true</c>, <c>false</c> or <c>null</c>. <see cref="Text"/> is the literal exactly as
    /// written (quotes and escapes included); <see cref="Value"/> is what it means (see <see cref="LiteralKind"/>).
    /// </summary>
    internal sealed class LiteralExpression : TemplateExpression
    {
        public LiteralExpression(LiteralKind kind, object? value, string text, TemplateSpan span)
            : base(span)
        {
            Kind = kind;
            Value = value;
            Text = text;
        }

        public LiteralKind Kind { get; }

        public object? Value { get; }

        public string Text { get; }

        public override bool Equals(TemplateExpression? other) =>
            other is LiteralExpression literal
            && Kind == literal.Kind
            && Span == literal.Span
            && string.Equals(Text, literal.Text, StringComparison.Ordinal)
            && Equals(Value, literal.Value);

        public override int GetHashCode() =>
            TemplateEquality.Combine((int)Kind, StringComparer.Ordinal.GetHashCode(Text), Span.GetHashCode());

        public override string ToString() => Text;
    }

    internal enum UnaryOperator
    {
        /// <summary><c>!x</c> or <c>not x</c>.</summary>
        Not,
    }

    /// <summary><c>!operand</c> or <c>not operand</c>; binds tighter than any binary operator.</summary>
    internal sealed class UnaryExpression : TemplateExpression
    {
        public UnaryExpression(UnaryOperator @operator, TemplateExpression operand, TemplateSpan span)
            : base(span)
        {
            Operator = @operator;
            Operand = operand;
        }

        public UnaryOperator Operator { get; }

        public TemplateExpression Operand { get; }

        public override bool Equals(TemplateExpression? other) =>
            other is UnaryExpression unary && Operator == unary.Operator && Span == unary.Span && Operand.Equals(unary.Operand);

        public override int GetHashCode() => TemplateEquality.Combine((int)Operator, Operand.GetHashCode(), Span.GetHashCode());

        public override string ToString() => "!(" + Operand + ")";
    }

    /// <summary>
    /// Binary operators, lowest precedence first: <see cref="Or"/>; <see cref="And"/>; <see cref="Equal"/> and
    /// <see cref="NotEqual"/>; <see cref="Less"/>, <see cref="LessOrEqual"/>, <see cref="Greater"/> and
    /// <see cref="GreaterOrEqual"/>. All associate to the left. (The same order as C# and as Scriban.)
    /// </summary>
    internal enum BinaryOperator
    {
        /// <summary><c>||</c> or <c>or</c>.</summary>
        Or,

        /// <summary><c>&amp;&amp;</c> or <c>and</c>.</summary>
        And,

        /// <summary><c>==</c>.</summary>
        Equal,

        /// <summary><c>!=</c>.</summary>
        NotEqual,

        /// <summary><c>&lt;</c>.</summary>
        Less,

        /// <summary><c>&lt;=</c>.</summary>
        LessOrEqual,

        /// <summary><c>&gt;</c>.</summary>
        Greater,

        /// <summary><c>&gt;=</c>.</summary>
        GreaterOrEqual,
    }

    /// <summary><c>left op right</c>; <see cref="TemplateExpression.Span"/> runs from left's start to right's end.</summary>
    internal sealed class BinaryExpression : TemplateExpression
    {
        public BinaryExpression(BinaryOperator @operator, TemplateExpression left, TemplateExpression right, TemplateSpan span)
            : base(span)
        {
            Operator = @operator;
            Left = left;
            Right = right;
        }

        public BinaryOperator Operator { get; }

        public TemplateExpression Left { get; }

        public TemplateExpression Right { get; }

        public override bool Equals(TemplateExpression? other) =>
            other is BinaryExpression binary
            && Operator == binary.Operator
            && Span == binary.Span
            && Left.Equals(binary.Left)
            && Right.Equals(binary.Right);

        public override int GetHashCode() =>
            TemplateEquality.Combine(TemplateEquality.Combine((int)Operator, Left.GetHashCode()), Right.GetHashCode(), Span.GetHashCode());

        public override string ToString() => "(" + Left + " " + Operator + " " + Right + ")";
    }
}
