using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

public class PromptReplyTests
{
    private static ChatCompletion Reply(string? content, string? finishReason = "stop", string? refusal = null, int index = 0) => new()
    {
        Id = "id",
        Model = "m",
        Choices = new[] { new ChatChoice { Index = index, FinishReason = finishReason, Message = new ChatReplyMessage { Role = "assistant", Content = content, Refusal = refusal } } },
        Usage = new ChatUsage { PromptTokens = 1, CompletionTokens = 2, TotalTokens = 3 },
    };

    public sealed record Point(int X, int Y);

    [Fact]
    public void TextReturnsTheFirstChoicesContent()
    {
        Assert.Equal("hello", PromptReply.Text(Reply("hello")));
    }

    [Fact]
    public async Task APromptMethodIsNeverSentAndItsVersionReachesTheResult()
    {
        var method = new PromptMethod("Demo.ITutor", "ExplainAsync", "0123456789ab");
        var request = new ChatRequest { Messages = { ChatMessage.User("p") }, PromptMethod = method };
        var transport = new PromptGen.Testing.ScriptedTransport().Reply("hello");

        var result = await PromptReply.TextResultAsync(transport, request);

        Assert.Equal("hello", result.Value);
        Assert.Equal("0123456789ab", result.PromptVersion);
        Assert.Equal("""{"messages":[{"role":"user","content":"p"}]}""", request.ToJson());
        Assert.Equal("""{"model":"test-model","messages":[{"role":"user","content":"p"}]}""", transport.Requests.Single().Body);
        Assert.Equal("Demo.ITutor.ExplainAsync@0123456789ab", method.ToString());
        Assert.Null((await PromptReply.TextResultAsync(new PromptGen.Testing.ScriptedTransport().Reply("x"), new ChatRequest { Messages = { ChatMessage.User("p") } })).PromptVersion);
    }

    [Theory]
    [InlineData("", "M", "v", "interfaceName")]
    [InlineData("I", "", "v", "methodName")]
    [InlineData("I", "M", "", "version")]
    public void APromptMethodNeedsItsNamesAndVersion(string interfaceName, string methodName, string version, string parameter)
    {
        Assert.Equal(parameter, Assert.Throws<ArgumentException>(() => new PromptMethod(interfaceName, methodName, version)).ParamName);
    }

    [Fact]
    public void NoChoicesIsAFormatException()
    {
        var error = Assert.Throws<PromptFormatException>(() => PromptReply.Text(new ChatCompletion()));

        Assert.Equal("The server's reply has no choices, so there is nothing to return. Check that the server implements Chat Completions.", error.Message);
    }

    [Fact]
    public void ToolCallsOnlyIsAFormatExceptionSayingSo()
    {
        var completion = Reply(null, "tool_calls");
        completion.Choices[0].Message!.ToolCalls = new[] { new ChatToolCall { Id = "call_1", Type = "function" } };

        var error = Assert.Throws<PromptFormatException>(() => PromptReply.Text(completion));

        Assert.Equal("The reply of choice 0 has only tool calls (finish_reason 'tool_calls'), so there is no text to return.", error.Message);
    }

    /// <summary>A reply format with no schema rules, reading through source-generated metadata.</summary>
    private static readonly JsonReplyFormat<Point> PointFormat = JsonReplyFormat<Point>.Create(
        ResponseFormatKind.JsonObject, strict: false, name: "Point", schema: "{}", rules: null, wrapped: false, nullable: false, maxRetries: 0, PointContext.Default.Point);

    private static Task<Point> ReadPointAsync(string content) =>
        PromptReply.JsonAsync(new PromptGen.Testing.ScriptedTransport().Reply(content), new ChatRequest { Messages = { ChatMessage.User("p") } }, PointFormat);

    [Fact]
    public async Task JsonThroughSourceGeneratedMetadataNeedsNoReflection()
    {
        var point = await ReadPointAsync("""{"X":1,"Y":2}""");

        Assert.Equal(new Point(1, 2), point);
    }

    [Fact]
    public async Task JsonNullIsAFormatException()
    {
        var error = await Assert.ThrowsAsync<PromptFormatException>(() => ReadPointAsync("null"));

        Assert.Equal("The reply does not fit Point: $: null is not a Point. Received 'null'.", error.Message);
    }

    [Fact]
    public async Task LongRepliesAreShortenedInMessagesButKeptWhole()
    {
        var content = new string('x', 500);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => ReadPointAsync(content));

        Assert.Equal(content, error.RawReply);
        Assert.EndsWith("Received '" + new string('x', 200) + "…' (500 characters).", error.Message);
    }

    [Fact]
    public async Task ResultWrapperExposesTheReply()
    {
        var transport = new PromptGen.Testing.ScriptedTransport().Reply(Reply("hi", "length"));
        var result = await PromptReply.TextResultAsync(transport, new ChatRequest { Messages = { ChatMessage.User("p") } });

        Assert.Equal(("hi", "length", "id", "m", 3), (result.Value, result.FinishReason, result.Id, result.Model, result.Usage!.TotalTokens));
    }

    [Fact]
    public async Task StreamYieldsContentAndThrowsOnContentFilterAtTheEnd()
    {
        static async IAsyncEnumerable<ChatCompletionChunk> Chunks()
        {
            yield return new ChatCompletionChunk { Choices = new[] { new ChatChunkChoice { Delta = new ChatDelta { Content = "Hel" } } } };
            await Task.Yield();
            yield return new ChatCompletionChunk { Choices = new[] { new ChatChunkChoice { Index = 1, Delta = new ChatDelta { Content = "other choice" } } } };
            yield return new ChatCompletionChunk { Choices = new[] { new ChatChunkChoice { Delta = new ChatDelta { Content = "lo" }, FinishReason = "content_filter" } } };
        }

        var received = new List<string>();
        var error = await Assert.ThrowsAsync<PromptFilteredException>(async () =>
        {
            await foreach (var delta in PromptReply.StreamText(Chunks()))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(new[] { "Hel", "lo" }, received);
        Assert.Equal("Hello", error.RawReply);
    }

    [Fact]
    public async Task StreamHonoursTheEnumeratorsCancellationToken()
    {
        static async IAsyncEnumerable<ChatCompletionChunk> Endless([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new ChatCompletionChunk { Choices = new[] { new ChatChunkChoice { Delta = new ChatDelta { Content = "x" } } } };
                await Task.Yield();
            }
        }

        using var cancellation = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in PromptReply.StreamText(Endless()).WithCancellation(cancellation.Token))
            {
                if (++count == 3)
                {
                    cancellation.Cancel();
                }
            }
        });

        Assert.Equal(3, count);
    }

    [Fact]
    public void UsageAddsEveryCountAndDetail()
    {
        var sum = ChatUsage.Add(
            new ChatUsage { PromptTokens = 1, CompletionTokens = 2, TotalTokens = 3, PromptTokensDetails = new ChatPromptTokensDetails { CachedTokens = 4 } },
            new ChatUsage { PromptTokens = 10, CompletionTokens = 20, TotalTokens = 30, CompletionTokensDetails = new ChatCompletionTokensDetails { ReasoningTokens = 5 } })!;

        Assert.Equal((11, 22, 33, 4, 5), (sum.PromptTokens, sum.CompletionTokens, sum.TotalTokens, sum.PromptTokensDetails!.CachedTokens, sum.CompletionTokensDetails!.ReasoningTokens));
    }
}

[JsonSerializable(typeof(PromptReplyTests.Point))]
internal sealed partial class PointContext : JsonSerializerContext
{
}
