using System.Linq;

namespace PromptGen.Generator.Templates;

/// <summary>
/// A bound template, ready to emit: a tree of rendering steps whose code is C# over the method's parameters. The set of
/// subclasses is closed: <see cref="Text"/>, <see cref="Append"/>, <see cref="If"/> and <see cref="ForEach"/>. Records
/// holding only strings, bools and <see cref="EquatableArray{T}"/>s, so a tree compares by value and caches in the
/// generator's pipeline. <see cref="RenderWriter"/> turns a tree into statements.
/// </summary>
internal abstract record RenderNode
{
    /// <summary>Append <paramref name="Value"/> literally. Never empty; the binder merges neighbouring text.</summary>
    internal sealed record Text(string Value) : RenderNode;

    /// <summary>
    /// Append the value of the C# expression <paramref name="Code"/>. When <paramref name="IsString"/>, it is a
    /// <see cref="string"/> (appended as is; <see langword="null"/> appends nothing), otherwise any value, formatted by
    /// <c>PromptGen.PromptText.Append</c> (invariant culture, <see langword="null"/> appends nothing).
    /// </summary>
    internal sealed record Append(string Code, bool IsString) : RenderNode;

    /// <summary><c>if (…) {…} else if (…) {…} else {…}</c>: at least one branch; <paramref name="Else"/> is null when there is no <c>else</c>.</summary>
    internal sealed record If(EquatableArray<Branch> Branches, EquatableArray<RenderNode>? Else) : RenderNode;

    /// <summary>
    /// A loop over the C# expression <paramref name="Source"/> (a sequence; <see langword="null"/> loops zero times).
    /// The loop declares the C# locals <paramref name="Items"/> (the non-null source), <paramref name="Item"/> (the
    /// template's loop variable) and, when the body reads <c>for.index</c>, <c>for.first</c> or <c>for.last</c>,
    /// <paramref name="Index"/>; when it reads <c>for.last</c>, <c>for.length</c> or <c>for.rindex</c>, also
    /// <paramref name="List"/> (the items copied into a list, to know their count). The binder picks these names from a
    /// <see cref="NameScope"/> (<see cref="TemplateBinder.Locals"/>) so that they differ from every parameter of the method and every local of an enclosing loop; code around the
    /// rendering must avoid <see cref="DeclaredLocals"/>. Names are written as C# identifiers (a keyword gets <c>@</c>).
    /// </summary>
    internal sealed record ForEach(string Source, string Items, string ItemType, string Item, string? Index, string? List, EquatableArray<RenderNode> Body) : RenderNode
    {
        /// <summary>Every C# local this loop declares, as written in code.</summary>
        public EquatableArray<string> DeclaredLocals =>
            new[] { Items, Item, Index, List }.Where(name => name is not null).Select(name => name!).ToEquatableArray();
    }

    /// <summary>One <c>if</c> / <c>else if</c>: a C# <see cref="bool"/> expression and what it guards.</summary>
    internal sealed record Branch(string Condition, EquatableArray<RenderNode> Body);
}
