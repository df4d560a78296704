using System.Text;

namespace PromptGen.TestServer;

/// <summary>
/// A scripted answer for <see cref="LoopbackServer.Enqueue(Reply[])"/>: a status, headers, and a body written step by
/// step (pieces, pauses, waits on a test's gate, a hang until the client gives up, or a connection abort).
/// </summary>
/// <example>
/// <code>
/// server.Enqueue(Reply.Json("""{"choices":[]}"""));
/// server.Enqueue(Reply.Error(429, "Slow down", code: "rate_limit_exceeded").WithHeader("retry-after", "2"));
/// server.Enqueue(Reply.Sse().Data("""{"choices":[]}""").Pause(TimeSpan.FromSeconds(1)).Done());
/// server.Enqueue(Reply.Abort());
/// </code>
/// </example>
public sealed class Reply
{
    private readonly List<Step> _beforeHeaders = new();
    private readonly List<Step> _body = new();
    private readonly List<KeyValuePair<string, string>> _headers = new();
    private bool _fixedLength;

    private Reply(int status, string? contentType)
    {
        Status = status;
        ContentType = contentType;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The Content-Type, or <see langword="null"/> for none.</summary>
    public string? ContentType { get; private set; }

    internal IReadOnlyList<Step> BeforeHeadersSteps => _beforeHeaders;

    internal IReadOnlyList<Step> BodySteps => _body;

    internal IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    internal bool FixedLength => _fixedLength;

    /// <summary>A JSON body (<c>application/json</c>, with Content-Length), status 200 unless given.</summary>
    public static Reply Json(string json, int status = 200) => Fixed(status, "application/json", json);

    /// <summary>An OpenAI-shaped error body <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public static Reply Error(int status, string message, string? type = "invalid_request_error", string? code = null, string? param = null)
    {
        var json = "{\"error\":{\"message\":" + Quote(message) + ",\"type\":" + Quote(type) + ",\"param\":" + Quote(param) + ",\"code\":" + Quote(code) + "}}";
        return Fixed(status, "application/json", json);
    }

    /// <summary>A text body with the given content type (for HTML error pages, plain text, broken JSON).</summary>
    public static Reply Text(int status, string text, string contentType = "text/plain; charset=utf-8") => Fixed(status, contentType, text);

    /// <summary>A status with an empty body.</summary>
    public static Reply Empty(int status) => Fixed(status, null, "");

    /// <summary>An empty <c>text/event-stream</c> reply; add events with <see cref="Data"/>, <see cref="Done"/>, <see cref="Raw"/>…</summary>
    public static Reply Sse() => new(200, "text/event-stream");

    /// <summary>A <c>text/event-stream</c> reply replaying a recorded body, written one event (up to each blank line) at a time.</summary>
    public static Reply SseFile(string path)
    {
        var reply = Sse();
        var text = File.ReadAllText(path);
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            end = end < 0 ? text.Length : end + 2;
            reply.Raw(text.Substring(start, end - start));
            start = end;
        }

        return reply;
    }

    /// <summary>Aborts the connection before any response byte is sent.</summary>
    public static Reply Abort()
    {
        var reply = new Reply(0, null);
        reply._beforeHeaders.Add(new Step(StepKind.Abort));
        return reply;
    }

    /// <summary>Adds a response header.</summary>
    public Reply WithHeader(string name, string value)
    {
        _headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>Replaces the Content-Type.</summary>
    public Reply WithContentType(string? contentType)
    {
        ContentType = contentType;
        return this;
    }

    /// <summary>Holds the response headers until <paramref name="gate"/> completes (or the client gives up).</summary>
    public Reply BeforeHeaders(Task gate)
    {
        _beforeHeaders.Add(new Step(StepKind.Wait, gate: gate));
        return this;
    }

    /// <summary>Never sends the response headers; the request ends when the client gives up or the server stops.</summary>
    public Reply HangBeforeHeaders()
    {
        _beforeHeaders.Add(new Step(StepKind.Hang));
        return this;
    }

    /// <summary>Writes <c>data: {data}</c> and a blank line.</summary>
    public Reply Data(string data) => Raw("data: " + data + "\n\n");

    /// <summary>Writes <c>event: {type}</c>, <c>data: {data}</c> and a blank line.</summary>
    public Reply Event(string type, string data) => Raw("event: " + type + "\ndata: " + data + "\n\n");

    /// <summary>Writes a comment line (a keep-alive such as <c>: OPENROUTER PROCESSING</c>) and a blank line.</summary>
    public Reply Comment(string text) => Raw(": " + text + "\n\n");

    /// <summary>Writes <c>data: [DONE]</c> and a blank line.</summary>
    public Reply Done() => Raw("data: [DONE]\n\n");

    /// <summary>Writes <paramref name="text"/> as is (UTF-8) and flushes it.</summary>
    public Reply Raw(string text) => Bytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> as they are and flushes them.</summary>
    public Reply Bytes(byte[] bytes)
    {
        _fixedLength = false;
        _body.Add(new Step(StepKind.Write, bytes));
        return this;
    }

    /// <summary>Waits <paramref name="duration"/> before the next body step.</summary>
    public Reply Pause(TimeSpan duration)
    {
        _fixedLength = false;
        _body.Add(new Step(StepKind.Pause, duration: duration));
        return this;
    }

    /// <summary>Waits until <paramref name="gate"/> completes (or the client gives up) before the next body step.</summary>
    public Reply WaitFor(Task gate)
    {
        _fixedLength = false;
        _body.Add(new Step(StepKind.Wait, gate: gate));
        return this;
    }

    /// <summary>Sends nothing more until the client gives up or the server stops.</summary>
    public Reply Hang()
    {
        _fixedLength = false;
        _body.Add(new Step(StepKind.Hang));
        return this;
    }

    /// <summary>Aborts the connection after what was written so far.</summary>
    public Reply AbortConnection()
    {
        _fixedLength = false;
        _body.Add(new Step(StepKind.Abort));
        return this;
    }

    private static Reply Fixed(int status, string? contentType, string body)
    {
        var reply = new Reply(status, contentType);
        if (body.Length > 0)
        {
            reply.Raw(body);
        }

        reply._fixedLength = true;
        return reply;
    }

    private static string Quote(string? value) =>
        value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);

    internal enum StepKind
    {
        Write,
        Pause,
        Wait,
        Hang,
        Abort,
    }

    internal sealed class Step
    {
        public Step(StepKind kind, byte[]? bytes = null, TimeSpan duration = default, Task? gate = null)
        {
            Kind = kind;
            Bytes = bytes ?? Array.Empty<byte>();
            Duration = duration;
            Gate = gate;
        }

        public StepKind Kind { get; }

        public byte[] Bytes { get; }

        public TimeSpan Duration { get; }

        public Task? Gate { get; }
    }
}
