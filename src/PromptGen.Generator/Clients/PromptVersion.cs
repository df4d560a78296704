using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace PromptGen.Generator.Clients;

/// <summary>
/// The version of a method's prompt: the first 6 bytes (12 hexadecimal characters) of a SHA-256 over every input fixed at
/// build time that changes what is sent. It is computed from values, not syntax, so it changes exactly when one of those
/// does: reformatting code, renaming the method, its parameters or its interface, or moving it leaves it alone; any
/// change inside a template string changes it.
/// </summary>
/// <remarks>
/// <para>What is hashed — each changes the request body, or which requests are sent:</para>
/// <list type="bullet">
/// <item>the system and user templates as written (or that the user message is the method's one string argument);</item>
/// <item>the few-shot examples, and how many history parameters sit between them and the user message;</item>
/// <item>the image parameters: one image or a list, optional or not, and their fixed detail level;</item>
/// <item>the settings: model, temperature, top_p, max tokens, stop sequences, penalties, seed, n;</item>
/// <item>the prompt token budget (<c>[MaxPromptTokens]</c>: which history turns are dropped before sending);</item>
/// <item>the response format: json_schema/json_object/text, strict, schema name, schema, stricter rules, the JSON
/// instruction's shape (wrapped, nullable) and how many repair requests <c>[Repair]</c> allows;</item>
/// <item>whether the reply is streamed (<c>stream: true</c> with <c>stream_options</c>);</item>
/// <item>the tools, per <c>[PromptTools]</c> parameter in order: each function's name, description, parameter schema
/// and strictness, and <c>tool_choice</c>, <c>parallel_tool_calls</c> and <c>[MaxToolRounds]</c>.</item>
/// </list>
/// <para>Not hashed, because they change no request: C# names (method, parameters, interface, tools interface), code
/// formatting, <c>[SequentialToolCalls]</c> and <c>[RethrowToolExceptions]</c> (how tools run on this machine), the
/// return shape where the request is the same (<c>Task&lt;T&gt;</c> vs <c>Task&lt;ChatResult&lt;T&gt;&gt;</c>), and
/// anything set at run time (the client's options, the arguments).</para>
/// </remarks>
internal static class PromptVersion
{
    /// <summary>Computes the version.</summary>
    /// <param name="system">The system template as written, or null.</param>
    /// <param name="user">The user template as written; <c>null</c> when the user message is the method's one string argument.</param>
    /// <param name="fewShots">The few-shot examples, in order.</param>
    /// <param name="historyCount">How many history parameters the method has (their messages sit between the few-shots and the user message).</param>
    /// <param name="settings">The resolved settings.</param>
    /// <param name="reply">The JSON reply contract, or null for text.</param>
    /// <param name="images">The image parameters, in order: whether each is a list and its fixed detail level.</param>
    /// <param name="streams">Whether the request asks for a stream.</param>
    /// <param name="tools">The method's tool settings, or null when it has no tools parameter.</param>
    /// <param name="toolDefinitions">The tools every <c>[PromptTools]</c> parameter sends, as <see cref="ToolDefinitions"/> writes them.</param>
    public static string Compute(string? system, string? user, IEnumerable<(string User, string Assistant)> fewShots, int historyCount, SettingsSpec settings, JsonReplySpec? reply, IEnumerable<Images.ImageParameterSpec> images,
        bool streams = false, Tools.ToolUseSpec? tools = null, string? toolDefinitions = null)
    {
        var text = new StringBuilder();
        Add(text, "system", system);
        foreach (var (fewShotUser, fewShotAssistant) in fewShots)
        {
            Add(text, "fewshot.user", fewShotUser);
            Add(text, "fewshot.assistant", fewShotAssistant);
        }

        Add(text, "history", historyCount.ToString(CultureInfo.InvariantCulture));
        Add(text, "user", user ?? "(the string argument)");
        foreach (var image in images)
        {
            Add(text, "image", (image.IsList ? "list" : "one") + (image.Optional ? "?" : "") + ":" + (image.Detail?.ToString(CultureInfo.InvariantCulture) ?? "default"));
        }

        Add(text, "model", settings.Model);
        Add(text, "temperature", Number(settings.Temperature));
        Add(text, "top_p", Number(settings.TopP));
        Add(text, "max_tokens", settings.MaxTokens?.ToString(CultureInfo.InvariantCulture));
        foreach (var stop in settings.Stop)
        {
            Add(text, "stop", stop);
        }

        Add(text, "frequency_penalty", Number(settings.FrequencyPenalty));
        Add(text, "presence_penalty", Number(settings.PresencePenalty));
        Add(text, "seed", settings.Seed?.ToString(CultureInfo.InvariantCulture));
        Add(text, "n", settings.Choices?.ToString(CultureInfo.InvariantCulture));
        Add(text, "budget", settings.PromptBudget?.ToString(CultureInfo.InvariantCulture));
        Add(text, "stream", streams ? "true" : null);
        if (reply is not null)
        {
            Add(text, "format", reply.Format.ToString());
            Add(text, "strict", reply.Strict ? "true" : "false");
            Add(text, "schema.name", reply.Name);
            Add(text, "schema", reply.Schema);
            Add(text, "rules", reply.Rules);
            Add(text, "wrapped", reply.Wrapped ? "true" : "false");
            Add(text, "nullable", reply.Nullable ? "true" : "false");
            Add(text, "repair", reply.MaxRetries.ToString(CultureInfo.InvariantCulture));
        }

        Add(text, "tools", toolDefinitions);

        if (tools is not null)
        {
            Add(text, "tool_choice", tools.Choice is null ? null : (tools.ChoiceIsFunction ? "function:" : "") + tools.Choice);
            Add(text, "parallel_tool_calls", tools.Parallel is { } parallel ? (parallel ? "true" : "false") : null);
            Add(text, "max_tool_rounds", tools.MaxRounds.ToString(CultureInfo.InvariantCulture));
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        var version = new StringBuilder(12);
        for (var i = 0; i < 6; i++)
        {
            version.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return version.ToString();
    }

    /// <summary>
    /// The tools each <c>[PromptTools]</c> parameter of <paramref name="method"/> sends, read by the same parser as the
    /// dispatcher (its diagnostics are the tools pipeline's to report, so none are reported here). The generator takes the
    /// same text from the ToolSets pipeline instead (<see cref="ToolSetTexts"/>); fakes, which have the symbols, read it here.
    /// </summary>
    public static string? ToolDefinitions(Microsoft.CodeAnalysis.IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
    {
        var sets = method.Parameters
            .Where(p => p.RefKind == Microsoft.CodeAnalysis.RefKind.None && Tools.ToolNames.IsToolsInterface(p.Type))
            .Select(p => Tools.ToolParser.Parse((Microsoft.CodeAnalysis.INamedTypeSymbol)p.Type, DiagnosticSink.None, cancellationToken))
            .ToList();
        return sets.Count == 0 ? null : string.Concat(sets.Select(ToolSetText));
    }

    /// <summary>One tools interface's part of <see cref="ToolDefinitions"/>: how many tools, then each one's name, description, schema, rules and strictness.</summary>
    public static string ToolSetText(Tools.ToolSetSpec set)
    {
        var text = new StringBuilder();
        Add(text, "tools", set.Tools.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var tool in set.Tools)
        {
            Add(text, "tool.name", tool.FunctionName);
            Add(text, "tool.description", tool.Description);
            Add(text, "tool.schema", tool.Schema);
            Add(text, "tool.rules", tool.Rules);
            Add(text, "tool.strict", tool.Strict ? "true" : "false");
        }

        return text.ToString();
    }

    // Length-prefixed, so no two different inputs can produce the same text.
    private static void Add(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(name).Append(':').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
