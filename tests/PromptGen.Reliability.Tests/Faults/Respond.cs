using System.IO.Compression;
using System.Text;

namespace PromptGen.Reliability.Tests.Faults;

/// <summary>Server behaviours the scenarios are built from.</summary>
public static class Respond
{
    /// <summary>The good reply for the call's mode, with a length, keeping the connection.</summary>
    public static readonly Responder Good = (context, exchange) =>
    {
        var (type, body) = Bodies.Good(context.Mode, context.Token);
        return exchange.RespondAsync(200, type, body);
    };

    /// <summary>One behaviour per request, in order; the last repeats.</summary>
    public static Responder Then(params Responder[] steps) =>
        (context, exchange) => steps[Math.Min(exchange.Request.Index, steps.Length - 1)](context, exchange);

    public static Responder Status(int status, string body, string contentType = "application/json", params (string, string)[] headers) =>
        (_, exchange) => exchange.RespondAsync(status, contentType, body, headers);

    public static Responder Error(int status, string message, string? type = null, string? code = null, string? param = null, params (string, string)[] headers) =>
        Status(status, Bodies.Error(message, type, code, param), "application/json", headers);

    /// <summary>A body chosen per call: <paramref name="plain"/> for the plain modes, <paramref name="streamed"/> (SSE) for the streamed ones.</summary>
    public static Responder PerMode(Func<ScenarioContext, string> plain, Func<ScenarioContext, string> streamed, int status = 200) =>
        (context, exchange) => context.Mode.IsStreamed()
            ? exchange.RespondAsync(status, "text/event-stream", streamed(context))
            : exchange.RespondAsync(status, "application/json", plain(context));

    /// <summary>Raw bytes (status line and all), then the connection closes in order.</summary>
    public static Responder RawThenClose(Func<ScenarioContext, byte[]> bytes) => async (context, exchange) =>
    {
        await exchange.WriteAsync(bytes(context));
        exchange.Close();
    };

    /// <summary>Raw bytes (status line and all), then a reset.</summary>
    public static Responder RawThenReset(Func<ScenarioContext, byte[]> bytes) => async (context, exchange) =>
    {
        await exchange.WriteAsync(bytes(context));
        await Task.Delay(20);
        exchange.Reset();
    };

    /// <summary>Raw bytes, then nothing more.</summary>
    public static Responder RawThenStall(Func<ScenarioContext, byte[]> bytes) => async (context, exchange) =>
    {
        await exchange.WriteAsync(bytes(context));
        await exchange.StallAsync();
    };

    public static readonly Responder Reset = (_, exchange) =>
    {
        exchange.Reset();
        return Task.CompletedTask;
    };

    public static readonly Responder Close = (_, exchange) =>
    {
        exchange.Close();
        return Task.CompletedTask;
    };

    public static readonly Responder Stall = (_, exchange) => exchange.StallAsync();

    /// <summary>The good reply's head for the call's mode (status line and headers), without a body length for streams.</summary>
    public static string GoodHead(ScenarioContext context, int contentLength) =>
        context.Mode.IsStreamed()
            ? Raw.Head(200, ("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked"))
            : Raw.Head(200, ("Content-Type", "application/json"), ("Content-Length", contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The good body's bytes for the call's mode (for a stream, the SSE text; framed by the caller).</summary>
    public static byte[] GoodBody(ScenarioContext context) => Raw.Utf8(Bodies.Good(context.Mode, context.Token).Body);

    /// <summary>The good reply with its body as a chunked body cut into <paramref name="size"/>-byte chunks.</summary>
    public static Responder GoodChunked(int size, Func<byte[], byte[]>? frame = null) => (context, exchange) =>
    {
        var (type, body) = Bodies.Good(context.Mode, context.Token);
        var head = Raw.Head(200, ("Content-Type", type), ("Transfer-Encoding", "chunked"));
        var chunked = frame?.Invoke(Raw.Utf8(body)) ?? Raw.Chunked(Raw.Pieces(Raw.Utf8(body), size));
        return exchange.WriteAsync(Raw.Concat(Raw.Utf8(head), chunked));
    };

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>A streamed body of <paramref name="events"/> given as raw SSE text.</summary>
    public static Responder Sse(Func<ScenarioContext, string> text, string contentType = "text/event-stream") =>
        (context, exchange) => exchange.RespondAsync(200, contentType, Encoding.UTF8.GetBytes(text(context)));
}
