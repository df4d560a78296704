using System;
using System.Collections.Generic;

namespace PromptGen;

/// <summary>
/// An item of a streamed JSON array (<c>IAsyncEnumerable&lt;T&gt;</c>, <c>ChatStream&lt;T&gt;</c>) does not fit the
/// item type: it breaks a rule of <c>T</c>'s schema or cannot be deserialised. The items before it were already yielded;
/// items are checked as they arrive and never repaired mid-stream (a re-ask would repeat what the caller already has).
/// </summary>
public sealed class PromptItemException : PromptException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, with the item's index and an excerpt.</param>
    /// <param name="index">The item's position in the array, from 0.</param>
    /// <param name="item">The item's JSON as received.</param>
    /// <param name="rawReply">Everything received up to and including the item.</param>
    /// <param name="errors">The problems, each starting with its JSON path (<c>$.items[3].stars: …</c>).</param>
    /// <param name="innerException">The deserialiser's exception, when it failed.</param>
    public PromptItemException(string message, int index, string item, string? rawReply, IReadOnlyList<string> errors, Exception? innerException = null)
        : base(message, rawReply, null, null, innerException)
    {
        Index = index;
        Item = item ?? throw new ArgumentNullException(nameof(item));
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
    }

    /// <summary>The failing item's position in the array, from 0 (the count of items yielded before it).</summary>
    public int Index { get; }

    /// <summary>The failing item's JSON as received.</summary>
    public string Item { get; }

    /// <summary>What is wrong with the item, one entry per problem, each starting with its JSON path.</summary>
    public IReadOnlyList<string> Errors { get; }
}
