using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen.Testing;

/// <summary>
/// One method of a generated fake that returns a task: what it returns, and the calls it received. Set it up with
/// <see cref="Returns(TResult[])"/>, <see cref="Returns(Func{TCall, TResult})"/> or <see cref="Throws"/>; a later
/// setup replaces an earlier one.
/// </summary>
/// <typeparam name="TCall">The generated class of one call's arguments, compared by value (the cancellation token is not recorded).</typeparam>
/// <typeparam name="TResult">The method's value: <c>T</c> of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>.</typeparam>
public sealed class FakeMethod<TCall, TResult>
{
    private readonly FakeCalls<TCall, TResult> _calls;

    /// <summary>Creates the setup of the method <paramref name="name"/>; generated fakes call it.</summary>
    /// <param name="name">The fake and method, for messages: <c>FakeTutor.ExplainAsync</c>.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public FakeMethod(string name)
        : this(name, null)
    {
    }

    /// <summary>Creates the setup of the prompt method <paramref name="name"/>, whose prompt version is <paramref name="promptVersion"/>; generated fakes call it.</summary>
    /// <param name="name">The fake and method, for messages: <c>FakeTutor.ExplainAsync</c>.</param>
    /// <param name="promptVersion">The faked method's prompt version (its Client's <c>{Method}PromptVersion</c> constant), or <see langword="null"/>.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public FakeMethod(string name, string? promptVersion)
    {
        _calls = new FakeCalls<TCall, TResult>(name);
        PromptVersion = promptVersion;
    }

    /// <summary>
    /// The faked method's prompt version, as its generated Client's <c>{Method}PromptVersion</c> constant; <see langword="null"/>
    /// for a method of an interface that is not a prompt interface. A <see cref="ChatResult{T}"/> this method returns
    /// carries it in <see cref="ChatResult{T}.PromptVersion"/> unless the test set another.
    /// </summary>
    public string? PromptVersion { get; }

    /// <summary>Every call so far, in order, with its arguments.</summary>
    public IReadOnlyList<TCall> Calls => _calls.Calls;

    /// <summary>
    /// Returns <paramref name="results"/> in order, one per call; once they are used up, the last one again. With one
    /// result, every call returns it.
    /// </summary>
    /// <param name="results">At least one result.</param>
    /// <exception cref="ArgumentException">No result was given.</exception>
    public void Returns(params TResult[] results)
    {
        if (results is null || results.Length == 0)
        {
            throw new ArgumentException($"Give {_calls.Name}.Returns at least one result.", nameof(results));
        }

        var copy = (TResult[])results.Clone();
        var next = 0;
        _calls.Setup(_ => copy[Math.Min(next++, copy.Length - 1)]);
    }

    /// <summary>Computes each call's result from its arguments; an exception it throws is the call's.</summary>
    /// <param name="respond">The function of the call's arguments.</param>
    public void Returns(Func<TCall, TResult> respond) => _calls.Setup(respond ?? throw new ArgumentNullException(nameof(respond)));

    /// <summary>Makes every call fail with <paramref name="exception"/>, for example a <see cref="ChatApiException"/> or a <see cref="PromptRefusedException"/>.</summary>
    /// <param name="exception">What the returned task fails with.</param>
    public void Throws(Exception exception) => _calls.Throws(exception);

    /// <summary>Records the call and answers it as set up; generated fakes call it.</summary>
    /// <param name="call">The call's arguments.</param>
    /// <param name="cancellationToken">When already cancelled, the task is cancelled (the call is still recorded).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task<TResult> InvokeAsync(TCall call, CancellationToken cancellationToken)
    {
        var respond = _calls.Record(call);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        if (respond is null)
        {
            return Task.FromException<TResult>(_calls.NotSetUp("Returns"));
        }

        try
        {
            return Task.FromResult(Versioned(_calls.Answer(respond, call)));
        }
        catch (Exception exception)
        {
            return Task.FromException<TResult>(exception);
        }
    }

    /// <summary>
    /// Records the call and answers it as set up, synchronously: generated fakes call it for methods that return their
    /// result directly (<see cref="ChatStream{T}"/>, <see cref="PartialStream{T}"/>). Throws what <see cref="Throws"/> set up.
    /// </summary>
    /// <param name="call">The call's arguments.</param>
    /// <param name="cancellationToken">When already cancelled, throws <see cref="OperationCanceledException"/> (the call is still recorded).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TResult Invoke(TCall call, CancellationToken cancellationToken)
    {
        var respond = _calls.Record(call);
        cancellationToken.ThrowIfCancellationRequested();
        return Versioned(_calls.Answer(respond ?? throw _calls.NotSetUp("Returns"), call));
    }

    /// <summary>The method's name and how many calls it received.</summary>
    public override string ToString() => _calls.ToString();

    private TResult Versioned(TResult result)
    {
        if (PromptVersion is not null && result is IPromptVersioned versioned)
        {
            versioned.Fill(PromptVersion);
        }

        return result;
    }
}
