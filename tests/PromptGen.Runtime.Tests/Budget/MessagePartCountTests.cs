using Microsoft.ML.Tokenizers;
using PromptGen.Testing;
using Xunit;

namespace PromptGen.Runtime.Tests.Budget;

/// <summary>
/// <see cref="OpenAITokenCounter"/> counts every text of a message that goes on the wire (Chat Completions format:
/// <c>tool_calls[].id</c>, <c>function.name</c>, <c>function.arguments</c>, a tool message's <c>tool_call_id</c>,
/// <c>name</c>, <c>refusal</c>, text, refusal, image and file parts), each as Microsoft.ML.Tokenizers counts that exact
/// text in the model's encoding, plus the chat format's framing.
/// </summary>
public sealed class MessagePartCountTests
{
    private const string Model = "gpt-4o-mini";
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private static int T(string text) => O200k.CountTokens(text);

    private static ChatToolCall Call(string id, string name, string arguments) =>
        new() { Id = id, Function = new ChatFunctionCall { Name = name, Arguments = arguments } };

    [Fact]
    public void AnAssistantsToolCallsCountTheirIdsNamesAndArguments()
    {
        var message = new ChatMessage(ChatRole.Assistant, (ChatContent?)null)
        {
            ToolCalls = new List<ChatToolCall>
            {
                Call("call_Xr4mQ2nLk8ZpT0aVbW1cYd3e", "get_weather", """{"city":"Oslo","unit":"celsius"}"""),
                Call("call_9hJs7GfE2dPq5LmN0kRtUv6w", "get_time", """{"timezone":"Europe/Oslo"}"""),
            },
        };

        var expected = 3 + T("assistant")
            + 3 + T("call_Xr4mQ2nLk8ZpT0aVbW1cYd3e") + T("get_weather") + T("""{"city":"Oslo","unit":"celsius"}""")
            + 3 + T("call_9hJs7GfE2dPq5LmN0kRtUv6w") + T("get_time") + T("""{"timezone":"Europe/Oslo"}""");
        Assert.Equal(expected, new OpenAITokenCounter().CountMessage(message, Model));
    }

    [Fact]
    public void AToolResultCountsTheIdOfTheCallItAnswers()
    {
        var message = ChatMessage.Tool("call_Xr4mQ2nLk8ZpT0aVbW1cYd3e", """{"temperature":7,"sky":"overcast"}""");

        Assert.Equal(
            3 + T("tool") + T("""{"temperature":7,"sky":"overcast"}""") + T("call_Xr4mQ2nLk8ZpT0aVbW1cYd3e"),
            new OpenAITokenCounter().CountMessage(message, Model));
    }

    [Fact]
    public void ARememberedCountIsRecountedWhenTheToolCallIdChanges()
    {
        var counter = new OpenAITokenCounter();
        var message = ChatMessage.Tool("c1", "sunny");
        var first = counter.CountMessage(message, Model);

        message.ToolCallId = "call_Xr4mQ2nLk8ZpT0aVbW1cYd3e";

        Assert.Equal(3 + T("tool") + T("sunny") + T("c1"), first);
        Assert.Equal(3 + T("tool") + T("sunny") + T("call_Xr4mQ2nLk8ZpT0aVbW1cYd3e"), counter.CountMessage(message, Model));
    }

    [Fact]
    public void ANamedMultiPartMessageCountsItsJoinedTextsImagesAndFileNames()
    {
        var message = ChatMessage.User(
            ChatContentPart.FromText("Compare the chart "),
            ChatContentPart.FromImage("https://example.invalid/chart.png", "low"),
            ChatContentPart.FromText("with the report."),
            ChatContentPart.FromFile(fileData: "data:application/pdf;base64,JVBERi0xLjQK", filename: "quarterly-report-2026.pdf"),
            ChatContentPart.FromFile(fileId: "file-6F2ksmvXxt4VdoqmHRw6kL"));
        message.Name = "analyst_ada";

        Assert.Equal(
            3 + T("user") + 1 + T("analyst_ada") + T("Compare the chart with the report.") + 2833 /* gpt-4o-mini's low-detail image (its base tokens) */
                + T("quarterly-report-2026.pdf") + T("file-6F2ksmvXxt4VdoqmHRw6kL"),
            new OpenAITokenCounter().CountMessage(message, Model));
    }

    [Fact]
    public void ARefusalCountsAsTextInEitherPlace()
    {
        var asField = new ChatMessage(ChatRole.Assistant, (ChatContent?)null) { Refusal = "I can't help with that request." };
        var asPart = new ChatMessage(ChatRole.Assistant, new ChatContent(new[] { ChatContentPart.FromRefusal("I can't help with that request.") }));
        var counter = new OpenAITokenCounter();

        Assert.Equal(3 + T("assistant") + T("I can't help with that request."), counter.CountMessage(asField, Model));
        Assert.Equal(3 + T("assistant") + T("I can't help with that request."), counter.CountMessage(asPart, Model));
    }

    [Fact]
    public async Task ABudgetTrimsATurnWhoseToolCallIdsWouldOtherwiseOverflowIt()
    {
        // One old tool turn whose ids are long; the budget is set between the count with and without them.
        var longId = "call_" + string.Concat(Enumerable.Repeat("Qx7Zp", 12));
        var request = new ChatRequest
        {
            Messages =
            {
                ChatMessage.System("You are terse."),
                ChatMessage.User("Weather in Oslo?"),
                new ChatMessage(ChatRole.Assistant, (ChatContent?)null) { ToolCalls = new List<ChatToolCall> { Call(longId, "get_weather", """{"city":"Oslo"}""") } },
                ChatMessage.Tool(longId, "7 C"),
                ChatMessage.Assistant("7 C."),
                ChatMessage.User("And now?"),
            },
        };
        var total = 3 + T("system") + T("You are terse.")
            + 3 + T("user") + T("Weather in Oslo?")
            + 3 + T("assistant") + 3 + T(longId) + T("get_weather") + T("""{"city":"Oslo"}""")
            + 3 + T("tool") + T("7 C") + T(longId)
            + 3 + T("assistant") + T("7 C.")
            + 3 + T("user") + T("And now?")
            + OpenAITokenCounter.ReplyPrimer;
        Assert.True(2 * T(longId) > 20, "the ids are a large part of the prompt");
        request.Budget = new PromptBudget(total - 1, 1, 5); // fits only if the ids are not counted
        var counter = new OpenAITokenCounter();
        var transport = new ScriptedTransport(new ChatClientOptions(static _ => null) { Model = Model, TokenCounter = counter });
        transport.Reply("ok");

        var completion = await transport.CompleteAsync(request);

        Assert.Equal(4, completion.Trim!.MessagesDropped);
        Assert.Equal(total, completion.Trim.TokensBefore);
        Assert.Equal(["system", "user"], transport.Requests.Single().Request.Messages.Select(message => message.Role).ToArray());
    }
}
