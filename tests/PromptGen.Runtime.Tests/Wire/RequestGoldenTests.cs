using System.Text;
using System.Text.Json;
using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Every request option serialized through <see cref="ChatSerializer.SerializeRequest"/> and compared with a golden
/// <c>Goldens/request.&lt;case&gt;.json</c> (pretty-printed; the pretty form minifies back to the exact wire bytes).
/// </summary>
public class RequestGoldenTests
{
    /// <summary>A large seed that a double cannot hold exactly (2^53 + 1): proves it is written as an integer.</summary>
    internal const long LargeSeed = 9007199254740993;

    internal static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    internal static JsonElement WeatherParameters => Json("""
        {"type":"object","properties":{"city":{"type":"string","description":"City name, e.g. Ho Chi Minh City"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"],"additionalProperties":false}
        """);

    internal static JsonElement AnswerSchema => Json("""
        {"type":"object","properties":{"answer":{"type":"string"},"steps":{"type":"array","items":{"type":"string"}}},"required":["answer","steps"],"additionalProperties":false}
        """);

    internal static ChatTool WeatherTool => new()
    {
        Function = new ChatFunction
        {
            Name = "get_weather",
            Description = "Gets the current weather for a city.",
            Parameters = WeatherParameters,
            Strict = true,
        },
    };

    internal static ChatTool NoParameterTool => new()
    {
        Function = new ChatFunction { Name = "get_time", Description = "Gets the current time." },
    };

    internal static ChatMessage AssistantWithToolCalls() => new(ChatRole.Assistant, null)
    {
        ToolCalls = new List<ChatToolCall>
        {
            new() { Id = "call_1", Type = "function", Function = new ChatFunctionCall { Name = "get_weather", Arguments = """{"city":"Paris","unit":"celsius"}""" } },
            new() { Id = "call_2", Type = "function", Function = new ChatFunctionCall { Name = "get_time", Arguments = "{}" } },
        },
    };

    private static ChatRequest Basic() => new() { Model = "gpt-4o-mini", Messages = { ChatMessage.User("Hello!") } };

    private static ChatRequest With(Action<ChatRequest> change)
    {
        var request = Basic();
        change(request);
        return request;
    }

    /// <summary>Every field of the request at once, with several messages of every role.</summary>
    internal static ChatRequest Combined() => new()
    {
        Model = "gpt-4o-2024-08-06",
        Messages =
        {
            ChatMessage.System("You are terse."),
            ChatMessage.Developer("Answer in English."),
            new ChatMessage(ChatRole.User, new ChatContent(new[]
            {
                ChatContentPart.FromText("What is in this picture, and what's the weather there?"),
                ChatContentPart.FromImage("https://example.com/paris.jpg", "high"),
            })) { Name = "alice" },
            AssistantWithToolCalls(),
            ChatMessage.Tool("call_1", """{"temperature":21,"unit":"celsius"}"""),
            ChatMessage.Tool("call_2", "12:00"),
            ChatMessage.Assistant("It is the Eiffel Tower; 21 °C at noon."),
            ChatMessage.User("Thanks — summarise as JSON."),
        },
        Temperature = 0.2,
        TopP = 0.95,
        MaxTokens = 512,
        FrequencyPenalty = 0.5,
        PresencePenalty = -0.25,
        Stop = new List<string> { "END", "STOP" },
        N = 2,
        Seed = LargeSeed,
        Stream = true,
        StreamOptions = new ChatStreamOptions { IncludeUsage = true },
        ResponseFormat = ChatResponseFormat.ForJsonSchema("answer", AnswerSchema, strict: true, description: "An answer with steps."),
        Tools = new List<ChatTool> { WeatherTool, NoParameterTool },
        ToolChoice = ChatToolChoice.Function("get_weather"),
        ParallelToolCalls = false,
        Logprobs = true,
        TopLogprobs = 3,
        User = "user-1234",
    };

    /// <summary>Case name, the request, and the max-tokens field name to use.</summary>
    internal static readonly IReadOnlyDictionary<string, (Func<ChatRequest> Build, MaxTokensField Field)> Cases =
        new Dictionary<string, (Func<ChatRequest>, MaxTokensField)>
        {
            ["minimal"] = (Basic, MaxTokensField.MaxTokens),
            ["roles"] = (() => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    ChatMessage.System("You are a helpful assistant."),
                    ChatMessage.Developer("Reply in one sentence."),
                    new ChatMessage(ChatRole.User, "Hi, I'm Bob.") { Name = "bob" },
                    ChatMessage.Assistant("Hello Bob!"),
                    ChatMessage.Tool("call_abc", "sunny"),
                },
            }, MaxTokensField.MaxTokens),
            ["content-parts"] = (() => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    new ChatMessage(ChatRole.System, new ChatContent(new[] { ChatContentPart.FromText("You talk like a pirate."), ChatContentPart.FromText("You like dogs.") })),
                    ChatMessage.User(
                        ChatContentPart.FromText("Compare these images."),
                        ChatContentPart.FromImage("https://example.com/a.png", "high"),
                        ChatContentPart.FromImage("data:image/png;base64,iVBORw0KGgo=", "low"),
                        ChatContentPart.FromImage("https://example.com/c.png", "auto"),
                        ChatContentPart.FromImage("https://example.com/d.png")),
                },
            }, MaxTokensField.MaxTokens),
            ["temperature"] = (() => With(r => r.Temperature = 0.7), MaxTokensField.MaxTokens),
            ["top-p"] = (() => With(r => r.TopP = 0.9), MaxTokensField.MaxTokens),
            ["max-tokens"] = (() => With(r => r.MaxTokens = 256), MaxTokensField.MaxTokens),
            ["max-completion-tokens"] = (() => With(r => r.MaxTokens = 256), MaxTokensField.MaxCompletionTokens),
            ["frequency-penalty"] = (() => With(r => r.FrequencyPenalty = -0.5), MaxTokensField.MaxTokens),
            ["presence-penalty"] = (() => With(r => r.PresencePenalty = 1.25), MaxTokensField.MaxTokens),
            ["stop-one"] = (() => With(r => r.Stop = new List<string> { "\n\n" }), MaxTokensField.MaxTokens),
            ["stop-several"] = (() => With(r => r.Stop = new List<string> { "END", "STOP", "###" }), MaxTokensField.MaxTokens),
            ["n"] = (() => With(r => r.N = 3), MaxTokensField.MaxTokens),
            ["seed"] = (() => With(r => r.Seed = LargeSeed), MaxTokensField.MaxTokens),
            ["stream"] = (() => With(r => { r.Stream = true; r.StreamOptions = new ChatStreamOptions { IncludeUsage = true }; }), MaxTokensField.MaxTokens),
            ["response-format-text"] = (() => With(r => r.ResponseFormat = ChatResponseFormat.Text), MaxTokensField.MaxTokens),
            ["response-format-json-object"] = (() => With(r => r.ResponseFormat = ChatResponseFormat.JsonObject), MaxTokensField.MaxTokens),
            ["response-format-json-schema"] = (() => With(r => r.ResponseFormat = ChatResponseFormat.ForJsonSchema("answer", AnswerSchema, strict: true, description: "An answer with steps.")), MaxTokensField.MaxTokens),
            ["response-format-json-schema-nonstrict"] = (() => With(r => r.ResponseFormat = ChatResponseFormat.ForJsonSchema("colors", Json("""{"type":"object","properties":{},"additionalProperties":false}"""), strict: false)), MaxTokensField.MaxTokens),
            ["tools"] = (() => With(r => r.Tools = new List<ChatTool> { WeatherTool, NoParameterTool }), MaxTokensField.MaxTokens),
            ["tool-choice-none"] = (() => With(r => { r.Tools = new List<ChatTool> { WeatherTool }; r.ToolChoice = ChatToolChoice.None; }), MaxTokensField.MaxTokens),
            ["tool-choice-auto"] = (() => With(r => { r.Tools = new List<ChatTool> { WeatherTool }; r.ToolChoice = ChatToolChoice.Auto; }), MaxTokensField.MaxTokens),
            ["tool-choice-required"] = (() => With(r => { r.Tools = new List<ChatTool> { WeatherTool }; r.ToolChoice = ChatToolChoice.Required; }), MaxTokensField.MaxTokens),
            ["tool-choice-function"] = (() => With(r => { r.Tools = new List<ChatTool> { WeatherTool }; r.ToolChoice = ChatToolChoice.Function("get_weather"); }), MaxTokensField.MaxTokens),
            ["parallel-tool-calls"] = (() => With(r => { r.Tools = new List<ChatTool> { WeatherTool }; r.ParallelToolCalls = false; }), MaxTokensField.MaxTokens),
            ["logprobs"] = (() => With(r => { r.Logprobs = true; r.TopLogprobs = 5; }), MaxTokensField.MaxTokens),
            ["user"] = (() => With(r => r.User = "user-1234"), MaxTokensField.MaxTokens),
            ["assistant-tool-calls"] = (() => With(r => r.Messages.Add(AssistantWithToolCalls())), MaxTokensField.MaxTokens),
            ["tool-message"] = (() => With(r =>
            {
                r.Messages.Add(AssistantWithToolCalls());
                r.Messages.Add(ChatMessage.Tool("call_1", """{"temperature":21}"""));
                r.Messages.Add(ChatMessage.Tool("call_2", "12:00"));
            }), MaxTokensField.MaxTokens),
            ["assistant-refusal"] = (() => With(r => r.Messages.Add(new ChatMessage(ChatRole.Assistant, null) { Refusal = "I can't help with that." })), MaxTokensField.MaxTokens),
            ["combined"] = (Combined, MaxTokensField.MaxCompletionTokens),
        };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RequestMatchesGolden(string name)
    {
        var (build, field) = Cases[name];
        var wire = ChatSerializer.SerializeRequest(build(), field);
        var pretty = Golden.PrettyJson(wire);

        // The golden's pretty form is lossless: minified again it is byte for byte what goes on the wire.
        Assert.Equal(Encoding.UTF8.GetString(wire), Minify(pretty));
        Golden.Verify($"request.{name}.json", pretty);
    }

    [Fact]
    public void SeedIsWrittenAsAnExactInteger()
    {
        var json = Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(Cases["seed"].Build(), MaxTokensField.MaxTokens));
        Assert.Contains("\"seed\":9007199254740993", json, StringComparison.Ordinal);
    }

    [Fact]
    public void OneStopSequenceIsAStringAndSeveralAreAnArray()
    {
        using var one = JsonDocument.Parse(ChatSerializer.SerializeRequest(Cases["stop-one"].Build(), MaxTokensField.MaxTokens));
        using var several = JsonDocument.Parse(ChatSerializer.SerializeRequest(Cases["stop-several"].Build(), MaxTokensField.MaxTokens));
        Assert.Equal(JsonValueKind.String, one.RootElement.GetProperty("stop").ValueKind);
        Assert.Equal(JsonValueKind.Array, several.RootElement.GetProperty("stop").ValueKind);
        Assert.Equal(3, several.RootElement.GetProperty("stop").GetArrayLength());
    }

    [Fact]
    public void UnsetOptionsAreNotSent()
    {
        using var document = JsonDocument.Parse(ChatSerializer.SerializeRequest(Basic(), MaxTokensField.MaxCompletionTokens));
        Assert.Equal(new[] { "model", "messages" }, document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static string Minify(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
