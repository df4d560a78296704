using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The canned replies every contender reads (shaped like recorded OpenAI bodies, see /work/shared/reference/recordings):
/// a text completion, a JSON completion carrying a <see cref="City"/>, and a stream of 200 content chunks.
/// </summary>
public static class Canned
{
    /// <summary>How many content chunks the streamed reply carries (plus a role chunk, a finish chunk and a usage chunk).</summary>
    public const int StreamChunks = 200;

    /// <summary>The text the text call returns.</summary>
    public const string Answer = "Recursion is when a function calls itself on a smaller part of the problem until it reaches a base case.";

    /// <summary>The city the JSON call returns.</summary>
    public static readonly City City = new("Bergen", "Norway", 291940);

    /// <summary>How many characters the 200 streamed pieces hold together.</summary>
    public static readonly int StreamedCharacters = Enumerable.Range(0, StreamChunks).Sum(i => Piece(i).Length);

    public static readonly byte[] TextCompletion = Completion(Answer);

    public static readonly byte[] JsonCompletion = Completion("""{"name":"Bergen","country":"Norway","population":291940}""");

    public static readonly byte[] Stream = CreateStream();

    /// <summary>A streamed JSON reply of two cities as <c>{"items": [ … ]}</c>, in pieces (what a <c>ChatStream&lt;City&gt;</c> reads).</summary>
    public static readonly byte[] ItemsStream = CreateJsonStream("""{"items":[{"name":"Oslo","country":"Norway","population":709037},{"name":"Bergen","country":"Norway","population":291940}]}""");

    /// <summary>A streamed JSON reply of one city, in pieces (what a <c>PartialStream&lt;City&gt;</c> reads).</summary>
    public static readonly byte[] ObjectStream = CreateJsonStream("""{"name":"Bergen","country":"Norway","population":291940}""");

    public static readonly MediaTypeHeaderValue Json = new("application/json");

    public static readonly MediaTypeHeaderValue EventStream = new("text/event-stream");

    /// <summary>The <paramref name="index"/>th streamed piece: a word and a space, like a token.</summary>
    public static string Piece(int index) => (index == 0 ? "Once" : " word" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static byte[] Completion(string content) => Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-D8dUjRkJNE7oAraZr6I7Jy8l3f2eU\",\"object\":\"chat.completion\",\"created\":1770950813,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + JsonSerializer.Serialize(content, CannedJson.Default.String)
        + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":24,\"total_tokens\":55,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_373a14eb6f\"}");

    private static byte[] CreateStream()
    {
        const string head = "data: {\"id\":\"chatcmpl-D8dUAJuyyWxWUFRdcu8FB6Vi6yfLu\",\"object\":\"chat.completion.chunk\",\"created\":1770950778,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_373a14eb6f\",\"choices\":[";
        var text = new StringBuilder();
        text.Append(head).Append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"4PnfR9vil\"}\n\n");
        for (var i = 0; i < StreamChunks; i++)
        {
            text.Append(head).Append("{\"index\":0,\"delta\":{\"content\":\"").Append(Piece(i)).Append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"MRIY7sqx\"}\n\n");
        }

        text.Append(head).Append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null,\"obfuscation\":\"KD0Jr\"}\n\n");
        text.Append(head).Append("],\"usage\":{\"prompt_tokens\":22,\"completion_tokens\":200,\"total_tokens\":222,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"obfuscation\":\"JEx9ecrF\"}\n\n");
        text.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] CreateJsonStream(string json)
    {
        const string head = "data: {\"id\":\"chatcmpl-J\",\"object\":\"chat.completion.chunk\",\"created\":1770950778,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[";
        var text = new StringBuilder();
        for (var i = 0; i < json.Length; i += 16)
        {
            var piece = json.Substring(i, Math.Min(16, json.Length - i));
            text.Append(head).Append("{\"index\":0,\"delta\":{\"content\":").Append(JsonSerializer.Serialize(piece, CannedJson.Default.String)).Append("},\"finish_reason\":null}]}\n\n");
        }

        text.Append(head).Append("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        text.Append(head).Append("],\"usage\":{\"prompt_tokens\":22,\"completion_tokens\":40,\"total_tokens\":62}}\n\n");
        text.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

/// <summary>
/// An in-memory <see cref="HttpMessageHandler"/>: reads the request body to the end (as a socket handler would, so lazily
/// written bodies are written) and answers 200 with canned bytes. Measures client overhead only.
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private readonly byte[] _body;
    private readonly MediaTypeHeaderValue _mediaType;

    public CannedHandler(byte[] body, MediaTypeHeaderValue mediaType)
    {
        _body = body;
        _mediaType = mediaType;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(System.IO.Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = _mediaType;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
