using System;
using System.Diagnostics;

namespace PromptGen.Telemetry;

/// <summary>
/// The span of one prompt-method call: the parent of the <c>chat {model}</c> span of every request the call sends (one,
/// or more when <c>[Repair]</c> asks again). Named after the method (<c>Demo.ITutor.ExplainAsync</c>, kind Internal), with
/// <c>code.function.name</c>, <c>promptgen.prompt.version</c> and, at the end, the call's totals.
/// </summary>
/// <remarks>
/// The totals are <c>promptgen.usage.input_tokens</c>, <c>promptgen.usage.output_tokens</c> and <c>promptgen.requests</c>,
/// deliberately not <c>gen_ai.usage.*</c>: each request's own span carries <c>gen_ai.usage.*</c>, so a backend that sums
/// those over spans counts every token once. Nothing is recorded (and nothing allocated) when nobody listens to the
/// <c>PromptGen</c> source or the request was not built by a generated client.
/// </remarks>
internal readonly struct MethodSpan : IDisposable
{
    private readonly Activity? _activity;
    private readonly CallTally? _kept;

    private MethodSpan(Activity? activity, CallTally? kept)
    {
        _activity = activity;
        _kept = kept;
    }

    /// <summary>
    /// Starts the span of a call that sends <paramref name="request"/> through <paramref name="transport"/>. When the
    /// transport tallies the call's requests itself (<see cref="CallTally.KeptBy"/>: the tool loop's rounds), that tally
    /// is the call's totals, on the span and on a <see cref="PromptException"/> the call throws.
    /// </summary>
    public static MethodSpan Start(ChatRequest request, IChatTransport transport) =>
        new(request.PromptMethod is { } method ? ChatTelemetry.StartMethodActivity(method) : null, CallTally.KeptBy(transport));

    /// <summary>Records the call's totals: usage summed over its requests, and how many requests it sent.</summary>
    public void Totals(ChatUsage? usage, int requests)
    {
        if (_activity is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        activity.SetTag("promptgen.requests", requests);
        if (usage is not null)
        {
            activity.SetTag("promptgen.usage.input_tokens", usage.PromptTokens);
            activity.SetTag("promptgen.usage.output_tokens", usage.CompletionTokens);
        }
    }

    /// <summary>
    /// Records the call's totals: the call path's own sums (<paramref name="usage"/> over <paramref name="requests"/>),
    /// or the transport's tally when it keeps one (every tool round is a request too).
    /// </summary>
    public void Totals(IChatTransport transport, ChatUsage? usage, int requests)
    {
        var tally = _kept ?? CallTally.KeptBy(transport);
        Totals(tally?.Usage ?? usage, tally?.Requests ?? requests);
    }

    /// <summary>
    /// Marks the span failed with the same <c>error.type</c> the request spans use; always <see langword="false"/>, for an
    /// exception filter. Over a transport that keeps the call's tally, a <see cref="PromptException"/> the call path threw
    /// for the last reply (refused, unfit, …) is charged with the sums over every request, not only that reply's.
    /// </summary>
    public bool Failed(Exception exception)
    {
        if (_kept is { } kept && exception is PromptException failed)
        {
            kept.Charge(failed);
        }

        if (_activity is { } activity)
        {
            var errorType = ChatObservation.ErrorType(exception);
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (_kept is { } tally)
            {
                Totals(tally.Usage, tally.Requests); // a tool's own exception too: the rounds before it were sent
            }
            else if (exception is PromptException { Usage: { } usage, Attempts: var attempts })
            {
                Totals(usage, attempts);
            }
        }

        return false;
    }

    public void Dispose() => _activity?.Dispose();
}
