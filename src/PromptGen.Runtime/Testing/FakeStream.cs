using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen.Testing;

/// <summary>
/// One streaming method of a generated fake (it returns <c>IAsyncEnumerable&lt;T&gt;</c>): what it yields, and the calls it
/// received. Set it up with <see cref="Yields(TItem[])"/>, <see cref="Yields(Func{TCall, IEnumerable{TItem}})"/> or
/// <see cref="Throws"/>; a later setup replaces an earlier one.
/// </summary>
/// <typeparam name="TCall">The generated class of one call's arguments, compared by value (the cancellation token is not recorded).</typeparam>
/// <typeparam name="TItem">What the stream yields: <c>string</c> deltas for a prompt method.</typeparam>
public sealed class FakeStream<TCall, TItem>
{
    private readonly FakeCalls<TCall, IEnumerable<TItem>> _calls;

    /// <summary>Creates the setup of the method <paramref name="name"/>; generated fakes call it.</summary>
    /// <param name="name">The fake and method, for messages: <c>FakeTutor.TellStoryAsync</c>.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public FakeStream(string name) => _calls = new FakeCalls<TCall, IEnumerable<TItem>>(name);

    /// <summary>Every call so far, in order, with its arguments; a call counts when the method is called, before enumeration.</summary>
    public IReadOnlyList<TCall> Calls => _calls.Calls;

    /// <summary>Every call's stream yields <paramref name="items"/>, in order.</summary>
    /// <param name="items">The chunks (text deltas) to yield; none for an empty stream.</param>
    public void Yields(params TItem[] items)
    {
        if (items is null)
        {
            throw new ArgumentNullException(nameof(items));
        }

        var copy = (TItem[])items.Clone();
        _calls.Setup(_ => copy);
    }

    /// <summary>
    /// Computes each call's chunks from its arguments. The sequence is read lazily, so an iterator that throws after some
    /// items fails the stream midway.
    /// </summary>
    /// <param name="respond">The function of the call's arguments.</param>
    public void Yields(Func<TCall, IEnumerable<TItem>> respond) => _calls.Setup(respond ?? throw new ArgumentNullException(nameof(respond)));

    /// <summary>Makes every call's stream fail with <paramref name="exception"/> when enumeration starts.</summary>
    /// <param name="exception">What the stream throws.</param>
    public void Throws(Exception exception) => _calls.Throws(exception);

    /// <summary>Records the call and returns its stream as set up; generated fakes call it.</summary>
    /// <param name="call">The call's arguments.</param>
    /// <param name="cancellationToken">Checked before each item; cancelling stops the stream with <see cref="OperationCanceledException"/>.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public IAsyncEnumerable<TItem> Invoke(TCall call, CancellationToken cancellationToken) => StreamAsync(call, _calls.Record(call), cancellationToken);

    /// <summary>The method's name and how many calls it received.</summary>
    public override string ToString() => _calls.ToString();

    private async IAsyncEnumerable<TItem> StreamAsync(TCall call, Func<TCall, IEnumerable<TItem>>? respond, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (respond is null)
        {
            throw _calls.NotSetUp("Yields");
        }

        foreach (var item in respond(call))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}
