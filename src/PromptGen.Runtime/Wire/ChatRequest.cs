using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>
/// A Chat Completions request body (<c>POST {base}/chat/completions</c>).
/// Unset (<see langword="null"/>) members are not sent, so the server's defaults apply.
/// </summary>
public sealed class ChatRequest
{
    /// <summary>The model id. When <see langword="null"/>, the client's default model is sent.</summary>
    public string? Model { get; set; }

    /// <summary>The conversation so far, oldest first.</summary>
    public IList<ChatMessage> Messages { get; set; } = new List<ChatMessage>();

    /// <summary>Sampling temperature, 0 to 2.</summary>
    public double? Temperature { get; set; }

    /// <summary>Nucleus sampling probability mass, 0 to 1.</summary>
    public double? TopP { get; set; }

    /// <summary>
    /// Upper bound on generated tokens. Sent as <c>max_completion_tokens</c> or <c>max_tokens</c>,
    /// as <see cref="ChatClientOptions.MaxTokensField"/> chooses.
    /// </summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    /// <summary>Penalty for tokens by their frequency so far, -2 to 2.</summary>
    public double? FrequencyPenalty { get; set; }

    /// <summary>Penalty for tokens that already appeared, -2 to 2.</summary>
    public double? PresencePenalty { get; set; }

    /// <summary>Up to four sequences where generation stops. One sequence is sent as a string, several as an array.</summary>
    [JsonConverter(typeof(StopConverter))]
    public IList<string>? Stop { get; set; }

    /// <summary>How many choices to generate, 1 to 128.</summary>
    public int? N { get; set; }

    /// <summary>Seed for best-effort deterministic sampling.</summary>
    public long? Seed { get; set; }

    /// <summary>Whether the reply is streamed as Server-Sent Events. Set by the client; leave unset.</summary>
    public bool? Stream { get; set; }

    /// <summary>Options for streamed replies. Set by the client from <see cref="ChatClientOptions.IncludeStreamUsage"/>.</summary>
    public ChatStreamOptions? StreamOptions { get; set; }

    /// <summary>The reply's format: text, a JSON object, or JSON following a schema.</summary>
    public ChatResponseFormat? ResponseFormat { get; set; }

    /// <summary>Functions the model may call.</summary>
    public IList<ChatTool>? Tools { get; set; }

    /// <summary>Which tool, if any, the model must call.</summary>
    public ChatToolChoice? ToolChoice { get; set; }

    /// <summary>Whether the model may call several tools in one turn.</summary>
    public bool? ParallelToolCalls { get; set; }

    /// <summary>Whether to return log probabilities of the output tokens.</summary>
    public bool? Logprobs { get; set; }

    /// <summary>How many most likely tokens to return at each position, 0 to 20; needs <see cref="Logprobs"/>.</summary>
    public int? TopLogprobs { get; set; }

    /// <summary>An identifier for the end user (deprecated by OpenAI in favour of <c>safety_identifier</c>).</summary>
    public string? User { get; set; }

    /// <summary>
    /// The generated prompt method this request comes from, with its prompt version, or <see langword="null"/> for a
    /// request built by hand. Never sent: it is read by logs, traces and <see cref="ChatResult{T}.PromptVersion"/>.
    /// </summary>
    [JsonIgnore]
    public PromptMethod? PromptMethod { get; set; }

    /// <summary>
    /// The request as JSON, written as <see cref="ChatClient"/> writes a body, for logs and snapshots of a rendered prompt
    /// (<c>ITutor.Client.CreateExplainAsyncRequest(…)</c>). Only what the request holds is written, and the token limit as
    /// <c>max_tokens</c>: when sending, the client also fills in the default model and the stream settings and picks the
    /// token-limit field (the exact body of a call is <see cref="Testing.ScriptedRequest.Body"/>).
    /// </summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(this, MaxTokensField.MaxTokens));

    /// <summary>
    /// The request as JSON for reading in logs and test output: <see cref="ToJson"/>, except that a <c>data:</c> URI of
    /// an image longer than 100 characters shows only its first 64 characters and its length
    /// (<c>data:image/png;base64,iVBORw0KGgo…[6990508 chars]</c>). The body sent is always whole.
    /// </summary>
    public override string ToString() => ChatSerializer.RequestForDisplayText(this);

    /// <summary>
    /// The token budget the messages are trimmed to before sending (oldest history turns first), or <see langword="null"/>
    /// for none. Set by generated code for a method with <see cref="MaxPromptTokensAttribute"/>; never written to the body.
    /// </summary>
    [JsonIgnore]
    public PromptBudget? Budget { get; set; }

    internal ChatRequest ShallowCopy() => (ChatRequest)MemberwiseClone();
}

/// <summary>Options for a streamed reply (<c>stream_options</c>).</summary>
public sealed class ChatStreamOptions
{
    /// <summary>Whether the server sends a final chunk with token usage.</summary>
    public bool? IncludeUsage { get; set; }
}

/// <summary>Which request field carries <see cref="ChatRequest.MaxTokens"/>.</summary>
public enum MaxTokensField
{
    /// <summary><c>max_completion_tokens</c> for <c>api.openai.com</c>, <c>max_tokens</c> for any other server.</summary>
    Auto,

    /// <summary><c>max_tokens</c>: understood by most OpenAI-compatible servers; rejected by newer OpenAI models.</summary>
    MaxTokens,

    /// <summary><c>max_completion_tokens</c>: what current OpenAI models expect.</summary>
    MaxCompletionTokens,
}
