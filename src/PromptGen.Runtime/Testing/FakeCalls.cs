using System;
using System.Collections.Generic;

namespace PromptGen.Testing;

/// <summary>
/// The calls one method of a generated fake received and what it is set up to answer with, under one lock: the part
/// <see cref="FakeMethod{TCall, TResult}"/> and <see cref="FakeStream{TCall, TItem}"/> share.
/// </summary>
/// <typeparam name="TCall">The generated class of one call's arguments, compared by value.</typeparam>
/// <typeparam name="TAnswer">What a call is answered with: the method's result, or the items of its stream.</typeparam>
internal sealed class FakeCalls<TCall, TAnswer>
{
    private readonly object _gate = new();
    private readonly List<TCall> _calls = new();
    private Func<TCall, TAnswer>? _respond;

    /// <summary>The fake and method, for messages: <c>FakeTutor.ExplainAsync</c>.</summary>
    public FakeCalls(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The fake and method, for messages.</summary>
    public string Name { get; }

    /// <summary>Every call so far, in order (a copy).</summary>
    public IReadOnlyList<TCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>Replaces the setup with <paramref name="respond"/>.</summary>
    public void Setup(Func<TCall, TAnswer> respond)
    {
        lock (_gate)
        {
            _respond = respond;
        }
    }

    /// <summary>Makes every call fail with <paramref name="exception"/> (thrown by the setup when a call is answered).</summary>
    public void Throws(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        Setup(_ => throw exception);
    }

    /// <summary>Records <paramref name="call"/> and gives the setup it is to be answered with, or null when nothing is set up.</summary>
    public Func<TCall, TAnswer>? Record(TCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
            return _respond;
        }
    }

    /// <summary>Answers <paramref name="call"/> with <paramref name="respond"/> under the lock (so a stateful setup sees one call at a time).</summary>
    public TAnswer Answer(Func<TCall, TAnswer> respond, TCall call)
    {
        lock (_gate)
        {
            return respond(call);
        }
    }

    /// <summary>The failure of a call with nothing set up, naming the setups that would answer it (<c>Returns</c>, <c>Yields</c>).</summary>
    public InvalidOperationException NotSetUp(string setup) =>
        new($"{Name} was called, but nothing is set up for it. Set it up before the call: {Name}.{setup}(…) or {Name}.Throws(…).");

    /// <summary>The method's name and how many calls it received.</summary>
    public override string ToString() => $"{Name} ({Calls.Count} calls)";
}
