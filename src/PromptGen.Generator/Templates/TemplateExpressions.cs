namespace PromptGen.Generator.Templates;

/// <summary>
/// An expression inside <c>{{ }}</c>. The set of subclasses is closed: <see cref="PathExpression"/>,
/// <see cref="LiteralExpression"/>, <see cref="UnaryExpression"/>, <see cref="BinaryExpression"/> and <see cref="PipeExpression"/>. Parentheses
/// leave no node of their own. Records: every expression compares by value.
/// </summary>
/// <param name="Span">The characters of the expression (without surrounding parentheses).</param>
internal abstract record TemplateExpression(TemplateSpan Span);

/// <summary>
/// A name followed by member accesses: <c>topic</c>, <c>order.Customer.Name</c>. The first segment is a parameter of the
/// method, a <c>for</c> loop variable, or <c>for</c> itself (<c>for.index</c>, <c>for.first</c>, <c>for.last</c>: the
/// innermost loop's position); the others are members. Resolving them is the binder's job, not the parser's.
/// </summary>
/// <param name="Segments">At least one segment.</param>
internal sealed record PathExpression(EquatableArray<PathSegment> Segments)
    : TemplateExpression(TemplateSpan.FromBounds(Segments[0].Span.Start, Segments[Segments.Count - 1].Span.End))
{
    public override string ToString() => string.Join(".", Segments);
}

/// <summary>One identifier of a <see cref="PathExpression"/>, with the span of just that identifier.</summary>
internal sealed record PathSegment(string Name, TemplateSpan Span)
{
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
/// A string, number, <c>true</c>, <c>false</c> or <c>null</c>. <see cref="Text"/> is the literal exactly as written
/// (quotes and escapes included); <see cref="Value"/> is what it means (see <see cref="LiteralKind"/>).
/// </summary>
internal sealed record LiteralExpression(LiteralKind Kind, object? Value, string Text, TemplateSpan Span) : TemplateExpression(Span)
{
    public override string ToString() => Text;
}

internal enum UnaryOperator
{
    /// <summary><c>!x</c> or <c>not x</c>.</summary>
    Not,
}

/// <summary><c>!operand</c> or <c>not operand</c>; binds tighter than any binary operator.</summary>
internal sealed record UnaryExpression(UnaryOperator Operator, TemplateExpression Operand, TemplateSpan Span) : TemplateExpression(Span)
{
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

/// <summary><c>left op right</c>; the span runs from left's start to right's end.</summary>
internal sealed record BinaryExpression(BinaryOperator Operator, TemplateExpression Left, TemplateExpression Right, TemplateSpan Span) : TemplateExpression(Span)
{
    public override string ToString() => "(" + Left + " " + Operator + " " + Right + ")";
}

/// <summary>
/// <c>input | function argument …</c>: Scriban's pipe, calling <see cref="Function"/> (a name such as
/// <c>string.upcase</c>, with the span of the whole name) with <see cref="Input"/> first and then
/// <see cref="Arguments"/>. Which functions exist is the binder's business. The span runs from the input's start to
/// the end of the function name or of the last argument.
/// </summary>
internal sealed record PipeExpression(TemplateExpression Input, PathSegment Function, EquatableArray<TemplateExpression> Arguments, TemplateSpan Span)
    : TemplateExpression(Span)
{
    public override string ToString() => Input + " | " + Function + (Arguments.Count == 0 ? "" : " " + string.Join(" ", Arguments));
}
