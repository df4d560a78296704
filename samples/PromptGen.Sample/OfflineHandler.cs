using System.Net;
using System.Text;

namespace PromptGen.Sample;

/// <summary>
/// Stands in for the network when no API key is set: prints each request exactly as the client sends it and answers
/// with a scripted reply, so the sample runs the real client, serializer and generated code without any traffic.
/// </summary>
internal sealed class OfflineHandler : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Console.ForegroundColor = ConsoleColor.DarkGray;
        Console.WriteLine($"→ {request.Method} {request.RequestUri}");
        Console.WriteLine($"  {body}");
        Console.ResetColor();

        if (body.Contains("\"stream\":true", StringComparison.Ordinal))
        {
            var events = new StringBuilder();
            foreach (var word in new[] { "A", " curious", " fox", " found", " a", " lantern", " and", " lit", " the", " whole", " forest." })
            {
                events.Append("data: {\"id\":\"offline\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"offline\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                    .Append(word).Append("\"},\"finish_reason\":null}]}\n\n");
            }

            events.Append("data: {\"id\":\"offline\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"offline\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            events.Append("data: {\"id\":\"offline\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":11,\"total_tokens\":35}}\n\n");
            events.Append("data: [DONE]\n\n");
            return Reply(events.ToString(), "text/event-stream");
        }

        // The tools method: the first reply asks for get_weather (with an empty id, as llama.cpp sends it; PromptGen makes
        // one up), the second, which carries the tool's result, answers.
        if (body.Contains("\"tools\"", StringComparison.Ordinal))
        {
            return Reply(body.Contains("\"role\":\"tool\"", StringComparison.Ordinal)
                ? "{\"id\":\"offline\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"offline-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It is 9.5 °C with light rain in Bergen.\"},\"finish_reason\":\"stop\"}]}"
                : "{\"id\":\"offline\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"offline-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Bergen\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}",
                "application/json");
        }

        // The JSON method's first scripted reply breaks Person's [Range(0, 150)], so the sample shows [Repair] at work:
        // the second request carries the bad reply and the error, and gets a valid one.
        var content = body.Contains("\"response_format\"", StringComparison.Ordinal)
            ? body.Contains("does not match the required JSON format", StringComparison.Ordinal)
                ? "{\\\"name\\\":\\\"Ola Nordmann\\\",\\\"age\\\":35,\\\"city\\\":\\\"Bergen\\\"}"
                : "{\\\"name\\\":\\\"Ola Nordmann\\\",\\\"age\\\":350,\\\"city\\\":\\\"Bergen\\\"}"
            : body.Contains("Where was it played", StringComparison.Ordinal)
                ? "It was played at Globe Life Field in Arlington, Texas."
                : "Recursion is when a function solves a problem by calling itself on a smaller part of it.";
        return Reply(
            "{\"id\":\"offline\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + content + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":12,\"total_tokens\":54}}",
            "application/json");
    }

    private static HttpResponseMessage Reply(string body, string mediaType) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}
