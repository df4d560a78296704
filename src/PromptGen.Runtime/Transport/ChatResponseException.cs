using System;

namespace PromptGen;

/// <summary>
/// The server answered, but not with something the client can read: a success body that is not JSON, a stream event
/// that is not valid JSON, a stream that ended early or broke off. <see cref="Excerpt"/> shows what was received.
/// </summary>
public sealed class ChatResponseException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what was received.</param>
    /// <param name="excerpt">The start of what was received, when there is something to show.</param>
    /// <param name="innerException">The parser's or the connection's exception.</param>
    public ChatResponseException(string message, string? excerpt = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Excerpt = excerpt;
    }

    /// <summary>The start of what was received (shortened), or <see langword="null"/>.</summary>
    public string? Excerpt { get; }
}
