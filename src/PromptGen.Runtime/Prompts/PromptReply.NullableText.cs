using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PromptGen.Telemetry;

namespace PromptGen;

// The calls of text methods declared nullable (Task<string?>, Task<ChatResult<string?>>, Task<IReadOnlyList<string?>>):
// "null is a value", so a reply without text returns null where the non-nullable twin throws PromptFormatException.
public static partial class PromptReply
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns the text of the first choice, or null when the reply has no text
    /// (null or empty content): the call of a method declared <c>Task&lt;string?&gt;</c>. A filtered or refused reply,
    /// or one with only tool calls, throws its <see cref="PromptException"/> as <see cref="TextAsync"/> does.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>).</exception>
    public static async Task<string?> TextOrNullAsync(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Check(transport, request);
        RequireOneChoice(request, stream: false);
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            return TextOrNull(completion, OnlyChoice(completion, request.N));
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns the text of the first choice, or null when it has none, with the
    /// reply's details: the call of a method declared <c>Task&lt;ChatResult&lt;string?&gt;&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>).</exception>
    public static async Task<ChatResult<string?>> TextResultOrNullAsync(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Check(transport, request);
        RequireOneChoice(request, stream: false);
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            return new ChatResult<string?>(TextOrNull(completion, OnlyChoice(completion, request.N)), completion) { PromptVersion = request.PromptMethod?.Version };
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns the text of every choice in index order, null for a choice without
    /// text: the call of a method declared <c>Task&lt;IReadOnlyList&lt;string?&gt;&gt;</c> with <c>[Choices]</c>. Fewer
    /// choices than asked throws <see cref="PromptFormatException"/>, as <see cref="TextChoicesAsync"/> does.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    public static async Task<IReadOnlyList<string?>> TextChoicesOrNullAsync(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Check(transport, request);
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            var choices = Ordered(completion, request.N);
            var values = new string?[choices.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = TextOrNull(completion, choices[i]);
            }

            return values;
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// The choice's text, or null when it has none (null or empty content). What is not an answer still throws as
    /// <see cref="TextOf"/> decides: a content filter, a refusal, a reply of only tool calls (a request the method
    /// cannot serve, not "nothing").
    /// </summary>
    private static string? TextOrNull(ChatCompletion completion, ChatChoice choice)
    {
        var message = choice.Message;
        var noText = message?.Content is null or { Length: 0 };
        if (noText && choice.FinishReason != "content_filter" && message?.Refusal is not { Length: > 0 }
            && message?.ToolCalls is not { Count: > 0 } && message?.FunctionCall is null)
        {
            return null;
        }

        return TextOf(completion, choice, json: false);
    }
}
