using System.Globalization;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

public class TutorTests
{
    /// <summary>The strict json_schema every Person method sends by default.</summary>
    private const string PersonResponseFormat = """
        {"type":"json_schema","json_schema":{"name":"Person","schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"city":{"type":"string"}},"required":["name","age","city"],"additionalProperties":false},"strict":true}}
        """;

    [Fact]
    public async Task ExplainSendsSystemThenRenderedUserMessageWithSettings()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("Recursion is a function calling itself."));
        ITutor tutor = new ITutor.Client(harness.Client);

        var answer = await tutor.ExplainAsync("recursion", 50);

        Assert.Equal("Recursion is a function calling itself.", answer);
        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        JsonAssert.Equal("""
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"You are a concise Python tutor."},
              {"role":"user","content":"What is recursion? Answer in at most 50 words."}],
             "temperature":0.2}
            """, request.BodyText);
    }

    [Fact]
    public async Task ExtractUsesStrictJsonSchemaFewShotsInOrderAndDeserialises()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"name":"Ola Nordmann","age":35,"city":"Bergen"}"""));
        ITutor tutor = new ITutor.Client(harness.Client);

        var person = await tutor.ExtractAsync("Ola Nordmann (35) from Bergen.");

        Assert.Equal(new Person("Ola Nordmann", 35, "Bergen"), person);
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            messages = new object[]
            {
                new { role = "system", content = "You extract data from text." },
                new { role = "user", content = "Anna Berg is 41 and lives in Oslo." },
                new { role = "assistant", content = """{"name":"Anna Berg","age":41,"city":"Oslo"}""" },
                new { role = "user", content = "Extract name, age and city from: Ola Nordmann (35) from Bergen." },
            },
            response_format = System.Text.Json.JsonDocument.Parse(PersonResponseFormat).RootElement,
        });
        JsonAssert.Equal(body, harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task StoryStreamsDeltasAsTheyArrive()
    {
        await using var harness = await Harness.StartAsync();
        var release = new TaskCompletionSource();
        harness.Server.Enqueue(Reply.Sse()
            .Data("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""")
            .Data("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Once"},"finish_reason":null}]}""")
            .WaitFor(release.Task)
            .Data("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" upon a time."},"finish_reason":null}]}""")
            .Data("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")
            .Data("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""")
            .Done());
        ITutor tutor = new ITutor.Client(harness.Client);

        var received = new List<string>();
        await foreach (var delta in tutor.TellStoryAsync("a fox"))
        {
            received.Add(delta);
            if (delta == "Once")
            {
                // The first token arrived while the server still holds the rest back: nothing is buffered.
                release.SetResult();
            }
        }

        Assert.Equal(new[] { "Once", " upon a time." }, received);
        JsonAssert.Equal("""
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"You are a concise Python tutor."},
              {"role":"user","content":"Tell me a short story about a fox."}],
             "max_tokens":200,"stream":true,"stream_options":{"include_usage":true}}
            """, harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task ChatSendsHistoryBetweenSystemAndNewUserMessage()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("It was played in Arlington, Texas."));
        ITutor tutor = new ITutor.Client(harness.Client);
        var history = new[]
        {
            ChatMessage.User("Who won the world series in 2020?"),
            ChatMessage.Assistant("The Los Angeles Dodgers won the World Series in 2020."),
        };

        var answer = await tutor.ChatAsync(history, "Where was it played?");

        Assert.Equal("It was played in Arlington, Texas.", answer);
        JsonAssert.Equal("""
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"You are a concise Python tutor."},
              {"role":"user","content":"Who won the world series in 2020?"},
              {"role":"assistant","content":"The Los Angeles Dodgers won the World Series in 2020."},
              {"role":"user","content":"Where was it played?"}]}
            """, harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task ChoicesReturnEveryChoiceInIndexOrder()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[
              {"index":2,"message":{"role":"assistant","content":"Third"},"finish_reason":"stop"},
              {"index":0,"message":{"role":"assistant","content":"First"},"finish_reason":"stop"},
              {"index":1,"message":{"role":"assistant","content":"Second"},"finish_reason":"stop"}]}
            """));
        ITutor tutor = new ITutor.Client(harness.Client);

        var titles = await tutor.TitlesAsync("foxes");

        Assert.Equal(new[] { "First", "Second", "Third" }, titles);
        JsonAssert.Equal("""
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"You are a concise Python tutor."},
              {"role":"user","content":"Give a title for foxes."}],
             "n":3,"seed":7}
            """, harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task FewerChoicesThanAskedIsAFormatErrorNotAShortList()
    {
        // A server that ignores 'n' returns one choice; the method promised three (session 7 review: a 1-item list came back).
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[
              {"index":0,"message":{"role":"assistant","content":"Only"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}
            """));
        harness.Server.Enqueue(Reply.Json("""
            {"id":"y","object":"chat.completion","created":1,"model":"m","choices":[
              {"index":0,"message":{"role":"assistant","content":"{\"name\":\"Kari\",\"age\":29,\"city\":\"Oslo\"}"},"finish_reason":"stop"}]}
            """));
        ITutor tutor = new ITutor.Client(harness.Client);

        var text = await Assert.ThrowsAsync<PromptFormatException>(() => tutor.TitlesAsync("foxes"));
        var json = await Assert.ThrowsAsync<PromptFormatException>(() => new IOrders.Client(harness.Client).CandidatesAsync("Kari, 29, Oslo"));

        Assert.Equal("Asked for 3 choices ('n' = 3, from [Choices(3)]) and the server returned 1. The server may ignore 'n' or allow one choice: remove [Choices] and call the method 3 times, or use a server that supports 'n'.", text.Message);
        Assert.Equal(6, text.Usage!.TotalTokens);
        Assert.StartsWith("Asked for 2 choices ('n' = 2, from [Choices(2)]) and the server returned 1.", json.Message);
        Assert.Equal(2, harness.Server.Requests.Count); // not asked again
    }

    [Fact]
    public async Task ResultWrapperCarriesUsageFinishReasonIdAndModel()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"name":"Kari","age":29,"city":"Tromsø"}"""));
        ITutor tutor = new ITutor.Client(harness.Client);

        var result = await tutor.ExtractWithDetailsAsync("Kari, 29, Tromsø");

        Assert.Equal(new Person("Kari", 29, "Tromsø"), result.Value);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal("chatcmpl-e2e", result.Id);
        Assert.Equal("gpt-4o-mini-2024-07-18", result.Model);
        Assert.Equal((11, 9, 20), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens));
        var sent = System.Text.Json.Nodes.JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"];
        JsonAssert.Equal(PersonResponseFormat, sent!.ToJsonString());
    }

    [Fact]
    public async Task ArgumentsAreNeverParsedAsTemplates()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("ok"));
        ITutor tutor = new ITutor.Client(harness.Client);

        await tutor.ExplainAsync("{{ maxWords }} and {{ if true }}x{{ end }}", 3);

        JsonAssert.Equal("""
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"You are a concise Python tutor."},
              {"role":"user","content":"What is {{ maxWords }} and {{ if true }}x{{ end }}? Answer in at most 3 words."}],
             "temperature":0.2}
            """, harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task CancellationTokenIsPassedThrough()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Sse().Hang());
        ITutor tutor = new ITutor.Client(harness.Client);
        using var cancellation = new CancellationTokenSource();

        var call = tutor.ExplainAsync("recursion", 10, cancellation.Token);
        await harness.Server.WaitForRequestAsync(0);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task NullArgumentForTheWholeUserMessageInsertsNothing()
    {
        // One rule for null in prompts (issue 10, section 6): it inserts nothing; the message is sent with empty text.
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("ok"));
        ITutor tutor = new ITutor.Client(harness.Client);

        Assert.Equal("ok", await tutor.ChatAsync(Array.Empty<ChatMessage>(), null!));

        var messages = System.Text.Json.JsonDocument.Parse(harness.Server.Requests[0].BodyText).RootElement.GetProperty("messages");
        Assert.Equal("""[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":""}]""", messages.GetRawText());
    }
}
