using System.Globalization;
using System.Linq;

namespace PromptGen.Generator.Tools;

/// <summary>
/// Writes the dispatcher of a <c>[PromptTools]</c> interface: its build-time definitions and a switch that reads each
/// argument with the JsonTypeInfo chosen at build time and calls the method. A pure function of the spec.
/// </summary>
internal static class ToolEmitter
{
    private const string Json = "global::PromptGen.ToolJson";

    public static string Emit(ToolSetSpec spec)
    {
        var w = GeneratedFile.Start(spec.Namespace);
        // The dispatcher names the tools' parameter and result types: an [Obsolete] one must not warn in code the app
        // cannot edit (CS0612, CS0618), as in the client.
        w.Line("#pragma warning disable CS0612, CS0618");
        w.Lines($$"""
            /// <summary>
            /// The tools of <see cref="{{spec.InterfaceFullName}}"/> for the model: their function definitions, computed at build time,
            /// and the dispatch of a tool call's JSON arguments to an implementation. Pass the implementation to a prompt method
            /// with a parameter of the interface; call <see cref="global::PromptGen.ToolSet.InvokeAsync"/> to test it alone.
            /// </summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            """);
        w.Open($"{(spec.IsPublic ? "public" : "internal")} sealed class {spec.ClassName} : global::PromptGen.ToolSet");

        w.Lines("""
            /// <summary>The function definitions, one per method, in declaration order.</summary>
            public static global::System.Collections.Generic.IReadOnlyList<global::PromptGen.ToolDefinition> Tools { get; } = new global::PromptGen.ToolDefinition[]
            """);
        w.Open();
        foreach (var tool in spec.Tools)
        {
            w.Lines($"""
                new global::PromptGen.ToolDefinition(
                    name: {Literal(tool.FunctionName)},
                    description: {Literal(tool.Description)},
                    parameters: {Literal(tool.Schema)},
                    strict: {Bool(tool.Strict)},
                    rules: {(tool.Rules is null ? "null" : Literal(tool.Rules))},
                    rethrowsExceptions: {Bool(tool.Rethrows)}),
                """);
        }

        w.Close(";");
        w.Lines($$"""

            private readonly {{spec.InterfaceFullName}} _tools;

            /// <summary>Creates the dispatcher over an implementation of the tools.</summary>
            /// <param name="tools">Runs the calls.</param>
            public {{spec.ClassName}}({{spec.InterfaceFullName}} tools)
                : base(Tools)
            {
                _tools = tools ?? throw new global::System.ArgumentNullException(nameof(tools));
            }

            """);

        var isAsync = spec.Tools.Any(t => t.Return is ToolReturn.Task or ToolReturn.TaskOfValue);
        w.Line("/// <inheritdoc/>");
        w.Open($"protected override {(isAsync ? "async " : "")}global::System.Threading.Tasks.ValueTask<string> InvokeCoreAsync(int tool, global::System.Text.Json.JsonElement arguments, global::System.Threading.CancellationToken cancellationToken)");
        w.Open("switch (tool)");
        for (var i = 0; i < spec.Tools.Count; i++)
        {
            var tool = spec.Tools[i];
            w.Line($"case {i.ToString(CultureInfo.InvariantCulture)}:");
            w.Open();
            EmitCase(w, tool, isAsync);
            w.Close();
        }

        w.Lines("""
            default:
                throw new global::System.ArgumentOutOfRangeException(nameof(tool));
            """);
        w.Close();
        w.Close();
        w.Close();
        if (spec.Namespace is not null)
        {
            w.Close();
        }

        return w.ToString();
    }

    private static void EmitCase(SourceWriter w, ToolSpec tool, bool isAsync)
    {
        if (tool.Return == ToolReturn.Unsupported)
        {
            var message = $"The tool {tool.FunctionName} cannot be called; PromptGen reported why at build time.";
            w.Line($"throw new global::System.NotSupportedException({Literal(message)});");
            return;
        }

        var arguments = tool.Parameters.Select(Argument).ToList();
        var call = $"_tools.{tool.MethodName}(" + (arguments.Count == 0 ? ")" : "");
        string Result(string value) => isAsync ? value : $"new global::System.Threading.Tasks.ValueTask<string>({value})";

        var lines = arguments.Count == 0 ? new[] { call } : new[] { call }.Concat(arguments.Select((a, i) => "    " + a + (i < arguments.Count - 1 ? "," : ")"))).ToArray();
        switch (tool.Return)
        {
            case ToolReturn.Void:
            case ToolReturn.Task:
                var prefix = tool.Return == ToolReturn.Task ? "await " : "";
                var suffix = tool.Return == ToolReturn.Task ? ".ConfigureAwait(false);" : ";";
                Write(w, prefix, lines, suffix);
                w.Line($"return {Result(Json + ".Done")};");
                break;
            default:
                var awaitPrefix = tool.Return == ToolReturn.TaskOfValue ? "await " : "";
                var awaitSuffix = tool.Return == ToolReturn.TaskOfValue ? ".ConfigureAwait(false)" : "";
                if (tool.ResultInfo is null)
                {
                    // A string result goes back as it is; null as the JSON text null, as for every other result type,
                    // so the model reads "no value" the same way whatever the tool returns.
                    Write(w, isAsync ? "return (" + awaitPrefix : $"return new global::System.Threading.Tasks.ValueTask<string>({awaitPrefix}", lines, awaitSuffix + (isAsync ? ") ?? \"null\";" : " ?? \"null\");"));
                }
                else
                {
                    Write(w, isAsync ? $"return {Json}.Write({awaitPrefix}" : $"return new global::System.Threading.Tasks.ValueTask<string>({Json}.Write(", lines, $"{awaitSuffix}, {tool.ResultInfo}){(isAsync ? "" : ")")};");
                }

                break;
        }
    }

    private static void Write(SourceWriter w, string prefix, string[] lines, string suffix)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            w.Line((i == 0 ? prefix : "") + lines[i] + (i == lines.Length - 1 ? suffix : ""));
        }
    }

    private static string Argument(ToolParameterSpec parameter)
    {
        if (parameter.IsCancellationToken)
        {
            return "cancellationToken";
        }

        return parameter.Default is null
            ? $"{Json}.Read<{parameter.Type}>(arguments, {Literal(parameter.JsonName)}, {parameter.Info})"
            : $"{Json}.ReadOptional<{parameter.Type}>(arguments, {Literal(parameter.JsonName)}, {parameter.Info}, {parameter.Default})";
    }

    private static string Literal(string text) => SymbolText.Literal(text);

    private static string Bool(bool value) => value ? "true" : "false";
}
