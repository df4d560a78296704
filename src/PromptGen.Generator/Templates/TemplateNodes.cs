namespace PromptGen.Generator.Templates;

/// <summary>
/// A piece of a parsed template. The set of subclasses is closed: <see cref="TextNode"/>, <see cref="OutputNode"/>,
/// <see cref="IfNode"/> and <see cref="ForNode"/>. Records: every node compares by value.
/// </summary>
internal abstract record TemplateNode(TemplateSpan Span);

/// <summary>
/// Literal text to output as is. Whitespace control (<c>{{~ ~}}</c>, <c>{{- -}}</c>) has already been applied:
/// <see cref="Text"/> is exactly what to write, and the span covers exactly those characters of the template (for an
/// escape block <c>{%{…}%}</c>, its content). Never empty.
/// </summary>
internal sealed record TextNode(string Text, TemplateSpan Span) : TemplateNode(Span)
{
    public override string ToString() => "Text(" + Text + ")";
}

/// <summary><c>{{ expression }}</c>: write the expression's value. The span covers the whole code block, delimiters included.</summary>
internal sealed record OutputNode(TemplateExpression Expression, TemplateSpan Span) : TemplateNode(Span)
{
    public override string ToString() => "Output(" + Expression + ")";
}

/// <summary>
/// <c>{{ if a }}…{{ else if b }}…{{ else }}…{{ end }}</c>. <see cref="Branches"/> holds the <c>if</c> and each
/// <c>else if</c>, in order (at least one); <see cref="Else"/> is the <c>else</c> body, or <see langword="null"/> when
/// there is no <c>{{ else }}</c> (an empty array when there is one with nothing in it). The span runs from the
/// <c>{{</c> of <c>{{ if</c> to the <c>}}</c> of <c>{{ end }}</c>.
/// </summary>
internal sealed record IfNode(EquatableArray<IfBranch> Branches, EquatableArray<TemplateNode>? Else, TemplateSpan Span) : TemplateNode(Span)
{
    public override string ToString() => "If(" + Branches.Count + " branches" + (Else is null ? ")" : ", else)");
}

/// <summary>One <c>if</c> or <c>else if</c> of an <see cref="IfNode"/>: its condition and the nodes it guards.</summary>
internal sealed record IfBranch(TemplateExpression Condition, EquatableArray<TemplateNode> Body);

/// <summary>
/// <c>{{ for item in items }}…{{ end }}</c>. <see cref="Variable"/> is a new name, visible only in <see cref="Body"/>
/// (it may shadow an outer name). <see cref="VariableSpan"/> covers the variable's identifier; the span runs from the
/// <c>{{</c> of <c>{{ for</c> to the <c>}}</c> of <c>{{ end }}</c>.
/// </summary>
internal sealed record ForNode(string Variable, TemplateSpan VariableSpan, TemplateExpression Source, EquatableArray<TemplateNode> Body, TemplateSpan Span)
    : TemplateNode(Span)
{
    public override string ToString() => "For(" + Variable + " in " + Source + ")";
}

/// <summary>
/// The result of <see cref="TemplateParser.Parse"/>. When <see cref="Errors"/> is empty, <see cref="Nodes"/> is the
/// template. Otherwise <see cref="Nodes"/> is a best-effort tree: blocks missing their <c>{{ end }}</c> run to the end
/// of the template, an expression that did not parse is left out or (where a node needs one) replaced by a
/// <see cref="LiteralKind.Null"/> literal with empty <see cref="LiteralExpression.Text"/>, and a loop whose variable did
/// not parse has an empty <see cref="ForNode.Variable"/>. The binder still turns it into code that compiles (the errors
/// are the user's only errors).
/// </summary>
/// <param name="Nodes">The template's nodes, in order.</param>
/// <param name="Errors">Every error found, in the order of their positions in the template.</param>
internal sealed record ParsedTemplate(EquatableArray<TemplateNode> Nodes, EquatableArray<TemplateError> Errors)
{
    public bool HasErrors => Errors.Count != 0;
}
