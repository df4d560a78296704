using System;
using System.Globalization;
using System.Threading;

namespace PromptGen;

/// <summary>
/// The cancellation of one call: the caller's token, the whole-call <see cref="ChatClientOptions.Timeout"/>, and one
/// re-armable timer for the current wait (<see cref="ChatClientOptions.ResponseTimeout"/> or
/// <see cref="ChatClientOptions.StreamIdleTimeout"/>). Turns a cancellation into the right exception.
/// </summary>
/// <remarks>
/// On .NET the whole-call source comes from the client's <see cref="TimeoutSources"/>: a source (and the timer inside it)
/// that a call finished with, uncancelled, is reset and serves a later call, so a call does not allocate a source, a
/// timer and a link of its own. The caller's token is linked by one registration, disposed before the source goes back.
/// </remarks>
internal sealed class CallScope : IDisposable
{
    private readonly CancellationToken _caller;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _httpClientTimeout;
    private readonly CancellationTokenSource? _total;
    private readonly CancellationTokenSource? _phase;
#if NET
    private readonly TimeoutSources? _sources;
    private readonly CancellationTokenRegistration _callerLink;
#endif
    private string? _phaseName;
    private string? _phaseWhat;
    private TimeSpan _phaseValue;

    /// <param name="timeout">The whole-call limit, <see cref="ChatClientOptions.Timeout"/>.</param>
    /// <param name="needsPhaseTimer">Whether any per-wait limit is set (else no timer is created).</param>
    /// <param name="httpClientTimeout">The HttpClient's own <see cref="System.Net.Http.HttpClient.Timeout"/>, named when it fires.</param>
    /// <param name="caller">The caller's token.</param>
    /// <param name="sources">Where the whole-call source is rented from and returned to (on .NET; elsewhere unused); <see langword="null"/>: a new one per call.</param>
    public CallScope(TimeSpan timeout, bool needsPhaseTimer, TimeSpan httpClientTimeout, CancellationToken caller, TimeoutSources? sources = null)
    {
        _caller = caller;
        _timeout = timeout;
        _httpClientTimeout = httpClientTimeout;
        var token = caller;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
#if NET
            if (sources is not null)
            {
                _sources = sources;
                _total = sources.Rent();
                _total.CancelAfter(timeout);

                // The link a linked source would make: the caller's cancellation cancels the call's source (at once when
                // the caller's token is already cancelled).
                if (caller.CanBeCanceled)
                {
                    _callerLink = caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _total);
                }
            }
            else
#endif
            {
                _total = CancellationTokenSource.CreateLinkedTokenSource(caller);
                _total.CancelAfter(timeout);
            }

            token = _total.Token;
        }

        if (needsPhaseTimer)
        {
            _phase = CancellationTokenSource.CreateLinkedTokenSource(token);
            token = _phase.Token;
        }

        Token = token;
    }

    /// <summary>The token every await of the call observes.</summary>
    public CancellationToken Token { get; }

    /// <summary>Arms the wait timer for <paramref name="limit"/>, or disarms it when <see langword="null"/>.</summary>
    /// <param name="name">The option's name, for the exception.</param>
    /// <param name="limit">The limit.</param>
    /// <param name="what">What the call was waiting for, for the exception ("waiting for the response headers").</param>
    public void Arm(string name, TimeSpan? limit, string what)
    {
        if (_phase is null)
        {
            return;
        }

        if (limit is null)
        {
            Disarm();
            return;
        }

        _phaseName = name;
        _phaseWhat = what;
        _phaseValue = limit.Value;
        _phase.CancelAfter(limit.Value);
    }

    /// <summary>Stops the wait timer.</summary>
    public void Disarm()
    {
        if (_phase is not null && !_phase.IsCancellationRequested)
        {
            _phase.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// The exception to throw for <paramref name="cancellation"/>: <see langword="null"/> when the caller
    /// cancelled (rethrow the original), else a <see cref="ChatTimeoutException"/> naming the limit that fired.
    /// </summary>
    public ChatTimeoutException? TimeoutFor(Exception cancellation)
    {
        if (_caller.IsCancellationRequested)
        {
            return null;
        }

        if (_total is not null && _total.IsCancellationRequested)
        {
            return new ChatTimeoutException(
                "ChatClientOptions.Timeout",
                _timeout,
                $"The chat call did not finish within ChatClientOptions.Timeout ({Describe(_timeout)}). Raise the timeout, or ask for less (a lower MaxTokens, streaming).",
                cancellation);
        }

        if (_phase is not null && _phase.IsCancellationRequested && _phaseName is not null)
        {
            return new ChatTimeoutException(
                _phaseName,
                _phaseValue,
                $"The chat call timed out {_phaseWhat}: {_phaseName} is {Describe(_phaseValue)}. Raise it, or set it to null to wait without this limit.",
                cancellation);
        }

        return new ChatTimeoutException(
            "HttpClient.Timeout",
            _httpClientTimeout,
            $"The chat call did not finish within the HttpClient's own Timeout ({Describe(_httpClientTimeout)}). Raise HttpClient.Timeout or set it to Timeout.InfiniteTimeSpan and use ChatClientOptions.Timeout.",
            cancellation);
    }

    public void Dispose()
    {
        _phase?.Dispose();
#if NET
        if (_sources is not null)
        {
            _callerLink.Dispose(); // waits for a running cancellation callback, so a cancelled source is seen as such
            _sources.Return(_total!);
            return;
        }
#endif
        _total?.Dispose();
    }

    /// <summary>A short invariant description of a duration: <c>250 ms</c>, <c>1.5 s</c>, <c>10 min</c>, <c>114 h</c>.</summary>
    internal static string Describe(TimeSpan value)
    {
        var culture = CultureInfo.InvariantCulture;
        if (value == Timeout.InfiniteTimeSpan)
        {
            return "infinite";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", culture) + " ms";
        }

        if (value < TimeSpan.FromMinutes(1))
        {
            return value.TotalSeconds.ToString("0.###", culture) + " s";
        }

        if (value < TimeSpan.FromHours(2))
        {
            return value.TotalMinutes.ToString("0.##", culture) + " min";
        }

        return value.TotalHours.ToString("0.##", culture) + " h";
    }
}
