using System;
using PromptGen;
using PromptGen.Extensions.AI;

namespace Microsoft.Extensions.AI;

/// <summary>
/// PromptGen and Microsoft.Extensions.AI, both ways: <see cref="AsPromptTransport"/> runs generated clients over any
/// <see cref="IChatClient"/>, and <see cref="AsIChatClient"/> offers a PromptGen transport as an <see cref="IChatClient"/>.
/// </summary>
/// <remarks>
/// What does not map fails with <see cref="NotSupportedException"/> naming the field, never silently: <c>n</c> above 1
/// (an <see cref="IChatClient"/> returns one reply per request), <c>logprobs</c>, <c>top_logprobs</c>, <c>user</c> and
/// refusal or audio parts going to an <see cref="IChatClient"/>; <see cref="ChatOptions.TopK"/>,
/// <see cref="ChatOptions.ConversationId"/>, continuation tokens, tools other than functions, and unknown
/// <see cref="ChatOptions.AdditionalProperties"/> coming from one.
/// </remarks>
public static class PromptGenChatClientExtensions
{
    /// <summary>
    /// A transport for generated clients that sends each request through <paramref name="client"/>:
    /// <c>new ITutor.Client(openAIChatClient.AsIChatClient().AsPromptTransport())</c>. Messages, settings, the JSON
    /// schema (strict mode as <c>AdditionalProperties["strict"]</c>, which Microsoft.Extensions.AI.OpenAI reads), tools,
    /// streaming, usage and finish reasons are mapped; the client's middleware (caching, OpenTelemetry, logging) applies.
    /// </summary>
    /// <param name="client">Any chat client: OpenAI, Azure, Ollama, or a pipeline built with <c>ChatClientBuilder</c>.</param>
    /// <returns>A transport; it does not dispose <paramref name="client"/>. Failures are <paramref name="client"/>'s own exceptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public static IChatTransport AsPromptTransport(this IChatClient client) =>
        new ChatClientTransport(client ?? throw new ArgumentNullException(nameof(client)));

    /// <summary>
    /// <paramref name="transport"/> (usually a PromptGen <see cref="PromptGen.ChatClient"/>, with its retries, timeouts and
    /// provider tolerance) as an <see cref="IChatClient"/>, for code written against Microsoft.Extensions.AI.
    /// </summary>
    /// <param name="transport">The transport to send through.</param>
    /// <param name="defaultModel">Reported as <see cref="ChatClientMetadata.DefaultModelId"/>; the transport's own default still applies when a request names no model.</param>
    /// <returns>A chat client; disposing it does not dispose <paramref name="transport"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> is <see langword="null"/>.</exception>
    public static IChatClient AsIChatClient(this IChatTransport transport, string? defaultModel = null) =>
        new TransportChatClient(transport ?? throw new ArgumentNullException(nameof(transport)), defaultModel);
}
