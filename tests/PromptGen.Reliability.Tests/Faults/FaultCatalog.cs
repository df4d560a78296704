using System.Globalization;
using System.Text;
using PromptGen.Reliability.Tests.Secrets;
using Xunit;
using static PromptGen.Reliability.Tests.Faults.Respond;

namespace PromptGen.Reliability.Tests.Faults;

/// <summary>
/// The fault matrix: every scenario the fault server plays, each with the call modes it runs in and the outcome the
/// issues specify (issue 12 sections 1–4 and 6, issue 11 sections 1, 3 and 4 where they decide an outcome). Every call
/// is also scanned for the API key. Defaults: whole-call timeout 6 s, hang limit 10 s, retries recorded, not slept.
/// </summary>
public static class FaultCatalog
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private static readonly CallMode[] All = CallModes.All;
    private static readonly CallMode[] Plain = CallModes.Plain;
    private static readonly CallMode[] Streamed = CallModes.Streamed;
    private static readonly CallMode[] Generated = { CallMode.Text, CallMode.Json, CallMode.Stream };

    private const string LlamaContextError =
        """{"code":400,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"invalid_request_error"}""";

    private const string OpenRouterErrorCompletion =
        """{"id":"chatcmpl-x","object":"chat.completion","choices":[],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0},"error":{"code":502,"message":"Provider disconnected unexpectedly"}}""";

    private const string OpenRouterErrorChunk =
        """{"id":"chatcmpl-x","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"error":{"code":502,"message":"Provider disconnected unexpectedly"}}""";

    public static readonly IReadOnlyList<Scenario> Scenarios = Build();

    public static Scenario Get(string name) => Scenarios.Single(s => s.Name == name);

    /// <summary>Every (scenario, mode) pair of <paramref name="group"/>, for the data-driven tests.</summary>
    public static TheoryData<string, CallMode> Cases(string group)
    {
        var data = new TheoryData<string, CallMode>();
        foreach (var scenario in Scenarios.Where(s => s.Group == group))
        {
            foreach (var mode in scenario.Modes)
            {
                data.Add(scenario.Name, mode);
            }
        }

        return data;
    }

    private static Throws Api(int requests, params string[] parts) => new(typeof(ChatApiException), parts) { Requests = requests };

    private static Throws Api(int requests, int status, params string[] parts) =>
        new(typeof(ChatApiException), parts) { Requests = requests, Then = (_, e) => Assert.Equal(status, ((ChatApiException)e).StatusCode) };

    /// <summary>A prompt too long for the context window (issue 16): the <see cref="ChatApiException"/> subtype for it.</summary>
    private static Throws ContextLength(int requests, int status, params string[] parts) =>
        new(typeof(ContextLengthExceededException), parts) { Requests = requests, Then = (_, e) => Assert.Equal(status, ((ChatApiException)e).StatusCode) };

    private static Throws Response(int requests, params string[] parts) => new(typeof(ChatResponseException), parts) { Requests = requests };

    private static Throws Timeout(string option, params string[] parts) =>
        new(typeof(ChatTimeoutException), parts.Prepend(option).ToArray()) { Then = (_, e) => Assert.Equal(option, ((ChatTimeoutException)e).TimeoutName) };

    private static Throws Http(int requests, params string[] parts) => new(typeof(HttpRequestException), parts) { Requests = requests };

    private static Succeeds Ok(int requests = 1, params double[] waits) => new() { Requests = requests, Waits = waits.Length == 0 && requests == 1 ? null : waits };

    private static void Timeouts(ChatClientOptions options, TimeSpan? response, TimeSpan? idle)
    {
        options.ResponseTimeout = response;
        options.StreamIdleTimeout = idle;
    }

    private static string HttpDate(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToString("r", CultureInfo.InvariantCulture);

    private static Responder RetryAfter(int status, params (string, string)[] headers) =>
        Error(status, status == 429 ? "Rate limit reached" : "busy", status == 429 ? "requests" : "server_error", status == 429 ? "rate_limit_exceeded" : null, null, headers);

    private static Throws WaitTooLong(int status, double atLeastSeconds, double? atMostSeconds = null) =>
        new(typeof(ChatApiException), $"HTTP {status}", "MaxServerWait")
        {
            Requests = 1,
            Waits = Array.Empty<double>(),
            Then = (_, e) =>
            {
                var retryAfter = ((ChatApiException)e).RetryAfter;
                Assert.True(retryAfter is { } wait && wait >= TimeSpan.FromSeconds(atLeastSeconds) && (atMostSeconds is null || wait <= TimeSpan.FromSeconds(atMostSeconds.Value)),
                    $"RetryAfter is {retryAfter?.ToString() ?? "null"}, expected at least {atLeastSeconds} s");
            },
        };

    private static IReadOnlyList<Scenario> Build()
    {
        var list = new List<Scenario>();
        var group = "";
        void Add(string name, CallMode[] modes, Responder respond, Outcome expected, Action<ChatClientOptions>? configure = null,
            TimeSpan? limit = null, TimeSpan? callTimeout = null, TimeSpan? cancelAfter = null, string? token = null, bool nothingListening = false) =>
            list.Add(new Scenario(name, modes, respond, expected)
            {
                Group = group,
                Configure = configure,
                Limit = limit ?? TimeSpan.FromSeconds(10),
                CallTimeout = callTimeout ?? TimeSpan.FromSeconds(6),
                CancelAfter = cancelAfter,
                Token = token,
                NothingListening = nothingListening,
            });

        // ---- Statuses and retries -------------------------------------------------------------------------------------
        group = "Statuses";
        Add("ok", All, Good, Ok());
        Add("500-then-ok", All, Then(Error(500, "boom", "server_error"), Good), Ok(2, 0.5));
        Add("502-then-ok", All, Then(Error(502, "bad gateway"), Good), Ok(2, 0.5));
        Add("503-503-then-ok", All, Then(Error(503, "busy"), Error(503, "busy"), Good), Ok(3, 0.5, 1.0));
        Add("504-then-ok", All, Then(Status(504, "<html>gateway timeout</html>", "text/html"), Good), Ok(2, 0.5));
        Add("429-then-ok", All, Then(Error(429, "Rate limit reached", "requests", "rate_limit_exceeded"), Good), Ok(2, 0.5));
        Add("503-always", All, Error(503, "busy", "server_error"),
            Api(3, 503, "HTTP 503", "after 3 attempts", "busy") with { Waits = new[] { 0.5, 1.0 } });
        Add("429-insufficient-quota", All, Error(429, "You exceeded your current quota", "insufficient_quota", "insufficient_quota"),
            Api(1, 429, "HTTP 429", "You exceeded your current quota", "no quota"));
        Add("400-bad-param", All, Error(400, "Unsupported value: 'temperature'", "invalid_request_error", "unsupported_value", "temperature"),
            Api(1, 400, "HTTP 400", "Unsupported value: 'temperature'", "'temperature'"));
        Add("401-invalid-key", All, Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
            Api(1, 401, "HTTP 401", "Incorrect API key provided.", "Check the API key"));
        Add("403-forbidden", All, Error(403, "Project does not have access", "invalid_request_error"), Api(1, 403, "HTTP 403", "Project does not have access"));
        Add("404-model", All, Error(404, "The model 'x' does not exist", "invalid_request_error", "model_not_found"), Api(1, 404, "HTTP 404", "does not exist"));
        Add("418-unknown-status", All, Error(418, "I'm a teapot"), Api(1, 418, "HTTP 418", "I'm a teapot"));
        Add("599-unknown-5xx", All, Error(599, "odd"), Api(1, 599, "HTTP 599", "odd"));
        Add("500-html-body", All, Status(500, "<html><body>Internal error</body></html>", "text/html"),
            Api(3, 500, "HTTP 500", "<html><body>Internal error") with
            {
                Then = (_, e) => Assert.Equal("<html><body>Internal error</body></html>", ((ChatApiException)e).RawBody),
            });
        Add("400-empty-body", All, Status(400, "", "application/json"), Api(1, 400, "HTTP 400"));
        Add("400-flat-vllm-error", All, Status(400, """{"object":"error","message":"This model's maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400}"""),
            ContextLength(1, 400, "HTTP 400", "maximum context length is 4096"));
        Add("404-ollama-error-string", All, Status(404, """{"error":"model \"llama9\" not found, try pulling it first"}"""),
            Api(1, 404, "HTTP 404", "not found, try pulling it first"));
        Add("400-azure-innererror-kept", Plain, Status(400, """{"error":{"message":"The response was filtered","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}"""),
            Api(1, 400, "The response was filtered") with
            {
                Then = (_, e) => Assert.Contains("ResponsibleAIPolicyViolation", ((ChatApiException)e).RawBody ?? ""),
            });
        Add("100-continue-then-200", All, async (c, x) =>
        {
            await x.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n");
            await Good(c, x);
        }, Ok());
        Add("http10-close-delimited", All, RawThenClose(c =>
        {
            var (type, body) = Bodies.Good(c.Mode, c.Token);
            return Raw.Utf8("HTTP/1.0 200 OK\r\nContent-Type: " + type + "\r\n\r\n" + body);
        }), Ok());
        Add("no-content-type", Plain, (c, x) => x.RespondAsync(200, "", Bodies.Completion(c.Content)), Ok());
        Add("json-bom", Plain, (c, x) => x.RespondAsync(200, "application/json", Raw.Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Raw.Utf8(Bodies.Completion(c.Content)))), Ok());
        Add("json-pretty-crlf", Plain, (c, x) => x.RespondAsync(200, "application/json; charset=utf-8",
            System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(Bodies.Completion(c.Content)).RootElement, new System.Text.Json.JsonSerializerOptions { WriteIndented = true, NewLine = "\r\n" })), Ok());
        Add("unknown-fields-ignored", Plain, (c, x) => x.RespondAsync(200, "application/json",
            Bodies.Completion(c.Content).Replace("\"id\":", "\"x_extra\":{\"nested\":[1,2,{\"a\":null}]},\"system_fingerprint\":\"fp\",\"id\":", StringComparison.Ordinal)), Ok());

        // ---- Connections --------------------------------------------------------------------------------------------
        group = "Connections";
        Add("connect-refused", All, Good, Http(0, "Could not reach", "Check ChatClientOptions.BaseUrl") with { Waits = new[] { 0.5, 1.0 } }, nothingListening: true);
        Add("reset-after-request", All, Reset, Http(3) with { Not = new[] { "Could not reach", "that the server is running" } });
        Add("close-after-request", All, Close, Http(3) with { Not = new[] { "Could not reach", "that the server is running" } });
        Add("reset-then-ok", All, Then(Reset, Good), Ok(2, 0.5));
        Add("close-then-ok", All, Then(Close, Good), Ok(2, 0.5));
        Add("reset-mid-body", Plain, RawThenReset(c => Raw.Concat(Raw.Utf8(GoodHead(c, 1000)), GoodBody(c).Take(100).ToArray())),
            Response(1, "connection broke"));
        Add("close-mid-body", Plain, RawThenClose(c => Raw.Concat(Raw.Utf8(GoodHead(c, 1000)), GoodBody(c).Take(100).ToArray())),
            Response(1, "connection broke"));
        Add("reset-mid-stream", Streamed, RawThenReset(c => Raw.Concat(Raw.Utf8(GoodHead(c, 0)), Raw.Chunked(new[] { Raw.Utf8("data: " + Bodies.Chunk("part") + "\n\n") }, terminate: false))),
            Response(1, "connection broke"));
        Add("close-mid-stream-no-done", Streamed, RawThenClose(c => Raw.Utf8(Raw.Head(200, ("Content-Type", "text/event-stream")) + "data: " + Bodies.Chunk("part") + "\n\n")),
            Response(1, "without 'data: [DONE]'"));
        Add("chunked-cut-off", All, RawThenClose(c => Raw.Concat(Raw.Utf8(Raw.Head(200, ("Content-Type", Bodies.Good(c.Mode, c.Token).ContentType), ("Transfer-Encoding", "chunked"))),
                Raw.Chunked(Raw.Pieces(GoodBody(c), 40).Take(3), terminate: false))),
            new Throws(typeof(ChatResponseException)) { Requests = 1 });
        Add("chunked-bad-size", All, RawThenClose(c => Raw.Utf8(Raw.Head(200, ("Content-Type", Bodies.Good(c.Mode, c.Token).ContentType), ("Transfer-Encoding", "chunked")) + "zz\r\nhello\r\n0\r\n\r\n")),
            new Throws(typeof(ChatResponseException)) { Requests = 1 });
        Add("not-http", All, RawThenClose(_ => Raw.Utf8("SSH-2.0-OpenSSH_9.6\r\n")), Http(3) with { Not = new[] { "that the server is running" } });
        Add("headers-too-large", All, RawThenClose(c => Raw.Utf8(Raw.Head(200, ("Content-Type", "application/json"), ("X-Huge", new string('h', 200 * 1024))))),
            Http(3));
        Add("content-length-conflict", All, RawThenClose(c => Raw.Utf8("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n0123456789")),
            Response(1, "0123456789"));

        // ---- Stalls, drips and timeouts (issue 12 section 2) -------------------------------------------------------
        group = "Timeouts";
        var stall = TimeSpan.FromSeconds(2);
        var stallLimit = TimeSpan.FromSeconds(8);
        Add("stall-before-headers-response-timeout", All, Stall, Timeout("ChatClientOptions.ResponseTimeout", "300 ms"),
            o => Timeouts(o, Short, null), stallLimit, stall);
        Add("stall-before-headers-call-timeout", All, Stall, Timeout("ChatClientOptions.Timeout", "400 ms"),
            null, stallLimit, TimeSpan.FromMilliseconds(400));
        Add("stall-after-headers-response-timeout", All, RawThenStall(c => Raw.Utf8(GoodHead(c, 500))), Timeout("ChatClientOptions.ResponseTimeout", "300 ms"),
            o => Timeouts(o, Short, null), stallLimit, stall);
        Add("stall-mid-body-idle-timeout", All, RawThenStall(c =>
            {
                var body = GoodBody(c);
                return c.Mode.IsStreamed()
                    ? Raw.Concat(Raw.Utf8(GoodHead(c, 0)), Raw.Chunked(new[] { Raw.Utf8("data: " + Bodies.Chunk("part") + "\n\n") }, terminate: false))
                    : Raw.Concat(Raw.Utf8(GoodHead(c, body.Length)), body.Take(body.Length / 2).ToArray());
            }), Timeout("ChatClientOptions.StreamIdleTimeout", "300 ms"),
            o => Timeouts(o, null, Short), stallLimit, stall);
        Add("stall-mid-body-both-timeouts", All, RawThenStall(c =>
            {
                var body = GoodBody(c);
                return Raw.Concat(Raw.Utf8(c.Mode.IsStreamed() ? Raw.Head(200, ("Content-Type", "text/event-stream"), ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))) : GoodHead(c, body.Length)),
                    body.Take(body.Length / 2).ToArray());
            }), Timeout("ChatClientOptions.StreamIdleTimeout", "300 ms"),
            o => Timeouts(o, Short, Short), stallLimit, stall);
        Add("stall-in-error-body", All, RawThenStall(_ => Raw.Utf8(Raw.Head(503, ("Content-Type", "application/json"), ("Content-Length", "200")) + "{\"error\":{\"mess")),
            new Throws(typeof(ChatTimeoutException)) { Then = (_, e) => Assert.NotEqual("ChatClientOptions.Timeout", ((ChatTimeoutException)e).TimeoutName) },
            o => Timeouts(o, Short, Short), stallLimit, stall);
        Add("drip-within-idle-timeout", All, async (c, x) =>
            {
                var (type, body) = Bodies.Good(c.Mode, c.Token);
                var bytes = Raw.Utf8(body);
                await x.WriteAsync(Raw.Head(200, ("Content-Type", type), ("Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture))));
                await x.DripAsync(bytes, 40, TimeSpan.FromMilliseconds(10));
            }, Ok(), o => Timeouts(o, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)), stallLimit, TimeSpan.FromSeconds(8)); // gaps of 10 ms against 3 s: a loaded CI machine once stalled a 1 s limit
        Add("drip-slower-than-idle-timeout", All, async (c, x) =>
            {
                var (type, body) = Bodies.Good(c.Mode, c.Token);
                var bytes = Raw.Utf8(body);
                await x.WriteAsync(Raw.Concat(Raw.Utf8(Raw.Head(200, ("Content-Type", type), ("Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture)))), bytes.Take(30).ToArray()));
                await x.DripAsync(bytes.Skip(30).ToArray(), 1, TimeSpan.FromMilliseconds(900));
            }, Timeout("ChatClientOptions.StreamIdleTimeout", "250 ms"), o => Timeouts(o, null, TimeSpan.FromMilliseconds(250)), stallLimit, stall);
        Add("endless-drip-call-timeout", All, async (c, x) =>
            {
                await x.WriteAsync(c.Mode.IsStreamed()
                    ? Raw.Head(200, ("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked"))
                    : Raw.Head(200, ("Content-Type", "application/json"), ("Content-Length", "10000000")));
                var keepAlive = c.Mode.IsStreamed() ? Raw.Chunked(new[] { Raw.Utf8(": ping\n\n") }, terminate: false) : Raw.Utf8(" ");
                while (!x.Stopping.IsCancellationRequested)
                {
                    await x.WriteAsync(keepAlive);
                    await Task.Delay(50, x.Stopping);
                }
            }, Timeout("ChatClientOptions.Timeout", "800 ms"), o => Timeouts(o, null, TimeSpan.FromSeconds(5)), stallLimit, TimeSpan.FromMilliseconds(800));
        Add("slow-headers-response-timeout", All, async (c, x) =>
            {
                var head = Raw.Utf8(GoodHead(c, 100));
                await x.DripAsync(head, 1, TimeSpan.FromMilliseconds(100));
                await x.StallAsync();
            }, Timeout("ChatClientOptions.ResponseTimeout", "300 ms"), o => Timeouts(o, Short, null), stallLimit, stall);
        Add("caller-cancels-during-stall", All, Stall,
            new Throws(typeof(OperationCanceledException)) { OrSubclass = true }, null, stallLimit, stall, TimeSpan.FromMilliseconds(200));
        Add("caller-cancels-mid-stream", Streamed, RawThenStall(c => Raw.Concat(Raw.Utf8(GoodHead(c, 0)), Raw.Chunked(new[] { Raw.Utf8("data: " + Bodies.Chunk("part") + "\n\n") }, terminate: false))),
            new Throws(typeof(OperationCanceledException)) { OrSubclass = true }, null, stallLimit, stall, TimeSpan.FromMilliseconds(300));

        // ---- Framing, encodings and large bodies ------------------------------------------------------------------
        group = "Framing";
        Add("chunked-1-byte", All, GoodChunked(1), Ok());
        Add("chunked-split-utf8", All, GoodChunked(3), Ok(), token: "tok-ÆØÅ-😀-日本語");
        Add("chunk-extensions-and-trailers", All, GoodChunked(0, body =>
            {
                var text = new StringBuilder();
                foreach (var piece in Raw.Pieces(body, 64))
                {
                    text.Append(piece.Length.ToString("X", CultureInfo.InvariantCulture)).Append(";name=\"v\"\r\n").Append(Encoding.UTF8.GetString(piece)).Append("\r\n");
                }

                return Raw.Utf8(text.Append("0\r\nX-Trailer: done\r\n\r\n").ToString());
            }), Ok());
        Add("gzip", All, (c, x) =>
            {
                var (type, body) = Bodies.Good(c.Mode, c.Token);
                return x.RespondAsync(200, type, Gzip(Raw.Utf8(body)), ("Content-Encoding", "gzip"));
            }, Ok());
        Add("gzip-garbage", All, (c, x) => x.RespondAsync(200, Bodies.Good(c.Mode, c.Token).ContentType, Raw.Utf8("this is not gzip at all, not even close"), ("Content-Encoding", "gzip")),
            new Throws(typeof(ChatResponseException)) { Requests = 1 });
        Add("sse-crlf", Streamed, Sse(c => Bodies.Sse(c.Content, "\r\n")), Ok());
        Add("sse-cr", Streamed, Sse(c => Bodies.Sse(c.Content, "\r")), Ok());
        Add("sse-bom", Streamed, (c, x) => x.RespondAsync(200, "text/event-stream", Raw.Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Raw.Utf8(Bodies.Sse(c.Content)))), Ok());
        Add("sse-bom-crlf", Streamed, (c, x) => x.RespondAsync(200, "text/event-stream", Raw.Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Raw.Utf8(Bodies.Sse(c.Content, "\r\n")))), Ok());
        Add("sse-mixed-line-endings", Streamed, Sse(c =>
            {
                var events = Bodies.Events(c.Content);
                var endings = new[] { "\n\n", "\r\n\r\n", "\r\r", "\r\n\n" };
                return string.Concat(events.Select((e, i) => "data: " + e + endings[i % endings.Length])) + "data: [DONE]\r\n\r\n";
            }), Ok());
        Add("sse-done-without-newline", Streamed, Sse(c => Bodies.Sse(c.Content, done: false) + "data: [DONE]"), Ok());
        Add("sse-comments-pings-and-other-events", Streamed, Sse(c =>
            ": keep-alive\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n" + string.Concat(Bodies.Events(c.Content).Select(e => "id: 7\nretry: 1000\ndata: " + e + "\n\n: OPENROUTER PROCESSING\n\n")) + "data: [DONE]\n\n"), Ok());
        Add("sse-multiline-data", Streamed, Sse(c =>
            string.Concat(Bodies.Events(c.Content).Select(e => "data: " + e.Replace(",\"choices\":", "\ndata: ,\"choices\":", StringComparison.Ordinal) + "\n\n")) + "data: [DONE]\n\n"), Ok());
        Add("sse-data-without-space", Streamed, Sse(c => Bodies.Sse(c.Content).Replace("data: ", "data:", StringComparison.Ordinal)), Ok());
        Add("sse-empty-events", Streamed, Sse(c => "data:\n\ndata: \n\n" + Bodies.Sse(c.Content)), Ok());
        Add("sse-trailing-bytes-after-done", Streamed, Sse(c => Bodies.Sse(c.Content) + "data: {not json at all\n\n"), Ok());
        Add("sse-text-plain-content-type", Streamed, Sse(c => Bodies.Sse(c.Content), "text/plain; charset=utf-8"), Ok());
        Add("sse-utf8-split-across-writes", Streamed, async (c, x) =>
            {
                var body = Raw.Utf8(Bodies.Sse(c.Content));
                await x.WriteAsync(Raw.Head(200, ("Content-Type", "text/event-stream"), ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))));
                await x.DripAsync(body, 5, TimeSpan.FromMilliseconds(1));
            }, Ok(), token: "tok-😀😀😀-ñ");
        Add("json-50mb-leading-whitespace", new[] { CallMode.Complete }, async (c, x) =>
            {
                var completion = Raw.Utf8(Bodies.Completion(c.Content));
                const long spaces = 50L * 1024 * 1024;
                await x.WriteAsync(Raw.Head(200, ("Content-Type", "application/json"), ("Content-Length", (spaces + completion.Length).ToString(CultureInfo.InvariantCulture))));
                await x.WriteRepeatedAsync(Raw.Utf8(new string(' ', 64 * 1024)), spaces);
                await x.WriteAsync(completion);
            }, Ok(), limit: TimeSpan.FromSeconds(30), callTimeout: TimeSpan.FromSeconds(25));
        Add("sse-50mb-of-comments", new[] { CallMode.ChatStream }, async (c, x) =>
            {
                await x.WriteAsync(Raw.Head(200, ("Content-Type", "text/event-stream")));
                var block = Raw.Utf8(string.Concat(Enumerable.Repeat(": keep-alive comment line\n\n", 2048)));
                await x.WriteRepeatedAsync(block, 50L * 1024 * 1024 / block.Length * block.Length);
                await x.WriteAsync(Bodies.Sse(c.Content));
                x.Close();
            }, Ok(), limit: TimeSpan.FromSeconds(30), callTimeout: TimeSpan.FromSeconds(25));
        Add("html-200-50mb", Plain, async (c, x) =>
            {
                await x.WriteAsync(Raw.Head(200, ("Content-Type", "text/html"), ("Content-Length", (50L * 1024 * 1024).ToString(CultureInfo.InvariantCulture))));
                await x.WriteRepeatedAsync(Raw.Utf8(string.Concat(Enumerable.Repeat("<p>captive portal</p>\n", 2048))), 50L * 1024 * 1024);
            }, Response(1, "HTTP 200", "text/html", "<p>captive portal</p>") with { Then = (_, e) => Assert.True(e.Message.Length < 2000, "The message quotes too much.") });
        Add("error-400-50mb-text", All, async (c, x) =>
            {
                await x.WriteAsync(Raw.Head(400, ("Content-Type", "text/plain"), ("Content-Length", (50L * 1024 * 1024).ToString(CultureInfo.InvariantCulture))));
                await x.WriteRepeatedAsync(Raw.Utf8(new string('e', 64 * 1024)), 50L * 1024 * 1024);
            }, Api(1, 400, "HTTP 400", "eeee") with { Then = (_, e) => Assert.True(((ChatApiException)e).RawBody!.Length <= 2001, "RawBody is not capped.") });

        // ---- Replies that are not what was asked for ----------------------------------------------------------------
        group = "Replies";
        Add("json-truncated", Plain, (c, x) => x.RespondAsync(200, "application/json", Bodies.Completion(c.Content)[..60]), Response(1, "HTTP 200"));
        Add("json-null", Plain, Status(200, "null"), Response(1, "null"));
        Add("json-array", Plain, Status(200, "[]"), Response(1, "HTTP 200"));
        Add("json-not-a-completion", Plain, Status(200, """{"contentType":"application/json","method":"POST","pathname":"/v1/chat/completions"}"""),
            Response(1, "pathname"));
        Add("text-plain-200", Plain, Status(200, "Service temporarily unavailable", "text/plain"), Response(1, "HTTP 200", "Service temporarily unavailable"));
        Add("stream-asked-json-error-answered", Streamed, Status(200, Bodies.Error("Streaming is not supported by this model", "invalid_request_error")),
            Api(1, "Streaming is not supported by this model"));
        Add("stream-asked-completion-answered", Streamed, (c, x) => x.RespondAsync(200, "application/json", Bodies.Completion(c.Content)),
            Response(1, "application/json", "may not support streaming"));
        Add("sse-invalid-json-event", Streamed, Sse(_ => "data: {\"id\":\"x\",\"choices\":[{\"delta\":\n\n"), Response(1, "not a valid chat completion chunk"));
        Add("sse-null-event", Streamed, Sse(_ => "data: null\n\n"), Response(1, "null"));
        Add("html-200-stream", Streamed, Sse(_ => "<html><body>captive portal</body></html>\n", "text/html"), Response(1, "text/html"));
        Add("mistral-content-parts", new[] { CallMode.Text },
            Status(200, """{"id":"9abe8b73","object":"chat.completion","created":1757111400,"model":"magistral-medium-latest","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","tool_calls":null,"content":[{"type":"thinking","thinking":[{"type":"text","text":"Thinking about rivers"}]},{"type":"text","text":"Crossing a river is quite different from crossing a street."}]}}],"usage":{"prompt_tokens":664,"completion_tokens":747,"total_tokens":1411}}"""),
            new Succeeds { Value = "Crossing a river is quite different from crossing a street." });
        Add("mistral-content-parts-stream", new[] { CallMode.Stream }, Sse(_ => """
            data: {"id":"a1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"a1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"Okay"}]}]},"finish_reason":null}]}

            data: {"id":"a1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"To cross the street safely, follow these steps."},"finish_reason":"stop"}]}

            data: [DONE]


            """.Replace("\r\n", "\n", StringComparison.Ordinal)), new Succeeds { Value = "To cross the street safely, follow these steps." });

        // ---- Errors inside a 200 reply (issue 12 section 3, issue 11 section 1) -------------------------------------
        group = "ErrorsInside";
        Add("openrouter-error-in-completion", Plain, Status(200, OpenRouterErrorCompletion), Api(1, 502, "Provider disconnected unexpectedly"));
        Add("openrouter-error-in-chunk", Streamed, Sse(_ => "data: " + OpenRouterErrorChunk + "\n\ndata: [DONE]\n\n"), Api(1, 502, "Provider disconnected unexpectedly"));
        Add("llamacpp-error-line-with-done", Streamed, Sse(_ => "error: " + LlamaContextError + "\n\ndata: [DONE]\n\n"),
            ContextLength(1, 400, "the request exceeds the available context size") with
            {
                Then = (_, e) =>
                {
                    Assert.Equal(400, ((ChatApiException)e).StatusCode);
                    Assert.Equal("invalid_request_error", ((ChatApiException)e).ErrorType);
                },
            });
        Add("llamacpp-error-line-without-done", Streamed, Sse(_ => "error: " + LlamaContextError + "\n\n"),
            ContextLength(1, 400, "the request exceeds the available context size"));
        Add("llamacpp-error-after-deltas", Streamed, Sse(c => Bodies.Sse(c.Content, done: false).Split("\n\n")[0] + "\n\nerror: " + LlamaContextError + "\n\ndata: [DONE]\n\n"),
            ContextLength(1, 400, "the request exceeds the available context size"));
        Add("event-error-numeric-code", Streamed, Sse(_ => "event: error\ndata: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\",\"code\":503}}\n\n"),
            Api(1, 503, "Overloaded") with { Then = (_, e) => { Assert.Equal(503, ((ChatApiException)e).StatusCode); Assert.Equal("503", ((ChatApiException)e).ErrorCode); } });
        Add("data-error-string-code", Streamed, Sse(_ => "data: {\"error\":{\"message\":\"Rate limit reached\",\"code\":\"429\"}}\n\n"),
            Api(1, 429, "Rate limit reached") with { Then = (_, e) => { Assert.Equal(429, ((ChatApiException)e).StatusCode); Assert.Equal("429", ((ChatApiException)e).ErrorCode); } });
        Add("data-error-status-code-field", Streamed, Sse(_ => "data: {\"error\":{\"message\":\"Bad input\",\"status_code\":422}}\n\n"),
            Api(1, 422, "Bad input"));
        Add("data-error-word-code", Streamed, Sse(_ => "data: {\"error\":{\"message\":\"Too long\",\"code\":\"context_length_exceeded\"}}\n\n"),
            ContextLength(1, 200, "Too long") with { Then = (_, e) => { Assert.Equal(200, ((ChatApiException)e).StatusCode); Assert.Equal("context_length_exceeded", ((ChatApiException)e).ErrorCode); } });
        Add("error-object-only-200", Plain, Status(200, """{"error":{"message":"Upstream failed","code":500}}"""), Api(1, 500, "Upstream failed"));

        // ---- Retry-After in every form (issue 12 section 2) ----------------------------------------------------------
        group = "RetryAfter";
        Add("retry-after-seconds", All, Then(RetryAfter(503, ("Retry-After", "2")), Good), Ok(2, 2));
        Add("retry-after-zero", All, Then(RetryAfter(503, ("Retry-After", "0")), Good), Ok(2, 0));
        Add("retry-after-above-max-server-wait", All, RetryAfter(429, ("Retry-After", "120")), WaitTooLong(429, 120, 120));
        Add("retry-after-beyond-32-bit", All, RetryAfter(503, ("Retry-After", "99999999999")), WaitTooLong(503, 60));
        Add("retry-after-int64-max", All, RetryAfter(503, ("Retry-After", "9223372036854775807")), WaitTooLong(503, 60));
        Add("retry-after-http-date-soon", All, Then((c, x) => RetryAfter(503, ("Retry-After", HttpDate(TimeSpan.FromSeconds(20))))(c, x), Good),
            new Succeeds { Requests = 2, WaitBetween = (10, 21) });
        Add("retry-after-http-date-past", All, Then((c, x) => RetryAfter(503, ("Retry-After", HttpDate(TimeSpan.FromHours(-1))))(c, x), Good), Ok(2, 0));
        Add("retry-after-http-date-far", All, (c, x) => RetryAfter(503, ("Retry-After", HttpDate(TimeSpan.FromDays(1))))(c, x), WaitTooLong(503, 23 * 3600, 25 * 3600));
        Add("retry-after-ms", All, Then(RetryAfter(429, ("retry-after-ms", "1500")), Good), Ok(2, 1.5));
        Add("retry-after-ms-fraction", All, Then(RetryAfter(429, ("retry-after-ms", "0.5")), Good), Ok(2, 0.0005));
        Add("retry-after-ms-wins", All, Then(RetryAfter(429, ("Retry-After", "5"), ("retry-after-ms", "250")), Good), Ok(2, 0.25));
        Add("retry-after-ms-huge", All, RetryAfter(429, ("retry-after-ms", "99999999999999999")), WaitTooLong(429, 60));
        Add("retry-after-ms-negative", All, Then(RetryAfter(503, ("retry-after-ms", "-1")), Good), Ok(2, 0.5));
        Add("retry-after-garbage", All, Then(RetryAfter(503, ("Retry-After", "soon")), Good), Ok(2, 0.5));
        Add("retry-after-negative", All, Then(RetryAfter(503, ("Retry-After", "-5")), Good), Ok(2, 0.5));
        Add("retry-after-on-400-not-retried", All, Error(400, "bad", "invalid_request_error", null, null, ("Retry-After", "1")), Api(1, 400, "HTTP 400") with { Waits = Array.Empty<double>() });
        Add("retry-after-every-attempt", All, RetryAfter(503, ("Retry-After", "1")),
            Api(3, 503, "after 3 attempts") with { Waits = new[] { 1.0, 1.0 }, Then = (_, e) => Assert.Equal(TimeSpan.FromSeconds(1), ((ChatApiException)e).RetryAfter) });

        // ---- The key in what the server sends (issue 12 section 1) -------------------------------------------------
        group = "Keys";
        Add("key-in-200-text-body", Plain, Status(200, "not json; your key is " + Secret.Key, "text/plain"), Response(1, "HTTP 200", "not json; your key is"));
        Add("key-in-sse-not-json", Streamed, Sse(_ => "data: not json, key " + Secret.Key + "\n\n"), Response(1, "not a valid chat completion chunk"));
        Add("key-in-request-id", All, Error(400, "bad", "invalid_request_error", null, null, ("x-request-id", Secret.Key)), Api(1, 400, "HTTP 400", "bad"));
        Add("key-after-1990-chars", All, Status(400, new string('x', 1990) + Secret.Key, "text/plain"), Api(1, 400, "HTTP 400", "xxxx"));
        Add("key-at-excerpt-cut", Plain, Status(200, new string('x', 288) + Secret.Key, "text/plain"), Response(1, "HTTP 200", "xxxx"));
        Add("key-masked-echo", All, Error(401, "Incorrect API key provided: sk-FAULT**********4321. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"),
            Api(1, 401, "HTTP 401", "Incorrect API key provided"));

        return list;
    }
}
