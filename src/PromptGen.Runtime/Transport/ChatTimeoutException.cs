using System;

namespace PromptGen;

/// <summary>A chat call ran out of time. <see cref="TimeoutName"/> says which limit fired; user cancellation is an <see cref="OperationCanceledException"/> instead.</summary>
public sealed class ChatTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="timeoutName">The limit that fired, for example <c>ChatClientOptions.StreamIdleTimeout</c>.</param>
    /// <param name="timeout">The limit's value.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">
    /// The cancellation that ended the wait; when the call was waiting to retry, the failure it was about to retry (a
    /// <see cref="ChatApiException"/> or an <see cref="System.Net.Http.HttpRequestException"/>).
    /// </param>
    public ChatTimeoutException(string timeoutName, TimeSpan timeout, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        TimeoutName = timeoutName;
        Timeout = timeout;
    }

    /// <summary>The limit that fired: <c>ChatClientOptions.Timeout</c>, <c>ChatClientOptions.ResponseTimeout</c>, <c>ChatClientOptions.StreamIdleTimeout</c> or <c>HttpClient.Timeout</c>.</summary>
    public string TimeoutName { get; }

    /// <summary>The limit's value.</summary>
    public TimeSpan Timeout { get; }
}
