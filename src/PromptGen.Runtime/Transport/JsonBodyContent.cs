using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// A request body of already-serialized UTF-8 JSON with a known length. It does not own the bytes: one serialized body
/// backs every attempt of a call and is returned to the pool when the call ends.
/// </summary>
internal sealed class JsonBodyContent : HttpContent
{
    private readonly byte[] _buffer;
    private readonly int _length;
    private volatile bool _writeStarted;

    public JsonBodyContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
        // Added as text: the handler writes it as is, and nothing parses or allocates a MediaTypeHeaderValue unless
        // someone reads Headers.ContentType.
        Headers.TryAddWithoutValidation("Content-Type", "application/json");
    }

    /// <summary>
    /// Whether the handler began writing the body: it does so only once a connection to the server is open, so a failure
    /// after this point means the server was reached and the connection dropped, not that it could not be reached.
    /// </summary>
    public bool WriteStarted => _writeStarted;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _writeStarted = true;
        return stream.WriteAsync(_buffer, 0, _length);
    }

#if NET
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _writeStarted = true;
        return stream.WriteAsync(_buffer, 0, _length, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _writeStarted = true;
        stream.Write(_buffer, 0, _length);
    }
#endif

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
