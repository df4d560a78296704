namespace PromptGen.Benchmarks.Calls;

/// <summary>The typed JSON call's reply content and its strict reply format, shared by the piece-by-piece benchmarks.</summary>
internal static class CityReply
{
    /// <summary>The reply content: a <see cref="City"/> as the model writes it.</summary>
    public const string Content = """{"name":"Bergen","country":"Norway","population":291940}""";

    /// <summary>The strict json_schema reply format of a <see cref="City"/>, as the generated client declares it.</summary>
    public static readonly JsonReplyFormat<City> Format = JsonReplyFormat<City>.Create(
        ResponseFormatKind.JsonSchema, strict: true, name: "City",
        schema: """{"type":"object","properties":{"name":{"type":"string"},"country":{"type":"string"},"population":{"type":"integer"}},"required":["name","country","population"],"additionalProperties":false}""",
        rules: null, wrapped: false, nullable: false, maxRetries: 0, CannedJson.Default.City);
}
