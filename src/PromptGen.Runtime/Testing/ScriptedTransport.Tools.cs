using System;
using System.Linq;

namespace PromptGen.Testing;

public sealed partial class ScriptedTransport
{
    /// <summary>
    /// Queues a reply asking for one tool call (finish reason <c>tool_calls</c>): a method with tools runs the tool and
    /// sends the next request, which the next queued reply answers.
    /// </summary>
    /// <param name="name">The function name, as the model sees it (<c>get_weather</c>).</param>
    /// <param name="arguments">The arguments as JSON text: <c>{"city":"Oslo"}</c>.</param>
    /// <param name="id">The call's id; <see langword="null"/> for <c>call_{n}</c> numbered by queue position, <c>""</c> to act like servers that send none.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport ReplyToolCall(string name, string arguments, string? id = null) =>
        ReplyToolCalls(new ChatToolCall { Id = id, Type = "function", Function = new ChatFunctionCall { Name = name, Arguments = arguments } });

    /// <summary>Queues a reply asking for several tool calls at once (parallel calls), with finish reason <c>tool_calls</c>.</summary>
    /// <param name="calls">The calls, in order; a call without an id gets <c>call_{n}_{i}</c>.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport ReplyToolCalls(params ChatToolCall[] calls)
    {
        if (calls is null || calls.Length == 0 || calls.Any(call => call?.Function?.Name is null))
        {
            throw new ArgumentException("Give at least one call, each with a function name.", nameof(calls));
        }

        var position = PendingReplies + Requests.Count;
        var copy = calls.Select((call, i) => new ChatToolCall
        {
            Id = call.Id ?? $"call_{position}_{i}",
            Type = call.Type ?? "function",
            Function = new ChatFunctionCall { Name = call.Function!.Name, Arguments = call.Function.Arguments ?? "{}" },
        }).ToArray();
        return Reply(new ChatCompletion
        {
            Id = "chatcmpl-scripted",
            Object = "chat.completion",
            Choices = new[]
            {
                new ChatChoice
                {
                    Index = 0,
                    Message = new ChatReplyMessage { Role = ChatRole.Assistant, ToolCalls = copy },
                    FinishReason = "tool_calls",
                },
            },
        });
    }
}
