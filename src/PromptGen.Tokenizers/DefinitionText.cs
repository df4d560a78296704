using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// The text a model's prompt holds for a request's tool definitions and json_schema response format, as
/// <see cref="OpenAITokenCounter.CountDefinitions"/> counts it. OpenAI does not publish the exact rendering; this follows
/// the one OpenAI's cookbook ("How to count tokens with tiktoken", function calling) and the models' own echoes of their
/// system prompt describe: the tools as a TypeScript <c>namespace functions</c> in a system section <c># Tools</c>, one
/// <c>type name = (_: { … }) =&gt; any;</c> per function with each description as a <c>//</c> comment; the response format
/// as a <c># Response Formats</c> section with the schema's JSON as sent (a TypeScript rendering of the schema was
/// tried and undercounts by a third). How close it comes is measured against recorded <c>usage.prompt_tokens</c>
/// (tests/PromptGen.Runtime.Tests/Budget/DefinitionCountTests.cs; README, "Token budget").
/// </summary>
internal static class DefinitionText
{
    /// <summary>The tools section, or null when there are no function tools.</summary>
    public static string? Tools(IList<ChatTool>? tools)
    {
        if (tools is null || tools.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("# Tools\n\n## functions\n\nnamespace functions {\n\n");
        foreach (var tool in tools)
        {
            if (tool?.Function is not { } function)
            {
                continue;
            }

            Comment(text, function.Description, "");
            text.Append("type ").Append(function.Name).Append(" = ");
            if (function.Parameters is { ValueKind: JsonValueKind.Object } parameters
                && parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.EnumerateObject().MoveNext())
            {
                text.Append("(_: ");
                Object(text, parameters, "");
                text.Append(") => any;\n\n");
            }
            else
            {
                text.Append("() => any;\n\n");
            }
        }

        return text.Append("} // namespace functions").ToString();
    }

    /// <summary>The response format section, or null unless the request asks for a json_schema.</summary>
    public static string? ResponseFormat(ChatResponseFormat? format)
    {
        if (format is not { Type: "json_schema", JsonSchema: { } schema })
        {
            return null;
        }

        var text = new StringBuilder("# Response Formats\n\n## ").Append(schema.Name).Append("\n\n");
        Comment(text, schema.Description, "");
        return text.Append(schema.Schema is { } json ? Compact(json) : "{}").ToString();
    }

    // The schema as sent: JSON without whitespace (the element may keep the whitespace of the text it was read from).
    private static string Compact(JsonElement json)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            json.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Comment(StringBuilder text, string? description, string indent)
    {
        if (string.IsNullOrEmpty(description))
        {
            return;
        }

        foreach (var line in description!.Split('\n'))
        {
            text.Append(indent).Append("// ").Append(line.TrimEnd('\r')).Append('\n');
        }
    }

    private static void Object(StringBuilder text, JsonElement schema, string indent)
    {
        var required = new HashSet<string>(System.StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in names.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String)
                {
                    required.Add(name.GetString()!);
                }
            }
        }

        text.Append("{\n");
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
                {
                    Comment(text, description.GetString(), indent);
                }

                text.Append(indent).Append(property.Name).Append(required.Contains(property.Name) ? ": " : "?: ");
                Type(text, property.Value, indent);
                text.Append(",\n");
            }
        }

        text.Append(indent).Append('}');
    }

    private static void Type(StringBuilder text, JsonElement schema, string indent)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            text.Append("any");
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var first = true;
            foreach (var value in values.EnumerateArray())
            {
                text.Append(first ? "" : " | ").Append(value.GetRawText());
                first = false;
            }

            return;
        }

        foreach (var union in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(union, out var options) && options.ValueKind == JsonValueKind.Array)
            {
                var first = true;
                foreach (var option in options.EnumerateArray())
                {
                    text.Append(first ? "" : " | ");
                    Type(text, option, indent);
                    first = false;
                }

                return;
            }
        }

        if (!schema.TryGetProperty("type", out var type))
        {
            text.Append("any");
            return;
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            var first = true;
            foreach (var one in type.EnumerateArray())
            {
                text.Append(first ? "" : " | ");
                Named(text, one.GetString(), schema, indent);
                first = false;
            }

            return;
        }

        Named(text, type.GetString(), schema, indent);
    }

    private static void Named(StringBuilder text, string? type, JsonElement schema, string indent)
    {
        switch (type)
        {
            case "integer":
            case "number":
                text.Append("number");
                break;
            case "string":
            case "boolean":
            case "null":
                text.Append(type);
                break;
            case "array":
                if (schema.TryGetProperty("items", out var items))
                {
                    Type(text, items, indent);
                }
                else
                {
                    text.Append("any");
                }

                text.Append("[]");
                break;
            case "object":
                Object(text, schema, indent + "  ");
                break;
            default:
                text.Append("any");
                break;
        }
    }
}
