using System.Text.Json;
using Xunit;

namespace PromptGen.Runtime.Tests.Budget;

/// <summary>
/// Issue 16 §2: <see cref="OpenAITokenCounter"/> against <c>usage.prompt_tokens</c> of the recorded exchanges in
/// <c>Wire/Recordings/full-records</c> (real requests to api.openai.com with the replies' usage).
/// </summary>
public sealed class TokenCountTests
{
    /// <summary>Plain text messages (string content or text parts), no tools, no schema: the count is exact.</summary>
    [Theory]
    [InlineData("openai-dotnet__HelloWorldChat.json", 0, 11)]
    [InlineData("openai-dotnet__TwoTurnChat.json", 0, 26)]
    [InlineData("openai-dotnet__TwoTurnChat.json", 1, 186)]
    [InlineData("openai-dotnet__MultipartContentWorks.json", 0, 51)]
    [InlineData("openai-dotnet__JsonResult.json", 0, 40)] // response_format json_object adds no prompt tokens
    public void PlainTextMessagesCountExactlyAsTheServerDid(string record, int entry, int promptTokens)
    {
        var (model, messages, usage) = Read(record, entry);

        Assert.Equal(promptTokens, usage);
        Assert.Equal(usage, Count(model, messages));
    }

    /// <summary>
    /// Tool definitions and json_schema response formats are part of the prompt the server counts but not of the
    /// messages: the messages alone count below the server's by what they add, which
    /// <see cref="OpenAITokenCounter.CountDefinitions"/> counts (DefinitionCountTests).
    /// </summary>
    [Theory]
    [InlineData("openai-dotnet__StructuredOutputsWork.json", 0, 20, 75)]
    [InlineData("openai-dotnet__NoParameterToolWorks.json", 0, 12, 46)]
    [InlineData("openai-dotnet__ParallelToolCalls.json", 0, 22, 81)]
    public void TheMessagesAloneLeaveOutToolsAndSchemas(string record, int entry, int counted, int server)
    {
        var (model, messages, usage) = Read(record, entry);

        Assert.Equal(server, usage);
        Assert.Equal(counted, Count(model, messages));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4o-2024-08-06", "o200k_base")]
    [InlineData("gpt-4.1-nano", "o200k_base")]
    [InlineData("gpt-5-mini", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("openai/gpt-4o", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo-0125", "cl100k_base")]
    [InlineData("llama3.2", "o200k_base")]
    public void ModelsMapToTheirEncoding(string model, string encoding) =>
        Assert.Equal(encoding, OpenAITokenCounter.EncodingFor(model));

    [Fact]
    public void TheTwoEncodingsSplitTextDifferently()
    {
        const string text = "PromptGen counts tokens the way the models do: naïve café, 東京, 12345.";

        Assert.NotEqual(OpenAITokenCounter.CountText(text, "gpt-4o"), OpenAITokenCounter.CountText(text, "gpt-4"));
        Assert.Equal(4, OpenAITokenCounter.CountText("Hello, world!", "gpt-4o-mini"));
    }

    [Fact]
    public void TheChatFormatAddsThreeTokensPerMessageAndOneForAName()
    {
        var counter = OpenAITokenCounter.Default;

        Assert.Equal(3 + 1 + 4, counter.CountMessage(ChatMessage.User("Hello, world!"), "gpt-4o-mini"));
        Assert.Equal(3 + 1 + 4 + 1 + OpenAITokenCounter.CountText("ada", "gpt-4o-mini"), counter.CountMessage(new ChatMessage("user", "Hello, world!") { Name = "ada" }, "gpt-4o-mini"));
        Assert.Equal(3, counter.CountReplyPrimer("gpt-4o-mini"));
    }

    [Fact]
    public void AMessageIsCountedOnceUntilWhatItWasCountedWithChanges()
    {
        var counter = new OpenAITokenCounter();
        var message = ChatMessage.User("Hello, world!");

        Assert.Equal(8, counter.CountMessage(message, "gpt-4o-mini"));
        Assert.Equal(8, counter.CountMessage(message, "gpt-4o"));
        message.Name = "ada";
        Assert.Equal(8 + 1 + OpenAITokenCounter.CountText("ada", "gpt-4o"), counter.CountMessage(message, "gpt-4o"));
        var cl100k = counter.CountMessage(ChatMessage.User("naïve café 東京"), "gpt-4");
        Assert.Equal(3 + 1 + OpenAITokenCounter.CountText("naïve café 東京", "gpt-4"), cl100k);
        Assert.Equal(3 + 1 + OpenAITokenCounter.CountText("naïve café 東京", "gpt-4o"), counter.CountMessage(ChatMessage.User("naïve café 東京"), "gpt-4o"));
    }

    [Fact]
    public async Task CountingIsThreadSafe()
    {
        var counter = new OpenAITokenCounter();
        var messages = Enumerable.Range(0, 50).Select(i => ChatMessage.User($"Message number {i} about recursion and closures.")).ToArray();
        var expected = messages.Select(message => new OpenAITokenCounter().CountMessage(message, "gpt-4o-mini")).ToArray();

        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => messages.Select(message => counter.CountMessage(message, "gpt-4o-mini")).ToArray())));

        Assert.All(counts, run => Assert.Equal(expected, run));
    }

    [Theory]
    [InlineData("gpt-4o-mini", 128_000)]
    [InlineData("gpt-4o-2024-08-06", 128_000)]
    [InlineData("gpt-4.1-mini", 1_047_576)]
    [InlineData("gpt-5", 400_000)]
    [InlineData("gpt-5-nano-2025-08-07", 400_000)]
    [InlineData("o3-mini", 200_000)]
    [InlineData("llama3.2", null)]
    public void ContextWindowsOfKnownModels(string model, int? window) =>
        Assert.Equal(window, OpenAITokenCounter.Default.ContextWindow(model));

    [Fact]
    public void OwnContextWindowsWinOverTheBuiltInOnes()
    {
        var counter = new OpenAITokenCounter([new("llama3.2", 8192), new("gpt-4o-mini", 1000)]);

        Assert.Equal(8192, counter.ContextWindow("llama3.2"));
        Assert.Equal(1000, counter.ContextWindow("gpt-4o-mini"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAITokenCounter([new("x", 0)]));
    }

    private static int Count(string model, IReadOnlyList<ChatMessage> messages) =>
        messages.Sum(message => OpenAITokenCounter.Default.CountMessage(message, model)) + OpenAITokenCounter.Default.CountReplyPrimer(model);

    /// <summary>The model, messages and reported prompt tokens of one recorded exchange.</summary>
    private static (string Model, IReadOnlyList<ChatMessage> Messages, int PromptTokens) Read(string record, int entry)
    {
        var path = Path.Combine(Wire.Recordings.Directory, "full-records", record);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var exchange = document.RootElement.GetProperty("Entries")[entry];
        var request = exchange.GetProperty("RequestBody");
        var response = exchange.GetProperty("ResponseBody");
        using var parsedResponse = response.ValueKind == JsonValueKind.String ? JsonDocument.Parse(response.GetString()!) : null;
        var usage = (parsedResponse?.RootElement ?? response).GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        var messages = new List<ChatMessage>();
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString()!;
            var content = message.GetProperty("content");
            var chat = content.ValueKind == JsonValueKind.String
                ? new ChatMessage(role, content.GetString()!)
                : new ChatMessage(role, new ChatContent(content.EnumerateArray().Select(part => part.GetProperty("type").GetString() == "text"
                    ? ChatContentPart.FromText(part.GetProperty("text").GetString()!)
                    : new ChatContentPart { Type = part.GetProperty("type").GetString()! }).ToList()));
            if (message.TryGetProperty("name", out var name))
            {
                chat.Name = name.GetString();
            }

            messages.Add(chat);
        }

        return (request.GetProperty("model").GetString()!, messages, usage);
    }
}
