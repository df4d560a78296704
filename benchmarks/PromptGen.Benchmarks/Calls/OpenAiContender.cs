using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace PromptGen.Benchmarks.Calls;

using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

/// <summary>The OpenAI .NET SDK: <see cref="OpenAI.Chat.ChatClient"/> over an <see cref="HttpClientPipelineTransport"/>.</summary>
public sealed class OpenAiContender : Contender
{
    private static readonly ChatResponseFormat CityFormat = ChatResponseFormat.CreateJsonSchemaFormat(
        "City",
        BinaryData.FromString("""{"type":"object","properties":{"name":{"type":"string"},"country":{"type":"string"},"population":{"type":"integer"}},"required":["name","country","population"],"additionalProperties":false}"""),
        jsonSchemaIsStrict: true);

    private readonly HttpClient _http;

    public OpenAiContender(HttpClient http, Uri baseUrl)
    {
        _http = http;
        Client = Create(http, baseUrl);
    }

    /// <summary>The SDK client (Microsoft.Extensions.AI wraps one too).</summary>
    public OpenAI.Chat.ChatClient Client { get; }

    public override string Name => "OpenAI SDK";

    public static OpenAI.Chat.ChatClient Create(HttpClient http, Uri baseUrl) =>
        new("gpt-4o-mini", new ApiKeyCredential("bench"), new OpenAIClientOptions { Endpoint = baseUrl, Transport = new HttpClientPipelineTransport(http) });

    public override async Task<string> TextAsync(string topic, int maxWords)
    {
        // Options are filled in by the SDK during the call, so each call takes a new instance.
        var completion = await Client.CompleteChatAsync(
            [new SystemChatMessage("You are a concise assistant."), new UserChatMessage($"What is {topic}? Answer in at most {maxWords} words.")],
            new ChatCompletionOptions { Temperature = 0.2f }).ConfigureAwait(false);
        return completion.Value.Content[0].Text;
    }

    public override async Task<City> JsonAsync(string name)
    {
        var completion = await Client.CompleteChatAsync(
            [new SystemChatMessage("You extract data from text."), new UserChatMessage($"Describe the city {name}.")],
            new ChatCompletionOptions { ResponseFormat = CityFormat }).ConfigureAwait(false);
        return JsonSerializer.Deserialize(completion.Value.Content[0].Text, CannedJson.Default.City)!;
    }

    public override async Task<int> StreamAsync(string subject)
    {
        var characters = 0;
        await foreach (var update in Client.CompleteChatStreamingAsync([new UserChatMessage($"Tell a short story about {subject}.")]).ConfigureAwait(false))
        {
            foreach (var part in update.ContentUpdate)
            {
                characters += part.Text.Length;
            }
        }

        return characters;
    }

    public override void Dispose() => _http.Dispose();
}
