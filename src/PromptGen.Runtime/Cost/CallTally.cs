namespace PromptGen;

/// <summary>
/// Sums what the requests of one prompt call used — repair attempts, tool rounds — into what the call's
/// <see cref="ChatResult{T}"/> reports: the request count, the summed usage and the summed cost. The cost is known only
/// while every request's cost is known; one unknown makes the sum unknown (<see langword="null"/>), never too low.
/// </summary>
internal sealed class CallTally
{
    private bool _unpriced;
    private decimal _cost;

    /// <summary>Requests added so far.</summary>
    public int Requests { get; private set; }

    /// <summary>The summed usage; <see langword="null"/> until a reply reported usage.</summary>
    public ChatUsage? Usage { get; private set; }

    /// <summary>The summed cost in USD; <see langword="null"/> when any request's cost is unknown (or none was added).</summary>
    public decimal? Cost => _unpriced || Requests == 0 ? null : _cost;

    /// <summary>Adds one reply.</summary>
    public void Add(ChatCompletion completion) => Add(completion.Usage, completion.Cost);

    /// <summary>Adds one request by what it used and cost (a streamed reply's usage chunk, a failed request's exception).</summary>
    public void Add(ChatUsage? usage, decimal? cost)
    {
        Requests++;
        Usage = ChatUsage.Add(Usage, usage);
        if (cost is { } value)
        {
            _cost += value;
        }
        else
        {
            _unpriced = true;
        }
    }

    /// <summary>
    /// The tally <paramref name="transport"/> keeps when it sends several requests for one call — the tool loop: every
    /// round, and every repair sent through it — which is then the call's; else <see langword="null"/>.
    /// </summary>
    public static CallTally? KeptBy(IChatTransport transport) => (transport as ToolLoop)?.Tally;

    /// <summary>Charges <paramref name="exception"/> with the sums: what the call used and cost up to its failure, over every request.</summary>
    public PromptException Charge(PromptException exception)
    {
        exception.Charged(Usage, Cost);
        exception.Attempts = Requests;
        return exception;
    }

    /// <summary>The result of the call: <paramref name="value"/> from <paramref name="completion"/> (the last reply), with the sums.</summary>
    public ChatResult<T> Result<T>(T value, ChatCompletion completion) => new(value, completion, Usage, Requests, Cost);
}

