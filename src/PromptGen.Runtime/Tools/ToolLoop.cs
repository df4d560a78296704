using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>What a tool-call loop allows.</summary>
public sealed class ToolLoopOptions
{
    private int _maxRounds = 8;

    /// <summary>
    /// How many times the tools asked for are run: 1 or more (as <see cref="MaxToolRoundsAttribute"/>), default 8; a reply
    /// asking again after that throws <see cref="PromptToolRoundsException"/>. Every round is a request, inside
    /// <see cref="ChatClientOptions.Timeout"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or negative.</exception>
    public int MaxRounds
    {
        get => _maxRounds;
        set => _maxRounds = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxRounds), value, $"ToolLoopOptions.MaxRounds is {value}; it must be 1 or more (a loop of 0 rounds could never run a tool the model asks for).");
    }

    /// <summary>Whether the calls of one reply run one after another, in order, instead of concurrently.</summary>
    public bool Sequential { get; set; }
}

/// <summary>
/// The tool-call loop, as a transport over another one: it sends a request, and while the reply asks for tool calls it
/// runs them, appends the assistant message with its <c>tool_calls</c> and one <c>tool</c> message per call (matching
/// <c>tool_call_id</c>), and asks again; the reply without tool calls is returned. Generated code creates one per call of
/// a prompt method with tools and reads <see cref="Rounds"/>, <see cref="Usage"/> and <see cref="Transcript"/> afterwards.
/// </summary>
/// <remarks>
/// Provider differences handled: an empty or missing call id (llama.cpp, Gemini) is replaced by a stable client-side id
/// (<c>call_{round}_{index}</c>) that the assistant and tool messages both carry; arguments sent as a JSON object are read
/// as its text (the wire type does that); tool calls count whatever the <c>finish_reason</c> (OpenAI sends <c>stop</c>
/// when a function is forced); a legacy <c>function_call</c> is one call. Calls of one reply run concurrently unless
/// <see cref="ToolLoopOptions.Sequential"/>. Not thread-safe: one loop serves one prompt call.
/// </remarks>
public sealed class ToolLoop : IChatTransport
{
    private readonly IChatTransport _transport;
    private readonly ToolLoopOptions _options;
    private readonly ToolSet[] _toolSets;
    private List<ChatMessage> _transcript = new();
    private IList<ChatMessage>? _lastSent;
    private List<ChatMessage>? _lastExchange;

    /// <summary>Creates the loop.</summary>
    /// <param name="transport">Sends each request.</param>
    /// <param name="options">The round limit and how calls run; <see langword="null"/> for the defaults.</param>
    /// <param name="toolSets">The tools the model may call; a null entry (an optional tools parameter given null) adds none.</param>
    public ToolLoop(IChatTransport transport, ToolLoopOptions? options, params ToolSet?[] toolSets)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _options = options ?? new ToolLoopOptions();
        if (toolSets is null)
        {
            throw new ArgumentNullException(nameof(toolSets));
        }

        var sets = new List<ToolSet>(toolSets.Length);
        foreach (var set in toolSets)
        {
            if (set is not null)
            {
                sets.Add(set);
            }
        }

        _toolSets = sets.ToArray();
    }

    /// <summary>How many requests the loop sent, over every call of <see cref="CompleteAsync"/> and <see cref="StreamAsync"/>.</summary>
    public int Rounds => _tally.Requests;

    /// <summary>Token usage summed over every request the loop sent, when the server reported it.</summary>
    public ChatUsage? Usage => _tally.Usage;

    /// <summary>The cost in USD summed over every request the loop sent; <see langword="null"/> when any request's cost is unknown.</summary>
    public decimal? Cost => _tally.Cost;

    /// <summary>Every request the loop sent: the call's totals, read the same way as a call without tools reads its own (<see cref="CallTally.KeptBy"/>).</summary>
    internal CallTally Tally => _tally;

    /// <summary>The transport the loop sends through (for telemetry to find the client's key: <c>TransportKeys</c>).</summary>
    internal IChatTransport Transport => _transport;

    private readonly CallTally _tally = new();

    /// <summary>The last conversation: every message sent, each assistant reply with its tool calls, each tool result, and the final reply.</summary>
    public IReadOnlyList<ChatMessage> Transcript => _transcript;

    /// <summary>The result of the prompt call with the loop's rounds, summed usage and transcript.</summary>
    public ChatResult<T> Result<T>(ChatResult<T> result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        return new ChatResult<T>(result.Value, result.Completion, Usage, result.Attempts, Cost, Rounds, _transcript.ToArray()) { PromptVersion = result.PromptVersion };
    }

    /// <inheritdoc/>
    public async Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var messages = Start(request);
        for (var round = 1; ; round++)
        {
            var current = request.ShallowCopy();
            current.Messages = new List<ChatMessage>(messages);
            ChatCompletion completion;
            try
            {
                completion = await _transport.CompleteAsync(current, cancellationToken).ConfigureAwait(false);
            }
            catch (PromptException exception)
            {
                throw Counted(exception);
            }

            _tally.Add(completion);
            var message = FirstMessage(completion);
            var calls = ToolCalls(message?.ToolCalls, message?.FunctionCall, round);
            if (calls.Count == 0)
            {
                // The last reply: the caller checks its choices (PromptReply.OnlyChoice, Ordered) as for a call without tools.
                Finish(messages, message?.Content, null, message?.Refusal);
                return completion;
            }

            CheckChoices(completion, current.N, round);

            await RunRoundAsync(messages, message?.Content, calls, round, completion.Redactor, cancellationToken).ConfigureAwait(false);
            request = AfterToolRound(request);
        }
    }

    /// <summary>
    /// A reply that asks for tool calls is held to the rule its caller holds the last reply to: exactly the choices asked
    /// for (<paramref name="asked"/>, the request's <c>n</c>), indexes 0 to n-1 each once. Else the loop would run the tools
    /// of a reply that does not answer the request, and the fault would show only if the last reply had it too.
    /// </summary>
    /// <exception cref="PromptFormatException">The choices are not those asked for; it carries the loop's sums so far.</exception>
    private void CheckChoices(ChatCompletion completion, int? asked, int round)
    {
        try
        {
            PromptReply.Ordered(completion, asked, $"The reply to request {round.ToString(CultureInfo.InvariantCulture)} of the tool-call loop asks for tool calls, but its choices are not those asked for: ");
        }
        catch (PromptException exception)
        {
            throw _tally.Charge(exception);
        }
    }

    /// <summary>
    /// A forced choice (<c>required</c> or a named function) applies to the first request only: asked again with it, the
    /// model would have to call a tool again and never answer. Later requests leave <c>tool_choice</c> to the server (auto).
    /// </summary>
    private static ChatRequest AfterToolRound(ChatRequest request)
    {
        if (request.ToolChoice is { Mode: "required" or "function" })
        {
            request = request.ShallowCopy();
            request.ToolChoice = null;
        }

        return request;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messages = Start(request);
        for (var round = 1; ; round++)
        {
            var current = request.ShallowCopy();
            current.Messages = new List<ChatMessage>(messages);
            var fragments = new ToolCallFragments();
            var redactor = Redactor.None;
            ChatUsage? roundUsage = null;
            decimal? roundCost = null;
            await foreach (var chunk in _transport.StreamAsync(current, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                roundUsage = chunk.Usage is null ? roundUsage : ChatUsage.Add(roundUsage, chunk.Usage);
                roundCost = chunk.Cost ?? roundCost;
                redactor = chunk.Redactor;
                fragments.Add(chunk);
                yield return chunk;
            }

            _tally.Add(roundUsage, roundCost);
            var calls = fragments.Calls(round);
            if (calls.Count == 0)
            {
                Finish(messages, fragments.Text, null, null);
                yield break;
            }

            await RunRoundAsync(messages, fragments.Text, calls, round, redactor, cancellationToken).ConfigureAwait(false);
            request = AfterToolRound(request);
        }
    }

    /// <summary>
    /// The conversation a request starts from. A request that repeats the last one's messages and adds to them (a
    /// <c>[Repair]</c> retry) gets the last tool exchange back in place, so the model does not have to call the tools again.
    /// </summary>
    private List<ChatMessage> Start(ChatRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var messages = new List<ChatMessage>(request.Messages.Count + 4);
        var sent = request.Messages;
        if (_lastSent is { } last && _lastExchange is { Count: > 0 } exchange && sent.Count > last.Count && StartsWith(sent, last))
        {
            messages.AddRange(last);
            messages.AddRange(exchange);
            for (var i = last.Count; i < sent.Count; i++)
            {
                messages.Add(sent[i]);
            }
        }
        else
        {
            messages.AddRange(sent);
        }

        _lastSent = sent;
        _lastExchange = new List<ChatMessage>();
        return messages;
    }

    private static bool StartsWith(IList<ChatMessage> list, IList<ChatMessage> prefix)
    {
        for (var i = 0; i < prefix.Count; i++)
        {
            if (!ReferenceEquals(list[i], prefix[i]))
            {
                return false;
            }
        }

        return true;
    }

    private void Finish(List<ChatMessage> messages, string? content, IList<ChatToolCall>? calls, string? refusal)
    {
        _transcript = new List<ChatMessage>(messages) { new(ChatRole.Assistant, Content(content)) { ToolCalls = calls, Refusal = refusal } };
    }

    private static ChatContent? Content(string? text) => text is null ? null : new ChatContent(text);

    private async Task RunRoundAsync(List<ChatMessage> messages, string? content, List<ChatToolCall> calls, int round, Redactor redactor, CancellationToken cancellationToken)
    {
        var assistant = new ChatMessage(ChatRole.Assistant, string.IsNullOrEmpty(content) ? null : Content(content)) { ToolCalls = calls };
        messages.Add(assistant);
        if (round > _options.MaxRounds)
        {
            _transcript = new List<ChatMessage>(messages);
            var names = new List<string>();
            foreach (var call in calls)
            {
                names.Add(call.Function?.Name ?? "?");
            }

            throw new PromptToolRoundsException(
                $"The model still asked for tool calls ({redactor.Redact(string.Join(", ", names))}) after {_options.MaxRounds} rounds of tool calls, the limit; raise [MaxToolRounds] or make the tools' results let the model answer.",
                Usage, Rounds, _transcript.ToArray()) { Cost = Cost };
        }

        var results = new ToolResult[calls.Count];
        if (_options.Sequential || calls.Count == 1)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                results[i] = await InvokeAsync(calls[i], cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var tasks = new Task<ToolResult>[calls.Count];
            for (var i = 0; i < calls.Count; i++)
            {
                tasks[i] = InvokeAsync(calls[i], cancellationToken);
            }

            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch
            {
                // Rethrow the first call's failure (in call order) as it was thrown, not an AggregateException.
                foreach (var task in tasks)
                {
                    if (task.IsFaulted)
                    {
                        ExceptionDispatchInfo.Capture(task.Exception!.InnerException!).Throw();
                    }
                }

                throw;
            }

            for (var i = 0; i < calls.Count; i++)
            {
                results[i] = tasks[i].Result;
            }
        }

        _lastExchange!.Add(assistant);
        for (var i = 0; i < calls.Count; i++)
        {
            var tool = ChatMessage.Tool(calls[i].Id!, results[i].Content);
            messages.Add(tool);
            _lastExchange.Add(tool);
        }

        _transcript = new List<ChatMessage>(messages);
    }

    private Task<ToolResult> InvokeAsync(ChatToolCall call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var name = call.Function?.Name;
        foreach (var set in _toolSets)
        {
            if (set.IndexOf(name) >= 0)
            {
                return set.InvokeAsync(name!, call.Function?.Arguments, cancellationToken);
            }
        }

        // The model's mistake, not the caller's: it goes back to the model, which can call a tool it has (ToolSet's remarks).
        return Task.FromResult(new ToolResult($"Error: there is no tool named '{name}'. The tools are: {ToolSet.ToolNames(_toolSets)}.", failed: true, exception: null));
    }

    /// <summary>A request that failed was still sent (and may be billed): it counts, and the exception carries the sums.</summary>
    private PromptException Counted(PromptException exception)
    {
        _tally.Add(exception.Usage, exception.Cost);
        return _tally.Charge(exception);
    }

    private static ChatReplyMessage? FirstMessage(ChatCompletion completion)
    {
        ChatChoice? first = null;
        foreach (var choice in completion.Choices)
        {
            if (first is null || choice.Index == 0)
            {
                first = choice;
            }
        }

        return first?.Message;
    }

    /// <summary>The calls of a reply, each with an id (a stable one made here when the server sent none) and arguments text.</summary>
    internal static List<ChatToolCall> ToolCalls(IReadOnlyList<ChatToolCall>? toolCalls, ChatFunctionCall? legacy, int round)
    {
        var calls = new List<ChatToolCall>();
        if (toolCalls is not null)
        {
            foreach (var call in toolCalls)
            {
                calls.Add(Normalized(call.Id, call.Function?.Name, call.Function?.Arguments, round, calls.Count));
            }
        }

        if (calls.Count == 0 && legacy?.Name is not null)
        {
            calls.Add(Normalized(null, legacy.Name, legacy.Arguments, round, 0));
        }

        return calls;
    }

    internal static ChatToolCall Normalized(string? id, string? name, string? arguments, int round, int index) => new()
    {
        Id = string.IsNullOrEmpty(id) ? "call_" + round.ToString(CultureInfo.InvariantCulture) + "_" + index.ToString(CultureInfo.InvariantCulture) : id,
        Type = "function",
        Function = new ChatFunctionCall { Name = name ?? "", Arguments = string.IsNullOrEmpty(arguments) ? "{}" : arguments },
    };

    /// <summary>Tool-call fragments of a streamed reply (first choice), joined by index; and the reply's text.</summary>
    private sealed class ToolCallFragments
    {
        private readonly SortedDictionary<int, (string? Id, System.Text.StringBuilder Name, System.Text.StringBuilder Arguments)> _calls = new();
        private System.Text.StringBuilder? _text;
        private System.Text.StringBuilder? _legacyName;
        private System.Text.StringBuilder? _legacyArguments;

        public string? Text => _text?.ToString();

        public void Add(ChatCompletionChunk chunk)
        {
            foreach (var choice in chunk.Choices)
            {
                if (choice.Index != 0 || choice.Delta is not { } delta)
                {
                    continue;
                }

                if (delta.Content is { Length: > 0 } content)
                {
                    (_text ??= new System.Text.StringBuilder()).Append(content);
                }

                if (delta.FunctionCall is { } legacy)
                {
                    // The deprecated function_call streams as tool_calls do (name, then argument text), without an index.
                    (_legacyName ??= new System.Text.StringBuilder()).Append(legacy.Name);
                    (_legacyArguments ??= new System.Text.StringBuilder()).Append(legacy.Arguments);
                }

                if (delta.ToolCalls is null)
                {
                    continue;
                }

                foreach (var fragment in delta.ToolCalls)
                {
                    if (!_calls.TryGetValue(fragment.Index, out var call))
                    {
                        call = (null, new System.Text.StringBuilder(), new System.Text.StringBuilder());
                    }

                    if (!string.IsNullOrEmpty(fragment.Id))
                    {
                        call.Id = fragment.Id;
                    }

                    call.Name.Append(fragment.Function?.Name);
                    call.Arguments.Append(fragment.Function?.Arguments);
                    _calls[fragment.Index] = call;
                }
            }
        }

        public List<ChatToolCall> Calls(int round)
        {
            var calls = new List<ChatToolCall>(_calls.Count);
            foreach (var call in _calls.Values)
            {
                calls.Add(Normalized(call.Id, call.Name.ToString(), call.Arguments.ToString(), round, calls.Count));
            }

            // A legacy function_call is one call, as in a non-streamed reply (ToolCalls): only when there are no tool_calls.
            if (calls.Count == 0 && _legacyName is { Length: > 0 })
            {
                calls.Add(Normalized(null, _legacyName.ToString(), _legacyArguments?.ToString(), round, 0));
            }

            return calls;
        }
    }
}

/// <summary>
/// The model still asked for tool calls after the round limit (<c>[MaxToolRounds]</c>, default 8).
/// <see cref="Transcript"/> holds the conversation up to the last request, so a caller can look at it or continue it.
/// </summary>
public sealed class PromptToolRoundsException : PromptException
{
    /// <summary>Creates the exception.</summary>
    public PromptToolRoundsException(string message, ChatUsage? usage, int rounds, IReadOnlyList<ChatMessage> transcript)
        : base(message, null, null, usage)
    {
        Rounds = rounds;
        Transcript = transcript ?? throw new ArgumentNullException(nameof(transcript));
        Attempts = rounds;
    }

    /// <summary>How many requests were sent.</summary>
    public int Rounds { get; }

    /// <summary>Every message sent and received, the last assistant message's unanswered tool calls included.</summary>
    public IReadOnlyList<ChatMessage> Transcript { get; }
}
