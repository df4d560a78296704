using System.Text;

namespace PromptGen.TestServer;

/// <summary>One request the <see cref="LoopbackServer"/> received, recorded before it was answered.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordedRequest(int index, string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        Index = index;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
    }

    /// <summary>The request's position, 0 for the first the server received.</summary>
    public int Index { get; }

    /// <summary>The HTTP method, for example <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The path and query, for example <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>The headers by name (case-insensitive); repeated headers are joined with <c>", "</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body bytes exactly as received.</summary>
    public byte[] Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Completes when the server has finished with the request: the reply was written, or the client went away.</summary>
    public Task Finished => _finished.Task;

    internal void MarkFinished() => _finished.TrySetResult();

    /// <summary>
    /// Completes, with the <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> at that moment, when the server noticed
    /// that the client closed or reset the connection while the reply was still being written; never completes when the
    /// reply was written to its end.
    /// </summary>
    public Task<long> Disconnected => _disconnected.Task;

    internal void MarkDisconnected() => _disconnected.TrySetResult(System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>A header's value, or <see langword="null"/> when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Method} {Path} ({Body.Length} bytes)";
}
