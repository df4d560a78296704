using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// The retry loop <see cref="ChatClient"/> composes around sending once: runs an attempt, and when it fails in a way
/// <see cref="RetryPolicy"/> retries, reports the retry (<see cref="RetryPolicy.OnRetry"/>), waits, and runs the next.
/// </summary>
/// <remarks>
/// An attempt fails with the exception the caller should see if it is the last one: a <see cref="ChatApiException"/>
/// for an error status (with <see cref="ChatApiException.RetryAfter"/> when the server asked for a wait), an
/// <see cref="HttpRequestException"/> for a connection failure. Anything else (timeouts, cancellation) is never retried.
/// </remarks>
internal sealed class RetryHandler
{
    private readonly RetryPolicy _policy;
    private readonly CallFailures _failures;

    public RetryHandler(RetryPolicy policy, CallFailures failures)
    {
        _policy = policy;
        _failures = failures;
    }

    /// <summary>The policy (for the clock that reads <c>Retry-After</c> dates).</summary>
    public RetryPolicy Policy => _policy;

    /// <summary>Runs <paramref name="attempt"/> (given the 1-based attempt number) until it succeeds or the policy stops retrying.</summary>
#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<T> RunAsync<T, TState>(Func<TState, int, CallScope, ValueTask<T>> attempt, TState state, CallScope scope)
    {
        ChatRetry? last = null;
        for (var number = 1; ; number++)
        {
            ChatRetry? retry = null;
            try
            {
                return await attempt(state, number, scope).ConfigureAwait(false);
            }
            catch (ChatTimeoutException timeout) when (last is not null)
            {
                throw CallFailures.AfterRetry(timeout, last, number);
            }
            catch (Exception failure) when ((retry = Decide(failure, number)) is not null)
            {
            }
            catch (ChatApiException failure) when (failure.RetryAfter > _policy.MaxServerWait && RetryPolicy.IsRetryable(failure))
            {
                throw failure.WithAdvice(
                    $"The server asks to wait {CallScope.Describe(failure.RetryAfter!.Value)} before trying again, longer than ChatClientOptions.Retry.MaxServerWait ({CallScope.Describe(_policy.MaxServerWait)}), so the call was not retried. Try again after that wait, or raise MaxServerWait.");
            }

            _policy.OnRetry?.Invoke(retry);
            try
            {
                await _policy.Delay(retry.Wait, scope.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (CallFailures.Translates(exception))
            {
                throw _failures.TranslateWait(exception, scope, retry);
            }

            last = retry;
        }
    }

    /// <summary>The retry to make after <paramref name="failure"/> ended attempt <paramref name="number"/>, or <see langword="null"/> to give up.</summary>
    private ChatRetry? Decide(Exception failure, int number)
    {
        if (number > _policy.MaxRetries)
        {
            return null;
        }

        switch (failure)
        {
            case ChatApiException api when RetryPolicy.IsRetryable(api):
                if (api.RetryAfter is { } serverWait)
                {
                    return serverWait <= _policy.MaxServerWait ? new ChatRetry(number, failure, serverWait, serverAskedWait: true) : null;
                }

                return new ChatRetry(number, failure, _policy.Backoff(number), serverAskedWait: false);
            case HttpRequestException when !CallFailures.IsPermanent(failure):
                return new ChatRetry(number, failure, _policy.Backoff(number), serverAskedWait: false);
            default:
                return null;
        }
    }
}
