using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// Bytes already read from a body followed by the rest of it: lets the serializer read a reply the fast path gave up on
/// part-way (a body too large to buffer, or not a JSON object) without reading anything twice. Does not own either part.
/// </summary>
internal sealed class PrefixedStream : Stream
{
    private readonly byte[] _prefix;
    private readonly int _length;
    private readonly Stream _rest;
    private int _position;

    public PrefixedStream(byte[] prefix, int length, Stream rest)
    {
        _prefix = prefix;
        _length = length;
        _rest = rest;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        _position < _length ? Copy(buffer.AsSpan(offset, count)) : _rest.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _position < _length ? Task.FromResult(Copy(buffer.AsSpan(offset, count))) : _rest.ReadAsync(buffer, offset, count, cancellationToken);

#if NET
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _position < _length ? new ValueTask<int>(Copy(buffer.Span)) : _rest.ReadAsync(buffer, cancellationToken);
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Copy(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _length - _position);
        _prefix.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }
}
