using System;

namespace PromptGen;

/// <summary>How a JSON method asks the server for JSON; see <see cref="ResponseFormatAttribute"/>.</summary>
public enum ResponseFormatKind
{
    /// <summary>
    /// <c>response_format: json_schema</c> with the return type's schema (Structured Outputs when strict, the default).
    /// For OpenAI and servers that implement Structured Outputs (Ollama, vLLM, llama.cpp, …).
    /// </summary>
    JsonSchema,

    /// <summary>
    /// <c>response_format: json_object</c> (JSON mode), with the schema stated in the system message. For servers that
    /// accept JSON mode but not <c>json_schema</c>.
    /// </summary>
    JsonObject,

    /// <summary>No <c>response_format</c>; the schema is stated in the system message. For servers that accept neither.</summary>
    Text,
}

/// <summary>
/// How a method that returns JSON asks for it. On the interface it is the default for every JSON method; on a method it
/// overrides. Without it, JSON methods use <see cref="ResponseFormatKind.JsonSchema"/> with <see cref="Strict"/> on.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class ResponseFormatAttribute : Attribute
{
    /// <summary>Sets the format.</summary>
    public ResponseFormatAttribute(ResponseFormatKind kind) => Kind = kind;

    /// <summary>The format.</summary>
    public ResponseFormatKind Kind { get; }

    /// <summary>
    /// With <see cref="ResponseFormatKind.JsonSchema"/>: whether to send <c>strict: true</c> (default). Strict mode lists
    /// every property as required, forbids additional properties and cannot describe dictionaries; turn it off for
    /// types that need those, or for servers that reject strict schemas.
    /// </summary>
    public bool Strict { get; set; } = true;
}

/// <summary>
/// Asks again when a JSON reply does not parse or breaks the return type's rules (required members, enum values,
/// <c>[Range]</c>, <c>[StringLength]</c>, …): the bad reply and a user message listing the exact errors are appended
/// and the request is sent again, up to <see cref="MaxRetries"/> more times. Without it no request is repeated.
/// On the interface it is the default for every JSON method that can repair; on a method it overrides. Of the streams,
/// only <see cref="PartialStream{T}"/> repairs (its final value); streamed items, text and
/// <c>IAsyncEnumerable&lt;Partial&lt;T&gt;&gt;</c> never send a repair request (a method-level <c>[Repair]</c> there is PG0080).
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class RepairAttribute : Attribute
{
    /// <summary>Sets the retry limit (0 to 10).</summary>
    public RepairAttribute(int maxRetries = 1) => MaxRetries = maxRetries;

    /// <summary>How many more requests may be sent after the first reply failed.</summary>
    public int MaxRetries { get; }
}
