using Microsoft.Extensions.AI;

namespace PromptGen.Benchmarks.Calls;

using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatOptions = Microsoft.Extensions.AI.ChatOptions;
using ChatRole = Microsoft.Extensions.AI.ChatRole;

/// <summary>
/// Microsoft.Extensions.AI over the OpenAI SDK (<c>AsIChatClient()</c>): <c>GetResponseAsync</c>,
/// <c>GetResponseAsync&lt;City&gt;</c> with the source-generated <see cref="CannedJson"/>, and <c>GetStreamingResponseAsync</c>.
/// </summary>
public sealed class MeaiContender : Contender
{
    private readonly HttpClient _http;
    private readonly IChatClient _client;

    public MeaiContender(HttpClient http, Uri baseUrl)
    {
        _http = http;
        _client = OpenAiContender.Create(http, baseUrl).AsIChatClient();
    }

    public override string Name => "Microsoft.Extensions.AI";

    public override async Task<string> TextAsync(string topic, int maxWords)
    {
        var response = await _client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You are a concise assistant."), new ChatMessage(ChatRole.User, $"What is {topic}? Answer in at most {maxWords} words.")],
            new ChatOptions { Temperature = 0.2f }).ConfigureAwait(false);
        return response.Text;
    }

    public override async Task<City> JsonAsync(string name)
    {
        var response = await _client.GetResponseAsync<City>(
            [new ChatMessage(ChatRole.System, "You extract data from text."), new ChatMessage(ChatRole.User, $"Describe the city {name}.")],
            CannedJson.Default.Options).ConfigureAwait(false);
        return response.Result;
    }

    public override async Task<int> StreamAsync(string subject)
    {
        var characters = 0;
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, $"Tell a short story about {subject}.")]).ConfigureAwait(false))
        {
            characters += update.Text.Length;
        }

        return characters;
    }

    public override void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }
}
