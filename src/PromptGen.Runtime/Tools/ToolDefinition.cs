using System;
using System.Collections.Generic;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// One tool as the model sees it, computed at build time: the function name, its description and the JSON Schema of its
/// parameters. Generated dispatchers hold one per tool method; <see cref="ToChatTool"/> makes the request's <c>tools</c> entry.
/// </summary>
public sealed class ToolDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="name">The function name: letters, digits, <c>_</c> and <c>-</c>, at most 64 characters.</param>
    /// <param name="description">What the function does; sent always (some servers reject a function without one).</param>
    /// <param name="parameters">The parameters as a JSON Schema object, as JSON text.</param>
    /// <param name="strict">Whether the schema is sent with <c>strict: true</c>.</param>
    /// <param name="rules">The schema arguments are checked against, when stricter than <paramref name="parameters"/>; else <see langword="null"/>.</param>
    /// <param name="rethrowsExceptions">Whether an exception of the tool ends the call instead of going back to the model.</param>
    public ToolDefinition(string name, string description, string parameters, bool strict, string? rules = null, bool rethrowsExceptions = false)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Description = description ?? "";
        Parameters = Parse(parameters ?? throw new ArgumentNullException(nameof(parameters)));
        Rules = rules is null ? Parameters : Parse(rules);
        Strict = strict;
        RethrowsExceptions = rethrowsExceptions;
    }

    /// <summary>The function name the model calls.</summary>
    public string Name { get; }

    /// <summary>What the function does.</summary>
    public string Description { get; }

    /// <summary>The parameters' JSON Schema (an object schema, <c>{"type":"object","properties":{},…}</c> when there are none).</summary>
    public JsonElement Parameters { get; }

    /// <summary>Whether the schema is strict (Structured Outputs for arguments).</summary>
    public bool Strict { get; }

    /// <summary>Whether an exception of the tool reaches the prompt method's caller instead of the model.</summary>
    public bool RethrowsExceptions { get; }

    /// <summary>The schema the arguments are validated against.</summary>
    internal JsonElement Rules { get; }

    /// <summary>A new <c>tools</c> entry for a request: <c>{"type":"function","function":{name, description, parameters, strict}}</c>.</summary>
    public ChatTool ToChatTool() => new()
    {
        Function = new ChatFunction { Name = Name, Description = Description, Parameters = Parameters, Strict = Strict ? true : null },
    };

    /// <summary>
    /// The <c>tools</c> of a request, in order: every definition of every list. A null list (an optional tools parameter
    /// given null) adds none; with no definitions at all the result is <see langword="null"/>, so no <c>tools</c> is sent
    /// (servers reject an empty array).
    /// </summary>
    public static IList<ChatTool>? ToChatTools(params IReadOnlyList<ToolDefinition>?[] definitions)
    {
        if (definitions is null)
        {
            return null;
        }

        List<ChatTool>? tools = null;
        foreach (var list in definitions)
        {
            if (list is null)
            {
                continue;
            }

            foreach (var definition in list)
            {
                (tools ??= new List<ChatTool>()).Add(definition.ToChatTool());
            }
        }

        return tools;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>What a tool call produced: the text sent back in the <c>tool</c> message, and whether it reports a failure.</summary>
public sealed class ToolResult
{
    internal ToolResult(string content, bool failed, Exception? exception)
    {
        Content = content;
        Failed = failed;
        Exception = exception;
    }

    /// <summary>The <c>tool</c> message's content: the result (a string as is, anything else as JSON), or the error text.</summary>
    public string Content { get; }

    /// <summary>Whether the call failed: unknown tool, arguments that do not parse or fit, or an exception of the tool.</summary>
    public bool Failed { get; }

    /// <summary>The tool's exception, when it threw one.</summary>
    public Exception? Exception { get; }

    /// <inheritdoc/>
    public override string ToString() => (Failed ? "failed: " : "") + Content;
}
