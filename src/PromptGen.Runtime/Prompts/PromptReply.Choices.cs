using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PromptGen;

// Which choices a reply must hold. Chat Completions answers with exactly 'n' choices (default 1), each with its own
// 'index' from 0 to n-1; a reply that holds fewer, more, the same index twice, or an index out of that range does not
// answer the request, so it is a PromptFormatException that names what was asked and what came back, never a silent
// pick. Streams are checked as they are read (StreamTally.Observe): a stream read as one reply carries index 0 only.
public static partial class PromptReply
{
    /// <summary>
    /// The only choice of a reply to a request for one (<paramref name="asked"/>, the request's <c>n</c>, is null or 1):
    /// it must hold exactly one choice, with index 0 (see <see cref="Ordered"/>).
    /// </summary>
    /// <exception cref="PromptFormatException">The reply holds no choice, more than one, or one whose index is not 0.</exception>
    internal static ChatChoice OnlyChoice(ChatCompletion completion, int? asked)
    {
        CheckHasChoices(completion);
        var choices = completion.Choices;
        return choices.Count == 1 && choices[0].Index == 0 && asked is null or 1 ? choices[0] : Ordered(completion, asked)[0];
    }

    /// <summary>
    /// Every choice in index order. The reply must hold exactly the choices the request asked for (<paramref name="asked"/>,
    /// the request's <c>n</c>; 1 when not sent), indexes 0 to n-1, each once. Fewer is a <see cref="PromptFormatException"/>:
    /// a method that returns every choice promises that many, and some OpenAI-compatible servers ignore <c>n</c> and
    /// return one choice (llama.cpp's server refuses <c>n</c> &gt; 1 with a 500 instead). More than asked, an index twice,
    /// or an index out of range is a <see cref="PromptFormatException"/> too, whose <see cref="PromptFormatException.Errors"/>
    /// lists each fault: the server does not implement <c>n</c> as Chat Completions specifies, and picking some of its
    /// choices would hide that (and the tokens the extra ones cost).
    /// </summary>
    /// <param name="completion">The reply.</param>
    /// <param name="asked">The request's <c>n</c>.</param>
    /// <param name="where">Put before the message when the reply is not the call's last: which round of a tool-call loop it answered.</param>
    internal static IReadOnlyList<ChatChoice> Ordered(ChatCompletion completion, int? asked, string where = "")
    {
        CheckHasChoices(completion);
        var choices = completion.Choices;
        var expected = asked ?? 1;
        if (asked is { } n && choices.Count < n)
        {
            throw new PromptFormatException(
                $"{where}Asked for {n} choices ('n' = {n}, from [Choices({n})]) and the server returned {choices.Count}. The server may ignore 'n' or allow one choice: remove [Choices] and call the method {n} times, or use a server that supports 'n'.",
                null, null, completion.Usage) { Cost = completion.Cost };
        }

        if (InOrder(choices, expected))
        {
            return choices;
        }

        var sorted = new ChatChoice[choices.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = choices[i];
        }

        Array.Sort(sorted, static (a, b) => a.Index.CompareTo(b.Index));
        if (InOrder(sorted, expected))
        {
            return sorted;
        }

        var errors = IndexFaults(sorted, expected);
        var indexes = Indexes(sorted);
        var message = sorted.Length > expected
            ? $"{AskedFor(asked)} and the server returned {sorted.Length} (indexes {indexes})."
            : $"{AskedFor(asked)} and the server returned {Count(sorted.Length)} with {(sorted.Length == 1 ? "index" : "indexes")} {indexes}, not {IndexRange(expected)}.";
        throw new PromptFormatException(
            $"{where}{message} {string.Join(" ", errors)} The server does not answer 'n' as Chat Completions specifies (exactly n choices, indexes 0 to n-1): use a server that does{(expected > 1 ? $", or remove [Choices] and call the method {expected} times" : "")}.",
            null, null, completion.Usage, errors, 1) { Cost = completion.Cost };
    }

    private static void CheckHasChoices(ChatCompletion completion)
    {
        if (completion is null)
        {
            throw new ArgumentNullException(nameof(completion));
        }

        if (completion.Choices.Count == 0)
        {
            throw new PromptFormatException(
                "The server's reply has no choices, so there is nothing to return. Check that the server implements Chat Completions.",
                null, null, completion.Usage) { Cost = completion.Cost };
        }
    }

    /// <summary>Whether <paramref name="choices"/> are exactly indexes 0 to <paramref name="expected"/>-1 in order (the usual reply: nothing to sort).</summary>
    private static bool InOrder(IReadOnlyList<ChatChoice> choices, int expected)
    {
        if (choices.Count != expected)
        {
            return false;
        }

        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i].Index != i)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each fault of the indexes (sorted) against 0 to <paramref name="expected"/>-1: a repeated index, one out of range, one missing.</summary>
    private static List<string> IndexFaults(ChatChoice[] sorted, int expected)
    {
        var errors = new List<string>();
        for (var i = 0; i < sorted.Length; i++)
        {
            var index = sorted[i].Index;
            if (i > 0 && sorted[i - 1].Index == index)
            {
                continue;
            }

            var times = 1;
            while (i + times < sorted.Length && sorted[i + times].Index == index)
            {
                times++;
            }

            if (index < 0 || index >= expected)
            {
                errors.Add($"Index {index} is out of range ({IndexRange(expected)}).");
            }
            else if (times > 1)
            {
                errors.Add($"Index {index} appears {times} times.");
            }
        }

        var next = 0;
        for (var index = 0; index < expected; index++)
        {
            while (next < sorted.Length && sorted[next].Index < index)
            {
                next++;
            }

            if (next == sorted.Length || sorted[next].Index != index)
            {
                errors.Add($"Index {index} is missing.");
            }
        }

        return errors;
    }

    private static string AskedFor(int? asked) => asked switch
    {
        null => "Asked for one choice ('n' not sent, so 1)",
        1 => "Asked for one choice ('n' = 1)",
        { } n => $"Asked for {n} choices ('n' = {n})",
    };

    private static string Count(int choices) => choices == 1 ? "one choice" : choices.ToString(CultureInfo.InvariantCulture) + " choices";

    private static string IndexRange(int expected) => expected switch
    {
        1 => "index 0",
        2 => "indexes 0 and 1",
        _ => $"indexes 0 to {expected - 1}",
    };

    private static string Indexes(ChatChoice[] sorted)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Length; i++)
        {
            text.Append(i == 0 ? "" : i == sorted.Length - 1 ? " and " : ", ").Append(sorted[i].Index.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>
    /// The methods that return one reply (text, JSON, streams) send a request for one choice: <c>n</c> above 1 would pay
    /// for replies nobody reads. Generated code never sends one (<c>[Choices]</c> on such a method is PG0017 or a build
    /// error that asks for a list); this guards a request built by hand.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="request"/>'s <see cref="ChatRequest.N"/> is not null or 1.</exception>
    internal static void RequireOneChoice(ChatRequest request, bool stream)
    {
        if (request.N is { } n && n != 1)
        {
            throw new ArgumentException(
                stream
                    ? $"The request asks for {n} choices (ChatRequest.N = {n}), but a streamed prompt reply reads one reply, choice 0. Set N to null, or stream with ChatClient.StreamAsync and read each choice's deltas by its index."
                    : $"The request asks for {n} choices (ChatRequest.N = {n}), but this method returns one. Set N to null, or call TextChoicesAsync or JsonChoicesAsync to receive every choice.",
                nameof(request));
        }
    }

    /// <summary>
    /// A stream read as one reply carried a chunk for choice <paramref name="index"/>: the request asked for one choice
    /// (index 0), so the server answers something else than what was asked.
    /// </summary>
    internal static PromptFormatException StrayChoice(int index, StreamTally tally)
    {
        var received = tally.Redactor.Redact(tally.Text.Length == 0 ? null : tally.Text.ToString());
        var error = $"Index {index} is out of range (index 0).";
        return new PromptFormatException(
            $"Asked for one choice and the streamed reply carried a chunk for choice {index}. {error} The server does not answer 'n' as Chat Completions specifies (a stream of one choice, index 0): use a server that does. Received so far for choice 0: {Excerpt(received)}.",
            received, tally.Redactor.Redact(tally.FinishReason), tally.Usage, new[] { error }, 1);
    }
}
