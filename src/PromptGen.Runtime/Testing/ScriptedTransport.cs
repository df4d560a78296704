using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen.Testing;

/// <summary>
/// An <see cref="IChatTransport"/> for tests that answers with replies the test queued and records every request,
/// with no HTTP at all. Put it under a generated client (<c>new ITutor.Client(transport)</c>) to test the real prompt
/// rendering and reply handling: queue replies with <see cref="Reply(string, string, ChatUsage?)"/>,
/// <see cref="Stream(string[])"/> or <see cref="Fail"/>, call the client, then read <see cref="Requests"/>.
/// </summary>
/// <remarks>
/// <para>
/// A request is recorded exactly as <see cref="ChatClient"/> would send it with the same <see cref="ChatClientOptions"/>:
/// the same defaults filled in (model, <c>stream</c>, <c>stream_options</c>, the token-limit field) by the same code,
/// and <see cref="ScriptedRequest.Body"/> is the JSON body byte for byte. Only the options that shape the body matter here
/// (<see cref="ChatClientOptions.Model"/>, <see cref="ChatClientOptions.MaxTokensField"/> with
/// <see cref="ChatClientOptions.BaseUrl"/>, <see cref="ChatClientOptions.IncludeStreamUsage"/>).
/// </para>
/// <para>
/// Replies are used in the order they were queued, one per call. A call with no reply queued, or whose kind does not
/// match the next reply (a streamed call and a complete reply, or the other way round), fails with an
/// <see cref="InvalidOperationException"/> that says so. A cancelled token cancels the call before anything is recorded.
/// One instance may be used from several threads.
/// </para>
/// </remarks>
public sealed partial class ScriptedTransport : IChatTransport
{
    private readonly RequestDefaults _defaults;
    private readonly CallMeter _meter;
    private readonly object _gate = new();
    private readonly Queue<Scripted> _replies = new();
    private readonly List<ScriptedRequest> _requests = new();

    /// <summary>Creates a transport that prepares requests as a <see cref="ChatClient"/> with <paramref name="options"/> would.</summary>
    /// <param name="options">
    /// The options of the client the test stands in for. <see langword="null"/>: the model <c>test-model</c>, the default
    /// base URL (so <c>max_completion_tokens</c>) and usage requested for streams; the environment is not read.
    /// </param>
    public ScriptedTransport(ChatClientOptions? options = null)
    {
        options ??= new ChatClientOptions(static _ => null) { Model = DefaultModel };
        _defaults = new RequestDefaults(options);
        _meter = new CallMeter(options);
    }

    /// <summary>
    /// What the scripted replies used, priced as a <see cref="ChatClient"/> with the same options would price them
    /// (<see cref="ChatClient.Totals"/>).
    /// </summary>
    public ChatTotals Totals => _meter.Totals;

    /// <summary>The default model of a transport created without options, sent when a request names none: <c>test-model</c>.</summary>
    public const string DefaultModel = "test-model";

    /// <summary>Every request received so far, in order, as it would have been sent.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>How many queued replies have not been used yet; assert it is 0 to check the code under test made every call.</summary>
    public int PendingReplies
    {
        get
        {
            lock (_gate)
            {
                return _replies.Count;
            }
        }
    }

    /// <summary>Queues a complete reply with one choice whose content is <paramref name="content"/>: text, or JSON text for a method that returns a type.</summary>
    /// <param name="content">The assistant message's content.</param>
    /// <param name="finishReason">Why generation stopped: <c>stop</c>, <c>length</c>, <c>content_filter</c>, …</param>
    /// <param name="usage">The token usage to report; <see langword="null"/> for none.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport Reply(string content, string finishReason = "stop", ChatUsage? usage = null)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        return Enqueue(new Scripted(request => Completion(request, new[] { content }, finishReason, usage), null, null));
    }

    /// <summary>Queues a complete reply with one choice per content, in index order (for methods with <c>[Choices(n)]</c>).</summary>
    /// <param name="contents">The choices' contents.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport ReplyChoices(params string[] contents)
    {
        if (contents is null || contents.Any(content => content is null))
        {
            throw new ArgumentNullException(nameof(contents));
        }

        var copy = contents.ToArray();
        return Enqueue(new Scripted(request => Completion(request, copy, "stop", null), null, null));
    }

    /// <summary>Queues <paramref name="completion"/> as it is: any reply the shortcuts do not cover (a refusal, tool calls, logprobs, …).</summary>
    /// <param name="completion">The reply.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport Reply(ChatCompletion completion) =>
        completion is null
            ? throw new ArgumentNullException(nameof(completion))
            : Enqueue(new Scripted(_ => completion, null, null));

    /// <summary>
    /// Queues a streamed reply whose first choice's content arrives as <paramref name="deltas"/>, then finishes with
    /// <c>stop</c>.
    /// </summary>
    /// <param name="deltas">The content deltas, in order.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport Stream(params string[] deltas) => Stream((IEnumerable<string>)deltas);

    /// <summary>
    /// Queues a streamed reply shaped as a server sends one: a chunk with the assistant role, a chunk per delta, a chunk
    /// with <paramref name="finishReason"/>, and, when <paramref name="usage"/> is given and the request asked for usage,
    /// a last chunk with no choices that carries it.
    /// </summary>
    /// <param name="deltas">The content deltas, in order.</param>
    /// <param name="finishReason">Why generation stopped.</param>
    /// <param name="usage">The token usage to report; <see langword="null"/> for none.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport Stream(IEnumerable<string> deltas, string finishReason = "stop", ChatUsage? usage = null)
    {
        if (deltas is null)
        {
            throw new ArgumentNullException(nameof(deltas));
        }

        var items = deltas.ToArray();
        if (items.Any(delta => delta is null))
        {
            throw new ArgumentNullException(nameof(deltas), "A delta is null.");
        }

        return Enqueue(new Scripted(null, request => DeltaChunks(request, items, finishReason, usage), null));
    }

    /// <summary>Queues a streamed reply made of exactly <paramref name="chunks"/>.</summary>
    /// <param name="chunks">The chunks, in order.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport Stream(IEnumerable<ChatCompletionChunk> chunks)
    {
        if (chunks is null)
        {
            throw new ArgumentNullException(nameof(chunks));
        }

        var items = chunks.ToArray();
        return Enqueue(new Scripted(null, _ => items, null));
    }

    /// <summary>
    /// Queues a failure: the call throws <paramref name="exception"/> (for a streamed call, when enumeration starts), as
    /// <see cref="ChatClient"/> throws a <see cref="ChatApiException"/> for an error status. The request is still recorded.
    /// </summary>
    /// <param name="exception">What to throw, for example <c>new ChatApiException(429, "Rate limit reached")</c>.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport Fail(Exception exception) =>
        Enqueue(new Scripted(null, null, exception ?? throw new ArgumentNullException(nameof(exception))));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No reply is queued, the next one is a stream, or no model is named.</exception>
    public Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ChatRequest prepared;
        PromptTrim? trim;
        try
        {
            prepared = _meter.Fit(_defaults.Prepare(request, streaming: false), out trim);
        }
        catch (Exception invalid)
        {
            // As from ChatClient's async method: the failure is the task's, not the call's.
            return Task.FromException<ChatCompletion>(invalid);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ChatCompletion>(cancellationToken);
        }

        var (recorded, reply) = Take(prepared);
        if (reply?.Exception is { } exception)
        {
            return Task.FromException<ChatCompletion>(exception);
        }

        if (reply?.Completion is not { } completion)
        {
            return Task.FromException<ChatCompletion>(Mismatch(recorded, reply, streaming: false));
        }

        var answer = completion(prepared);
        _meter.Record(answer, prepared.Model, trim);
        return Task.FromResult(answer);
    }

    /// <inheritdoc />
    /// <remarks>The request is recorded, and the next reply taken, when enumeration starts, as the HTTP client sends it then.</remarks>
    /// <exception cref="InvalidOperationException">No model is named (thrown at once, as <see cref="ChatClient"/> does).</exception>
    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = _meter.Fit(_defaults.Prepare(request, streaming: true), out _);
        return StreamCoreAsync(prepared, cancellationToken);
    }

    private async IAsyncEnumerable<ChatCompletionChunk> StreamCoreAsync(ChatRequest prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (recorded, reply) = Take(prepared);
        if (reply?.Exception is { } exception)
        {
            throw exception;
        }

        if (reply?.Chunks is not { } chunks)
        {
            throw Mismatch(recorded, reply, streaming: true);
        }

        _meter.RecordStreamStart();
        var priced = false;
        try
        {
            foreach (var chunk in chunks(prepared))
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                if (chunk.Usage is not null)
                {
                    _meter.RecordChunk(chunk, prepared.Model);
                    priced = true;
                }

                yield return chunk;
            }
        }
        finally
        {
            if (!priced)
            {
                _meter.RecordStreamWithoutUsage();
            }
        }
    }

    private ScriptedTransport Enqueue(Scripted reply)
    {
        lock (_gate)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    private (ScriptedRequest Recorded, Scripted? Reply) Take(ChatRequest prepared)
    {
        string body;
        using (var buffer = _defaults.Serialize(prepared))
        {
            body = Encoding.UTF8.GetString(buffer.Buffer, 0, buffer.Length);
        }

        lock (_gate)
        {
            var recorded = new ScriptedRequest(_requests.Count, prepared, body);
            _requests.Add(recorded);
            return (recorded, _replies.Count > 0 ? _replies.Dequeue() : null);
        }
    }

    private static InvalidOperationException Mismatch(ScriptedRequest request, Scripted? reply, bool streaming)
    {
        var call = streaming ? "a streamed call (StreamAsync)" : "a call for a complete reply (CompleteAsync)";
        var advice = reply is null
            ? $"no reply is queued. Queue one with {(streaming ? "Stream(...)" : "Reply(...)")} or Fail(...) before the call."
            : streaming
                ? "the next queued reply is a complete reply. Queue it with Stream(...) instead (StreamToolCall(...) for a streamed tool call)."
                : "the next queued reply is a stream. Queue it with Reply(...) instead (ReplyToolCall(...) for a tool call).";
        return new InvalidOperationException($"ScriptedTransport request #{request.Index} is {call}, but {advice} The request: {request.Body}");
    }

    private static ChatCompletion Completion(ChatRequest request, IReadOnlyList<string> contents, string finishReason, ChatUsage? usage) =>
        new()
        {
            Id = "chatcmpl-scripted",
            Object = "chat.completion",
            Model = request.Model,
            Choices = contents.Select((content, index) => new ChatChoice
            {
                Index = index,
                Message = new ChatReplyMessage { Role = ChatRole.Assistant, Content = content },
                FinishReason = finishReason,
            }).ToArray(),
            Usage = usage,
        };

    private static IEnumerable<ChatCompletionChunk> DeltaChunks(ChatRequest request, string[] deltas, string finishReason, ChatUsage? usage)
    {
        ChatCompletionChunk Chunk(ChatDelta? delta, string? finish) => new()
        {
            Id = "chatcmpl-scripted",
            Object = "chat.completion.chunk",
            Model = request.Model,
            Choices = new[] { new ChatChunkChoice { Index = 0, Delta = delta, FinishReason = finish } },
        };

        yield return Chunk(new ChatDelta { Role = ChatRole.Assistant, Content = "" }, null);
        foreach (var delta in deltas)
        {
            yield return Chunk(new ChatDelta { Content = delta }, null);
        }

        yield return Chunk(new ChatDelta(), finishReason);
        if (usage is not null && request.StreamOptions?.IncludeUsage == true)
        {
            yield return new ChatCompletionChunk { Id = "chatcmpl-scripted", Object = "chat.completion.chunk", Model = request.Model, Usage = usage };
        }
    }

    private sealed class Scripted
    {
        public Scripted(Func<ChatRequest, ChatCompletion>? completion, Func<ChatRequest, IEnumerable<ChatCompletionChunk>>? chunks, Exception? exception)
        {
            Completion = completion;
            Chunks = chunks;
            Exception = exception;
        }

        public Func<ChatRequest, ChatCompletion>? Completion { get; }

        public Func<ChatRequest, IEnumerable<ChatCompletionChunk>>? Chunks { get; }

        public Exception? Exception { get; }
    }
}
