namespace PromptGen.Benchmarks.Calls;

/// <summary>The three calls declared as PromptGen prompts; the generator (an analyzer reference) writes the client.</summary>
[PromptClient(JsonContext = typeof(CannedJson))]
public partial interface IBenchPrompts
{
    [SystemPrompt("You are a concise assistant.")]
    [UserPrompt("What is {{ topic }}? Answer in at most {{ maxWords }} words.")]
    [Temperature(0.2)]
    Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

    [SystemPrompt("You extract data from text.")]
    [UserPrompt("Describe the city {{ name }}.")]
    Task<City> DescribeAsync(string name, CancellationToken cancellationToken = default);

    [UserPrompt("Tell a short story about {{ subject }}.")]
    IAsyncEnumerable<string> TellAsync(string subject, CancellationToken cancellationToken = default);
}

/// <summary>PromptGen's generated client over its <see cref="ChatClient"/> (model from the options, as the README shows).</summary>
public sealed class PromptGenContender : Contender
{
    private readonly HttpClient _http;
    private readonly ChatClient _chat;
    private readonly IBenchPrompts _prompts;

    public PromptGenContender(HttpClient http, Uri baseUrl)
    {
        _http = http;
        _chat = new ChatClient(http, new ChatClientOptions { BaseUrl = baseUrl, ApiKey = "bench", Model = "gpt-4o-mini" });
        _prompts = new IBenchPrompts.Client(_chat);
    }

    public override string Name => "PromptGen";

    public override Task<string> TextAsync(string topic, int maxWords) => _prompts.ExplainAsync(topic, maxWords);

    public override Task<City> JsonAsync(string name) => _prompts.DescribeAsync(name);

    public override async Task<int> StreamAsync(string subject)
    {
        var characters = 0;
        await foreach (var piece in _prompts.TellAsync(subject).ConfigureAwait(false))
        {
            characters += piece.Length;
        }

        return characters;
    }

    public override void Dispose()
    {
        _chat.Dispose();
        _http.Dispose();
    }
}
