using System.Linq;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The XML docs of the public <c>Create{Method}Request</c> builders: rendering a prompt without a call, for snapshot
/// tests and logging. Apart from <see cref="Emitter"/> so the emitter's method bodies stay as they are.
/// </summary>
internal static class EmitterDocs
{
    public static void RequestBuilder(SourceWriter w, MethodSpec method)
    {
        var name = SymbolText.Unescape(method.Name);
        w.Lines($"""
            /// <summary>
            /// The request <c>{name}</c> sends for these arguments (messages and settings), rendered without a call: for
            /// snapshot tests of the prompt and for logging. The transport fills in what it leaves unset (the default model;
            /// <c>stream</c> and <c>stream_options</c> for a streamed call) when the request is sent.
            /// </summary>
            """);
        foreach (var parameter in method.Parameters.Where(p => p.Role != ParameterRole.CancellationToken))
        {
            w.Line($"/// <param name=\"{SymbolText.Unescape(parameter.Name)}\">As passed to <c>{name}</c>.</param>");
        }

        w.Line("/// <returns>A new request; changing it changes nothing else.</returns>");
    }
}
