using System;

namespace PromptGen;

/// <summary>
/// The server answered, but not with something the client can read: a success body that is not JSON, a stream event
/// that is not valid JSON, a stream that ended early or broke off (<see cref="IsCutShort"/> tells these apart).
/// <see cref="Excerpt"/> shows what was received.
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

    /// <summary>
    /// Whether the reply was cut short rather than malformed: a streamed reply that ended without <c>data: [DONE]</c> (its
    /// last event whole, or cut off in the middle), or a connection that broke while the reply was being read. What was
    /// received is incomplete, and trying the call again usually succeeds. <see langword="false"/> when what arrived was
    /// whole but could not be read (an event or a body that is not valid JSON), which trying again rarely mends.
    /// </summary>
    public bool IsCutShort { get; internal set; }
}
