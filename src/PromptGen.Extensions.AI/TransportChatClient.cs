using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace PromptGen.Extensions.AI;

/// <summary>An <see cref="IChatClient"/> over a PromptGen transport: messages and options become a <see cref="ChatRequest"/>.</summary>
internal sealed class TransportChatClient : IChatClient
{
    private readonly IChatTransport _transport;
    private readonly ChatClientMetadata _metadata;

    public TransportChatClient(IChatTransport transport, string? defaultModel)
    {
        _transport = transport;
        _metadata = new ChatClientMetadata("openai", (transport as PromptGen.ChatClient)?.Endpoint, defaultModel);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Mapping.ToRequest(messages ?? throw new ArgumentNullException(nameof(messages)), options, this);
        var completion = await _transport.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        return Mapping.ToResponse(completion);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Mapping.ToRequest(messages ?? throw new ArgumentNullException(nameof(messages)), options, this);
        return StreamCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamCoreAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Tool calls arrive in fragments (id and name first, then argument text); they are handed on whole, with the
        // chunk that finishes the choice, as Microsoft.Extensions.AI's own OpenAI client does.
        SortedDictionary<int, ChatToolCall>? calls = null;
        await foreach (var chunk in _transport.StreamAsync(request, cancellationToken).ConfigureAwait(false))
        {
            List<AIContent>? finished = null;
            foreach (var choice in chunk.Choices)
            {
                if (choice.Delta?.ToolCalls is { } deltas)
                {
                    calls ??= new SortedDictionary<int, ChatToolCall>();
                    foreach (var delta in deltas)
                    {
                        if (!calls.TryGetValue(delta.Index, out var call))
                        {
                            calls[delta.Index] = call = new ChatToolCall { Type = "function", Function = new ChatFunctionCall() };
                        }

                        call.Id ??= delta.Id;
                        call.Function!.Name ??= delta.Function?.Name;
                        call.Function.Arguments += delta.Function?.Arguments;
                    }
                }

                if (choice.FinishReason is not null && calls is not null)
                {
                    finished = Flush(calls);
                    calls = null;
                }
            }

            yield return Mapping.ToUpdate(chunk, finished ?? (IList<AIContent>)Array.Empty<AIContent>());
        }

        if (calls is not null)
        {
            yield return new ChatResponseUpdate(Microsoft.Extensions.AI.ChatRole.Assistant, Flush(calls));
        }

        static List<AIContent> Flush(SortedDictionary<int, ChatToolCall> calls)
        {
            var contents = new List<AIContent>(calls.Count);
            foreach (var call in calls.Values)
            {
                contents.Add(new FunctionCallContent(call.Id ?? "", call.Function?.Name ?? "", Mapping.ParseArguments(call.Function?.Arguments)));
            }

            return contents;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(_transport))
        {
            return _transport;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the transport belongs to whoever created it.</summary>
    public void Dispose()
    {
    }
}
