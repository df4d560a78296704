using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PromptGen.Telemetry;

namespace PromptGen;

public static partial class PromptReply
{
    /// <summary>
    /// The content deltas of a streamed reply's first choice, with the stream's <see cref="ChatStream{T}.Result"/> after
    /// its end (a reply cut off by the token limit is not an error here: <see cref="ChatStreamResult.IsTruncated"/> says
    /// so). Refusals, content filters, replies without text and chunks of a choice other than 0 throw as in
    /// <see cref="StreamText(IChatTransport, ChatRequest, CancellationToken)"/>; so do the item and snapshot streams.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="request"/> asks for more than one choice (<see cref="ChatRequest.N"/>): a stream is read as one reply.</exception>
    public static ChatStream<string> StreamTextResult(IChatTransport transport, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Require(transport, request);
        return new ChatStream<string>((tally, token) => InSpan(transport, request, span => TextDeltas(transport, request, tally, span, token), token), cancellationToken);
    }

    /// <summary>
    /// Streams the items of the reply's <c>{"items": [ … ]}</c> (the format's schema), each yielded as soon as its last
    /// byte arrives: checked against the item schema (<c>$.items[i]</c> in messages), then deserialised. An item that does
    /// not fit throws <see cref="PromptItemException"/> naming its index (items are not repaired mid-stream); a reply cut
    /// off by the token limit throws <see cref="PromptTruncatedException"/> with what was received; JSON that is invalid,
    /// or ends early, throws <see cref="PromptFormatException"/>.
    /// </summary>
    public static ChatStream<T> StreamItems<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, CancellationToken cancellationToken = default)
    {
        Require(transport, request);
        if (format is null)
        {
            throw new ArgumentNullException(nameof(format));
        }

        var itemRules = ItemRules(format);
        return new ChatStream<T>((tally, token) => InSpan(transport, request, span => Items(transport, request, format, itemRules, tally, span, token), token), cancellationToken);
    }

    /// <summary>
    /// Streams snapshots of the reply's object as its properties complete, and after the end checks the whole reply as
    /// <see cref="JsonAsync{T}"/> does (repairing it under <see cref="JsonReplyFormat{T}.MaxRetries"/> with non-streamed
    /// requests) and keeps it in <see cref="PartialStream{T}.Value"/>.
    /// </summary>
    public static PartialStream<T> StreamPartials<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, CancellationToken cancellationToken = default)
    {
        Require(transport, request);
        if (format is null)
        {
            throw new ArgumentNullException(nameof(format));
        }

        return new PartialStream<T>((tally, token) => InSpan(transport, request, span => Partials(transport, request, format, tally, span, token), token), cancellationToken);
    }

    private static void Require(IChatTransport transport, ChatRequest request)
    {
        if (transport is null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        RequireOneChoice(request, stream: true);
    }

    private static async IAsyncEnumerable<string> TextDeltas(IChatTransport transport, ChatRequest request, StreamTally tally, MethodSpan span, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        tally.Begin(request);
        await foreach (var delta in TextDeltas(transport.StreamAsync(request, cancellationToken), tally, cancellationToken).ConfigureAwait(false))
        {
            yield return delta;
        }

        span.Totals(transport, tally.Usage, 1);
    }

    /// <summary>
    /// The one reading of a text stream: the content deltas of the first choice, then the end checks (refusal, content
    /// filter, no text). A null <paramref name="tally"/> is a new one per enumeration.
    /// </summary>
    private static async IAsyncEnumerable<string> TextDeltas(IAsyncEnumerable<ChatCompletionChunk> chunks, StreamTally? tally, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        tally ??= new StreamTally();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (tally.Observe(chunk) is { } content)
            {
                yield return content;
            }
        }

        EndChecks(tally, complete: true);
    }

    private static async IAsyncEnumerable<T> Items<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, JsonElement itemRules, StreamTally tally, MethodSpan span, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        tally.Begin(request);
        using var reader = new JsonItemReader();
        var ready = new List<T>();
        await foreach (var chunk in transport.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (tally.Observe(chunk) is not { } content)
            {
                continue;
            }

            reader.Append(content);
            DrainItems(reader, format, itemRules, tally, ready);
            foreach (var item in ready)
            {
                yield return item;
            }

            ready.Clear();
        }

        EndChecks(tally, complete: reader.IsComplete);
        if (!reader.IsComplete)
        {
            throw Incomplete(tally, reader.RootEnded
                ? "The streamed reply has no \"items\" array, so it holds no items"
                : $"The streamed reply ended ({FinishReasonText(tally.Redactor.Redact(tally.FinishReason))}) before its JSON was complete, after {reader.Count} item(s)");
        }

        span.Totals(transport, tally.Usage, 1);
    }

    private static async IAsyncEnumerable<Partial<T>> Partials<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, StreamTally tally, MethodSpan span, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        tally.Begin(request);
        using var reader = new JsonItemReader(properties: true);
        var snapshot = new Partial<T>(Array.Empty<KeyValuePair<string, JsonElement>>(), format.TypeInfo.Options);
        var ready = new List<Partial<T>>();
        await foreach (var chunk in transport.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (tally.Observe(chunk) is not { } content)
            {
                continue;
            }

            reader.Append(content);
            snapshot = DrainProperties(reader, snapshot, tally, ready);
            foreach (var partial in ready)
            {
                yield return partial;
            }

            ready.Clear();
        }

        EndChecks(tally, complete: reader.RootEnded);
        if (!reader.RootEnded)
        {
            throw Incomplete(tally, $"The streamed reply ended ({FinishReasonText(tally.Redactor.Redact(tally.FinishReason))}) before its JSON object was complete, after {reader.Count} propert{(reader.Count == 1 ? "y" : "ies")}");
        }

        await FinalValueAsync(transport, request, format, tally, cancellationToken).ConfigureAwait(false);
        span.Totals(transport, tally.TotalUsage ?? tally.Usage, tally.Attempts);
    }

    /// <summary>The whole reply of a partial stream, checked; repaired with non-streamed requests under [Repair].</summary>
    private static async Task FinalValueAsync<T>(IChatTransport transport, ChatRequest request, JsonReplyFormat<T> format, StreamTally tally, CancellationToken cancellationToken)
    {
        var content = tally.Text.ToString();
        var finishReason = tally.FinishReason;
        var usage = tally.Usage;
        var cost = tally.Cost;
        var redactor = tally.Redactor;
        var current = request;
        for (var attempt = 1; ; attempt++)
        {
            var errors = new List<string>();
            if (TryRead(content, format, errors, out var value, out var failure, redactor))
            {
                tally.FinalValue = value;
                tally.Attempts = attempt;
                tally.TotalUsage = usage;
                tally.TotalCost = cost;
                return;
            }

            if (attempt > format.MaxRetries)
            {
                var tried = attempt == 1 ? "" : $" after {attempt} requests";
                throw tally.Charge(NotFitting($"The reply does not fit {TypeName(typeof(T))}{tried}", redactor, content, finishReason, usage, errors, attempt, failure));
            }

            current = Retry(request, current, content, errors);
            var retry = current.ShallowCopy();
            retry.Stream = null;
            retry.StreamOptions = null;
            var completion = await transport.CompleteAsync(retry, cancellationToken).ConfigureAwait(false);
            usage = ChatUsage.Add(usage, completion.Usage);
            cost = cost is { } before && completion.Cost is { } added ? before + added : null; // unknown once any request's is
            redactor = completion.Redactor;
            tally.Attempts = attempt + 1; // the sums so far, for an exception thrown from here on (tally.Charge)
            tally.TotalUsage = usage;
            tally.TotalCost = cost;
            try
            {
                var choice = OnlyChoice(completion, retry.N);
                content = TextOf(completion, choice, json: true);
                finishReason = choice.FinishReason;
            }
            catch (PromptException exception)
            {
                tally.Charge(exception);
                throw;
            }
        }
    }

    /// <summary>The schema of one item: <c>properties.items.items</c> of the format's rules.</summary>
    private static JsonElement ItemRules<T>(JsonReplyFormat<T> format) =>
        format.Rules.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("items", out var items)
        && items.TryGetProperty("items", out var item)
            ? item
            : throw new ArgumentException(
                "The format's schema is not an items schema ({\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":…}}}); streamed items need one.",
                nameof(format));

    /// <summary>Hands every complete item to <paramref name="ready"/>, checked and deserialised.</summary>
    private static void DrainItems<T>(JsonItemReader reader, JsonReplyFormat<T> format, JsonElement itemRules, StreamTally tally, List<T> ready)
    {
        while (true)
        {
            var index = reader.Count;
            ReadOnlySpan<byte> bytes;
            try
            {
                if (!reader.TryReadItem(out bytes))
                {
                    return;
                }
            }
            catch (JsonException exception)
            {
                throw NotJson(tally, exception);
            }

            ready.Add(ReadItem(bytes, index, format, itemRules, tally));
        }
    }

    private static Partial<T> DrainProperties<T>(JsonItemReader reader, Partial<T> snapshot, StreamTally tally, List<Partial<T>> ready)
    {
        while (true)
        {
            ReadOnlySpan<byte> bytes;
            try
            {
                if (!reader.TryReadItem(out bytes))
                {
                    return snapshot;
                }
            }
            catch (JsonException exception)
            {
                throw NotJson(tally, exception);
            }

            var json = new Utf8JsonReader(bytes);
            using var document = JsonDocument.ParseValue(ref json);
            snapshot = snapshot.With(reader.PropertyName!, document.RootElement.Clone());
            ready.Add(snapshot);
        }
    }

    private static T ReadItem<T>(ReadOnlySpan<byte> bytes, int index, JsonReplyFormat<T> format, JsonElement itemRules, StreamTally tally)
    {
        var json = new Utf8JsonReader(bytes);
        using var document = JsonDocument.ParseValue(ref json);
        var element = document.RootElement;
        var errors = JsonSchemaValidator.Validate(format.Rules, itemRules, element, format.TypeInfo.Options, "$.items[" + index + "]");
        Exception? failure = null;
        if (errors.Count == 0)
        {
            try
            {
                var value = element.Deserialize(format.TypeInfo);
                if (value is not null || format.Nullable)
                {
                    return value!;
                }

                errors.Add($"$.items[{index}]: null is not a {TypeName(typeof(T))}.");
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                failure = exception;
                errors.Add(JsonFailure.NotReadable(exception, element, "$.items[" + index + "]", TypeName(typeof(T)), tally.Redactor));
            }
        }

        var redactor = tally.Redactor;
        var item = redactor.Redact(element.GetRawText())!;
        var redactedErrors = errors.ConvertAll(error => redactor.Redact(error)!);
        var inner = failure is not null && redactor.Leaks(failure.ToString()) ? new InvalidOperationException(redactor.Redact(failure.Message)) : failure;
        return Throw<T>(tally.Charge(new PromptItemException(
            $"Item {index} of the streamed reply does not fit {TypeName(typeof(T))}: {string.Join(" ", redactedErrors)} Received {Excerpt(item)}. Items are checked as they arrive and not repaired mid-stream; the {index} item(s) before it were yielded.",
            index, item, redactor.Redact(tally.Text.ToString()), redactedErrors, inner)));
    }

    private static T Throw<T>(Exception exception) => throw exception;

    /// <summary>
    /// What a stream's end says beyond its content: a refusal, a content filter, no text, and for JSON that is not
    /// <paramref name="complete"/>, the token limit. A text stream passes <paramref name="complete"/> true: its
    /// truncation is reported by <see cref="ChatStreamResult.IsTruncated"/>, not thrown.
    /// </summary>
    private static void EndChecks(StreamTally tally, bool complete)
    {
        var redactor = tally.Redactor;
        if (tally.Refusal is { } refusal)
        {
            throw tally.Charge(Refused(redactor.Redact(refusal.ToString())!, redactor.Redact(tally.FinishReason), tally.Usage));
        }

        var received = tally.Text.Length == 0 ? null : tally.Text.ToString();
        if (tally.FinishReason == "content_filter")
        {
            throw tally.Charge(Filtered(redactor.Redact(received), tally.Usage));
        }

        if (!complete && tally.FinishReason == "length")
        {
            var text = redactor.Redact(received);
            throw tally.Charge(new PromptTruncatedException(
                $"The streamed reply was cut off by the token limit (finish_reason 'length') before its JSON was complete; received {Excerpt(text)}. Raise [MaxTokens] or ask for fewer or shorter items.",
                text, tally.Usage));
        }

        if (received is null)
        {
            throw tally.Charge(NoText(0, tally.ToolCalls, tally.Redactor.Redact(tally.FinishReason), tally.Usage));
        }
    }

    private static PromptFormatException Incomplete(StreamTally tally, string what)
    {
        var received = tally.Redactor.Redact(tally.Text.ToString());
        return tally.Charge(new PromptFormatException($"{what}; received {Excerpt(received)}.", received, tally.Redactor.Redact(tally.FinishReason), tally.Usage));
    }

    private static PromptFormatException NotJson(StreamTally tally, JsonException exception)
    {
        var redactor = tally.Redactor;
        var received = redactor.Redact(tally.Text.ToString());
        // A JsonShapeException's message is ours; the reader's own is System.Text.Json's, so the text is described instead.
        var error = redactor.Redact(exception is JsonShapeException ? exception.Message : JsonFailure.NotJsonSoFar("The streamed reply", tally.Text.ToString(), redactor).TrimEnd('.'))!;
        return tally.Charge(new PromptFormatException(
            $"{error}; received {Excerpt(received)}.",
            received, redactor.Redact(tally.FinishReason), tally.Usage, new[] { error }, 1,
            redactor.Leaks(exception.ToString()) ? null : exception));
    }
}
