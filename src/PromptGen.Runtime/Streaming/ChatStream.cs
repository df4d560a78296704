using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// A streamed reply: an <see cref="IAsyncEnumerable{T}"/> of what arrives (text deltas, items of a JSON array, or
/// snapshots of an object), and, once it has been read to its end, <see cref="Result"/>: usage, finish reason, id, model,
/// chunk count and time to the first chunk.
/// </summary>
/// <remarks>
/// Nothing is sent before enumeration starts; each enumeration sends the request again, and <see cref="Result"/>
/// describes the last one that completed. The method's cancellation token and the enumerator's
/// (<c>WithCancellation</c>) both cancel it.
/// </remarks>
/// <typeparam name="T">What the stream yields: <see cref="string"/> deltas, the items' type, or <see cref="Partial{T}"/>.</typeparam>
public class ChatStream<T> : IAsyncEnumerable<T>, IPromptVersioned
{
    private readonly Func<StreamTally, CancellationToken, IAsyncEnumerable<T>> _run;
    private readonly CancellationToken _callToken;
    private ChatStreamResult? _result;
    private string? _promptVersion;

    internal ChatStream(Func<StreamTally, CancellationToken, IAsyncEnumerable<T>> run, CancellationToken callToken)
    {
        _run = run;
        _callToken = callToken;
    }

    /// <summary>
    /// A stream that yields <paramref name="values"/> and then reports <paramref name="result"/>, for fakes and tests of
    /// code that consumes a stream.
    /// </summary>
    /// <param name="values">What the stream yields, in order.</param>
    /// <param name="result">What <see cref="Result"/> is after the stream was read to its end.</param>
    public static ChatStream<T> FromValues(IEnumerable<T> values, ChatStreamResult result)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        return new ChatStream<T>((tally, cancellationToken) => Replay(values, result, tally, cancellationToken), default);
    }

    /// <summary>Whether the stream has been read to its end, so that <see cref="Result"/> is known.</summary>
    public bool IsCompleted => _result is not null;

    /// <summary>
    /// What the server reported about the reply. Known once the stream has been read to its end without an exception;
    /// before, reading it throws <see cref="InvalidOperationException"/>. A failed stream reports through its exception
    /// (every <see cref="PromptException"/> carries what was received, and the usage, cost and attempts once known).
    /// </summary>
    public ChatStreamResult Result =>
        _result ?? throw new InvalidOperationException(
            "The stream's Result is known once the stream has been read to its end: read it with 'await foreach' first (a stream that threw has no Result; the exception carries what was received).");

    /// <inheritdoc/>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        Run(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Called when the stream completed: subclasses keep what else it produced (the final value).</summary>
    private protected virtual void OnCompleted(StreamTally tally)
    {
    }

    private async IAsyncEnumerable<T> Run([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = _callToken.CanBeCanceled && cancellationToken.CanBeCanceled && _callToken != cancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(_callToken, cancellationToken)
            : null;
        var token = linked?.Token ?? (cancellationToken.CanBeCanceled ? cancellationToken : _callToken);
        var tally = new StreamTally();
        await foreach (var value in _run(tally, token).WithCancellation(token).ConfigureAwait(false))
        {
            yield return value;
        }

        OnCompleted(tally);
        var result = tally.ToResult();
        _result = result.PromptVersion is null && _promptVersion is not null ? result.WithPromptVersion(_promptVersion) : result;
    }

    /// <summary>
    /// A generated fake hands its method's prompt version to the stream it returns (<c>FakeMethod.PromptVersion</c>):
    /// <see cref="Result"/> then carries it unless the stream's own result has one (a generated client's, or one the
    /// test set up), as a faked <see cref="ChatResult{T}"/> does.
    /// </summary>
    void IPromptVersioned.Fill(string? version) => _promptVersion ??= version;

    private static async IAsyncEnumerable<T> Replay(IEnumerable<T> values, ChatStreamResult result, StreamTally tally, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return value;
        }

        await Task.CompletedTask.ConfigureAwait(false);
        tally.Replayed = result;
    }
}

/// <summary>
/// What the server reported about a streamed reply, known once the stream was read to its end
/// (<see cref="ChatStream{T}.Result"/>). Every field comes from the chunks as received; a field the server did not send is
/// <see langword="null"/>.
/// </summary>
public sealed class ChatStreamResult
{
    /// <summary>Creates a result (for fakes and tests; streams create their own).</summary>
    /// <param name="text">The whole content of the first choice, as received.</param>
    /// <param name="finishReason">Why generation stopped.</param>
    /// <param name="usage">Token usage.</param>
    /// <param name="id">The completion's id.</param>
    /// <param name="model">The model that answered.</param>
    /// <param name="chunks">How many chunks arrived.</param>
    /// <param name="timeToFirstChunk">From sending the request to the first chunk.</param>
    public ChatStreamResult(string text, string? finishReason, ChatUsage? usage, string? id, string? model, int chunks, TimeSpan? timeToFirstChunk)
        : this(text, finishReason, usage, id, model, chunks, timeToFirstChunk, cost: null, promptVersion: null)
    {
    }

    /// <summary>Creates a result with its cost and prompt version (for fakes and tests; streams create their own).</summary>
    /// <param name="text">The whole content of the first choice, as received.</param>
    /// <param name="finishReason">Why generation stopped.</param>
    /// <param name="usage">Token usage (summed over a <see cref="PartialStream{T}"/>'s repair requests).</param>
    /// <param name="id">The completion's id.</param>
    /// <param name="model">The model that answered.</param>
    /// <param name="chunks">How many chunks arrived.</param>
    /// <param name="timeToFirstChunk">From sending the request to the first chunk.</param>
    /// <param name="cost">What the stream cost in USD, or <see langword="null"/> when unknown.</param>
    /// <param name="promptVersion">The generated <c>{Method}PromptVersion</c> of the method that streamed, or <see langword="null"/>.</param>
    public ChatStreamResult(string text, string? finishReason, ChatUsage? usage, string? id, string? model, int chunks, TimeSpan? timeToFirstChunk, decimal? cost, string? promptVersion)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Cost = cost;
        PromptVersion = promptVersion;
        FinishReason = finishReason;
        Usage = usage;
        Id = id;
        Model = model;
        Chunks = chunks;
        TimeToFirstChunk = timeToFirstChunk;
    }

    /// <summary>The whole content of the first choice as received (the text, or the JSON the items came from).</summary>
    public string Text { get; }

    /// <summary>Why generation stopped (<c>stop</c>, <c>length</c>, …), from the last chunk that carried one.</summary>
    public string? FinishReason { get; }

    /// <summary>
    /// Whether the token limit cut the reply off (<c>finish_reason: length</c>): for a text stream, the text ends early;
    /// a JSON stream throws <see cref="PromptTruncatedException"/> instead.
    /// </summary>
    public bool IsTruncated => FinishReason == "length";

    /// <summary>
    /// Token usage from the final usage chunk (sent when the request asks for <c>stream_options.include_usage</c>, which
    /// <see cref="ChatClientOptions.IncludeStreamUsage"/> does by default), summed with the usage of a
    /// <see cref="PartialStream{T}"/>'s repair requests, as <see cref="ChatResult{T}.Usage"/> sums a method's requests;
    /// <see langword="null"/> when the server sent none.
    /// </summary>
    public ChatUsage? Usage { get; }

    /// <summary>
    /// What the stream cost in USD, priced from its usage chunk by the client's <see cref="PriceTable"/> (a
    /// <see cref="PartialStream{T}"/>'s repair requests included), as <see cref="ChatResult{T}.Cost"/>;
    /// <see langword="null"/> when any request's cost is unknown (no usage chunk, or a model the table has no price for).
    /// </summary>
    public decimal? Cost { get; }

    /// <summary>
    /// The version of the prompt that streamed (the generated <c>{Method}PromptVersion</c> constant), as
    /// <see cref="ChatResult{T}.PromptVersion"/>; <see langword="null"/> when the request was not built by a generated client.
    /// </summary>
    public string? PromptVersion { get; }

    /// <summary>The completion's id (<c>id</c> of the chunks).</summary>
    public string? Id { get; }

    /// <summary>This result with <paramref name="promptVersion"/> (a faked stream's result that has none).</summary>
    internal ChatStreamResult WithPromptVersion(string promptVersion) =>
        new(Text, FinishReason, Usage, Id, Model, Chunks, TimeToFirstChunk, Cost, promptVersion);

    /// <summary>The model that answered (<c>model</c> of the chunks).</summary>
    public string? Model { get; }

    /// <summary>How many chunks (<c>data:</c> events other than <c>[DONE]</c>) arrived, the usage chunk included.</summary>
    public int Chunks { get; }

    /// <summary>Time from the start of enumeration (when the request is sent) to the first chunk; <see langword="null"/> when none arrived.</summary>
    public TimeSpan? TimeToFirstChunk { get; }
}

/// <summary>Counts and remembers what a stream's chunks report, as they pass through.</summary>
internal sealed class StreamTally
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _text = new();

    public ChatStreamResult? Replayed { get; set; }

    /// <summary>A partial stream's final value, set before the stream completes.</summary>
    public object? FinalValue { get; set; }

    /// <summary>A partial stream's usage summed over the stream and its repair requests.</summary>
    public ChatUsage? TotalUsage { get; set; }

    /// <summary>A partial stream's cost summed over the stream and its repair requests (null when any is unknown).</summary>
    public decimal? TotalCost { get; set; }

    /// <summary>The cost of the stream's usage chunk, priced by the transport.</summary>
    public decimal? Cost { get; private set; }

    /// <summary>The prompt version of the request that streamed.</summary>
    public string? PromptVersion { get; private set; }

    /// <summary>How many requests a partial stream sent (more than 1 after a repair).</summary>
    public int Attempts { get; set; } = 1;

    public string? Id { get; private set; }

    public string? Model { get; private set; }

    public string? FinishReason { get; private set; }

    public ChatUsage? Usage { get; private set; }

    public int Chunks { get; private set; }

    public TimeSpan? TimeToFirstChunk { get; private set; }

    public Redactor Redactor { get; private set; } = Redactor.None;

    public bool ToolCalls { get; private set; }

    public StringBuilder? Refusal { get; private set; }

    /// <summary>The content of the first choice received so far.</summary>
    public StringBuilder Text => _text;

    /// <summary>
    /// Whether the request is known (<see cref="Begin"/>): it asked for one choice, so a chunk of any other index is a
    /// fault (<see cref="PromptReply.StrayChoice"/>). Chunks read without their request skip other indexes instead.
    /// </summary>
    private bool _oneChoice;

    /// <summary>Records what the request says about the stream (its prompt version; one choice) before it is sent.</summary>
    public void Begin(ChatRequest request)
    {
        PromptVersion = request.PromptMethod?.Version;
        _oneChoice = true;
    }

    /// <summary>Records one chunk; returns the first choice's content delta (null when it has none).</summary>
    public string? Observe(ChatCompletionChunk chunk)
    {
        if (Chunks++ == 0)
        {
            TimeToFirstChunk = _clock.Elapsed;
        }

        Id ??= chunk.Id;
        Model ??= chunk.Model;
        if (chunk.Usage is not null)
        {
            Usage = chunk.Usage;
            Cost = chunk.Cost;
        }

        Redactor = chunk.Redactor;
        string? content = null;
        foreach (var choice in chunk.Choices)
        {
            if (choice.Index != 0)
            {
                if (_oneChoice)
                {
                    throw Charge(PromptReply.StrayChoice(choice.Index, this));
                }

                continue;
            }

            FinishReason = choice.FinishReason ?? FinishReason;
            if (choice.Delta?.Refusal is { Length: > 0 } refusal)
            {
                (Refusal ??= new StringBuilder()).Append(refusal);
            }

            ToolCalls |= choice.Delta?.ToolCalls is { Count: > 0 };
            if (choice.Delta?.Content is { Length: > 0 } delta)
            {
                _text.Append(delta);
                content = content is null ? delta : content + delta;
            }
        }

        return content;
    }

    /// <summary>
    /// Charges <paramref name="exception"/> with what the stream used and cost up to its failure — the stream's usage
    /// chunk, plus a partial stream's repair requests — and how many requests it sent: the same
    /// <see cref="PromptException.Usage"/>, <see cref="PromptException.Cost"/> and <see cref="PromptException.Attempts"/> a
    /// non-streamed call's exception carries. Every exception a stream throws for what it received is built through this.
    /// </summary>
    public T Charge<T>(T exception)
        where T : PromptException
    {
        exception.Charged(TotalUsage ?? Usage, Attempts == 1 ? Cost : TotalCost);
        exception.Attempts = Attempts;
        return exception;
    }

    public ChatStreamResult ToResult() =>
        Replayed ?? new ChatStreamResult(_text.ToString(), FinishReason, TotalUsage ?? Usage, Id, Model, Chunks, TimeToFirstChunk,
            Attempts == 1 ? Cost : TotalCost, PromptVersion);
}
