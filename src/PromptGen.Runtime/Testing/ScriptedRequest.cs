namespace PromptGen.Testing;

/// <summary>A request a <see cref="ScriptedTransport"/> received, as the HTTP client would have sent it.</summary>
public sealed class ScriptedRequest
{
    internal ScriptedRequest(int index, ChatRequest request, string body)
    {
        Index = index;
        Request = request;
        Body = body;
    }

    /// <summary>The request's position among those the transport received, from 0.</summary>
    public int Index { get; }

    /// <summary>The request with the client's defaults filled in (model, <c>stream</c>, <c>stream_options</c>).</summary>
    public ChatRequest Request { get; }

    /// <summary>
    /// The JSON body <see cref="ChatClient"/> would post for this request with the same options; its UTF-8 encoding is
    /// the body's exact bytes. Compare it with a snapshot, or parse it to assert on single fields.
    /// </summary>
    public string Body { get; }

    /// <summary>The index and the request as JSON, with a long image <c>data:</c> URI shortened (<see cref="ChatRequest.ToString"/>); <see cref="Body"/> is whole.</summary>
    public override string ToString() => $"#{Index} {Request}";
}
