using System;
using System.Collections.Generic;
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
        var copy = Queued(calls);
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

    /// <summary>
    /// Queues a streamed reply asking for one tool call, for a streaming method with tools (the streamed counterpart of
    /// <see cref="ReplyToolCall"/>): the call's id and name arrive in one chunk and its arguments in fragments, as servers
    /// stream them, then a chunk with finish reason <c>tool_calls</c>. The method runs the tool and streams the next
    /// request's reply, which the next queued <c>Stream(...)</c> answers.
    /// </summary>
    /// <param name="name">The function name, as the model sees it (<c>get_weather</c>).</param>
    /// <param name="arguments">The arguments as JSON text: <c>{"city":"Oslo"}</c>.</param>
    /// <param name="id">The call's id; <see langword="null"/> for <c>call_{n}</c> numbered by queue position, <c>""</c> to act like servers that send none.</param>
    /// <returns>This transport, to queue more.</returns>
    public ScriptedTransport StreamToolCall(string name, string arguments, string? id = null) =>
        StreamToolCalls(new ChatToolCall { Id = id, Type = "function", Function = new ChatFunctionCall { Name = name, Arguments = arguments } });

    /// <summary>
    /// Queues a streamed reply asking for several tool calls at once (parallel calls): each call's id and name in one
    /// chunk, its arguments in fragments, the calls one after another by index, then finish reason <c>tool_calls</c>.
    /// </summary>
    /// <param name="calls">The calls, in order; a call without an id gets <c>call_{n}_{i}</c>.</param>
    /// <returns>This transport, to queue more.</returns>
    /// <exception cref="ArgumentException">No call is given, or one has no function name.</exception>
    public ScriptedTransport StreamToolCalls(params ChatToolCall[] calls) =>
        Stream(ToolCallChunks(Queued(calls).Select(call => (call.Id!, call.Function!.Name!, call.Function.Arguments!)).ToArray()));

    /// <summary>
    /// The calls as a reply or stream queued now carries them (copies): at least one, each with a function name; a call
    /// without an id gets <c>call_{n}_{i}</c> (<c>n</c> the reply's queue position), without a type <c>function</c>,
    /// without arguments <c>{}</c>.
    /// </summary>
    private ChatToolCall[] Queued(ChatToolCall[] calls)
    {
        if (calls is null || calls.Length == 0 || calls.Any(call => call?.Function?.Name is null))
        {
            throw new ArgumentException("Give at least one call, each with a function name.", nameof(calls));
        }

        var position = PendingReplies + Requests.Count;
        return calls.Select((call, i) => new ChatToolCall
        {
            Id = call.Id ?? $"call_{position}_{i}",
            Type = call.Type ?? "function",
            Function = new ChatFunctionCall { Name = call.Function!.Name, Arguments = call.Function.Arguments ?? "{}" },
        }).ToArray();
    }

    private static IEnumerable<ChatCompletionChunk> ToolCallChunks((string Id, string Name, string Arguments)[] calls)
    {
        ChatCompletionChunk Chunk(ChatDelta delta, string? finish = null) => new()
        {
            Id = "chatcmpl-scripted",
            Object = "chat.completion.chunk",
            Choices = new[] { new ChatChunkChoice { Index = 0, Delta = delta, FinishReason = finish } },
        };

        ChatDelta Call(int index, string? id, string? name, string arguments) => new()
        {
            ToolCalls = new[] { new ChatToolCallDelta { Index = index, Id = id, Type = id is null ? null : "function", Function = new ChatFunctionCall { Name = name, Arguments = arguments } } },
        };

        var chunks = new List<ChatCompletionChunk> { Chunk(new ChatDelta { Role = ChatRole.Assistant }) };
        for (var i = 0; i < calls.Length; i++)
        {
            chunks.Add(Chunk(Call(i, calls[i].Id, calls[i].Name, "")));

            // Arguments in fragments of at most 8 characters: a method has to join them by index, as with a real server.
            var arguments = calls[i].Arguments;
            for (var start = 0; start < arguments.Length; start += 8)
            {
                chunks.Add(Chunk(Call(i, null, null, arguments.Substring(start, Math.Min(8, arguments.Length - start)))));
            }
        }

        chunks.Add(Chunk(new ChatDelta(), "tool_calls"));
        return chunks;
    }
}
