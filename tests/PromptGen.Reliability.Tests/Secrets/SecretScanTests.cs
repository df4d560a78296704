using System.Text;
using PromptGen.Reliability.Tests.Faults;
using Xunit;
using static PromptGen.Reliability.Tests.Faults.Respond;

namespace PromptGen.Reliability.Tests.Secrets;

/// <summary>
/// The secret scan (issue 12, section 1), property-style: the key and every 8-character piece of it placed at many
/// offsets of error bodies, success bodies, headers, status and header lines, chunk framing, stream events and every
/// error field, in every call mode whose path reaches that place. Whatever the call ends with — a typed exception or a
/// value — nothing thrown may carry key material (<see cref="Secret.AssertNotIn"/>, run by the scenario runner). The
/// fault matrix is scanned the same way: every one of its calls is configured with the same key.
/// </summary>
public sealed class SecretScanTests
{
    private static readonly string Key = Secret.Key;

    /// <summary>Offsets around every cut the runtime makes: the 300-character excerpt, the 512-byte prefix, the 2,000-character raw body, the 64 KB error read.</summary>
    public static readonly int[] Offsets =
    {
        0, 1, 7, 8, 100, 250, 280, 285, 288, 292, 295, 299, 300, 301, 490, 500, 505, 511, 512, 1000, 1200, 1980, 1985, 1990, 1995, 1999, 2000, 2001, 4000, 8000,
        65536 - 30, 65536 - 13, 65536, 70000,
    };

    public static readonly IReadOnlyList<Scenario> Placements = Build();

    public static TheoryData<string, CallMode> Cases()
    {
        var data = new TheoryData<string, CallMode>();
        foreach (var placement in Placements)
        {
            foreach (var mode in placement.Modes)
            {
                data.Add(placement.Name, mode);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task KeyNeverAppearsInAnythingThrown(string placement, CallMode mode) =>
        ScenarioRunner.RunAsync(Placements.Single(p => p.Name == placement), mode);

    [Fact]
    public void TheScanCoversEveryPieceOfTheKeyAndEveryMode()
    {
        Assert.Equal(Key.Length - Secret.MinPiece + 1, Secret.Pieces.Length);
        foreach (var piece in Secret.Pieces)
        {
            Assert.Contains(Placements, p => p.Name == "piece-in-error-message-" + piece);
        }

        Assert.True(Placements.Count >= 150, $"{Placements.Count} placements");
        Assert.All(CallModes.All, mode => Assert.True(Placements.Count(p => p.Modes.Contains(mode)) >= 60, $"{mode}"));
    }

    [Fact]
    public void TheCheckFindsEveryPieceAndIgnoresShorterOnes()
    {
        foreach (var piece in Secret.Pieces)
        {
            Assert.NotNull(Secret.FindIn("before " + piece + " after"));
        }

        Assert.Null(Secret.FindIn("sk-FAUL*********4321, SECRET- and 7654321"));
        Assert.NotNull(Secret.FindIn("Incorrect API key provided: sk-FAULT**********4321"));
        Assert.Throws<Xunit.Sdk.TrueException>(() => Secret.AssertNotIn(new InvalidOperationException("outer", new FormatException("inner " + Key[5..15]))));
        Assert.Throws<Xunit.Sdk.TrueException>(() => Secret.AssertNotIn(new ChatApiException(400, "m", requestId: Key)));
    }

    private static IReadOnlyList<Scenario> Build()
    {
        var list = new List<Scenario>();
        var all = CallModes.All;
        var plain = CallModes.Plain;
        var streamed = CallModes.Streamed;
        void Add(string name, CallMode[] modes, Responder respond) =>
            list.Add(new Scenario(name, modes, respond, new TypedOrSuccess()) { Group = "Secrets", CallTimeout = TimeSpan.FromSeconds(5) });

        foreach (var n in Offsets)
        {
            Add($"error-400-text-at-{n}", all, Status(400, new string('x', n) + Key + " tail", "text/plain"));
            Add($"error-500-html-at-{n}", new[] { CallMode.Complete, CallMode.Stream }, Status(500, "<html>" + new string('y', n) + Key + "</html>", "text/html"));
            Add($"error-json-message-at-{n}", all, Error(400, new string('m', n) + Key + " is not valid", "invalid_request_error", "invalid_api_key"));
            if (n <= 8000)
            {
                Add($"success-200-text-at-{n}", plain, Status(200, new string('x', n) + Key, "text/plain"));
                Add($"success-200-broken-json-at-{n}", plain, Status(200, "{\"id\":\"" + new string('i', n) + Key, "application/json"));
                Add($"sse-not-json-at-{n}", streamed, Sse(_ => "data: " + new string('d', n) + Key + "\n\n"));
                Add($"sse-error-message-at-{n}", streamed, Sse(_ => "data: {\"error\":{\"message\":\"" + new string('e', n) + Key + "\"}}\n\n"));
            }
        }

        foreach (var piece in Secret.Pieces)
        {
            Add("piece-in-error-message-" + piece, all, Error(401, "Incorrect API key provided: " + piece + "****. Find your key in the dashboard.", "invalid_request_error", "invalid_api_key"));
            Add("piece-in-request-id-" + piece, all, Error(400, "bad", null, null, null, ("x-request-id", "req_" + piece)));
            Add("piece-in-stream-error-" + piece, streamed, Sse(_ => "error: {\"code\":401,\"message\":\"key " + piece + " rejected\"}\n\ndata: [DONE]\n\n"));
        }

        // Every error field, as an HTTP error and inside a 200 stream.
        Add("key-as-error-type", all, Error(400, "bad", Key));
        Add("key-as-error-code", all, Error(400, "bad", "invalid_request_error", Key));
        Add("key-as-error-param", all, Error(400, "bad", "invalid_request_error", null, Key));
        Add("key-as-numeric-looking-code", all, Status(400, "{\"error\":{\"message\":\"bad\",\"code\":\"" + Key + "\",\"metadata\":{\"raw\":\"" + Key + "\"}}}"));
        Add("key-in-error-metadata", all, Status(429, "{\"error\":{\"message\":\"rate limited\",\"code\":429,\"metadata\":{\"raw\":\"upstream said " + Key + "\",\"provider_name\":\"x\"}}}"));
        Add("key-json-escaped-in-message", all, Status(400, "{\"error\":{\"message\":\"key sk-FAULTS\\u002DSECRET\\u002D987654321 is wrong\"}}"));
        Add("key-in-stream-error-type", streamed, Sse(_ => "data: {\"error\":{\"message\":\"bad\",\"type\":\"" + Key + "\"}}\n\n"));
        Add("key-in-stream-error-code", streamed, Sse(_ => "data: {\"error\":{\"message\":\"bad\",\"code\":\"" + Key + "\"}}\n\n"));
        Add("key-in-event-error-not-json", streamed, Sse(_ => "event: error\ndata: upstream rejected " + Key + "\n\n"));
        Add("key-in-llamacpp-error-line", streamed, Sse(_ => "error: {\"code\":400,\"message\":\"bad key " + Key + "\",\"type\":\"invalid_request_error\"}\n\n"));
        Add("key-in-llamacpp-error-not-json", streamed, Sse(_ => "error: " + Key + "\n\ndata: [DONE]\n\n"));
        Add("key-in-openrouter-200-error", all, PerMode(
            _ => "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],\"error\":{\"code\":502,\"message\":\"Provider said " + Key + "\"}}",
            _ => "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"error\":{\"code\":502,\"message\":\"Provider said " + Key + "\"}}\n\ndata: [DONE]\n\n"));
        Add("key-in-200-json-not-a-completion", plain, Status(200, "{\"echo\":\"" + Key + "\",\"pathname\":\"/v1/chat/completions\"}"));
        Add("key-in-200-json-literal", plain, Status(200, "n" + Key));
        Add("key-in-200-json-true-literal", plain, Status(200, "[1, tru" + Key + "]"));
        Add("key-in-stream-asked-json-answered", streamed, Status(200, "{\"note\":\"" + Key + "\"}"));
        Add("key-in-stream-asked-json-error-answered", streamed, Status(200, Bodies.Error("stream off for " + Key)));
        Add("key-in-sse-invalid-literal", streamed, Sse(_ => "data: n" + Key + "\n\n"));

        // Headers, status and header lines, framing: what HttpClient itself quotes.
        Add("key-in-request-id-400", all, Error(400, "bad", null, null, null, ("x-request-id", Key)));
        Add("key-in-request-id-500-retried", all, Error(500, "boom", null, null, null, ("x-request-id", Key)));
        Add("key-in-request-id-stream-error", streamed, (c, x) => x.RespondAsync(200, "text/event-stream", "data: {\"error\":{\"message\":\"bad\"}}\n\n", ("x-request-id", "req-" + Key)));
        Add("key-in-other-headers", all, Error(400, "bad", null, null, null, ("x-debug-auth", "Bearer " + Key), ("www-authenticate", "Bearer realm=\"" + Key + "\"")));
        Add("key-in-retry-after", all, Error(503, "busy", null, null, null, ("Retry-After", Key)));
        Add("key-in-content-type", all, (c, x) => x.RespondAsync(200, "text/" + Key, "nothing"));
        Add("key-as-status-line", all, RawThenClose(_ => Encoding.ASCII.GetBytes(Key + "\r\n\r\n")));
        Add("key-in-status-reason", all, RawThenClose(_ => Encoding.ASCII.GetBytes("HTTP/1.1 400 " + Key + "\r\nContent-Length: 0\r\n\r\n")));
        Add("key-in-bad-status-code", all, RawThenClose(_ => Encoding.ASCII.GetBytes("HTTP/1.1 2" + Key + "\r\nContent-Length: 0\r\n\r\n")));
        Add("key-in-bad-header-line", all, RawThenClose(_ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Broken " + Key + "\r\nContent-Length: 0\r\n\r\n")));
        Add("key-as-chunk-size", all, RawThenClose(c => Encoding.ASCII.GetBytes(Raw.Head(200, ("Content-Type", Bodies.Good(c.Mode, c.Token).ContentType), ("Transfer-Encoding", "chunked")) + Key + "\r\n")));
        Add("key-in-content-length", all, RawThenClose(_ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: " + Key + "\r\n\r\n")));
        Add("key-in-content-encoding", all, (c, x) => x.RespondAsync(200, "application/json", "{}", ("Content-Encoding", Key)));
        return list;
    }
}
