using System;
using System.Collections.Generic;

namespace PromptGen;

/// <summary>
/// The model answered, but not with something the prompt method can return. Subclasses say why;
/// <see cref="RawReply"/> holds what the model sent.
/// </summary>
public class PromptException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PromptException(string message, string? rawReply, string? finishReason, ChatUsage? usage, Exception? innerException = null)
        : base(message, innerException)
    {
        RawReply = rawReply;
        FinishReason = finishReason;
        Usage = usage;
    }

    /// <summary>The reply text as received (may be partial or <see langword="null"/>).</summary>
    public string? RawReply { get; }

    /// <summary>The finish reason the server gave.</summary>
    public string? FinishReason { get; }

    /// <summary>
    /// Token usage (billed even though the reply was unusable): for a method that asked again (<c>[Repair]</c>), the sum
    /// over every request it sent.
    /// </summary>
    public ChatUsage? Usage { get; internal set; }

    /// <summary>How many requests the method sent before giving up (more than one when <c>[Repair]</c> asked again).</summary>
    public int Attempts { get; internal set; } = 1;

    /// <summary>
    /// What the failed call cost in USD (billed even though the reply was unusable), priced as
    /// <see cref="ChatResult{T}.Cost"/> is: summed over every request it sent (repairs, tool rounds), cached prompt tokens
    /// at the cached price. <see langword="null"/> when any request's cost is unknown (no usage reported, a model the
    /// client's <see cref="PriceTable"/> has no price for), or when the exception was not thrown for a received reply
    /// (an exception a test or a hand-built <see cref="ChatCompletion"/> created). A streamed call's exception carries
    /// <see cref="Usage"/> and the cost once the stream's usage chunk has arrived (an item that fails before it has
    /// neither), summed with a partial stream's repair requests.
    /// </summary>
    public decimal? Cost { get; internal set; }

    /// <summary>Sets what the failed call used and cost; returns this exception.</summary>
    internal PromptException Charged(ChatUsage? usage, decimal? cost)
    {
        Usage = usage;
        Cost = cost;
        return this;
    }
}

/// <summary>The reply was cut off by the token limit (<c>finish_reason: "length"</c>) where a complete reply was needed.</summary>
public sealed class PromptTruncatedException : PromptException
{
    /// <summary>Creates the exception.</summary>
    public PromptTruncatedException(string message, string? rawReply, ChatUsage? usage)
        : base(message, rawReply, "length", usage)
    {
    }
}

/// <summary>The model refused to answer (<c>message.refusal</c>).</summary>
public sealed class PromptRefusedException : PromptException
{
    /// <summary>Creates the exception.</summary>
    public PromptRefusedException(string message, string refusal, string? finishReason, ChatUsage? usage)
        : base(message, null, finishReason, usage) => Refusal = refusal;

    /// <summary>The model's refusal text.</summary>
    public string Refusal { get; }
}

/// <summary>The server's content filter withheld the reply (<c>finish_reason: "content_filter"</c>).</summary>
public sealed class PromptFilteredException : PromptException
{
    /// <summary>Creates the exception.</summary>
    public PromptFilteredException(string message, string? rawReply, ChatUsage? usage)
        : base(message, rawReply, "content_filter", usage)
    {
    }
}

/// <summary>
/// The reply could not be turned into the method's return type: no content, JSON that does not parse, or JSON that breaks
/// the type's rules (<see cref="Errors"/>). With <c>[Repair]</c> it is thrown once the last retry failed too;
/// <see cref="PromptException.RawReply"/> is the last reply.
/// </summary>
public sealed class PromptFormatException : PromptException
{
    private static readonly string[] NoErrors = new string[0];

    /// <summary>Creates the exception.</summary>
    public PromptFormatException(string message, string? rawReply, string? finishReason, ChatUsage? usage, Exception? innerException = null)
        : base(message, rawReply, finishReason, usage, innerException) => Errors = NoErrors;

    /// <summary>Creates the exception with the errors found in the last reply and the number of requests sent.</summary>
    public PromptFormatException(string message, string? rawReply, string? finishReason, ChatUsage? usage, IReadOnlyList<string> errors, int attempts, Exception? innerException = null)
        : base(message, rawReply, finishReason, usage, innerException)
    {
        Errors = errors ?? NoErrors;
        Attempts = attempts;
    }

    /// <summary>
    /// What is wrong with the last reply, one entry per problem, each starting with the JSON path it concerns
    /// (<c>$.age: 150 is more than the maximum 120.</c>). Empty when the reply had no content.
    /// </summary>
    public IReadOnlyList<string> Errors { get; }
}
