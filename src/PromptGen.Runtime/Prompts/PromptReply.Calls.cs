using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using PromptGen.Telemetry;

namespace PromptGen;

// The calls generated text methods make: send the request inside the method's span (MethodSpan), then turn the reply
// into the return value (Text/TextChoices over the completion, StreamText over the chunks).
public static partial class PromptReply
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns the text of its one choice (a filtered, refused or empty reply throws
    /// its <see cref="PromptException"/>; a reply that does not hold exactly one choice, index 0, throws
    /// <see cref="PromptFormatException"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>).</exception>
    public static async Task<string> TextAsync(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        // The same span and reading as TextResultAsync, without the ChatResult (and the second task) nobody reads.
        Check(transport, request);
        RequireOneChoice(request, stream: false);
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            return Text(completion, request.N);
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> and returns the text of its one choice with the reply's details (as <see cref="TextAsync"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>).</exception>
    public static async Task<ChatResult<string>> TextResultAsync(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Check(transport, request);
        RequireOneChoice(request, stream: false);
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            return new ChatResult<string>(Text(completion, request.N), completion) { PromptVersion = request.PromptMethod?.Version };
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns the text of every choice, in index order. The reply must hold exactly
    /// <see cref="ChatRequest.N"/> choices (1 when null), indexes 0 to n-1 each once; fewer, more, an index twice or out of
    /// range is a <see cref="PromptFormatException"/> whose <see cref="PromptFormatException.Errors"/> names each fault.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    public static async Task<IReadOnlyList<string>> TextChoicesAsync(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Check(transport, request);
        using var span = MethodSpan.Start(request, transport);
        try
        {
            var completion = await transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            span.Totals(transport, completion.Usage, 1);
            return TextChoices(completion, request.N);
        }
        catch (Exception exception) when (span.Failed(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Streams <paramref name="request"/> and yields the first choice's content deltas as they arrive (as
    /// <see cref="StreamText(IAsyncEnumerable{ChatCompletionChunk}, CancellationToken)"/>). Nothing is sent until the
    /// enumeration starts; the method's span (when a listener was attached at the call) lasts until the enumeration ends.
    /// It is <see cref="StreamTextResult"/> seen as an <see cref="IAsyncEnumerable{T}"/>: one reading of a stream. A chunk
    /// for any choice but index 0 (the request asked for one) throws <see cref="PromptFormatException"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>).</exception>
    public static IAsyncEnumerable<string> StreamText(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default) =>
        StreamTextResult(transport, request, cancellationToken);

    /// <summary>
    /// Enumerates <paramref name="body"/> inside the method's span (which lasts the enumeration): a failure while it is
    /// read marks the span failed, as a non-streamed call's does. The body records the totals when it completes.
    /// </summary>
    internal static async IAsyncEnumerable<TItem> InSpan<TItem>(IChatTransport transport, ChatRequest request, Func<MethodSpan, IAsyncEnumerable<TItem>> body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var span = MethodSpan.Start(request, transport);
        await using var items = body(span).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (Exception exception) when (span.Failed(exception))
            {
                throw;
            }

            yield return items.Current;
        }
    }

    private static void Check(IChatTransport transport, ChatRequest request)
    {
        if (transport is null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }
    }
}
