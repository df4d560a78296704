namespace PromptGen;

/// <summary>A prompt method's value together with what the server reported about the reply.</summary>
/// <typeparam name="T">The method's value type.</typeparam>
public sealed class ChatResult<T> : IPromptVersioned
{
    private string? _promptVersion;

    /// <summary>Creates a result.</summary>
    public ChatResult(T value, ChatCompletion completion)
        : this(value, completion, completion?.Usage, 1)
    {
    }

    /// <summary>Creates the result of a method that may have sent more than one request (<c>[Repair]</c>).</summary>
    /// <param name="value">The value.</param>
    /// <param name="completion">The reply the value came from (the last one).</param>
    /// <param name="usage">Token usage summed over every request.</param>
    /// <param name="attempts">How many requests were sent.</param>
    public ChatResult(T value, ChatCompletion completion, ChatUsage? usage, int attempts)
        : this(value, completion, usage, attempts, attempts == 1 ? completion?.Cost : null)
    {
    }

    /// <summary>Creates the result of a method that may have sent more than one request, with their summed cost.</summary>
    /// <param name="value">The value.</param>
    /// <param name="completion">The reply the value came from (the last one).</param>
    /// <param name="usage">Token usage summed over every request.</param>
    /// <param name="attempts">How many requests were sent.</param>
    /// <param name="cost">The cost in USD summed over every request; <see langword="null"/> when any is unknown.</param>
    public ChatResult(T value, ChatCompletion completion, ChatUsage? usage, int attempts, decimal? cost)
        : this(value, completion, usage, attempts, cost, attempts, null)
    {
    }

    /// <summary>Creates the result of a method with tools (see <see cref="ToolLoop"/>).</summary>
    /// <param name="value">The value.</param>
    /// <param name="completion">The reply the value came from (the last one).</param>
    /// <param name="usage">Token usage summed over every request.</param>
    /// <param name="attempts">How many times the method asked for its value (more than 1 when <c>[Repair]</c> asked again).</param>
    /// <param name="cost">The cost in USD summed over every request, tool rounds included; <see langword="null"/> when any is unknown.</param>
    /// <param name="rounds">How many requests were sent, tool-call rounds included.</param>
    /// <param name="transcript">Every message sent and received, or <see langword="null"/>.</param>
    public ChatResult(T value, ChatCompletion completion, ChatUsage? usage, int attempts, decimal? cost, int rounds, System.Collections.Generic.IReadOnlyList<ChatMessage>? transcript)
    {
        Value = value;
        Completion = completion ?? throw new System.ArgumentNullException(nameof(completion));
        Usage = usage;
        Attempts = attempts;
        Rounds = rounds;
        Transcript = transcript;
        Cost = cost;
    }

    /// <summary>The reply, as text or deserialised from JSON.</summary>
    public T Value { get; }

    /// <summary>The whole reply as the server sent it (the last one, when the method asked again).</summary>
    public ChatCompletion Completion { get; }

    /// <summary>Token usage, when the server reported it: the sum over every request the method sent.</summary>
    public ChatUsage? Usage { get; }

    /// <summary>How many requests the method sent: 1, or more when <c>[Repair]</c> asked again.</summary>
    public int Attempts { get; }

    /// <summary>How many requests the method sent: <see cref="Attempts"/>, plus the tool-call rounds of a method with tools.</summary>
    public int Rounds { get; }

    /// <summary>
    /// For a method with tools: every message sent and received, in order (the request's messages, each assistant reply
    /// with its <c>tool_calls</c>, each <c>tool</c> result, the final reply), to continue the conversation from.
    /// <see langword="null"/> for a method without tools.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<ChatMessage>? Transcript { get; }

    /// <summary>
    /// What the call cost in USD, summed over every request it sent (repairs, tool rounds), cached prompt tokens at the
    /// cached price; <see langword="null"/> when any request's cost is unknown (no usage reported, or a model the client's
    /// <see cref="PriceTable"/> has no price for).
    /// </summary>
    public decimal? Cost { get; }

    /// <summary>
    /// What fitting the prompt to <c>[MaxPromptTokens]</c> did for the request the value came from: history messages
    /// dropped, tokens before and after; <see langword="null"/> without a budget.
    /// </summary>
    public PromptTrim? Trim => Completion.Trim;

    /// <summary>Why generation stopped (<c>stop</c>, <c>length</c>, …), when the server said.</summary>
    public string? FinishReason => Completion.Choices.Count > 0 ? Completion.Choices[0].FinishReason : null;

    /// <summary>The completion's id.</summary>
    public string? Id => Completion.Id;

    /// <summary>
    /// The version of the prompt that produced this result (the generated <c>{Method}PromptVersion</c> constant), or
    /// <see langword="null"/> when the request was not built by a generated client. A result a test builds may set it;
    /// a generated fake fills it in with the faked method's version when the result a test set up has none.
    /// </summary>
    public string? PromptVersion { get => _promptVersion; init => _promptVersion = value; }

    /// <inheritdoc/>
    void IPromptVersioned.Fill(string? version) => _promptVersion ??= version;

    /// <summary>The model that answered.</summary>
    public string? Model => Completion.Model;
}
