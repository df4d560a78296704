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

    public JsonBodyContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
        // Added as text: the handler writes it as is, and nothing parses or allocates a MediaTypeHeaderValue unless
        // someone reads Headers.ContentType.
        Headers.TryAddWithoutValidation("Content-Type", "application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer, 0, _length);

#if NET
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer, 0, _length, cancellationToken);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_buffer, 0, _length);
#endif

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
