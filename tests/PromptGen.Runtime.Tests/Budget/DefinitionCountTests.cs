using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Runtime.Tests.Budget;

/// <summary>
/// Issue 16 §2 follow-up: tool definitions and json_schema response formats count toward the prompt, as the server counts
/// them. <see cref="OpenAITokenCounter.CountDefinitions"/> against <c>usage.prompt_tokens</c> of every recorded exchange
/// with tools or a schema.
/// </summary>
public sealed class DefinitionCountTests(ITestOutputHelper output)
{
    /// <summary>
    /// Every recorded request with tools or a response format whose messages PromptGen counts exactly (no tool-call
    /// messages): messages plus definitions against the server's count. <paramref name="over"/> is how far above the
    /// server's count PromptGen is — never below, so a budget errs on the side of trimming.
    /// </summary>
    [Theory]
    [InlineData("openai-dotnet__NoParameterToolWorks.json", 0, 0)]
    [InlineData("openai-dotnet__ParallelToolCalls.json", 0, 0)]
    [InlineData("openai-dotnet__ConstraintsWork.json", 0, 1)] // tool_choice unset
    [InlineData("openai-dotnet__ConstraintsWork.json", 1, 1)] // tool_choice none
    [InlineData("openai-dotnet__ConstraintsWork.json", 2, 1)] // tool_choice forces a function
    [InlineData("openai-dotnet__ConstraintsWork.json", 3, 1)] // tool_choice auto
    [InlineData("openai-dotnet__StructuredOutputs(WithSchema,Strict).json", 0, 2)] // strict tool, with a system message, gpt-4o
    [InlineData("openai-dotnet__NonStrictJsonSchemaWorks.json", 0, 0)]
    [InlineData("openai-dotnet__StructuredOutputsWork.json", 0, 8)]
    [InlineData("openai-dotnet__StructuredRefusalWorks.json", 0, 10)]
    [InlineData("openai-dotnet__JsonResult.json", 0, 0)] // json_object adds nothing
    public void ToolsAndSchemasAreCountedAsTheServerCountsThemOrJustAbove(string record, int entry, int over)
    {
        var (request, server) = Read(record, entry);
        var counter = OpenAITokenCounter.Default;
        var model = request.Model!;
        var messages = request.Messages.Sum(m => counter.CountMessage(m, model)) + counter.CountReplyPrimer(model);
        var definitions = counter.CountDefinitions(request, model);

        output.WriteLine($"{record} #{entry}: messages {messages}, definitions {definitions}, server {server}");
        Assert.Equal(server + over, messages + definitions);
    }

    [Fact]
    public void TheToolsAreRenderedAsATypeScriptNamespaceAndCountedInTheModelsEncoding()
    {
        var request = new ChatRequest
        {
            Messages = { ChatMessage.User("Weather?") },
            Tools = [new ChatTool { Function = new ChatFunction { Name = "get_weather", Description = "Gets the weather.", Parameters = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","description":"The city."},"unit":{"enum":["c","f"]}},"required":["city"]}""").RootElement } }],
        };
        const string Rendered = "# Tools\n\n## functions\n\nnamespace functions {\n\n// Gets the weather.\ntype get_weather = (_: {\n// The city.\ncity: string,\nunit?: \"c\" | \"f\",\n}) => any;\n\n} // namespace functions";

        Assert.Equal(OpenAITokenCounter.CountText(Rendered, "gpt-4o-mini") + OpenAITokenCounter.ToolsMessageOverhead, OpenAITokenCounter.Default.CountDefinitions(request, "gpt-4o-mini"));
        Assert.Equal(OpenAITokenCounter.CountText(Rendered, "gpt-4") + OpenAITokenCounter.ToolsMessageOverhead, OpenAITokenCounter.Default.CountDefinitions(request, "gpt-4"));
        request.Messages.Insert(0, ChatMessage.System("Be brief."));
        Assert.Equal(OpenAITokenCounter.CountText(Rendered, "gpt-4o-mini"), OpenAITokenCounter.Default.CountDefinitions(request, "gpt-4o-mini"));
        Assert.Equal(0, OpenAITokenCounter.Default.CountDefinitions(new ChatRequest { Messages = { ChatMessage.User("Hi") } }, "gpt-4o-mini"));
    }

    [Fact]
    public void ABudgetCountsTheDefinitionsAsAFixedPart()
    {
        var request = Conversation();
        var counter = OpenAITokenCounter.Default;
        var messages = request.Messages.Sum(m => counter.CountMessage(m, "gpt-4o-mini")) + counter.CountReplyPrimer("gpt-4o-mini");
        var definitions = counter.CountDefinitions(request, "gpt-4o-mini");
        Assert.True(definitions > 20, definitions.ToString());
        request.Budget = new PromptBudget(messages + definitions - 1, 0, 2);

        var fitted = PromptFitter.Fit(request, counter, out var trim);

        Assert.Equal(messages + definitions, trim!.TokensBefore);
        Assert.Equal(2, trim.MessagesDropped); // one whole turn: the old question and its answer
        Assert.Equal(["And now?"], fitted.Messages.Select(m => m.Content!.Text));
        Assert.Same(request.Tools, fitted.Tools);
    }

    [Fact]
    public void DefinitionsAloneOverTheBudgetFailBeforeSending()
    {
        var request = Conversation();
        var fixedMessage = OpenAITokenCounter.Default.CountMessage(request.Messages[2], "gpt-4o-mini") + 3;
        request.Budget = new PromptBudget(fixedMessage + 5, 0, 2);

        var error = Assert.Throws<PromptBudgetExceededException>(() => PromptFitter.Fit(request, OpenAITokenCounter.Default, out _));

        Assert.Equal(fixedMessage + OpenAITokenCounter.Default.CountDefinitions(request, "gpt-4o-mini"), error.FixedTokens);
    }

    [Fact]
    public void ACounterThatCountsNoDefinitionsLeavesThemOut()
    {
        var request = Conversation();
        request.Budget = new PromptBudget(1000, 0, 2);

        PromptFitter.Fit(request, new PerMessage(), out var trim);

        Assert.Equal(3 * 10, trim!.TokensBefore);
    }

    private static ChatRequest Conversation() => new()
    {
        Model = "gpt-4o-mini",
        Messages = { ChatMessage.User("An old question about the weather in Oslo"), ChatMessage.Assistant("An old answer: mild."), ChatMessage.User("And now?") },
        Tools = [new ChatTool { Function = new ChatFunction { Name = "get_weather", Description = "Gets the current weather for a city.", Parameters = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","description":"The city's name."}},"required":["city"]}""").RootElement } }],
        ResponseFormat = new ChatResponseFormat { Type = "json_schema", JsonSchema = new ChatJsonSchema { Name = "answer", Schema = JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}""").RootElement } },
    };

    /// <summary>An <see cref="ITokenCounter"/> that is not an <see cref="IDefinitionTokenCounter"/>: 10 per message, no primer.</summary>
    private sealed class PerMessage : ITokenCounter
    {
        public int CountMessage(ChatMessage message, string model) => 10;

        public int CountReplyPrimer(string model) => 0;

        public int? ContextWindow(string model) => null;
    }

    /// <summary>The request and the reported prompt tokens of one recorded exchange.</summary>
    internal static (ChatRequest Request, int PromptTokens) Read(string record, int entry)
    {
        var path = Path.Combine(Wire.Recordings.Directory, "full-records", record);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var exchange = document.RootElement.GetProperty("Entries")[entry];
        var request = exchange.GetProperty("RequestBody");
        var requestText = request.ValueKind == JsonValueKind.String ? request.GetString()! : request.GetRawText();
        var response = exchange.GetProperty("ResponseBody");
        using var parsedResponse = response.ValueKind == JsonValueKind.String ? JsonDocument.Parse(response.GetString()!) : null;
        var usage = (parsedResponse?.RootElement ?? response).GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        return (JsonSerializer.Deserialize(requestText, ChatJsonContext.Default.ChatRequest)!, usage);
    }
}
