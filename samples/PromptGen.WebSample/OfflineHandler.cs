using System.Net;
using System.Text;
using System.Text.Json;

namespace PromptGen.WebSample;

/// <summary>
/// The HttpClient's primary handler when no API key is configured: answers like an OpenAI-compatible server with scripted
/// replies, so the sample runs the real client, handlers, logs and telemetry without any traffic.
/// </summary>
public sealed class OfflineHandler : HttpMessageHandler
{
    /// <summary>The streamed story's pieces.</summary>
    public static readonly string[] Story = ["A", " fox", " found", " a", " lantern", " and", " lit", " the", " forest."];

    /// <summary>The recommendation's JSON.</summary>
    public const string RecommendationJson = """{"title":"Gödel, Escher, Bach","author":"Douglas Hofstadter","reason":"It makes recursion a pleasure."}""";

    /// <summary>Whether the sample runs offline: <c>Sample:Offline</c> when set, else whether no API key is configured.</summary>
    public static bool IsOffline(IConfiguration configuration) =>
        configuration.GetValue<bool?>("Sample:Offline")
        ?? (string.IsNullOrEmpty(configuration["PromptGen:ApiKey"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY")));

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (body.Contains("\"stream\":true", StringComparison.Ordinal))
        {
            var events = new StringBuilder();
            foreach (var piece in Story)
            {
                events.Append("data: {\"id\":\"offline-stream\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"offline-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                    .Append(JsonSerializer.Serialize(piece, WebJsonStrings.Default.String)).Append("},\"finish_reason\":null}]}\n\n");
            }

            events.Append("data: {\"id\":\"offline-stream\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"offline-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            events.Append("data: {\"id\":\"offline-stream\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"offline-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":9,\"total_tokens\":30}}\n\n");
            events.Append("data: [DONE]\n\n");
            return Reply(events.ToString(), "text/event-stream");
        }

        var content = body.Contains("\"response_format\"", StringComparison.Ordinal) ? RecommendationJson : "Recursion is a function calling itself.";
        return Reply(
            "{\"id\":\"offline-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"offline-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + JsonSerializer.Serialize(content, WebJsonStrings.Default.String) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":17,\"total_tokens\":59}}",
            "application/json");
    }

    private static HttpResponseMessage Reply(string body, string mediaType) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}

/// <summary>Source-generated metadata for writing JSON strings.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class WebJsonStrings : System.Text.Json.Serialization.JsonSerializerContext
{
}
