using Microsoft.CodeAnalysis;
using PromptGen.Generator.Schema;

namespace PromptGen.Generator;

/// <summary>
/// The schema of a return type as the reflection-based deserialiser reads it (camelCase, enums as strings, the
/// C# requiredness), without a mode's restrictions. Kept for callers of the earlier JSON-mode helper; the schema itself
/// comes from <see cref="SchemaBuilder"/>, which <see cref="TypedReplies"/> uses with the method's mode.
/// </summary>
internal static class JsonShape
{
    public static string Instruction(ITypeSymbol type) =>
        "Reply with one JSON object and nothing else. It must match this JSON Schema:\n" + Schema(type);

    public static string Schema(ITypeSymbol type) =>
        SchemaBuilder.Build(type, new SchemaSettings(false, "json_object mode", NamingPolicy.CamelCase, true)).Root.ToJson();

    /// <summary>System.Text.Json's camelCase.</summary>
    internal static string CamelCase(string name) => Names.CamelCase(name);
}
