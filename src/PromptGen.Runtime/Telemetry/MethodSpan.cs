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

    private MethodSpan(Activity? activity) => _activity = activity;

    public static MethodSpan Start(ChatRequest request) =>
        new(request.PromptMethod is { } method ? ChatTelemetry.StartMethodActivity(method) : null);

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
    /// Records the call's totals as <see cref="Totals(ChatUsage?, int)"/>, unless <paramref name="transport"/> is a
    /// <see cref="ToolLoop"/>: then every tool round is a request too, and the loop's sums are the call's.
    /// </summary>
    public void Totals(IChatTransport transport, ChatUsage? usage, int requests)
    {
        if (transport is ToolLoop loop)
        {
            Totals(loop.Usage, loop.Rounds);
        }
        else
        {
            Totals(usage, requests);
        }
    }

    /// <summary>Marks the span failed with the same <c>error.type</c> the request spans use; always <see langword="false"/>, for an exception filter.</summary>
    public bool Failed(Exception exception)
    {
        if (_activity is { } activity)
        {
            var errorType = ChatObservation.ErrorType(exception);
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (exception is PromptException { Usage: { } usage, Attempts: var attempts })
            {
                Totals(usage, attempts);
            }
        }

        return false;
    }

    public void Dispose() => _activity?.Dispose();
}
