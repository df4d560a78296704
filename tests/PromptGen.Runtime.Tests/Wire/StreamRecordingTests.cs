using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Every recorded SSE stream: each <c>data:</c> line except <c>[DONE]</c> parses as a <see cref="ChatCompletionChunk"/>,
/// and the folded stream has the recorded text, tool calls and final usage.
/// </summary>
public class StreamRecordingTests
{
    /// <summary>file, id, created, model, chunks, content start, content end, content length, finish_reason, prompt, completion, total tokens.</summary>
    public static IEnumerable<object[]> Streams => new[]
    {
        new object[] { "openai__stream-logprobs.sse", "chatcmpl-D8dTxq4x5rwk3uIRnNsgdzZhdVQLF", 1770950765L, "gpt-4o-mini-2024-07-18", 832, "Choosing the best pizza ", "endless experimentation!", 3647, "stop", 22, 829, 851 },
        new object[] { "openai__stream-parallel-tool-calls.sse", "chatcmpl-C2QD1kGWsTW5OWiqAtOSFEAOfPfQH", 1754693439L, "gpt-4o-2024-08-06", 7, "", "", 0, "tool_calls", 364, 40, 404 },
        new object[] { "openai__stream-plain-include-usage.sse", "chatcmpl-D8dUAJuyyWxWUFRdcu8FB6Vi6yfLu", 1770950778L, "gpt-4o-mini-2024-07-18", 715, "The best pizza toppings ", "ce the pizza experience.", 3300, "stop", 22, 712, 734 },
        new object[] { "openai__stream-refusal-include-usage.sse", "chatcmpl-D8dV4fIhj9EeF5vu9iDuZYuG5qp3o", 1770950834L, "gpt-4o-2024-08-06", 13, "I'm sorry, I can't assis", "ssist with that request.", 44, "stop", 26, 10, 36 },
        new object[] { "openai__stream-text-after-tool-result.sse", "chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc", 1782955818L, "gpt-4o-mini-2024-07-18", 11, "The capital of the UK is", "tal of the UK is London.", 32, "stop", 78, 9, 87 },
        new object[] { "openai__stream-tool-call-include-usage.sse", "chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl", 1782955817L, "gpt-4o-mini-2024-07-18", 8, "", "", 0, "tool_calls", 53, 15, 68 },
        new object[] { "vllm-crusoe__stream-include-usage.sse", "chatcmpl-bcfbe349402eb3d2", 1786479604L, "meta-llama/Llama-3.3-70B-Instruct", 16, "1, 2, 3, 4, 5", "1, 2, 3, 4, 5", 13, "stop", 46, 14, 60 },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void StreamParses(string file, string id, long created, string model, int chunkCount, string contentStart, string contentEnd, int contentLength,
        string finishReason, int prompt, int completion, int total)
    {
        var chunks = Recordings.Chunks(file);
        var stream = StreamSummary.Of(chunks);

        Assert.Equal(chunkCount, stream.ChunkCount);
        Assert.Equal(id, Assert.Single(stream.Ids));
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.Object));
        Assert.All(chunks, c => Assert.Equal(created, c.Created));
        Assert.All(chunks, c => Assert.Equal(model, c.Model));
        Assert.Equal(new[] { "assistant" }, stream.Roles);
        Assert.StartsWith(contentStart, stream.Content.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(contentEnd, stream.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(contentLength, stream.Content.Length);
        Assert.Equal(new[] { finishReason }, stream.FinishReasons);
        Assert.Equal("", stream.Refusal.ToString());

        // The usage arrives alone on the last chunk, whose choices are empty; every earlier chunk has none.
        Assert.Equal(chunkCount - 1, stream.UsageChunkIndex);
        Assert.Empty(chunks[^1].Choices);
        Assert.All(chunks.Take(chunkCount - 1), c => Assert.Null(c.Usage));
        Assert.Equal(prompt, stream.Usage!.PromptTokens);
        Assert.Equal(completion, stream.Usage.CompletionTokens);
        Assert.Equal(total, stream.Usage.TotalTokens);
        Assert.Equal(0, stream.Usage.PromptTokensDetails!.CachedTokens);
    }

    [Fact]
    public void SingleToolCallArgumentsAreFragmented()
    {
        var chunks = Recordings.Chunks("openai__stream-tool-call-include-usage.sse");
        var stream = StreamSummary.Of(chunks);

        // The first chunk carries the role, content null, and the call's id, type and name with empty arguments.
        var first = chunks[0].Choices[0].Delta!;
        Assert.Equal("assistant", first.Role);
        Assert.Null(first.Content);
        var opening = Assert.Single(first.ToolCalls!);
        Assert.Equal(0, opening.Index);
        Assert.Equal("call_ZR5UUuTt3pf61kjwAJIYdVMj", opening.Id);
        Assert.Equal("function", opening.Type);
        Assert.Equal("get_capital", opening.Function!.Name);
        Assert.Equal("", opening.Function.Arguments);

        // Later fragments carry only the index and a piece of the arguments.
        var piece = Assert.Single(chunks[2].Choices[0].Delta!.ToolCalls!);
        Assert.Null(piece.Id);
        Assert.Null(piece.Function!.Name);
        Assert.Equal("country", piece.Function.Arguments);

        var call = Assert.Single(stream.ToolCalls);
        Assert.Equal(0, call.Key);
        Assert.Equal("call_ZR5UUuTt3pf61kjwAJIYdVMj", call.Value.Id);
        Assert.Equal("get_capital", call.Value.Name);
        Assert.Equal("{\"country\":\"UK\"}", call.Value.Arguments.ToString());
        Assert.Equal(0, stream.Usage!.CompletionTokensDetails!.ReasoningTokens);
        Assert.Equal("fp_d0469e1700", chunks[0].SystemFingerprint);
        Assert.Equal("default", chunks[0].ServiceTier);
    }

    [Fact]
    public void ParallelToolCallsAreKeyedByIndex()
    {
        var stream = StreamSummary.Of(Recordings.Chunks("openai__stream-parallel-tool-calls.sse"));

        Assert.Equal(new[] { 0, 1 }, stream.ToolCalls.Keys);
        Assert.Equal("call_q2UyBRP7eXNTzAoR8lEhjc9Z", stream.ToolCalls[0].Id);
        Assert.Equal("get_country", stream.ToolCalls[0].Name);
        Assert.Equal("{}", stream.ToolCalls[0].Arguments.ToString());
        Assert.Equal("call_b51ijcpFkDiTQG1bQzsrmtW5", stream.ToolCalls[1].Id);
        Assert.Equal("get_product_name", stream.ToolCalls[1].Name);
        Assert.Equal("{}", stream.ToolCalls[1].Arguments.ToString());
        Assert.All(stream.ToolCalls.Values, c => Assert.Equal("function", c.Type));
    }

    [Fact]
    public void NoToolCallsInTextStreams()
    {
        foreach (var file in new[] { "openai__stream-plain-include-usage.sse", "openai__stream-refusal-include-usage.sse", "openai__stream-text-after-tool-result.sse", "vllm-crusoe__stream-include-usage.sse" })
        {
            Assert.Empty(StreamSummary.Of(Recordings.Chunks(file)).ToolCalls);
        }
    }

    [Fact]
    public void RefusalStreamSendsTheRefusalAsContent()
    {
        var chunks = Recordings.Chunks("openai__stream-refusal-include-usage.sse");
        var stream = StreamSummary.Of(chunks);

        Assert.Equal("I'm sorry, I can't assist with that request.", stream.Content.ToString());
        Assert.Equal("", chunks[0].Choices[0].Delta!.Content);
        Assert.Null(chunks[0].Choices[0].Delta!.Refusal);
        Assert.Equal("stop", chunks[^2].Choices[0].FinishReason);
        Assert.Null(chunks[^2].Choices[0].Delta!.Content);
    }

    [Fact]
    public void TextAfterToolResult()
    {
        Assert.Equal("The capital of the UK is London.", StreamSummary.Of(Recordings.Chunks("openai__stream-text-after-tool-result.sse")).Content.ToString());
    }

    [Fact]
    public void StreamedLogprobs()
    {
        var chunks = Recordings.Chunks("openai__stream-logprobs.sse");
        var stream = StreamSummary.Of(chunks);

        // The first chunk has logprobs {content: [], refusal: null}; every text token has one entry with 3 alternatives.
        Assert.Empty(chunks[0].Choices[0].Logprobs!.Content!);
        Assert.Null(chunks[0].Choices[0].Logprobs!.Refusal);
        Assert.Equal(829, stream.LogprobTokens);
        Assert.Equal(stream.Content.ToString(), string.Concat(stream.Logprobs.Select(t => t.Token)));
        Assert.All(stream.Logprobs, t => Assert.Equal(3, t.TopLogprobs!.Count));
        Assert.All(stream.Logprobs, t => Assert.True(t.Logprob <= 0));
        Assert.Equal(829, stream.Usage!.CompletionTokens);
    }

    [Fact]
    public void VllmStreamWithExtraFields()
    {
        var chunks = Recordings.Chunks("vllm-crusoe__stream-include-usage.sse");
        var usage = chunks[^1].Usage!;

        Assert.Equal("", chunks[0].Choices[0].Delta!.Content);
        Assert.Null(chunks[0].SystemFingerprint);
        Assert.Equal("vllm-0.24.0-tp4-6d31f84d", chunks[^1].SystemFingerprint);
        Assert.Null(chunks[^2].Choices[0].Logprobs);
        Assert.Equal(0, usage.PromptTokensDetails!.CachedTokens);
        Assert.Null(usage.PromptTokensDetails.AudioTokens);
        Assert.Null(usage.CompletionTokensDetails);
    }
}
