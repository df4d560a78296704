using System.Collections.Generic;
using System.Linq;

namespace PromptGen.Generator.Templates;

/// <summary>Writes a <see cref="RenderNode"/> tree as straight-line C# statements. A pure function of the tree and the names it must avoid.</summary>
internal static class RenderWriter
{
    private const string PromptText = "global::PromptGen.PromptText";

    /// <summary>Every C# local the loops of <paramref name="nodes"/> declare, without <c>@</c>.</summary>
    public static IEnumerable<string> DeclaredLocals(IEnumerable<RenderNode> nodes)
    {
        var pending = new Stack<RenderNode>(nodes);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case RenderNode.ForEach loop:
                    foreach (var name in loop.DeclaredLocals)
                    {
                        yield return SymbolText.Unescape(name);
                    }

                    Push(pending, loop.Body);
                    break;
                case RenderNode.If conditional:
                    foreach (var branch in conditional.Branches)
                    {
                        Push(pending, branch.Body);
                    }

                    if (conditional.Else is { } @else)
                    {
                        Push(pending, @else);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Writes the statements that render <paramref name="nodes"/> and returns the C# expression of the rendered text.
    /// Text alone is a literal and a lone string value is that value (<see langword="null"/> inserts nothing), with no
    /// statements; anything else builds the text in a <c>StringBuilder</c> local that <paramref name="names"/> picks, so it
    /// avoids every user name and every other generated name.
    /// </summary>
    public static string Write(SourceWriter w, EquatableArray<RenderNode> nodes, NameScope names)
    {
        if (nodes.All(node => node is RenderNode.Text))
        {
            return Literal(string.Concat(nodes.Cast<RenderNode.Text>().Select(text => text.Value)));
        }

        if (nodes.Count == 1 && nodes[0] is RenderNode.Append { IsString: true } value)
        {
            return value.Code + " ?? \"\"";
        }

        var builder = names.Pick("__text");
        w.Line($"global::System.Text.StringBuilder {builder} = new global::System.Text.StringBuilder({Capacity(nodes).ToString(System.Globalization.CultureInfo.InvariantCulture)});");
        WriteNodes(w, nodes, builder);
        return builder + ".ToString()";
    }

    /// <summary>A value's characters as the builder's initial capacity assumes them.</summary>
    private const int ValueGuess = 16;

    /// <summary>
    /// The builder's initial capacity: the template's text plus <see cref="ValueGuess"/> characters per value, the longest
    /// branch of an <c>if</c>, a loop's body twice — so that a typical prompt is built in one buffer, not grown from 16
    /// characters by doubling (each growth a new chunk and a new array). At least 16, the default.
    /// </summary>
    internal static int Capacity(EquatableArray<RenderNode> nodes) => System.Math.Max(16, System.Math.Min(Estimate(nodes), 8192));

    private static int Estimate(EquatableArray<RenderNode> nodes)
    {
        var total = 0;
        foreach (var node in nodes)
        {
            total += node switch
            {
                RenderNode.Text text => text.Value.Length,
                RenderNode.Append => ValueGuess,
                RenderNode.If conditional => System.Math.Max(
                    conditional.Branches.Max(branch => Estimate(branch.Body)),
                    conditional.Else is { } @else ? Estimate(@else) : 0),
                RenderNode.ForEach loop => 2 * Estimate(loop.Body),
                _ => 0,
            };
        }

        return total;
    }

    private static void WriteNodes(SourceWriter w, EquatableArray<RenderNode> nodes, string builder)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case RenderNode.Text text:
                    w.Line($"{builder}.Append({Literal(text.Value)});");
                    break;
                case RenderNode.Append { IsString: true } append:
                    w.Line($"{builder}.Append({append.Code});");
                    break;
                case RenderNode.Append append:
                    w.Line($"{PromptText}.Append({builder}, {append.Code});");
                    break;
                case RenderNode.If conditional:
                    for (var i = 0; i < conditional.Branches.Count; i++)
                    {
                        var branch = conditional.Branches[i];
                        w.Open((i == 0 ? "if (" : "else if (") + branch.Condition + ")");
                        WriteNodes(w, branch.Body, builder);
                        w.Close();
                    }

                    if (conditional.Else is { } @else)
                    {
                        w.Open("else");
                        WriteNodes(w, @else, builder);
                        w.Close();
                    }

                    break;
                case RenderNode.ForEach loop:
                    WriteLoop(w, loop, builder);
                    break;
            }
        }
    }

    private static void WriteLoop(SourceWriter w, RenderNode.ForEach loop, string builder)
    {
        w.Open($"if ({loop.Source} is {{ }} {loop.Items})");
        if (loop.List is { } list)
        {
            // for.last / for.length need the count: copy the items once, then loop by index.
            w.Line($"global::System.Collections.Generic.IReadOnlyList<{loop.ItemType}> {list} = {PromptText}.List({loop.Items});");
            w.Open($"for (int {loop.Index} = 0; {loop.Index} < {list}.Count; {loop.Index}++)");
            w.Line($"{loop.ItemType} {loop.Item} = {list}[{loop.Index}];");
            WriteNodes(w, loop.Body, builder);
            w.Close();
        }
        else if (loop.Index is { } index)
        {
            w.Line($"int {index} = 0;");
            w.Open($"foreach ({loop.ItemType} {loop.Item} in {loop.Items})");
            WriteNodes(w, loop.Body, builder);
            w.Line($"{index}++;");
            w.Close();
        }
        else
        {
            w.Open($"foreach ({loop.ItemType} {loop.Item} in {loop.Items})");
            WriteNodes(w, loop.Body, builder);
            w.Close();
        }

        w.Close();
    }

    private static void Push(Stack<RenderNode> pending, EquatableArray<RenderNode> nodes)
    {
        foreach (var node in nodes)
        {
            pending.Push(node);
        }
    }

    private static string Literal(string text) => SymbolText.Literal(text);
}
