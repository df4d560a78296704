using System;
using System.Threading;

namespace PromptGen;

/// <summary>
/// The whole-call cancellation sources of one <see cref="ChatClient"/>, kept for reuse: a call rents one, arms its timer
/// with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> and gives it back when it ends; a source that was
/// not cancelled is reset (<c>CancellationTokenSource.TryReset</c>: timer stopped, registrations removed) and serves
/// a later call, so a call costs no new source, timer or callback node. Up to <see cref="Capacity"/> are kept (concurrent
/// calls beyond that use new ones, disposed after).
/// </summary>
/// <remarks>
/// A source comes back only when <c>TryReset</c> succeeds: it was not cancelled, and its timer was stopped before it
/// ever fired (<c>TryReset</c> refuses a source whose timer has been queued to fire, even when its callback has not run
/// yet), so a late timer can never cancel the next call that rents it. A cancelled source (timeout or the caller) is
/// disposed, never reused. (Until session 6 a source also had to come back within half its limit, which cost two clock
/// reads per call and guarded nothing <c>TryReset</c> does not.) Reuse needs <c>CancellationTokenSource.TryReset</c> (.NET 6+); on .NET Standard the
/// client does not use this class.
/// </remarks>
internal sealed class TimeoutSources
{
    /// <summary>How many idle sources are kept.</summary>
    internal const int Capacity = 16;

    private readonly CancellationTokenSource?[] _idle = new CancellationTokenSource?[Capacity];

    /// <summary>How many sources were created since the client was (for tests: reuse shows as a count that stays).</summary>
    internal int Created => Volatile.Read(ref _created);

    private int _created;

    /// <summary>An uncancelled source with no timer armed and no registration.</summary>
    public CancellationTokenSource Rent()
    {
        var idle = _idle;
        for (var i = 0; i < idle.Length; i++)
        {
            if (Volatile.Read(ref idle[i]) is not null && Interlocked.Exchange(ref idle[i], null) is { } source)
            {
                return source;
            }
        }

        Interlocked.Increment(ref _created);
        return new CancellationTokenSource();
    }

    /// <summary>Takes back a source a call has finished with: kept when it resets, else disposed.</summary>
    public void Return(CancellationTokenSource source)
    {
#if NET
        if (source.TryReset())
        {
            var idle = _idle;
            for (var i = 0; i < idle.Length; i++)
            {
                if (Interlocked.CompareExchange(ref idle[i], source, null) is null)
                {
                    return;
                }
            }
        }
#endif

        source.Dispose();
    }
}
