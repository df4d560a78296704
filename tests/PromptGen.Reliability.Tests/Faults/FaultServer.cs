using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PromptGen.Reliability.Tests.Faults;

/// <summary>
/// A loopback HTTP/1.1 server on raw sockets (<see cref="TcpListener"/> on 127.0.0.1, port 0) for fault injection: every
/// byte it sends is written by the test, so it can send what no well-behaved server would — broken status lines, wrong
/// lengths, chunked bodies cut in odd places, resets (linger 0), stalls and drips.
/// </summary>
/// <remarks>
/// Each request is read in full (headers and a <c>Content-Length</c> or chunked body), counted, recorded and handed to the
/// responder with a <see cref="FaultExchange"/> to write the answer. A connection is kept for the next request unless the
/// responder closed, reset or stalled it. Disposing the server stops every stall and closes every connection.
/// </remarks>
public sealed class FaultServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<FaultExchange, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, TcpClient> _open = new();
    private readonly ConcurrentQueue<FaultRequest> _requests = new();
    private readonly Task _accepting;
    private int _requestCount;
    private int _connectionCount;
    private int _nextConnection;

    private FaultServer(Func<FaultExchange, Task> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Starts a server that answers every request with <paramref name="respond"/>.</summary>
    public static FaultServer Start(Func<FaultExchange, Task> respond) => new(respond);

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}/v1</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");

    /// <summary>How many requests were read in full.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>How many connections were accepted.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>The requests read so far, in arrival order.</summary>
    public IReadOnlyList<FaultRequest> Requests => _requests.ToArray();

    /// <summary>Set when the server is disposed; stalls wait for it.</summary>
    public CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _open.Values)
        {
            client.Dispose();
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The listener was stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            var id = Interlocked.Increment(ref _nextConnection);
            _open[id] = client;
            _ = Task.Run(() => ServeAsync(id, client));
        }
    }

    private async Task ServeAsync(int id, TcpClient client)
    {
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new RequestReader(stream);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var request = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                var index = Interlocked.Increment(ref _requestCount) - 1;
                request = request with { Index = index };
                _requests.Enqueue(request);
                var exchange = new FaultExchange(request, client, stream, _stop.Token);
                await _respond(exchange).ConfigureAwait(false);
                if (exchange.Ended)
                {
                    return;
                }

                await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The client went away, or the server stopped: either ends this connection.
        }
        finally
        {
            _open.TryRemove(id, out _);
            client.Dispose();
        }
    }

    /// <summary>Reads HTTP/1.1 requests off one connection, keeping bytes that belong to the next request.</summary>
    private sealed class RequestReader
    {
        private readonly NetworkStream _stream;
        private byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public RequestReader(NetworkStream stream) => _stream = stream;

        public async Task<FaultRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd()) < 0)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }

            var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd + 4;
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }

            string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            byte[] body;
            if (Header("Content-Length") is { } lengthText)
            {
                body = await ReadExactlyAsync(int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }
            else if (string.Equals(Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadChunkedAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                body = Array.Empty<byte>();
            }

            return new FaultRequest(0, requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, body);
        }

        private int IndexOfHeaderEnd()
        {
            for (var i = _start; i + 3 < _end; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            _end += read;
            return read > 0;
        }

        private async Task<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
        {
            while (_end - _start < length)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("The client closed the connection inside a request body.");
                }
            }

            var body = _buffer.AsSpan(_start, length).ToArray();
            _start += length;
            return body;
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                for (var i = _start; i + 1 < _end; i++)
                {
                    if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                    {
                        var line = Encoding.ASCII.GetString(_buffer, _start, i - _start);
                        _start = i + 2;
                        return line;
                    }
                }

                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("The client closed the connection inside a chunked request body.");
                }
            }
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    return body.ToArray();
                }

                body.Write(await ReadExactlyAsync(size, cancellationToken).ConfigureAwait(false));
                await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>One request as the fault server read it.</summary>
public sealed record FaultRequest(int Index, string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>The answer to one request: raw writes, pauses, and the ways a connection can end.</summary>
public sealed class FaultExchange
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    internal FaultExchange(FaultRequest request, TcpClient client, NetworkStream stream, CancellationToken stopping)
    {
        Request = request;
        _client = client;
        _stream = stream;
        Stopping = stopping;
    }

    public FaultRequest Request { get; }

    /// <summary>Set when the server is disposed.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Whether the connection was closed, reset or left stalled (so no further request is read from it).</summary>
    public bool Ended { get; private set; }

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, Stopping).ConfigureAwait(false);
        await _stream.FlushAsync(Stopping).ConfigureAwait(false);
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> in pieces of <paramref name="size"/> with <paramref name="pause"/> between them.</summary>
    public async Task DripAsync(byte[] bytes, int size, TimeSpan pause)
    {
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            await _stream.WriteAsync(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), Stopping).ConfigureAwait(false);
            await _stream.FlushAsync(Stopping).ConfigureAwait(false);
            await Task.Delay(pause, Stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="block"/> again and again until <paramref name="total"/> bytes are sent.</summary>
    public async Task WriteRepeatedAsync(byte[] block, long total)
    {
        for (long sent = 0; sent < total; sent += block.Length)
        {
            var take = (int)Math.Min(block.Length, total - sent);
            await _stream.WriteAsync(block.AsMemory(0, take), Stopping).ConfigureAwait(false);
        }

        await _stream.FlushAsync(Stopping).ConfigureAwait(false);
    }

    /// <summary>Resets the connection: linger 0, so closing sends RST instead of FIN.</summary>
    public void Reset()
    {
        Ended = true;
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }

    /// <summary>Closes the connection in order (FIN).</summary>
    public void Close()
    {
        Ended = true;
        _client.Client.Shutdown(SocketShutdown.Both);
        _client.Client.Close();
    }

    /// <summary>Sends nothing more until the server is disposed or the client goes away.</summary>
    public async Task StallAsync()
    {
        Ended = true;
        try
        {
            // Reading notices the client closing its side; the server's disposal ends it too.
            var buffer = new byte[256];
            while (await _stream.ReadAsync(buffer, Stopping).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception)
        {
        }
    }

    /// <summary>Writes a whole response with a <c>Content-Length</c>.</summary>
    public Task RespondAsync(int status, string contentType, byte[] body, params (string Name, string Value)[] headers) =>
        WriteAsync(Raw.Response(status, contentType, body, headers));

    public Task RespondAsync(int status, string contentType, string body, params (string Name, string Value)[] headers) =>
        RespondAsync(status, contentType, Encoding.UTF8.GetBytes(body), headers);
}

/// <summary>Builds raw HTTP/1.1 response bytes.</summary>
public static class Raw
{
    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    /// <summary>A status line and headers, ending with the blank line.</summary>
    public static string Head(int status, params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} {Reason(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return text.Append("\r\n").ToString();
    }

    public static byte[] Response(int status, string contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        var all = new List<(string, string)>();
        if (contentType.Length > 0)
        {
            all.Add(("Content-Type", contentType));
        }

        all.Add(("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        all.AddRange(headers);
        return Concat(Encoding.ASCII.GetBytes(Head(status, all.ToArray())), body);
    }

    /// <summary>A chunked body: each piece one chunk, then the last chunk.</summary>
    public static byte[] Chunked(IEnumerable<byte[]> pieces, bool terminate = true)
    {
        using var body = new MemoryStream();
        foreach (var piece in pieces)
        {
            body.Write(Encoding.ASCII.GetBytes(piece.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
            body.Write(piece);
            body.Write("\r\n"u8);
        }

        if (terminate)
        {
            body.Write("0\r\n\r\n"u8);
        }

        return body.ToArray();
    }

    /// <summary><paramref name="bytes"/> cut into pieces of <paramref name="size"/> bytes.</summary>
    public static IEnumerable<byte[]> Pieces(byte[] bytes, int size)
    {
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            yield return bytes.AsSpan(offset, Math.Min(size, bytes.Length - offset)).ToArray();
        }
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
