using System;
using System.Collections.Generic;
using System.Linq;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The generator's step after the parser: parses and binds every template of an interface against the
/// <see cref="TemplateScope"/> the parser read, and computes each method's <see cref="PromptVersion"/>, on plain values
/// only. Its own pipeline step, so an edit elsewhere in the compilation (which re-runs the parser, whose output is then
/// equal) leaves it and everything after it cached: what runs here costs nothing per keystroke.
/// </summary>
internal static class TemplateStep
{
    /// <summary>The interface with every method's templates bound, and the loop locals they declare added to <see cref="InterfaceSpec.UserNames"/>.</summary>
    public static InterfaceSpec Bind(InterfaceSpec spec)
    {
        var methods = spec.Methods.Select(m => Bind(Versioned(m))).ToEquatableArray();
        if (spec.Methods.All(m => m.Templates is null))
        {
            return spec with { Methods = methods };
        }

        var names = new SortedSet<string>(spec.UserNames, StringComparer.Ordinal);
        names.UnionWith(RenderWriter.DeclaredLocals(methods.SelectMany(m => m.Messages).SelectMany(m => m.Render)));
        return spec with { Methods = methods, UserNames = names.ToEquatableArray() };
    }

    /// <summary>
    /// The method with its prompt version, from the parser's values: the system and user templates as written (an
    /// implicit user message, already a render tree, is "the string argument"), the few-shot pairs, the history, images,
    /// settings, reply contract, streaming and tools (<see cref="MethodSpec.ToolDefinitions"/>, filled before this step).
    /// Needs no binding: fakes take their versions from here (<see cref="Fakes.FakeVersions"/>).
    /// </summary>
    internal static MethodSpec Versioned(MethodSpec method)
    {
        if (method.Reply is { Tree: not null } unwritten)
        {
            method = method with { Reply = TypedReplies.Written(unwritten) }; // the schema texts, written here rather than per keystroke
        }

        string? system = null, user = null;
        var fewShots = new List<(string User, string Assistant)>();
        string? pendingUser = null;
        foreach (var message in method.Messages)
        {
            switch (message.Kind, message.Role)
            {
                case (MessageKind.Template, "system"):
                    system = message.Text;
                    break;
                case (MessageKind.Template, "user"):
                    user = message.Render.Count > 0 ? null : message.Text;
                    break;
                case (MessageKind.Fixed, "user"):
                    pendingUser = message.Text;
                    break;
                case (MessageKind.Fixed, "assistant"):
                    fewShots.Add((pendingUser ?? "", message.Text));
                    pendingUser = null;
                    break;
            }
        }

        var version = PromptVersion.Compute(system, user, fewShots, method.Parameters.Count(p => p.Role == ParameterRole.History), method.Settings, method.Reply,
            method.Parameters.Where(p => p.Image is not null).Select(p => p.Image!), StreamShapes.IsStream(method.Kind), method.Tools, method.ToolDefinitions);
        return method with { PromptVersion = version };
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
