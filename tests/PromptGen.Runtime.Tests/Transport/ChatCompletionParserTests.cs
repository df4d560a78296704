using System.Text;
using System.Text.Json;
using PromptGen;
using PromptGen.Runtime.Tests.Wire;
using Xunit;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// <see cref="ChatCompletionParser"/>, the whole replies' fast path: where it answers, its reply is exactly the
/// serializer's; where the reply is not of the common shape, it answers null so the serializer reads it. Also guards both
/// fast paths against members added to the wire model later.
/// </summary>
public class ChatCompletionParserTests
{
    public static IEnumerable<object[]> RecordedReplies =>
        Directory.GetFiles(Recordings.Directory, "*.json")
            .Select(path => Path.GetFileName(path))
            .Where(name => !name.Contains("__error-", StringComparison.Ordinal))
            .Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(RecordedReplies))]
    public void EveryRecordedReplyTheFastPathReadsEqualsTheSerializersReply(string file)
    {
        var bytes = Recordings.Bytes(file);
        var expected = JsonSerializer.Deserialize(bytes, ChatJsonContext.Default.ChatCompletion)!;
        var text = Encoding.UTF8.GetString(bytes);
        var declines = text.Contains("\"tool_calls\": [") || text.Contains("\"function_call\": {") || text.Contains("\"logprobs\": {")
            || text.Contains("\"reasoning\": \"") || text.Contains("\"reasoning_content\": \"") || text.Contains("\"url_citation\"") || text.Contains("\"content\": [");

        var completion = new ChatCompletionParser().TryRead(bytes);

        if (declines)
        {
            Assert.Null(completion);
        }
        else
        {
            Assert.NotNull(completion);
            Assert.Equal(Json(expected), Json(completion!));
            Assert.Equal(expected.HasChoices, completion!.HasChoices);
        }
    }

    [Fact]
    public void RepeatedStringsAreReusedAcrossRepliesButTheIdIsReadEachTime()
    {
        var parser = new ChatCompletionParser();
        const string Json1 = """{"id":"a","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4},"service_tier":"default","system_fingerprint":"fp"}""";
        var first = parser.TryRead(Encoding.UTF8.GetBytes(Json1))!;
        var second = parser.TryRead(Encoding.UTF8.GetBytes(Json1))!;

        Assert.Same(first.Object, second.Object);
        Assert.Same(first.Model, second.Model);
        Assert.Same(first.SystemFingerprint, second.SystemFingerprint);
        Assert.Same(first.ServiceTier, second.ServiceTier);
        Assert.Same(first.Choices[0].Message!.Role, second.Choices[0].Message!.Role);
        Assert.Same(first.Choices[0].FinishReason, second.Choices[0].FinishReason);
        Assert.NotSame(first.Id, second.Id);
        Assert.Equal("Hi", second.Choices[0].Message!.Content);
        Assert.Equal(4, second.Usage!.TotalTokens);
        Assert.Empty(second.Choices[0].Message!.Annotations!);
    }

    [Theory]
    [InlineData("""{"choices":[]}""")]
    [InlineData("""{"choices":null}""")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"choices":[{"index":0,"message":null,"finish_reason":"length"},{"index":1,"message":{"content":null,"refusal":"no","tool_calls":null,"function_call":null,"reasoning_content":null}}],"usage":null,"error":null}""")]
    [InlineData("""{"choices":[{"index":0,"message":{"content":"caf\u00e9 \"q\"","audio":{"id":"x"}},"stop_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":0,"image_tokens":1,"text_tokens":2,"cache_write_tokens":3},"completion_tokens_details":null},"extra":[1,{"a":[]}]}""")]
    public void UnusualButCommonShapesMatchTheSerializer(string json)
    {
        var completion = new ChatCompletionParser().TryRead(Encoding.UTF8.GetBytes(json));
        var expected = JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletion)!;

        Assert.NotNull(completion);
        Assert.Equal(Json(expected), Json(completion!));
        Assert.Equal(expected.HasChoices, completion!.HasChoices);
    }

    [Theory]
    [InlineData("""{"error":{"message":"overloaded"},"choices":[]}""")]
    [InlineData("""{"choices":[{"index":0,"message":{"content":[{"type":"text","text":"a"}]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"message":{"content":"a","annotations":[{"type":"url_citation"}]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"message":{"tool_calls":[]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"message":{"reasoning":"hm"}}]}""")]
    [InlineData("""{"choices":[{"index":"0","message":{"content":"a"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"message":{"content":5}}]}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":null}}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens_details":{"cached_tokens":1.0}}}""")]
    [InlineData("""{"choices":[],"usage":[]}""")]
    [InlineData("""{"choices":[]}{}""")]
    [InlineData("""{"choices":[""")]
    [InlineData("""<html>""")]
    [InlineData("""null""")]
    [InlineData("")]
    public void OtherShapesAndInvalidJsonAreLeftToTheSerializer(string json)
    {
        Assert.Null(new ChatCompletionParser().TryRead(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// The fast paths read or decline every member the wire model reads; a member added to a wire type must be added to
    /// the fast path too (ChatCompletionParser or ChatChunkParser), else it would be skipped as unknown.
    /// </summary>
    [Theory]
    [InlineData(typeof(ChatCompletion), "cost trim id object created model system_fingerprint service_tier choices usage error")]
    [InlineData(typeof(ChatChoice), "index message finish_reason logprobs")]
    [InlineData(typeof(ChatReplyMessage), "role content reasoning reasoning_content refusal tool_calls annotations function_call")]
    [InlineData(typeof(ChatUsage), "prompt_tokens completion_tokens total_tokens prompt_tokens_details completion_tokens_details")]
    [InlineData(typeof(ChatPromptTokensDetails), "cached_tokens audio_tokens text_tokens image_tokens cache_write_tokens")]
    [InlineData(typeof(ChatCompletionTokensDetails), "reasoning_tokens audio_tokens accepted_prediction_tokens rejected_prediction_tokens text_tokens")]
    [InlineData(typeof(ChatCompletionChunk), "cost id object created model system_fingerprint service_tier choices usage error")]
    [InlineData(typeof(ChatChunkChoice), "index delta finish_reason logprobs")]
    [InlineData(typeof(ChatDelta), "role content reasoning reasoning_content refusal tool_calls function_call")]
    public void TheFastPathsKnowEveryMemberOfTheWireModel(Type type, string members)
    {
        var model = ChatJsonContext.Default.GetTypeInfo(type)!.Properties.Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(members.Split(' ').Order(StringComparer.Ordinal), model);
    }

    private static string Json(ChatCompletion completion) => JsonSerializer.Serialize(completion, ChatJsonContext.Default.ChatCompletion);
}
