using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>A function the model may call (<c>{"type":"function","function":{…}}</c>).</summary>
public sealed class ChatTool
{
    /// <summary>The tool kind; always <c>function</c>.</summary>
    public string Type { get; set; } = "function";

    /// <summary>The function's name, description and parameter schema.</summary>
    public ChatFunction Function { get; set; } = new();
}

/// <summary>A function definition.</summary>
public sealed class ChatFunction
{
    /// <summary>The name: letters, digits, underscores and dashes, at most 64.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the function does, for the model to decide when to call it.</summary>
    public string? Description { get; set; }

    /// <summary>The parameters as a JSON Schema object; omitted for a function without parameters.</summary>
    public JsonElement? Parameters { get; set; }

    /// <summary>Whether the model must follow <see cref="Parameters"/> exactly.</summary>
    public bool? Strict { get; set; }
}

/// <summary>A tool call the model made.</summary>
public sealed class ChatToolCall
{
    /// <summary>The call's id, which the <c>tool</c> message answering it repeats. May be empty on some servers.</summary>
    public string? Id { get; set; }

    /// <summary>The tool kind; <c>function</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The function called and its arguments.</summary>
    public ChatFunctionCall? Function { get; set; }
}

/// <summary>A function call: the name and the arguments as a JSON-encoded string.</summary>
public sealed class ChatFunctionCall
{
    /// <summary>The function's name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The arguments, as JSON text (which may be invalid when the tool is not strict). A server that sends them as a
    /// JSON object instead of a string is read as that object's JSON text.
    /// </summary>
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Arguments { get; set; }
}

/// <summary>Which tool the model must call: <c>none</c>, <c>auto</c>, <c>required</c>, or one named function.</summary>
[JsonConverter(typeof(ChatToolChoiceConverter))]
public sealed class ChatToolChoice
{
    private ChatToolChoice(string mode, string? functionName)
    {
        Mode = mode;
        FunctionName = functionName;
    }

    /// <summary><c>none</c>, <c>auto</c> or <c>required</c>; <c>function</c> when one function is forced.</summary>
    public string Mode { get; }

    /// <summary>The forced function's name, when <see cref="Mode"/> is <c>function</c>.</summary>
    public string? FunctionName { get; }

    /// <summary>The model calls no tool.</summary>
    public static ChatToolChoice None { get; } = new("none", null);

    /// <summary>The model decides.</summary>
    public static ChatToolChoice Auto { get; } = new("auto", null);

    /// <summary>The model calls at least one tool.</summary>
    public static ChatToolChoice Required { get; } = new("required", null);

    /// <summary>The model calls the named function.</summary>
    public static ChatToolChoice Function(string name) => new("function", name);

    internal static ChatToolChoice FromMode(string mode) => mode switch
    {
        "none" => None,
        "auto" => Auto,
        "required" => Required,
        _ => new ChatToolChoice(mode, null),
    };
}

/// <summary>The reply's format (<c>response_format</c>).</summary>
public sealed class ChatResponseFormat
{
    /// <summary><c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
    public string Type { get; set; } = "text";

    /// <summary>The schema, when <see cref="Type"/> is <c>json_schema</c>.</summary>
    public ChatJsonSchema? JsonSchema { get; set; }

    /// <summary>Plain text.</summary>
    public static ChatResponseFormat Text => new() { Type = "text" };

    /// <summary>Any JSON object (JSON mode); a message must also ask for JSON.</summary>
    public static ChatResponseFormat JsonObject => new() { Type = "json_object" };

    /// <summary>JSON following <paramref name="schema"/> (Structured Outputs when <paramref name="strict"/>).</summary>
    public static ChatResponseFormat ForJsonSchema(string name, JsonElement schema, bool? strict = true, string? description = null) =>
        new() { Type = "json_schema", JsonSchema = new ChatJsonSchema { Name = name, Schema = schema, Strict = strict, Description = description } };
}

/// <summary>A named JSON Schema for <c>response_format</c>.</summary>
public sealed class ChatJsonSchema
{
    /// <summary>The schema's name: letters, digits, underscores and dashes, at most 64.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the schema describes.</summary>
    public string? Description { get; set; }

    /// <summary>The JSON Schema object.</summary>
    public JsonElement? Schema { get; set; }

    /// <summary>Whether the model must follow the schema exactly (Structured Outputs).</summary>
    public bool? Strict { get; set; }
}
