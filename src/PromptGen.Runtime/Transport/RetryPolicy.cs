using System;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// How <see cref="ChatClient"/> retries a failed call: the one place that decides whether, and how long to wait.
/// </summary>
/// <remarks>
/// <para>
/// Retried: HTTP 429 (unless the error is <c>insufficient_quota</c>), 500, 502, 503 and 504, and connection failures before
/// any response byte arrived. Never retried: other statuses, timeouts, user cancellation, and a stream that has started.
/// </para>
/// <para>
/// The wait before retry <c>n</c> (1-based) is what the server asked for (<c>retry-after-ms</c>, else <c>Retry-After</c> in
/// seconds or as an HTTP date) or, when it asked nothing, the backoff <c>b/2 + Jitter()·b/2</c> with
/// <c>b = min(MaxDelay, InitialDelay·2^(n-1))</c>. A server that asks for longer than <see cref="MaxServerWait"/> fails the
/// call at once with a <see cref="ChatApiException"/> whose <see cref="ChatApiException.RetryAfter"/> carries the request.
/// </para>
/// <para>
/// To retry elsewhere (Polly, Microsoft.Extensions.Http.Resilience or a <see cref="System.Net.Http.DelegatingHandler"/> in the
/// <see cref="System.Net.Http.HttpClient"/> passed to <see cref="ChatClient(System.Net.Http.HttpClient, ChatClientOptions?)"/>),
/// set <see cref="ChatClientOptions.Retry"/> to <see cref="None"/> so that calls are not retried twice.
/// </para>
/// </remarks>
public sealed class RetryPolicy
{
    private int _maxRetries = 2;
    private TimeSpan _initialDelay = TimeSpan.FromSeconds(0.5);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(8);
    private TimeSpan _maxServerWait = TimeSpan.FromMinutes(1);
    private Func<TimeSpan, CancellationToken, Task> _delay = static (wait, token) => Task.Delay(wait, token);
    private Func<double> _jitter = SharedJitter;

    /// <summary>
    /// The most retries a policy allows: 10. More belongs in a resilience pipeline that can also break the circuit
    /// (Microsoft.Extensions.Http.Resilience in the <see cref="System.Net.Http.HttpClient"/>, with <see cref="None"/> here).
    /// </summary>
    public const int MaxRetriesLimit = 10;

    /// <summary>
    /// The longest <see cref="InitialDelay"/>, <see cref="MaxDelay"/> and <see cref="MaxServerWait"/>: 1 hour. A call waits
    /// them out while it holds its caller, inside <see cref="ChatClientOptions.Timeout"/>; longer belongs to a scheduler.
    /// </summary>
    public static readonly TimeSpan DelayLimit = TimeSpan.FromHours(1);

    /// <summary>A policy that never retries: every failure is final.</summary>
    public static RetryPolicy None => new() { MaxRetries = 0 };

    /// <summary>How many times a call is retried after its first attempt: 0 (no retries) to <see cref="MaxRetriesLimit"/> (10). Default 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or more than <see cref="MaxRetriesLimit"/>.</exception>
    public int MaxRetries
    {
        get => _maxRetries;
        set => _maxRetries = OptionRules.IsRetryCount(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxRetries), value, $"RetryPolicy.MaxRetries is {value}; it must be 0 (no retries) to {MaxRetriesLimit} (RetryPolicy.MaxRetriesLimit). For more, retry in the HttpClient's resilience pipeline and set ChatClientOptions.Retry to RetryPolicy.None.");
    }

    /// <summary>The backoff before the first retry when the server asks for no particular wait: 0 to <see cref="DelayLimit"/> (1 hour). Default 0.5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/> too) or longer than <see cref="DelayLimit"/>.</exception>
    public TimeSpan InitialDelay
    {
        get => _initialDelay;
        set => _initialDelay = CheckedDelay(value, nameof(InitialDelay));
    }

    /// <summary>The longest backoff between attempts when the server asks for no particular wait: 0 to <see cref="DelayLimit"/> (1 hour). Default 8 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/> too) or longer than <see cref="DelayLimit"/>.</exception>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set => _maxDelay = CheckedDelay(value, nameof(MaxDelay));
    }

    /// <summary>
    /// The longest server-requested wait (<c>Retry-After</c>, <c>retry-after-ms</c>) the client will sit out before retrying.
    /// When the server asks for more, the call fails at once. 0 (never wait for a server) to <see cref="DelayLimit"/> (1 hour).
    /// Default 1 minute.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/> too) or longer than <see cref="DelayLimit"/>.</exception>
    public TimeSpan MaxServerWait
    {
        get => _maxServerWait;
        set => _maxServerWait = CheckedDelay(value, nameof(MaxServerWait));
    }

    /// <summary>Waits between attempts; default <see cref="Task.Delay(TimeSpan, CancellationToken)"/>. Tests replace it to record waits instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay
    {
        get => _delay;
        set => _delay = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Returns a number in [0, 1] that spreads backoff waits; default a thread-safe random source. Tests pin it. A number
    /// outside [0, 1] counts as the nearer end, and NaN as 1 (the whole backoff).
    /// </summary>
    public Func<double> Jitter
    {
        get => _jitter;
        set => _jitter = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Called before each retry, once the wait is known and before it starts, with the attempt that failed, its status and
    /// the wait (<see cref="ChatRetry"/>); <see langword="null"/> (the default) for no observer. The place to hook logging or
    /// tracing (an <c>ILogger</c>, an <c>ActivitySource</c> event). It runs on the calling thread; an exception it throws
    /// ends the call with that exception.
    /// </summary>
    public Action<ChatRetry>? OnRetry { get; set; }

    /// <summary>The clock used to turn a <c>Retry-After</c> HTTP date into a wait; tests pin it.</summary>
    internal Func<DateTimeOffset> UtcNow { get; set; } = static () => DateTimeOffset.UtcNow;

    /// <summary>Whether a response with this status may be retried; <paramref name="errorCode"/> and <paramref name="errorType"/> come from its body.</summary>
    internal static bool IsRetryable(int status, string? errorCode, string? errorType) => status switch
    {
        429 => errorCode != "insufficient_quota" && errorType != "insufficient_quota",
        500 or 502 or 503 or 504 => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="error"/> (an error status) may be retried.</summary>
    internal static bool IsRetryable(ChatApiException error) => error.StatusCode != 200 && IsRetryable(error.StatusCode, error.ErrorCode, error.ErrorType);

    /// <summary>The backoff before retry <paramref name="retry"/> (1-based) when the server asked for no wait.</summary>
    internal TimeSpan Backoff(int retry)
    {
        var baseTicks = (double)_initialDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        baseTicks = Math.Min(baseTicks, _maxDelay.Ticks);
        // Decided inside an exception filter (RetryHandler), where a throw would be swallowed: so NaN is not an error
        // but the full backoff, the cautious reading (it used to become a negative wait that Task.Delay refused).
        var drawn = _jitter();
        var jitter = double.IsNaN(drawn) ? 1 : Math.Max(0, Math.Min(1, drawn));
        return TimeSpan.FromTicks((long)((baseTicks / 2) + (jitter * baseTicks / 2)));
    }

    /// <summary>A copy, so that a client is not affected by later changes to the options' policy.</summary>
    internal RetryPolicy Clone() => (RetryPolicy)MemberwiseClone();

    /// <summary>Describes the policy.</summary>
    public override string ToString() =>
        $"RetryPolicy {{ MaxRetries = {_maxRetries}, InitialDelay = {_initialDelay}, MaxDelay = {_maxDelay}, MaxServerWait = {_maxServerWait} }}";

    private static TimeSpan CheckedDelay(TimeSpan value, string name) =>
        OptionRules.IsRetryDelay(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"RetryPolicy.{name} is {Describe(value)}; it must be from 0 to {Describe(DelayLimit)} (RetryPolicy.DelayLimit).");

    /// <summary>A duration as messages show it: <c>00:00:01.5000000</c>, or <c>Timeout.InfiniteTimeSpan (-00:00:00.0010000)</c>.</summary>
    internal static string Describe(TimeSpan value) =>
        value == System.Threading.Timeout.InfiniteTimeSpan
            ? "Timeout.InfiniteTimeSpan (-00:00:00.0010000)"
            : value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static double SharedJitter()
    {
#if NET
        return Random.Shared.NextDouble();
#else
        lock (JitterLock)
        {
            return JitterRandom.NextDouble();
        }
#endif
    }

#if !NET
    private static readonly object JitterLock = new();
    private static readonly Random JitterRandom = new();
#endif
}
