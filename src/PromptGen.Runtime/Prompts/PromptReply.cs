using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;

namespace PromptGen;

/// <summary>
/// Turns replies into prompt methods' return values; generated code calls it. Each check says what was received:
/// a content-filtered reply, a refusal, a JSON reply cut off by the token limit, or content that does not fit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class PromptReply
{
    private const int ExcerptLength = 200;

    // Text and TextChoices over a completion are what TextResultAsync and TextChoicesAsync return; internal, because
    // generated code only calls the sending methods (a completion in hand is already past the method's span).

    /// <summary>The text of the only choice; <paramref name="asked"/> is the request's <c>n</c> (null or 1, see <see cref="OnlyChoice"/>).</summary>
    internal static string Text(ChatCompletion completion, int? asked = null) => TextOf(completion, OnlyChoice(completion, asked), json: false);

    /// <summary>The text of every choice, in index order; <paramref name="asked"/> is the request's <c>n</c>.</summary>
    internal static IReadOnlyList<string> TextChoices(ChatCompletion completion, int? asked)
    {
        var choices = Ordered(completion, asked);
        var values = new string[choices.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TextOf(completion, choices[i], json: false);
        }

        return values;
    }

    /// <summary>
    /// The content deltas of a streamed reply's first choice, as they arrive (reasoning text is never among them). A
    /// content-filtered stream throws <see cref="PromptFilteredException"/>; a refusal throws
    /// <see cref="PromptRefusedException"/> once it is complete; a reply that ends without any text (only tool calls, only
    /// audio, nothing) throws <see cref="PromptFormatException"/>, as <see cref="TextAsync"/> does. The request is not known
    /// here, so chunks of other choices are skipped; the overloads that send the request throw
    /// <see cref="PromptFormatException"/> for them instead (a request for one choice is answered by choice 0 alone).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chunks"/> is null.</exception>
    public static IAsyncEnumerable<string> StreamText(IAsyncEnumerable<ChatCompletionChunk> chunks, CancellationToken cancellationToken = default) =>
        TextDeltas(chunks ?? throw new ArgumentNullException(nameof(chunks)), tally: null, cancellationToken);

    internal static readonly Lazy<JsonSerializerOptions> ReflectionOptions = new(CreateReflectionOptions);

#if NET
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached from members annotated with RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached from members annotated with RequiresDynamicCode.")]
#endif
    private static JsonSerializerOptions CreateReflectionOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    internal static string TextOf(ChatCompletion completion, ChatChoice choice, bool json)
    {
        var message = choice.Message;
        var content = message?.Content;
        if (choice.FinishReason == "content_filter")
        {
            throw Filtered(completion.Redactor.Redact(content), completion.Usage).Charged(completion.Usage, completion.Cost);
        }

        if (message?.Refusal is { Length: > 0 } refusal)
        {
            throw Refused(completion.Redactor.Redact(refusal)!, completion.Redactor.Redact(choice.FinishReason), completion.Usage).Charged(completion.Usage, completion.Cost);
        }

        if (json && choice.FinishReason == "length")
        {
            var received = completion.Redactor.Redact(content);
            throw new PromptTruncatedException(
                $"The reply was cut off by the token limit (finish_reason 'length') before its JSON was complete; received {Excerpt(received)}. Raise [MaxTokens] or ask for a shorter reply.",
                received, completion.Usage) { Cost = completion.Cost };
        }

        // One rule for text, streamed or not: a reply without text (null or empty content) is not an answer.
        // A JSON reply with empty content is left to the JSON check, which can ask again ([Repair]).
        if (content is null || (!json && content.Length == 0))
        {
            throw NoText(choice.Index, message?.ToolCalls is { Count: > 0 } || message?.FunctionCall is not null, completion.Redactor.Redact(choice.FinishReason), completion.Usage).Charged(completion.Usage, completion.Cost);
        }

        return content;
    }

    private static PromptFormatException NoText(int index, bool toolCalls, string? finishReason, ChatUsage? usage) =>
        new($"The reply of choice {index} has {(toolCalls ? "only tool calls" : "no text")} ({FinishReasonText(finishReason)}), so there is no text to return.",
            null, finishReason, usage);

    /// <summary>How a message names the finish_reason the server sent: <c>finish_reason 'stop'</c>, or <c>no finish_reason</c> when it sent none (never a made-up value).</summary>
    internal static string FinishReasonText(string? finishReason) =>
        finishReason is null ? "no finish_reason" : $"finish_reason '{finishReason}'";

    /// <summary>Removes a Markdown code fence (<c>```json … ```</c>) some models put around JSON.</summary>
    internal static string StripCodeFence(string content)
    {
        var text = content.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n');
        var end = text.LastIndexOf("```", StringComparison.Ordinal);
        if (firstLineEnd < 0 || end <= firstLineEnd)
        {
            return text;
        }

        return text.Substring(firstLineEnd + 1, end - firstLineEnd - 1).Trim();
    }

    private static PromptRefusedException Refused(string refusal, string? finishReason, ChatUsage? usage) =>
        new($"The model refused to answer: {Excerpt(refusal)}.", refusal, finishReason, usage);

    private static PromptFilteredException Filtered(string? content, ChatUsage? usage) =>
        new($"The server's content filter withheld the reply (finish_reason 'content_filter'); received {Excerpt(content)}.", content, usage);

    internal static string Excerpt(string? text)
    {
        if (text is null)
        {
            return "no content";
        }

        return text.Length <= ExcerptLength
            ? "'" + text + "'"
            : "'" + text.Substring(0, ExcerptLength) + "…' (" + text.Length + " characters)";
    }
}
