namespace PromptGen.Generator.Clients;

/// <summary>How a JSON method asks for its reply (mirrors the runtime's <c>ResponseFormatKind</c>).</summary>
internal enum ReplyFormat
{
    JsonSchema,
    JsonObject,
    Text,
}

/// <summary>
/// A JSON method's reply contract, computed at build time: the schema as JSON text (sent, or stated in the system
/// message), the stricter validation rules when they differ, and how to deserialise. Same contract as every model:
/// strings, numbers, enums and bools only.
/// </summary>
/// <param name="Format">How the request asks for JSON.</param>
/// <param name="Strict">Whether a json_schema request is strict.</param>
/// <param name="Name">The schema's name.</param>
/// <param name="Schema">
/// The schema sent to the server or stated in the instructions; null in the transform's output when
/// <paramref name="Tree"/> holds it (written by <see cref="TypedReplies.Written"/> in the later step).
/// </param>
/// <param name="Rules">The schema replies are checked against, when it has more than <paramref name="Schema"/>; else null.</param>
/// <param name="Wrapped">Whether the value travels as {"value": …}.</param>
/// <param name="Nullable">Whether the declared value type admits null (<c>int?</c>, <c>Person?</c>): a null reply is then the value null.</param>
/// <param name="MaxRetries">How many more requests [Repair] allows.</param>
/// <param name="TypeOf">The value type as written in <c>typeof(…)</c> (no nullable annotation).</param>
/// <param name="Context">The JsonSerializerContext, global::-qualified, or null for reflection-based deserialisation.</param>
/// <param name="Tree">
/// The schema as a value, until its texts are written: the transform re-runs on every edit and compares its output,
/// so it carries the tree (compared by value) and a later cached step writes <paramref name="Schema"/> and
/// <paramref name="Rules"/> from it; null once they are written.
/// </param>
internal sealed record JsonReplySpec(
    ReplyFormat Format,
    bool Strict,
    string Name,
    string? Schema,
    string? Rules,
    bool Wrapped,
    bool Nullable,
    int MaxRetries,
    string TypeOf,
    string? Context,
    Json.SchemaNode? Tree = null);
