using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// What generated prompt implementations call to reach a model. <see cref="ChatClient"/> implements it over HTTP and
/// <see cref="Testing.ScriptedTransport"/> with queued replies for tests; an adapter over another chat library can implement it too.
/// </summary>
public interface IChatTransport
{
    /// <summary>Sends <paramref name="request"/> and returns the whole reply.</summary>
    /// <param name="request">The request; the transport fills in what it leaves unset (the model, for example) without changing it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="request"/> as a streamed request and yields the reply's chunks as they arrive.</summary>
    /// <param name="request">The request; the transport sends it with <c>stream: true</c> without changing it.</param>
    /// <param name="cancellationToken">Cancels the call, mid-stream too.</param>
    IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default);
}
