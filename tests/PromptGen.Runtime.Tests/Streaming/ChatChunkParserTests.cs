using System.Text;
using System.Text.Json;
using PromptGen;
using PromptGen.Runtime.Tests.Wire;
using Xunit;

namespace PromptGen.Runtime.Tests.Streaming;

/// <summary>
/// <see cref="ChatChunkParser"/>, the streamed chunks' fast path: where it answers, its chunk is exactly the serializer's;
/// where the chunk is not of the common shape, it answers null so the serializer reads it.
/// </summary>
public class ChatChunkParserTests
{
    public static IEnumerable<object[]> RecordedStreams =>
        Directory.GetFiles(Recordings.Directory, "*.sse").Select(path => new object[] { Path.GetFileName(path) });

    [Theory]
    [MemberData(nameof(RecordedStreams))]
    public void EveryRecordedChunkTheFastPathReadsEqualsTheSerializersChunk(string file)
    {
        var parser = new ChatChunkParser();
        var read = 0;
        foreach (var data in DataLines(file))
        {
            var expected = JsonSerializer.Deserialize(data, ChatJsonContext.Default.ChatCompletionChunk)!;
            if (parser.TryRead(data) is { } chunk)
            {
                read++;
                Assert.Equal(Json(expected), Json(chunk));
                Assert.Equal(expected.Choices.Count, chunk.Choices.Count);
            }
            else
            {
                // Only the shapes the fast path leaves to the serializer come back null.
                var text = Encoding.UTF8.GetString(data);
                Assert.True(
                    text.Contains("\"tool_calls\"") || text.Contains("\"logprobs\":{") || text.Contains("\"reasoning"),
                    "The fast path declined a plain chunk: " + text);
            }
        }

        if (file.Contains("plain") || file.Contains("refusal") || file.Contains("vllm"))
        {
            Assert.Equal(DataLines(file).Count(), read);
        }
    }

    [Fact]
    public void RepeatedStringsAreTheSameInstanceAndAChangedValueIsRead()
    {
        var parser = new ChatChunkParser();
        var first = parser.TryRead(Utf8("""{"id":"c1","object":"chat.completion.chunk","created":5,"model":"m","system_fingerprint":"fp","service_tier":"default","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null,"logprobs":null}],"usage":null,"obfuscation":"x1"}"""))!;
        var second = parser.TryRead(Utf8("""{"id":"c1","object":"chat.completion.chunk","created":5,"model":"m","system_fingerprint":"fp","service_tier":"default","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}"""))!;
        var third = parser.TryRead(Utf8("""{"id":"c\u0032","object":"chat.completion.chunk","model":"other","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""))!;

        Assert.Same(first.Id, second.Id);
        Assert.Same(first.Object, second.Object);
        Assert.Same(first.Model, second.Model);
        Assert.Same(first.SystemFingerprint, second.SystemFingerprint);
        Assert.Same(first.ServiceTier, second.ServiceTier);
        Assert.Equal("assistant", first.Choices[0].Delta!.Role);
        Assert.Equal("Hel", first.Choices[0].Delta!.Content);
        Assert.Equal("lo", second.Choices[0].Delta!.Content);
        Assert.Null(second.Choices[0].Delta!.Role);
        Assert.Equal(5L, second.Created);
        Assert.Equal("c2", third.Id);
        Assert.Equal("other", third.Model);
        Assert.Null(third.Created);
        Assert.Null(third.SystemFingerprint);
        Assert.Equal("stop", third.Choices[0].FinishReason);
        Assert.Null(third.Choices[0].Delta!.Content);
    }

    [Theory]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}},{"index":2,"delta":{"refusal":"no"}}]}""")]
    [InlineData("""{"choices":[]}""")]
    [InlineData("""{"choices":null}""")]
    [InlineData("""{"id":null,"model":null,"choices":[{"index":0,"delta":null,"finish_reason":"length"}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"caf\u00e9 \"quoted\" \n"},"extra":{"nested":[1,{"a":2}]}}],"extra":[true]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":null,"new_kind":7},"completion_tokens_details":{"reasoning_tokens":4,"accepted_prediction_tokens":0,"rejected_prediction_tokens":1,"audio_tokens":0,"text_tokens":2}}}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"a","reasoning_content":null,"reasoning":null,"tool_calls":null}}],"usage":null,"error":null}""")]
    public void UnusualButCommonShapesMatchTheSerializer(string json)
    {
        var chunk = new ChatChunkParser().TryRead(Utf8(json));

        Assert.NotNull(chunk);
        Assert.Equal(Json(JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletionChunk)!), Json(chunk!));
    }

    [Theory]
    [InlineData("""{"error":{"message":"overloaded"}}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":1.5,"completion_tokens":2,"total_tokens":3}}""")]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":1,"prompt_tokens_details":{"cached_tokens":"2"}}}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"a"}]}}]}""")]
    [InlineData("""{"choices":[{"index":"0","delta":{"content":"a"}}]}""")]
    [InlineData("""{"choices":[{"index":0.0,"delta":{"content":"a"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"a"},"logprobs":{"content":[]}}]}""")]
    [InlineData("""{"created":"soon","choices":[]}""")]
    [InlineData("""{"id":5,"choices":[]}""")]
    [InlineData("""{"choices":{}}""")]
    [InlineData("""[1]""")]
    [InlineData("""null""")]
    [InlineData("""{"choices":[]} trailing""")]
    [InlineData("""{"choices":[""")]
    [InlineData("""not json""")]
    public void OtherShapesAndInvalidJsonAreLeftToTheSerializer(string json)
    {
        Assert.Null(new ChatChunkParser().TryRead(Utf8(json)));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Json(ChatCompletionChunk chunk) => JsonSerializer.Serialize(chunk, ChatJsonContext.Default.ChatCompletionChunk);

    private static IEnumerable<byte[]> DataLines(string file) =>
        File.ReadAllLines(Path.Combine(Recordings.Directory, file), Encoding.UTF8)
            .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
            .Select(line => line.Substring(5).Trim())
            .Where(data => data != "[DONE]")
            .Select(Utf8);
}
