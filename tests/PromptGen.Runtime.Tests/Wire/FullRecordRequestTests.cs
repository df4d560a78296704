using System.Text;
using System.Text.Json;
using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Requests the official openai-dotnet client really sent (the <c>RequestBody</c> of its session records), rebuilt with
/// the wire model: they serialize to the same JSON, property order aside.
/// </summary>
public class FullRecordRequestTests
{
    private static readonly JsonElement WordParameters = RequestGoldenTests.Json("""{"type":"object","properties":{"word":{"type":"string"}}}""");

    private static ChatTool NumberForWord => new()
    {
        Function = new ChatFunction { Name = "get_number_for_word", Description = "gets an arbitrary number assigned to a given word", Parameters = WordParameters },
    };

    private static ChatTool FavoriteColor => new()
    {
        Function = new ChatFunction { Name = "get_favorite_color", Description = "gets the favorite color of the caller" },
    };

    private static ChatTool WeatherForCity => new()
    {
        Function = new ChatFunction
        {
            Name = "get_weather_for_city",
            Description = "gets the current weather for a given city",
            Parameters = RequestGoldenTests.Json("""{"type":"object","properties":{"city_name":{"type":"string","description":"the name of a city, e.g. Johannesburg or Ho Chi Minh City."}},"required":["city_name"]}"""),
        },
    };

    private static ChatRequest Banana(ChatToolChoice? choice) => new()
    {
        Model = "gpt-4o-mini",
        Messages = { ChatMessage.User("What's the number for the word 'banana'?") },
        Tools = new List<ChatTool> { NumberForWord },
        ToolChoice = choice,
    };

    private static ChatMessage AssistantCalls(params (string Id, string Name, string Arguments)[] calls) => new(ChatRole.Assistant, null)
    {
        ToolCalls = calls.Select(c => new ChatToolCall { Id = c.Id, Type = "function", Function = new ChatFunctionCall { Name = c.Name, Arguments = c.Arguments } }).ToList(),
    };

    private static readonly IReadOnlyDictionary<string, (string File, int Entry, Func<ChatRequest> Build, MaxTokensField Field)> Cases =
        new Dictionary<string, (string, int, Func<ChatRequest>, MaxTokensField)>
        {
            ["hello-world"] = ("openai-dotnet__HelloWorldChat.json", 0, () => new ChatRequest { Model = "gpt-4o-mini", Messages = { ChatMessage.User("Hello, world!") } }, MaxTokensField.MaxCompletionTokens),
            ["json-object"] = ("openai-dotnet__JsonResult.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages = { ChatMessage.User("Give me a JSON object with the following properties: red, green, and blue. The value of each property should be a string containing their RGB representation in hexadecimal.") },
                ResponseFormat = ChatResponseFormat.JsonObject,
            }, MaxTokensField.MaxCompletionTokens),
            ["multipart"] = ("openai-dotnet__MultipartContentWorks.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    new ChatMessage(ChatRole.System, new ChatContent(new[] { ChatContentPart.FromText("You talk like a pirate."), ChatContentPart.FromText("When asked for recommendations, you always talk about animals; especially dogs.") })),
                    ChatMessage.User(ChatContentPart.FromText("Hello, assistant! I need some advice."), ChatContentPart.FromText("Can you recommend some small, cute things I can think about?")),
                },
            }, MaxTokensField.MaxCompletionTokens),
            ["tools"] = ("openai-dotnet__ConstraintsWork.json", 0, () => Banana(null), MaxTokensField.MaxCompletionTokens),
            ["tool-choice-none"] = ("openai-dotnet__ConstraintsWork.json", 1, () => Banana(ChatToolChoice.None), MaxTokensField.MaxCompletionTokens),
            ["tool-choice-function"] = ("openai-dotnet__ConstraintsWork.json", 2, () => Banana(ChatToolChoice.Function("get_number_for_word")), MaxTokensField.MaxCompletionTokens),
            ["tool-choice-auto"] = ("openai-dotnet__ConstraintsWork.json", 3, () => Banana(ChatToolChoice.Auto), MaxTokensField.MaxCompletionTokens),
            ["no-parameter-tool"] = ("openai-dotnet__NoParameterToolWorks.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages = { ChatMessage.User("What's my favorite color?") },
                Tools = new List<ChatTool> { FavoriteColor },
            }, MaxTokensField.MaxCompletionTokens),
            ["tool-result"] = ("openai-dotnet__NoParameterToolWorks.json", 1, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    ChatMessage.User("What's my favorite color?"),
                    AssistantCalls(("call_rQvZ9upGjXJlbI3FYZ43qGgu", "get_favorite_color", "{}")),
                    ChatMessage.Tool("call_rQvZ9upGjXJlbI3FYZ43qGgu", "green"),
                },
                Tools = new List<ChatTool> { FavoriteColor },
            }, MaxTokensField.MaxCompletionTokens),
            ["parallel-tool-results"] = ("openai-dotnet__ParallelToolCalls.json", 1, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    ChatMessage.User("Tell me what's the current weather in the following cities: Santiago and Karachi."),
                    AssistantCalls(
                        ("call_SKQEHo7QVlJRoCtEzcrYZM9C", "get_weather_for_city", """{"city_name": "Santiago"}"""),
                        ("call_CkjljlLr7IebPc4hnvetfiZ8", "get_weather_for_city", """{"city_name": "Karachi"}""")),
                    ChatMessage.Tool("call_SKQEHo7QVlJRoCtEzcrYZM9C", "rainy"),
                    ChatMessage.Tool("call_CkjljlLr7IebPc4hnvetfiZ8", "sunny"),
                },
                Tools = new List<ChatTool> { WeatherForCity },
            }, MaxTokensField.MaxCompletionTokens),
            ["strict-tool"] = ("openai-dotnet__StructuredOutputs(WithSchema,Strict).json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-2024-08-06",
                Messages =
                {
                    ChatMessage.System("Call applicable tools when the user asks a question. Prefer JSON output when possible."),
                    ChatMessage.User("What's my favorite color on Tuesday?"),
                },
                Tools = new List<ChatTool>
                {
                    new()
                    {
                        Function = new ChatFunction
                        {
                            Name = "get_favorite_color_for_day_of_week",
                            Description = "Given a weekday name like Tuesday, gets the favorite color of the user on that day.",
                            Parameters = RequestGoldenTests.Json("""{"type":"object","properties":{"the_day_of_the_week":{"type":"string"}},"required":["the_day_of_the_week"],"additionalProperties":false}"""),
                            Strict = true,
                        },
                    },
                },
            }, MaxTokensField.MaxCompletionTokens),
            ["json-schema-strict"] = ("openai-dotnet__StructuredOutputsWork.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages = { ChatMessage.User("What's heavier, a pound of feathers or sixteen ounces of steel?") },
                ResponseFormat = ChatResponseFormat.ForJsonSchema("test_schema", RequestGoldenTests.AnswerSchema, strict: true, description: "a single final answer with a supporting collection of steps"),
            }, MaxTokensField.MaxCompletionTokens),
            ["json-schema-nonstrict"] = ("openai-dotnet__NonStrictJsonSchemaWorks.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages = { ChatMessage.User("What are the hex values for red, green, and blue?") },
                ResponseFormat = ChatResponseFormat.ForJsonSchema(
                    "some_color_schema",
                    RequestGoldenTests.Json("""{"type":"object","properties":{},"additionalProperties":false}"""),
                    strict: false,
                    description: "an object that describes color components by name"),
            }, MaxTokensField.MaxCompletionTokens),
            ["temperature-zero-and-schema"] = ("openai-dotnet__StructuredRefusalWorks.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-2024-08-06",
                Temperature = 0,
                Messages = { ChatMessage.User("What's the best way to successfully rob a bank? Please include detailed instructions for executing related crimes.") },
                ResponseFormat = ChatResponseFormat.ForJsonSchema(
                    "food_recipe",
                    RequestGoldenTests.Json("""{"type":"object","properties":{"name":{"type":"string"},"ingredients":{"type":"array","items":{"type":"string"}},"steps":{"type":"array","items":{"type":"string"}}},"required":["name","ingredients","steps"],"additionalProperties":false}"""),
                    strict: true,
                    description: "a description of a recipe to create a meal or dish"),
            }, MaxTokensField.MaxCompletionTokens),
            ["assistant-refusal-in-history"] = ("openai-dotnet__StructuredRefusalWorks.json", 1, () => new ChatRequest
            {
                Model = "gpt-4o-2024-08-06",
                Messages =
                {
                    ChatMessage.User("What's the best way to successfully rob a bank? Please include detailed instructions for executing related crimes."),
                    new ChatMessage(ChatRole.Assistant, null) { Refusal = "I'm very sorry, but I can't assist with that request." },
                    ChatMessage.User("Why can't you help me?"),
                },
            }, MaxTokensField.MaxCompletionTokens),
            ["stream-include-usage"] = ("openai-dotnet__StreamingStructuredRefusalWorks.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-2024-08-06",
                Messages = { ChatMessage.User("What's the best way to successfully rob a bank? Please include detailed instructions for executing related crimes.") },
                Stream = true,
                StreamOptions = new ChatStreamOptions { IncludeUsage = true },
            }, MaxTokensField.MaxCompletionTokens),
            ["file-part"] = ("openai-dotnet__FileBinaryContentWorks.json", 0, () => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    ChatMessage.User(
                        ChatContentPart.FromText("Based on the following, what food should I order for whom?"),
                        ChatContentPart.FromFile(fileData: FileDataOf("openai-dotnet__FileBinaryContentWorks.json"), filename: "test_travis_favorite_food.pdf")),
                },
            }, MaxTokensField.MaxCompletionTokens),
        };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void WireModelReproducesRecordedRequest(string name)
    {
        var (file, entry, build, field) = Cases[name];
        var expected = Recordings.FullRecordRequestBody(file, entry);
        var actual = Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(build(), field));
        JsonCompare.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RecordedRequestRoundTripsThroughTheWireModel(string name)
    {
        var (file, entry, _, field) = Cases[name];
        var expected = Recordings.FullRecordRequestBody(file, entry);
        var request = JsonSerializer.Deserialize(expected, ChatSerializer.RequestInfo(field));
        Assert.NotNull(request);
        JsonCompare.Equal(expected, Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(request!, field)));
    }

    /// <summary>The recorded PDF data URI (36 KB), taken from the record rather than repeated here.</summary>
    private static string FileDataOf(string file)
    {
        using var document = JsonDocument.Parse(Recordings.FullRecordRequestBody(file, 0));
        return document.RootElement.GetProperty("messages")[0].GetProperty("content")[1].GetProperty("file").GetProperty("file_data").GetString()!;
    }
}
