using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>A Chat Completions reply (<c>object: "chat.completion"</c>). Fields a server leaves out stay <see langword="null"/>.</summary>
public sealed class ChatCompletion : IReplyHeader<ChatChoice>
{
    private IReadOnlyList<ChatChoice> _choices = Array.Empty<ChatChoice>();

    /// <summary>Removes the API key of the client that received this reply from what a prompt exception quotes of it.</summary>
    [JsonIgnore]
    internal Redactor Redactor { get; set; } = Redactor.None;

    /// <summary>
    /// What this reply cost in USD, from its usage and the client's <see cref="PriceTable"/>; <see langword="null"/> when
    /// the server reported no usage or the model has no price. Set by the client, never read from the body.
    /// </summary>
    [JsonIgnore]
    public decimal? Cost { get; set; }

    /// <summary>What fitting the request to its token budget did (<see cref="MaxPromptTokensAttribute"/>); <see langword="null"/> without a budget.</summary>
    [JsonIgnore]
    public PromptTrim? Trim { get; set; }

    /// <summary>The completion's id.</summary>
    public string? Id { get; set; }

    /// <summary>The object type, <c>chat.completion</c>.</summary>
    public string? Object { get; set; }

    /// <summary>Creation time, in Unix seconds.</summary>
    public long? Created { get; set; }

    /// <summary>The model that answered.</summary>
    public string? Model { get; set; }

    /// <summary>The backend configuration fingerprint, when the server sends one.</summary>
    public string? SystemFingerprint { get; set; }

    /// <summary>The service tier that served the request, when the server reports it.</summary>
    public string? ServiceTier { get; set; }

    /// <summary>The generated choices; empty when the server sent none.</summary>
    public IReadOnlyList<ChatChoice> Choices
    {
        get => _choices;
        set
        {
            _choices = value ?? Array.Empty<ChatChoice>();
            HasChoices = true;
        }
    }

    /// <summary>Token usage, when the server reports it.</summary>
    public ChatUsage? Usage { get; set; }

    /// <summary>Whether the body had a <c>choices</c> member at all (a body without one is not a chat completion).</summary>
    internal bool HasChoices { get; private set; }

    /// <summary>An error a server sent inside a successful reply (OpenRouter); the client raises it as <see cref="ChatApiException"/>.</summary>
    [JsonInclude]
    internal ChatError? Error { get; set; }
}

/// <summary>One generated choice.</summary>
public sealed class ChatChoice
{
    /// <summary>The choice's position.</summary>
    [JsonConverter(typeof(LenientInt32Converter))]
    public int Index { get; set; }

    /// <summary>The generated message.</summary>
    public ChatReplyMessage? Message { get; set; }

    /// <summary>
    /// Why generation stopped: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>, or the deprecated
    /// <c>function_call</c>; other servers may send other values. <see langword="null"/> when not sent. A forced
    /// <c>tool_choice</c> can give <c>stop</c> together with tool calls.
    /// </summary>
    public string? FinishReason { get; set; }

    /// <summary>Token log probabilities, when requested.</summary>
    public ChatLogprobs? Logprobs { get; set; }
}

/// <summary>The assistant message of a reply.</summary>
public sealed class ChatReplyMessage
{
    /// <summary>The role, <c>assistant</c>.</summary>
    public string? Role { get; set; }

    /// <summary>
    /// The reply text; <see langword="null"/> when the model refused or only called tools. When the server sends the
    /// content as an array of parts (Mistral), the text of its <c>text</c> parts, joined; <c>thinking</c> parts go to
    /// <see cref="Reasoning"/>, never here.
    /// </summary>
    [JsonIgnore]
    public string? Content { get; set; }

    /// <summary>
    /// The model's reasoning ("thinking") text, when the server sends it: <c>reasoning_content</c> (DeepSeek, Z.ai),
    /// <c>reasoning</c> (Groq, OpenRouter, Ollama) or <c>thinking</c> content parts (Mistral), joined in the order received.
    /// Never part of <see cref="Content"/>; <see langword="null"/> when none was sent.
    /// </summary>
    [JsonIgnore]
    public string? Reasoning { get; set; }

    /// <summary>The content as sent: a string or an array of parts, split into <see cref="Content"/> and <see cref="Reasoning"/>.</summary>
    [JsonInclude]
    [JsonPropertyName("content")]
    [JsonConverter(typeof(ReplyContentConverter))]
    internal ReplyContent? ContentJson
    {
        get => Content is null ? null : new ReplyContent(Content, null);
        set
        {
            Content = value?.Text;
            Reasoning = ReplyContent.Join(Reasoning, value?.Thinking);
        }
    }

    /// <summary><c>reasoning</c> as sent; written back from <see cref="Reasoning"/>.</summary>
    [JsonInclude]
    [JsonPropertyName("reasoning")]
    [JsonConverter(typeof(LooseStringConverter))]
    internal string? ReasoningJson
    {
        get => Reasoning;
        set => Reasoning = ReplyContent.JoinDistinct(Reasoning, value);
    }

    /// <summary><c>reasoning_content</c> as sent (read only; written as <c>reasoning</c>).</summary>
    [JsonInclude]
    [JsonPropertyName("reasoning_content")]
    [JsonConverter(typeof(LooseStringConverter))]
    internal string? ReasoningContentJson
    {
        get => null;
        set => Reasoning = ReplyContent.JoinDistinct(Reasoning, value);
    }

    /// <summary>The refusal text, when the model refused.</summary>
    public string? Refusal { get; set; }

    /// <summary>Tool calls the model made.</summary>
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; set; }

    /// <summary>Annotations on the content, such as URL citations of search models.</summary>
    public IReadOnlyList<ChatAnnotation>? Annotations { get; set; }

    /// <summary>The deprecated single function call (<c>function_call</c>) that older <c>functions</c> requests receive; use <see cref="ToolCalls"/> otherwise.</summary>
    public ChatFunctionCall? FunctionCall { get; set; }
}

/// <summary>An annotation on a reply's content (<c>{"type":"url_citation","url_citation":{…}}</c>).</summary>
public sealed class ChatAnnotation
{
    /// <summary>The annotation kind, for example <c>url_citation</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The cited web page, when <see cref="Type"/> is <c>url_citation</c>.</summary>
    public ChatUrlCitation? UrlCitation { get; set; }
}

/// <summary>A web page a reply cites, with the span of content that cites it.</summary>
public sealed class ChatUrlCitation
{
    /// <summary>The index of the first character of the citing span in the content.</summary>
    [JsonConverter(typeof(LenientInt32Converter))]
    public int StartIndex { get; set; }

    /// <summary>The index just past the last character of the citing span.</summary>
    [JsonConverter(typeof(LenientInt32Converter))]
    public int EndIndex { get; set; }

    /// <summary>The page's URL.</summary>
    public string? Url { get; set; }

    /// <summary>The page's title.</summary>
    public string? Title { get; set; }
}

/// <summary>Log probabilities of a choice's tokens.</summary>
public sealed class ChatLogprobs
{
    /// <summary>Per-token log probabilities of the content.</summary>
    public IReadOnlyList<ChatTokenLogprob>? Content { get; set; }

    /// <summary>Per-token log probabilities of the refusal.</summary>
    public IReadOnlyList<ChatTokenLogprob>? Refusal { get; set; }
}

/// <summary>A token with its log probability and the most likely alternatives.</summary>
public sealed class ChatTokenLogprob
{
    /// <summary>The token.</summary>
    public string? Token { get; set; }

    /// <summary>Its log probability (-9999 means very unlikely).</summary>
    public double Logprob { get; set; }

    /// <summary>Its UTF-8 bytes, when the server sends them.</summary>
    public IReadOnlyList<int>? Bytes { get; set; }

    /// <summary>The most likely tokens at this position.</summary>
    public IReadOnlyList<ChatTopLogprob>? TopLogprobs { get; set; }
}

/// <summary>One of the most likely tokens at a position.</summary>
public sealed class ChatTopLogprob
{
    /// <summary>The token.</summary>
    public string? Token { get; set; }

    /// <summary>Its log probability.</summary>
    public double Logprob { get; set; }

    /// <summary>Its UTF-8 bytes, when the server sends them.</summary>
    public IReadOnlyList<int>? Bytes { get; set; }
}

/// <summary>Token counts for a request, as the server reported them.</summary>
/// <remarks>
/// Counts are 64-bit: any integer the server sends is read, however large, and never fails the call. A count that is not
/// an integer (<c>12.5</c>, <c>"many"</c>, a number beyond 64 bits) reads as <see cref="Unreadable"/> (-1). A usage with a
/// negative count (sent, or unreadable), or more cached than prompt tokens, is invalid: its cost is unknown
/// (<see cref="ChatResult{T}.Cost"/> <see langword="null"/>), and <see cref="ChatClient.Totals"/> counts the request as
/// unpriced without adding its tokens. The reply itself is returned as usual.
/// </remarks>
public sealed class ChatUsage
{
    /// <summary>The value a count reads as when the server sent something that is not an integer.</summary>
    public const long Unreadable = -1;

    /// <summary>Tokens in the prompt.</summary>
    [JsonConverter(typeof(LenientInt64Converter))]
    public long PromptTokens { get; set; }

    /// <summary>Tokens generated.</summary>
    [JsonConverter(typeof(LenientInt64Converter))]
    public long CompletionTokens { get; set; }

    /// <summary>Prompt and completion tokens together (some servers count thinking tokens here too).</summary>
    [JsonConverter(typeof(LenientInt64Converter))]
    public long TotalTokens { get; set; }

    /// <summary>A breakdown of the prompt tokens, when the server sends one.</summary>
    public ChatPromptTokensDetails? PromptTokensDetails { get; set; }

    /// <summary>A breakdown of the completion tokens, when the server sends one.</summary>
    public ChatCompletionTokensDetails? CompletionTokensDetails { get; set; }

    /// <summary>
    /// The sum of two usages (for example over retried attempts); details are summed where either has them. A count that
    /// is negative in either is <see cref="Unreadable"/> in the sum.
    /// </summary>
    public static ChatUsage? Add(ChatUsage? left, ChatUsage? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        return new ChatUsage
        {
            PromptTokens = Plus(left.PromptTokens, right.PromptTokens),
            CompletionTokens = Plus(left.CompletionTokens, right.CompletionTokens),
            TotalTokens = Plus(left.TotalTokens, right.TotalTokens),
            PromptTokensDetails = left.PromptTokensDetails is null && right.PromptTokensDetails is null ? null : new ChatPromptTokensDetails
            {
                CachedTokens = Sum(left.PromptTokensDetails?.CachedTokens, right.PromptTokensDetails?.CachedTokens),
                AudioTokens = Sum(left.PromptTokensDetails?.AudioTokens, right.PromptTokensDetails?.AudioTokens),
                TextTokens = Sum(left.PromptTokensDetails?.TextTokens, right.PromptTokensDetails?.TextTokens),
                ImageTokens = Sum(left.PromptTokensDetails?.ImageTokens, right.PromptTokensDetails?.ImageTokens),
                CacheWriteTokens = Sum(left.PromptTokensDetails?.CacheWriteTokens, right.PromptTokensDetails?.CacheWriteTokens),
            },
            CompletionTokensDetails = left.CompletionTokensDetails is null && right.CompletionTokensDetails is null ? null : new ChatCompletionTokensDetails
            {
                ReasoningTokens = Sum(left.CompletionTokensDetails?.ReasoningTokens, right.CompletionTokensDetails?.ReasoningTokens),
                AudioTokens = Sum(left.CompletionTokensDetails?.AudioTokens, right.CompletionTokensDetails?.AudioTokens),
                AcceptedPredictionTokens = Sum(left.CompletionTokensDetails?.AcceptedPredictionTokens, right.CompletionTokensDetails?.AcceptedPredictionTokens),
                RejectedPredictionTokens = Sum(left.CompletionTokensDetails?.RejectedPredictionTokens, right.CompletionTokensDetails?.RejectedPredictionTokens),
                TextTokens = Sum(left.CompletionTokensDetails?.TextTokens, right.CompletionTokensDetails?.TextTokens),
            },
        };

        static long? Sum(long? a, long? b) => a is null && b is null ? null : Plus(a ?? 0, b ?? 0);

        // An invalid (negative) count stays invalid in the sum rather than making it silently too low.
        static long Plus(long a, long b) => a < 0 || b < 0 ? Unreadable : a + b;
    }

    /// <inheritdoc/>
    public override string ToString() => $"prompt {PromptTokens}, completion {CompletionTokens}, total {TotalTokens}";
}

/// <summary>A breakdown of prompt tokens.</summary>
public sealed class ChatPromptTokensDetails
{
    /// <summary>Prompt tokens served from the prompt cache.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? CachedTokens { get; set; }

    /// <summary>Audio input tokens.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? AudioTokens { get; set; }

    /// <summary>Text input tokens, when the server breaks them out.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? TextTokens { get; set; }

    /// <summary>Image input tokens, when the server breaks them out.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? ImageTokens { get; set; }

    /// <summary>Prompt tokens written to the prompt cache.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? CacheWriteTokens { get; set; }
}

/// <summary>A breakdown of completion tokens.</summary>
public sealed class ChatCompletionTokensDetails
{
    /// <summary>Tokens the model spent reasoning.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? ReasoningTokens { get; set; }

    /// <summary>Audio output tokens.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? AudioTokens { get; set; }

    /// <summary>Predicted-output tokens that appeared in the completion.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? AcceptedPredictionTokens { get; set; }

    /// <summary>Predicted-output tokens that did not appear but were billed.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? RejectedPredictionTokens { get; set; }

    /// <summary>Text output tokens, when the server breaks them out.</summary>
    [JsonConverter(typeof(LenientNullableInt64Converter))]
    public long? TextTokens { get; set; }
}

/// <summary>One Server-Sent Event of a streamed reply (<c>object: "chat.completion.chunk"</c>).</summary>
public sealed class ChatCompletionChunk : IReplyHeader<ChatChunkChoice>
{
    private IReadOnlyList<ChatChunkChoice> _choices = Array.Empty<ChatChunkChoice>();

    /// <summary>Removes the API key of the client that received this chunk from what a prompt exception quotes of it.</summary>
    [JsonIgnore]
    internal Redactor Redactor { get; set; } = Redactor.None;

    /// <summary>
    /// For the chunk that carries <see cref="Usage"/>: what the streamed reply cost in USD, from the client's
    /// <see cref="PriceTable"/>; otherwise <see langword="null"/>, as when the model has no price. Never read from the body.
    /// </summary>
    [JsonIgnore]
    public decimal? Cost { get; set; }

    /// <summary>The completion's id (the same on every chunk).</summary>
    public string? Id { get; set; }

    /// <summary>The object type, <c>chat.completion.chunk</c>.</summary>
    public string? Object { get; set; }

    /// <summary>Creation time, in Unix seconds.</summary>
    public long? Created { get; set; }

    /// <summary>The model that answers.</summary>
    public string? Model { get; set; }

    /// <summary>The backend configuration fingerprint, when the server sends one.</summary>
    public string? SystemFingerprint { get; set; }

    /// <summary>The service tier that serves the request, when the server reports it.</summary>
    public string? ServiceTier { get; set; }

    /// <summary>The choices' deltas; empty on the usage-only final chunk and on annotation chunks.</summary>
    public IReadOnlyList<ChatChunkChoice> Choices
    {
        get => _choices;
        set => _choices = value ?? Array.Empty<ChatChunkChoice>();
    }

    /// <summary>Token usage: on the final chunk when requested, or on the finishing chunk on some servers.</summary>
    public ChatUsage? Usage { get; set; }

    /// <summary>An error a server sent inside a successful stream; the client raises it as <see cref="ChatApiException"/>.</summary>
    [JsonInclude]
    internal ChatError? Error { get; set; }
}

/// <summary>One choice's piece of a streamed reply.</summary>
public sealed class ChatChunkChoice
{
    /// <summary>The choice's position.</summary>
    [JsonConverter(typeof(LenientInt32Converter))]
    public int Index { get; set; }

    /// <summary>What this chunk adds.</summary>
    public ChatDelta? Delta { get; set; }

    /// <summary>Why generation stopped, on the choice's last chunk; <see langword="null"/> before, and never sent by some streams (audio models).</summary>
    public string? FinishReason { get; set; }

    /// <summary>Log probabilities of this chunk's tokens, when requested.</summary>
    public ChatLogprobs? Logprobs { get; set; }
}

/// <summary>What one chunk adds to a choice.</summary>
public sealed class ChatDelta
{
    /// <summary>The role, on the first chunk.</summary>
    public string? Role { get; set; }

    /// <summary>
    /// More reply text. A delta whose content is an array of parts (Mistral) gives the text of its <c>text</c> parts;
    /// <c>thinking</c> parts go to <see cref="Reasoning"/>, never here.
    /// </summary>
    [JsonIgnore]
    public string? Content { get; set; }

    /// <summary>
    /// More reasoning ("thinking") text: <c>reasoning_content</c>, <c>reasoning</c> or <c>thinking</c> content parts, as
    /// <see cref="ChatReplyMessage.Reasoning"/> describes; never part of <see cref="Content"/>.
    /// </summary>
    [JsonIgnore]
    public string? Reasoning { get; set; }

    /// <summary>The content as sent: a string or an array of parts.</summary>
    [JsonInclude]
    [JsonPropertyName("content")]
    [JsonConverter(typeof(ReplyContentConverter))]
    internal ReplyContent? ContentJson
    {
        get => Content is null ? null : new ReplyContent(Content, null);
        set
        {
            Content = value?.Text;
            Reasoning = ReplyContent.Join(Reasoning, value?.Thinking);
        }
    }

    /// <summary><c>reasoning</c> as sent; written back from <see cref="Reasoning"/>.</summary>
    [JsonInclude]
    [JsonPropertyName("reasoning")]
    [JsonConverter(typeof(LooseStringConverter))]
    internal string? ReasoningJson
    {
        get => Reasoning;
        set => Reasoning = ReplyContent.JoinDistinct(Reasoning, value);
    }

    /// <summary><c>reasoning_content</c> as sent (read only; written as <c>reasoning</c>).</summary>
    [JsonInclude]
    [JsonPropertyName("reasoning_content")]
    [JsonConverter(typeof(LooseStringConverter))]
    internal string? ReasoningContentJson
    {
        get => null;
        set => Reasoning = ReplyContent.JoinDistinct(Reasoning, value);
    }

    /// <summary>More refusal text.</summary>
    public string? Refusal { get; set; }

    /// <summary>Tool call fragments, keyed by <see cref="ChatToolCallDelta.Index"/>.</summary>
    public IReadOnlyList<ChatToolCallDelta>? ToolCalls { get; set; }

    /// <summary>A fragment of the deprecated single function call (<c>function_call</c>): the name first, then argument text.</summary>
    public ChatFunctionCall? FunctionCall { get; set; }
}

/// <summary>A fragment of a streamed tool call. The first fragment of a call carries its id and name; later ones add argument text.</summary>
public sealed class ChatToolCallDelta
{
    /// <summary>Which tool call this fragment belongs to.</summary>
    [JsonConverter(typeof(LenientInt32Converter))]
    public int Index { get; set; }

    /// <summary>The call's id, on its first fragment.</summary>
    public string? Id { get; set; }

    /// <summary>The tool kind, on its first fragment.</summary>
    public string? Type { get; set; }

    /// <summary>The function name (first fragment) and a piece of the arguments.</summary>
    public ChatFunctionCall? Function { get; set; }
}

/// <summary>
/// An error body: <c>{"error": {"message", "type", "param", "code"}}</c>. Variants read into the same shape:
/// the error fields at the top level (vLLM before 0.10.1: <c>{"object":"error","message",…,"code":400}</c>)
/// and <c>{"error": "text"}</c>.
/// </summary>
[JsonConverter(typeof(ChatErrorResponseConverter))]
public sealed class ChatErrorResponse
{
    /// <summary>The error.</summary>
    public ChatError? Error { get; set; }
}

/// <summary>The error object a server returns.</summary>
[JsonConverter(typeof(ChatErrorConverter))]
public sealed class ChatError
{
    /// <summary>What went wrong, in the server's words.</summary>
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Message { get; set; }

    /// <summary>The error type, for example <c>invalid_request_error</c> or <c>server_error</c>.</summary>
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Type { get; set; }

    /// <summary>The request parameter at fault, when there is one.</summary>
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Param { get; set; }

    /// <summary>The error code, for example <c>invalid_api_key</c> (some servers send a number; it is kept as text).</summary>
    public string? Code { get; set; }

    /// <summary><c>status_code</c>, which some servers put in the error object, as text.</summary>
    internal string? StatusCodeText { get; set; }

    /// <summary>The error object as received, when it was read from JSON.</summary>
    internal JsonElement? Json { get; set; }

    /// <summary>
    /// The HTTP status the error object carries: an integer <c>code</c>, else <c>status_code</c>, between 400 and 599
    /// (a number, or such a number as a string); <see langword="null"/> when it carries none.
    /// </summary>
    internal int? CarriedStatus() => AsStatus(Code) ?? AsStatus(StatusCodeText);

    private static int? AsStatus(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 400 and <= 599 ? value : null;
}
