using System;
using System.Collections.Generic;
using System.Linq;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The generator's step after the parser: parses and binds every template of an interface against the
/// <see cref="TemplateScope"/> the parser read, on plain values only. Its own pipeline step, so an edit elsewhere in the
/// compilation (which re-runs the parser, whose output is then equal) leaves it and everything after it cached.
/// </summary>
internal static class TemplateStep
{
    /// <summary>The interface with every method's templates bound, and the loop locals they declare added to <see cref="InterfaceSpec.UserNames"/>.</summary>
    public static InterfaceSpec Bind(InterfaceSpec spec)
    {
        if (spec.Methods.All(m => m.Templates is null))
        {
            return spec;
        }

        var methods = spec.Methods.Select(Bind).ToEquatableArray();
        var names = new SortedSet<string>(spec.UserNames, StringComparer.Ordinal);
        names.UnionWith(RenderWriter.DeclaredLocals(methods.SelectMany(m => m.Messages).SelectMany(m => m.Render)));
        return spec with { Methods = methods, UserNames = names.ToEquatableArray() };
    }

    private static MethodSpec Bind(MethodSpec method)
    {
        if (method.Templates is not { } scope)
        {
            return method;
        }

        var instruction = method.Reply is { } reply ? TypedReplies.Instruction(reply) : null;
        var messages = new List<MessageSpec>(method.Messages.Count);
        foreach (var message in method.Messages)
        {
            if (message.Kind != MessageKind.Template || message.Render.Count > 0)
            {
                messages.Add(message);
                continue;
            }

            var nodes = TemplateBinder.Bind(message.Text, method.Name, scope, DiagnosticSink.None, null).Nodes.ToList();
            if (message.Role == "system" && instruction is not null)
            {
                TemplateBinder.AddText(nodes, "\n\n" + instruction);
            }

            messages.Add(message with { Text = "", Render = nodes.ToEquatableArray() });
        }

        return method with { Messages = messages.ToEquatableArray(), Templates = null };
    }
}
