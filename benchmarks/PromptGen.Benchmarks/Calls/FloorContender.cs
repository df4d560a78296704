using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptGen.Benchmarks.Calls;

/// <summary>
/// The floor: what a careful person writes by hand with <see cref="HttpClient"/> and a System.Text.Json
/// source-generated context — request types with only the fields sent, reply types with only the fields read, the body
/// serialised to bytes once, the reply deserialised from the stream, server-sent events parsed from bytes.
/// </summary>
public sealed class FloorContender : Contender
{
    private static readonly JsonElement CitySchema = JsonDocument.Parse(
        """{"type":"object","properties":{"name":{"type":"string"},"country":{"type":"string"},"population":{"type":"integer"}},"required":["name","country","population"],"additionalProperties":false}""").RootElement.Clone();

    private static readonly FloorResponseFormat CityFormat = new("json_schema", new FloorJsonSchema("City", CitySchema, true));

    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public FloorContender(HttpClient http, Uri baseUrl)
    {
        _http = http;
        _endpoint = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
    }

    public override string Name => "Floor (HttpClient + STJ)";

    public override async Task<string> TextAsync(string topic, int maxWords)
    {
        var request = new FloorRequest
        {
            Model = "gpt-4o-mini",
            Messages = [new FloorMessage("system", "You are a concise assistant."), new FloorMessage("user", $"What is {topic}? Answer in at most {maxWords} words.")],
            Temperature = 0.2,
        };
        var completion = await PostAsync(request).ConfigureAwait(false);
        return completion.Choices[0].Message.Content!;
    }

    public override async Task<City> JsonAsync(string name)
    {
        var request = new FloorRequest
        {
            Model = "gpt-4o-mini",
            Messages = [new FloorMessage("system", "You extract data from text."), new FloorMessage("user", $"Describe the city {name}.")],
            ResponseFormat = CityFormat,
        };
        var completion = await PostAsync(request).ConfigureAwait(false);
        return JsonSerializer.Deserialize(completion.Choices[0].Message.Content!, CannedJson.Default.City)!;
    }

    public override async Task<int> StreamAsync(string subject)
    {
        var request = new FloorRequest
        {
            Model = "gpt-4o-mini",
            Messages = [new FloorMessage("user", $"Tell a short story about {subject}.")],
            Stream = true,
        };
        using var message = Message(request);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var characters = 0;
        await foreach (var item in SseParser.Create(body, static (_, data) => data.SequenceEqual("[DONE]"u8) ? null : JsonSerializer.Deserialize(data, FloorJson.Default.FloorChunk)).EnumerateAsync().ConfigureAwait(false))
        {
            if (item.Data is not { } chunk)
            {
                break;
            }

            if (chunk.Choices is { Count: > 0 } choices && choices[0].Delta.Content is { } content)
            {
                characters += content.Length;
            }
        }

        return characters;
    }

    public override void Dispose() => _http.Dispose();

    private async Task<FloorCompletion> PostAsync(FloorRequest request)
    {
        using var message = Message(request);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(body, FloorJson.Default.FloorCompletion).ConfigureAwait(false))!;
    }

    private HttpRequestMessage Message(FloorRequest request)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, FloorJson.Default.FloorRequest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
    }
}

public sealed class FloorRequest
{
    public required string Model { get; init; }

    public required FloorMessage[] Messages { get; init; }

    public double? Temperature { get; init; }

    public bool? Stream { get; init; }

    public FloorResponseFormat? ResponseFormat { get; init; }
}

public sealed record FloorMessage(string Role, string? Content);

public sealed record FloorResponseFormat(string Type, FloorJsonSchema JsonSchema);

public sealed record FloorJsonSchema(string Name, JsonElement Schema, bool Strict);

public sealed record FloorCompletion(List<FloorChoice> Choices);

public sealed record FloorChoice(FloorMessage Message);

public sealed record FloorChunk(List<FloorChunkChoice>? Choices);

public sealed record FloorChunkChoice(FloorDelta Delta);

public sealed record FloorDelta(string? Content);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FloorRequest))]
[JsonSerializable(typeof(FloorCompletion))]
[JsonSerializable(typeof(FloorChunk))]
public sealed partial class FloorJson : JsonSerializerContext
{
}
