using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace PromptGen;

/// <summary>
/// Counts prompt tokens as OpenAI models do: the tiktoken encodings <c>o200k_base</c> (gpt-4o, gpt-4.1, gpt-4.5, gpt-5,
/// the o-series, gpt-oss) and <c>cl100k_base</c> (gpt-4, gpt-3.5-turbo) through Microsoft.ML.Tokenizers, plus the chat
/// format's overhead: 3 tokens per message, the role, 1 more for a <c>name</c>, and 3 to prime the reply. Every text of a
/// message that goes on the wire is counted with the encoding: content (text and refusal parts joined), <c>name</c>,
/// <c>refusal</c>, each tool call's <c>id</c>, name and arguments (plus 3 each), a tool result's <c>tool_call_id</c>, and a
/// file part's name and id. Set
/// <see cref="Default"/> as <see cref="ChatClientOptions.TokenCounter"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each encoding's data (several megabytes, embedded in the Microsoft.ML.Tokenizers.Data packages) is loaded once per
/// process, on first use, and shared by every instance; counting is thread-safe. Each instance remembers the count of
/// every message it counted for as long as the message lives, so resending a conversation tokenizes only its new
/// messages (a message is counted again when its name, tool calls, tool call id or refusal are replaced; do not change a tool call's
/// arguments in place after counting).
/// </para>
/// <para>
/// Exact for plain text messages (string content or text parts) on OpenAI models (verified against recorded <c>usage.prompt_tokens</c>; see README,
/// "Token budget"). Estimates: tool calls and tool results (their texts as above; OpenAI does not publish how it renders
/// them), image parts (by OpenAI's vision pricing from the image's size, read from its header: see <see cref="CountImage"/>;
/// an <c>http(s)</c> image, whose size is unknown, at the most an image can cost), audio
/// parts and a file's contents (not counted: the server decodes them, and their cost depends on what they hold), and
/// every model that is not OpenAI's (counted with <c>o200k_base</c>; other tokenizers split text differently).
/// </para>
/// </remarks>
public sealed class OpenAITokenCounter : IDefinitionTokenCounter
{
    /// <summary>Tokens the chat format adds for every message (start, role separator, end).</summary>
    public const int TokensPerMessage = 3;

    /// <summary>Tokens the chat format adds for a message's <c>name</c>, besides the name itself.</summary>
    public const int TokensPerName = 1;

    /// <summary>Tokens that prime every reply (<c>&lt;|start|&gt;assistant&lt;|message|&gt;</c>).</summary>
    public const int ReplyPrimer = 3;

    /// <summary>The cost of one image at <c>low</c> detail in gpt-4o and most models (their base tokens); <see cref="CountImage"/> counts an image part.</summary>
    public const int ImageTokens = 85;

    /// <summary>
    /// The prompt tokens of one image in <paramref name="model"/>, as OpenAI's vision pricing ("Calculating costs" in the
    /// images and vision guide) gives them. Tile models (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1, o3, and any other model):
    /// <c>low</c> detail costs the base tokens; <c>high</c>, <c>auto</c> and none (counted as <c>high</c>) scale the image
    /// to fit 2048 × 2048, then to a shortest side of at most 768 px (never enlarged), and add the tile tokens per 512 px
    /// tile (base and tile: 85 and 170; gpt-4o-mini 2833 and 5667; o1, o3 75 and 150; gpt-5 70 and 140). Patch models
    /// (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano): one per 32 px patch, at most 1536, times 1.62, 2.46,
    /// 1.72, 1.62, 2.46, rounded up. The size is read from the image's header (PNG, JPEG, GIF, WebP; bytes or a base64
    /// <c>data:</c> URI) without decoding it. When it is unknown (an <c>http(s)</c> URL is never fetched; another format)
    /// the image is counted at the most it can cost: 8 tiles (1445 tokens for gpt-4o at <c>high</c>, the base at
    /// <c>low</c>), or 1536 patches.
    /// </summary>
    /// <param name="image">The image part's image.</param>
    /// <param name="model">The model the request is sent to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static int CountImage(ChatImageUrl image, string model)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        return ImageTokenCount.TrySize(image, out var width, out var height)
            ? ImageTokenCount.Count(width, height, image.Detail, model)
            : ImageTokenCount.Count(null, null, image.Detail, model);
    }

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    private static readonly KeyValuePair<string, int>[] KnownWindows =
    {
        // Longest prefixes first: the first that a model id starts with wins.
        new("gpt-4o-mini", 128_000),
        new("gpt-4o", 128_000),
        new("chatgpt-4o", 128_000),
        new("gpt-4.1", 1_047_576),
        new("gpt-4-turbo", 128_000),
        new("gpt-3.5-turbo", 16_385),
        new("gpt-5-mini", 400_000),
        new("gpt-5-nano", 400_000),
        new("o3-mini", 200_000),
        new("o4-mini", 200_000),
        new("o1", 200_000),
        new("o3", 200_000),
    };

    private readonly Dictionary<string, int> _windows;

    /// <summary>
    /// Each message's count, kept while the message lives: a conversation resends the same message objects with every
    /// turn, so only the new ones are tokenized. An entry is used only for the same encoding and the same name, tool
    /// calls and refusal it was counted with (role and content cannot change).
    /// </summary>
    private readonly ConditionalWeakTable<ChatMessage, CountHolder> _counts = new();

    /// <summary>Creates a counter, with your own context windows for models (exact ids) besides the built-in ones.</summary>
    /// <param name="contextWindows">Model id → context window in tokens; these win over the built-in table.</param>
    public OpenAITokenCounter(IEnumerable<KeyValuePair<string, int>>? contextWindows = null)
    {
        _windows = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (contextWindows is not null)
        {
            foreach (var entry in contextWindows)
            {
                _windows[entry.Key] = entry.Value > 0
                    ? entry.Value
                    : throw new ArgumentOutOfRangeException(nameof(contextWindows), entry.Value, $"The context window of '{entry.Key}' must be positive.");
            }
        }
    }

    /// <summary>A counter with the built-in context windows.</summary>
    public static OpenAITokenCounter Default { get; } = new();

    /// <summary>The encoding a model uses: <c>cl100k_base</c> for gpt-4 and gpt-3.5, else <c>o200k_base</c>.</summary>
    /// <param name="model">A model id, for example <c>gpt-4o-mini</c> or <c>gpt-4o-mini-2024-07-18</c>.</param>
    public static string EncodingFor(string model)
    {
        var id = StripProvider(model ?? "");
        if (StartsWith(id, "gpt-4o") || StartsWith(id, "gpt-4.") || StartsWith(id, "chatgpt-4o"))
        {
            return "o200k_base";
        }

        return StartsWith(id, "gpt-4") || StartsWith(id, "gpt-3.5") || StartsWith(id, "gpt-35") || StartsWith(id, "text-embedding-3") || StartsWith(id, "text-embedding-ada")
            ? "cl100k_base"
            : "o200k_base";
    }

    /// <summary>The tokens of <paramref name="text"/> alone in <paramref name="model"/>'s encoding (no chat overhead).</summary>
    public static int CountText(string text, string model) =>
        string.IsNullOrEmpty(text) ? 0 : TokenizerFor(model).CountTokens(text);

    /// <inheritdoc/>
    /// <remarks>A message counted before (with the same encoding, name, tool calls and refusal) is not tokenized again.</remarks>
    public int CountMessage(ChatMessage message, string model)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var encoding = EncodingFor(model);
        var holder = _counts.GetValue(message, static _ => new CountHolder());
        if (holder.Entry is { } entry && entry.Matches(encoding, model, message))
        {
            return entry.Tokens;
        }

        var tokens = Tokenize(message, encoding == "cl100k_base" ? Cl100k.Value : O200k.Value, model, out var images);
        // An image's cost depends on the model, not only on the encoding: such a count is kept for its model alone.
        holder.Entry = new CountEntry(encoding, images ? model : null, message.Name, message.ToolCalls, message.ToolCallId, message.Refusal, tokens);
        return tokens;
    }

    private static int Tokenize(ChatMessage message, Tokenizer tokenizer, string model, out bool images)
    {
        images = false;
        var tokens = TokensPerMessage + Count(tokenizer, message.Role);
        if (message.Name is { Length: > 0 } name)
        {
            tokens += TokensPerName + Count(tokenizer, name);
        }

        if (message.Content is { } content)
        {
            if (content.Text is { } text)
            {
                tokens += Count(tokenizer, text);
            }
            else if (content.Parts is { } parts)
            {
                // The text parts reach the model as one text, joined with nothing between them (verified: the recorded
                // MultipartContentWorks exchange counts "pirate.When" as the joined text does, 1 token fewer per message).
                var joined = new StringBuilder();
                foreach (var part in parts)
                {
                    switch (part.Type)
                    {
                        case "text":
                            joined.Append(part.Text);
                            break;
                        case "refusal":
                            joined.Append(part.Refusal);
                            break;
                        case "image_url":
                            images = true;
                            tokens += part.ImageUrl is { } image ? CountImage(image, model) : ImageTokenCount.Count(null, null, null, model);
                            break;
                        case "file":
                            // The file's name and id are text on the wire; its data is read by the server, not tokenized as text.
                            tokens += Count(tokenizer, part.File?.Filename) + Count(tokenizer, part.File?.FileId);
                            break;
                    }
                }

                tokens += Count(tokenizer, joined.ToString());
            }
        }

        if (message.Refusal is { Length: > 0 } refusal)
        {
            tokens += Count(tokenizer, refusal);
        }

        if (message.ToolCalls is { } calls)
        {
            // Every text of a call that goes on the wire: its id, name and arguments, plus the call's own framing.
            foreach (var call in calls)
            {
                tokens += TokensPerMessage + Count(tokenizer, call.Id) + Count(tokenizer, call.Function?.Name) + Count(tokenizer, call.Function?.Arguments);
            }
        }

        // A tool result names the call it answers.
        tokens += Count(tokenizer, message.ToolCallId);
        return tokens;
    }

    /// <inheritdoc/>
    public int CountReplyPrimer(string model) => ReplyPrimer;

    /// <summary>
    /// The tokens a tools section adds beside its text when the request has no system (or developer) message: the system
    /// message the server makes for it. Measured: the recorded single-turn exchanges with tools and no system message are
    /// then counted exactly or 1 over.
    /// </summary>
    public const int ToolsMessageOverhead = 3;

    /// <summary>
    /// The tokens a forced <c>tool_choice</c> (a named function, or <c>required</c>) adds; <c>none</c> adds 1. Measured
    /// once each (ConstraintsWork), so an approximation.
    /// </summary>
    public const int ForcedToolChoiceTokens = 11;

    /// <summary>
    /// The tokens a json_schema response format adds beside its text. Chosen so that the recorded exchanges are never
    /// undercounted (they are counted 0 to 10 over): a budget that overestimates trims a turn early, one that
    /// underestimates lets a call fail with <c>context_length_exceeded</c>.
    /// </summary>
    public const int ResponseFormatOverhead = 4;

    /// <inheritdoc/>
    /// <remarks>
    /// An approximation (OpenAI does not publish the rendering): the tools as <see cref="DefinitionText"/> renders them,
    /// in the model's encoding, plus <see cref="ToolsMessageOverhead"/> when there is no system message and
    /// <see cref="ForcedToolChoiceTokens"/> for a forced choice; the json_schema response format as its name, description
    /// and compact schema JSON, plus <see cref="ResponseFormatOverhead"/>. On the recorded exchanges
    /// (DefinitionCountTests) the total is 0–2 tokens over the server's for tools and 0–10 over for schemas, never under.
    /// A json_object or text response format adds nothing (verified: JsonResult).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public int CountDefinitions(ChatRequest request, string model)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var tokenizer = TokenizerFor(model);
        var tokens = 0;
        if (DefinitionText.Tools(request.Tools) is { } tools)
        {
            tokens += Count(tokenizer, tools);
            if (!HasSystemMessage(request))
            {
                tokens += ToolsMessageOverhead;
            }

            tokens += request.ToolChoice?.Mode switch
            {
                "none" => 1,
                "function" or "required" => ForcedToolChoiceTokens,
                _ => 0,
            };
        }

        if (DefinitionText.ResponseFormat(request.ResponseFormat) is { } format)
        {
            tokens += Count(tokenizer, format) + ResponseFormatOverhead;
        }

        return tokens;
    }

    private static bool HasSystemMessage(ChatRequest request)
    {
        foreach (var message in request.Messages)
        {
            if (message.Role is "system" or "developer")
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    /// <remarks>Your own windows first (exact id), then the built-in table by prefix (gpt-4o, gpt-4.1, gpt-5-mini, o3…); else <see langword="null"/>.</remarks>
    public int? ContextWindow(string model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        if (_windows.TryGetValue(model, out var own))
        {
            return own;
        }

        var id = StripProvider(model);
        foreach (var known in KnownWindows)
        {
            if (StartsWith(id, known.Key))
            {
                return known.Value;
            }
        }

        return string.Equals(id, "gpt-5", StringComparison.OrdinalIgnoreCase) || StartsWith(id, "gpt-5-20") ? 400_000 : null;
    }

    /// <summary>A message's count and what it was counted with.</summary>
    private sealed class CountEntry
    {
        public CountEntry(string encoding, string? imageModel, string? name, IList<ChatToolCall>? toolCalls, string? toolCallId, string? refusal, int tokens)
        {
            Encoding = encoding;
            ImageModel = imageModel;
            Name = name;
            ToolCallId = toolCallId;
            ToolCalls = toolCalls;
            ToolCallCount = toolCalls?.Count ?? 0;
            Refusal = refusal;
            Tokens = tokens;
        }

        public string Encoding { get; }

        /// <summary>The model the count's images were priced for; null when the message has no image.</summary>
        public string? ImageModel { get; }

        public string? Name { get; }

        public IList<ChatToolCall>? ToolCalls { get; }

        public int ToolCallCount { get; }

        public string? ToolCallId { get; }

        public string? Refusal { get; }

        public int Tokens { get; }

        public bool Matches(string encoding, string model, ChatMessage message) =>
            ReferenceEquals(Encoding, encoding)
            && (ImageModel is null || string.Equals(ImageModel, model, StringComparison.Ordinal))
            && string.Equals(Name, message.Name, StringComparison.Ordinal)
            && ReferenceEquals(ToolCalls, message.ToolCalls) && ToolCallCount == (message.ToolCalls?.Count ?? 0)
            && string.Equals(ToolCallId, message.ToolCallId, StringComparison.Ordinal)
            && string.Equals(Refusal, message.Refusal, StringComparison.Ordinal);
    }

    /// <summary>The slot of one message in the cache; replacing its entry is one reference write, so readers never see half of one.</summary>
    private sealed class CountHolder
    {
        private volatile CountEntry? _entry;

        public CountEntry? Entry
        {
            get => _entry;
            set => _entry = value;
        }
    }

    private static Tokenizer TokenizerFor(string model) =>
        EncodingFor(model) == "cl100k_base" ? Cl100k.Value : O200k.Value;

    private static int Count(Tokenizer tokenizer, string? text) =>
        string.IsNullOrEmpty(text) ? 0 : tokenizer.CountTokens(text!);

    private static bool StartsWith(string id, string prefix) => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>An OpenRouter-style <c>openai/gpt-4o</c> id without its provider.</summary>
    private static string StripProvider(string model)
    {
        var slash = model.LastIndexOf('/');
        return slash >= 0 ? model.Substring(slash + 1) : model;
    }
}
