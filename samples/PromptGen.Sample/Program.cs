using PromptGen;
using PromptGen.Sample;

// With OPENAI_API_KEY set, the sample calls the real endpoint (OPENAI_BASE_URL picks any OpenAI-compatible server,
// OPENAI_MODEL the model). Without it, it runs offline: the same client and generated code, scripted replies.
var online = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
var options = new ChatClientOptions
{
    Model = Environment.GetEnvironmentVariable("OPENAI_MODEL") ?? "gpt-4o-mini",
    TokenCounter = OpenAITokenCounter.Default, // counts prompt tokens for [MaxPromptTokens]
};
using var client = online
    ? new ChatClient(options)
    : new ChatClient(new HttpClient(new OfflineHandler()), options);
Console.WriteLine(online
    ? $"Calling {client.Endpoint} with model {options.Model}."
    : "OPENAI_API_KEY is not set: running offline against scripted replies, printing each request (set it, and OPENAI_BASE_URL for another server, to call a real endpoint).");

ITutor tutor = new ITutor.Client(client);
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var token = cancellation.Token;

Console.WriteLine("\n1. Text");
var before = client.Totals;
Console.WriteLine(await tutor.ExplainAsync("recursion", 30, token));
before = PrintStep(client, before);

Console.WriteLine("\n2. JSON into a C# type (json_schema, strict), with usage");
var extracted = await tutor.ExtractAsync("Ola Nordmann is 35 and lives in Bergen.", token);
Console.WriteLine($"{extracted.Value} (model {extracted.Model}, {extracted.Usage?.TotalTokens} tokens in {extracted.Attempts} request(s), cost {Dollars(extracted.Cost)})");
before = PrintStep(client, before);

Console.WriteLine("\n3. Streaming");
await foreach (var delta in tutor.TellStoryAsync("a fox", token))
{
    Console.Write(delta);
}

Console.WriteLine();
before = PrintStep(client, before);

Console.WriteLine("\n4. Multi-turn");
var history = new List<ChatMessage>
{
    ChatMessage.User("Who won the world series in 2020?"),
    ChatMessage.Assistant("The Los Angeles Dodgers won the World Series in 2020."),
};
Console.WriteLine(await tutor.ChatAsync(history, "Where was it played?", token));
before = PrintStep(client, before);

Console.WriteLine("\n5. Tools: the model calls GetWeatherAsync, then answers");
IWeatherAssistant assistant = new IWeatherAssistant.Client(client);
var answer = await assistant.AskAsync("What is the weather in Bergen?", new WeatherTools(), token);
Console.WriteLine($"{answer.Value} ({answer.Rounds} requests, {answer.Transcript?.Count} messages in the transcript, cost {Dollars(answer.Cost)})");
PrintStep(client, before);
Console.WriteLine($"\nIn all: {client.Totals}");

// The tokens and cost of one step: the difference between the client's running totals after and before it.
static ChatTotals PrintStep(ChatClient client, ChatTotals before)
{
    var after = client.Totals;
    Console.WriteLine($"   [{after.Requests - before.Requests} request(s): prompt {after.PromptTokens - before.PromptTokens} tokens, completion {after.CompletionTokens - before.CompletionTokens} tokens, cost {(after.UnpricedRequests > before.UnpricedRequests ? "unknown" : Dollars(after.Cost - before.Cost))}]");
    return after;
}

static string Dollars(decimal? cost) => cost is { } value ? "$" + value.ToString("0.########", System.Globalization.CultureInfo.InvariantCulture) : "unknown";
