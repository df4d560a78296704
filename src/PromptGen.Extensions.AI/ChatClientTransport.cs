using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace PromptGen.Extensions.AI;

/// <summary>A PromptGen transport over an <see cref="IChatClient"/>: requests become messages and options, replies become completions.</summary>
internal sealed class ChatClientTransport : IChatTransport
{
    private readonly IChatClient _client;

    public ChatClientTransport(IChatClient client) => _client = client;

    public async Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var (messages, options) = Mapping.ToMeai(request ?? throw new ArgumentNullException(nameof(request)));
        var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return Mapping.ToCompletion(response);
    }

    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var (messages, options) = Mapping.ToMeai(request ?? throw new ArgumentNullException(nameof(request)));
        return StreamCoreAsync(messages, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatCompletionChunk> StreamCoreAsync(List<MeaiChatMessage> messages, ChatOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var toolCalls = 0;
        await foreach (var update in _client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return Mapping.ToChunk(update, ref toolCalls);
        }
    }
}
