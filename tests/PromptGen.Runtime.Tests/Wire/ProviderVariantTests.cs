using System.Text.Json;
using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Hand-written bodies for server variants described in <c>shared/reference/provider-quirks.md</c> that have no
/// recording here. Each body follows the shape the quirks file documents (field names and value kinds); values are ours.
/// </summary>
public class ProviderVariantTests
{
    [Fact]
    public void AzureStreamWithFilterChunks()
    {
        // First chunk: prompt filter annotations only, with empty id/model/object and created 0. Content chunks carry
        // content_filter_results; after the finish chunk, asynchronous-filter chunks carry content_filter_offsets and no delta.
        const string sse = """
            data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}

            data: {"choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],"created":1745000000,"id":"chatcmpl-Az1","model":"gpt-4.1-2025-04-14","object":"chat.completion.chunk","system_fingerprint":"fp_ee1d74bde0"}

            data: {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"protected_material_code":{"filtered":false,"detected":false},"protected_material_text":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"delta":{"content":"Hello"},"finish_reason":null,"index":0,"logprobs":null}],"created":1745000000,"id":"chatcmpl-Az1","model":"gpt-4.1-2025-04-14","object":"chat.completion.chunk","system_fingerprint":"fp_ee1d74bde0"}

            data: {"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"stop","index":0,"logprobs":null}],"created":1745000000,"id":"chatcmpl-Az1","model":"gpt-4.1-2025-04-14","object":"chat.completion.chunk","system_fingerprint":"fp_ee1d74bde0"}

            data: {"choices":[{"content_filter_offsets":{"check_offset":0,"start_offset":0,"end_offset":5},"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"finish_reason":null,"index":0}],"created":0,"id":"","model":"","object":""}

            data: [DONE]
            """;

        var chunks = Recordings.ParseStream(sse);
        var stream = StreamSummary.Of(chunks);

        Assert.Equal(5, chunks.Count);
        Assert.Empty(chunks[0].Choices);
        Assert.Equal("", chunks[0].Id);
        Assert.Equal(0, chunks[0].Created);
        Assert.Equal("", chunks[0].Model);
        Assert.Equal("", chunks[0].Object);
        Assert.Null(chunks[4].Choices[0].Delta);
        Assert.Null(chunks[4].Choices[0].FinishReason);
        Assert.Equal("Hello", stream.Content.ToString());
        Assert.Equal(new[] { "stop" }, stream.FinishReasons);
        Assert.Null(stream.Usage);
    }

    [Fact]
    public void AzureContentFilterErrorWithNullType()
    {
        var error = Recordings.ParseError("""
            {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"},"jailbreak":{"filtered":false,"detected":false}}}}}
            """).Error!;

        Assert.StartsWith("The response was filtered", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Type);
        Assert.Equal("prompt", error.Param);
        Assert.Equal("content_filter", error.Code);
    }

    [Fact]
    public void VllmErrorWithIntegerCode()
    {
        var error = Recordings.ParseError("""
            {"error":{"message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.","type":"BadRequestError","param":null,"code":400}}
            """).Error!;

        Assert.Equal("This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.", error.Message);
        Assert.Equal("BadRequestError", error.Type);
        Assert.Null(error.Param);
        Assert.Equal("400", error.Code);
    }

    [Fact]
    public void OldVllmTopLevelError()
    {
        var error = Recordings.ParseError("""
            {"object":"error","message":"The model `llama-3` does not exist.","type":"NotFoundError","param":null,"code":404}
            """).Error!;

        Assert.Equal("The model `llama-3` does not exist.", error.Message);
        Assert.Equal("NotFoundError", error.Type);
        Assert.Null(error.Param);
        Assert.Equal("404", error.Code);
    }

    [Fact]
    public void OpenRouterErrorWithIntegerCodeAndMetadata()
    {
        var error = Recordings.ParseError("""
            {"error":{"message":"Provider returned error","code":429,"metadata":{"provider_name":"Together","raw":"{\"error\":\"rate limited\"}"}},"user_id":"user_123"}
            """).Error!;

        Assert.Equal("Provider returned error", error.Message);
        Assert.Null(error.Type);
        Assert.Equal("429", error.Code);
    }

    [Fact]
    public void ErrorAsPlainString()
    {
        var error = Recordings.ParseError("""{"error":"model 'llama9' not found"}""").Error!;

        Assert.Equal("model 'llama9' not found", error.Message);
        Assert.Null(error.Code);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"detail":"Not Found"}""")]
    [InlineData("[]")]
    [InlineData("""{"error":null}""")]
    public void BodiesWithoutAnErrorHaveNone(string json) => Assert.Null(Recordings.ParseError(json).Error);

    [Fact]
    public void ErrorResponseWritesTheStandardShape()
    {
        var body = JsonSerializer.Serialize(Recordings.ParseError("""{"object":"error","message":"m","type":"t","param":null,"code":400}"""), ChatJsonContext.Default.ChatErrorResponse);
        Assert.Equal("""{"error":{"message":"m","type":"t","code":"400"}}""", body);
    }

    [Fact]
    public void GroqUsageOnTheFinishChunk()
    {
        var chunk = Recordings.ParseChunk("""
            {"id":"chatcmpl-5b1f","object":"chat.completion.chunk","created":1750000000,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_3f3b593e33","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"x_groq":{"id":"req_01","usage":{"queue_time":0.051,"prompt_tokens":40,"prompt_time":0.002,"completion_tokens":12,"completion_time":0.044,"total_tokens":52,"total_time":0.046}},"usage":{"queue_time":0.051,"prompt_tokens":40,"prompt_time":0.002,"completion_tokens":12,"completion_time":0.044,"total_tokens":52,"total_time":0.046},"service_tier":"on_demand"}
            """);

        Assert.Equal("stop", Assert.Single(chunk.Choices).FinishReason);
        Assert.Equal(40, chunk.Usage!.PromptTokens);
        Assert.Equal(12, chunk.Usage.CompletionTokens);
        Assert.Equal(52, chunk.Usage.TotalTokens);
        Assert.Equal("on_demand", chunk.ServiceTier);
    }

    [Fact]
    public void GroqErrorInsideAStream()
    {
        var chunk = Recordings.ParseChunk("""
            {"error":{"message":"Failed to call a function. Please adjust your prompt.","type":"invalid_request_error","code":"tool_use_failed","failed_generation":"<function=get_weather>","status_code":400}}
            """);

        Assert.Empty(chunk.Choices);
        Assert.Equal("tool_use_failed", chunk.Error!.Code);
        Assert.Equal("invalid_request_error", chunk.Error.Type);
    }

    [Fact]
    public void OpenRouterErrorChunkInsideAStream()
    {
        var chunk = Recordings.ParseChunk("""
            {"id":"gen-1","object":"chat.completion.chunk","created":1750000000,"model":"meta-llama/llama-3.3-70b-instruct","provider":"Together","error":{"code":502,"message":"Upstream error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error","native_finish_reason":"error"}]}
            """);

        Assert.Equal("502", chunk.Error!.Code);
        Assert.Equal("Upstream error", chunk.Error.Message);
        Assert.Equal("error", chunk.Choices[0].FinishReason);
    }

    [Fact]
    public void LlamaCppTimingsOnEveryChunkAndUnrequestedUsage()
    {
        const string sse = """
            data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1758000000,"id":"chatcmpl-lc1","model":"qwen3-8b","system_fingerprint":"b6497-cd08fc3e","object":"chat.completion.chunk","timings":{"cache_n":0,"prompt_n":12,"prompt_ms":30.5,"prompt_per_token_ms":2.54,"prompt_per_second":393.4,"predicted_n":1,"predicted_ms":0.01,"predicted_per_token_ms":0.01,"predicted_per_second":100000.0}}

            data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Thinking."}}],"created":1758000000,"id":"chatcmpl-lc1","model":"qwen3-8b","system_fingerprint":"b6497-cd08fc3e","object":"chat.completion.chunk","timings":{"cache_n":0,"prompt_n":12,"prompt_ms":30.5,"predicted_n":2,"predicted_ms":20.1}}

            data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi!"}}],"created":1758000000,"id":"chatcmpl-lc1","model":"qwen3-8b","system_fingerprint":"b6497-cd08fc3e","object":"chat.completion.chunk","timings":{"cache_n":0,"prompt_n":12,"prompt_ms":30.5,"predicted_n":3,"predicted_ms":40.2,"draft_n":2,"draft_n_accepted":1}}

            data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1758000000,"id":"chatcmpl-lc1","model":"qwen3-8b","system_fingerprint":"b6497-cd08fc3e","object":"chat.completion.chunk","usage":{"completion_tokens":3,"prompt_tokens":12,"total_tokens":15},"timings":{"cache_n":0,"prompt_n":12,"prompt_ms":30.5,"predicted_n":3,"predicted_ms":40.2}}

            data: {"choices":[],"created":1758000000,"id":"chatcmpl-lc1","model":"qwen3-8b","system_fingerprint":"b6497-cd08fc3e","object":"chat.completion.chunk","usage":{"completion_tokens":3,"prompt_tokens":12,"total_tokens":15},"timings":{"cache_n":0,"prompt_n":12,"prompt_ms":30.5,"predicted_n":3,"predicted_ms":40.2}}

            data: [DONE]
            """;

        var chunks = Recordings.ParseStream(sse);
        var stream = StreamSummary.Of(chunks);

        Assert.Equal("Hi!", stream.Content.ToString());
        Assert.Equal(new[] { "stop" }, stream.FinishReasons);
        Assert.Equal(15, chunks[3].Usage!.TotalTokens);
        Assert.Equal(15, stream.Usage!.TotalTokens);
        Assert.Equal("b6497-cd08fc3e", chunks[0].SystemFingerprint);
    }

    [Fact]
    public void OllamaToolCallWithIndexAndEmptyContent()
    {
        var reply = Recordings.ParseCompletion("""
            {"id":"chatcmpl-527","object":"chat.completion","created":1776298400,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_o2vnpxrw","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":152,"completion_tokens":21,"total_tokens":173}}
            """);
        var message = reply.Choices[0].Message!;

        Assert.Equal("", message.Content);
        Assert.Equal("tool_calls", reply.Choices[0].FinishReason);
        var call = Assert.Single(message.ToolCalls!);
        Assert.Equal("call_o2vnpxrw", call.Id);
        Assert.Equal("get_weather", call.Function!.Name);
        Assert.Equal("{\"city\":\"Paris\"}", call.Function.Arguments);
        Assert.Null(reply.Usage!.PromptTokensDetails);
    }

    [Fact]
    public void OllamaStreamSendsWholeToolCallsAndRepeatsTheRole()
    {
        const string sse = """
            data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1776298401,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Need the weather."},"finish_reason":null}]}

            data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1776298402,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_x1","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":null}]}

            data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1776298402,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"tool_calls"}]}

            data: [DONE]
            """;

        var stream = StreamSummary.Of(Recordings.ParseStream(sse));

        Assert.Equal(3, stream.Roles.Count);
        Assert.Equal("", stream.Content.ToString());
        Assert.Equal("{\"city\":\"Oslo\"}", stream.ToolCalls[0].Arguments.ToString());
        Assert.Equal("call_x1", stream.ToolCalls[0].Id);
        Assert.Equal(new[] { "tool_calls" }, stream.FinishReasons);
    }

    [Fact]
    public void VllmReplyWithIntegerStopReasonAndExtraFields()
    {
        var reply = Recordings.ParseCompletion("""
            {"id":"chatcmpl-abc","object":"chat.completion","created":1786479700,"model":"meta-llama/Llama-3.3-70B-Instruct","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"annotations":null,"audio":null,"function_call":null,"tool_calls":[{"id":"chatcmpl-tool-9f3c2a","type":"function","function":{"name":"lookup","arguments":"{\"q\": \"x\"}"}}],"reasoning_content":null},"logprobs":null,"finish_reason":"tool_calls","stop_reason":154829,"token_ids":null}],"service_tier":null,"system_fingerprint":null,"usage":{"prompt_tokens":300,"total_tokens":320,"completion_tokens":20,"prompt_tokens_details":{"cached_tokens":256,"multimodal_tokens":0}},"prompt_logprobs":null,"prompt_token_ids":null,"kv_transfer_params":null}
            """);

        Assert.Equal("tool_calls", reply.Choices[0].FinishReason);
        Assert.Null(reply.Choices[0].Message!.Annotations);
        Assert.Null(reply.Choices[0].Message!.FunctionCall);
        Assert.Equal("chatcmpl-tool-9f3c2a", reply.Choices[0].Message!.ToolCalls![0].Id);
        Assert.Null(reply.ServiceTier);
        Assert.Equal(256, reply.Usage!.PromptTokensDetails!.CachedTokens);
    }

    [Fact]
    public void TogetherReplyWithEmptyToolCallsAndExtraUsageFields()
    {
        var reply = Recordings.ParseCompletion("""
            {"id":"o1b2c3","object":"chat.completion","created":1760000000,"model":"deepseek-ai/DeepSeek-R1","prompt":[],"choices":[{"finish_reason":"length","seed":13388472563423950000,"logprobs":null,"index":0,"message":{"role":"assistant","content":"<think>\nOkay","tool_calls":[]}}],"usage":{"prompt_tokens":10,"completion_tokens":16,"total_tokens":26,"cached_tokens":0}}
            """);

        Assert.Equal("length", reply.Choices[0].FinishReason);
        Assert.Empty(reply.Choices[0].Message!.ToolCalls!);
        Assert.Equal("<think>\nOkay", reply.Choices[0].Message!.Content);
        Assert.Equal(26, reply.Usage!.TotalTokens);
    }

    [Fact]
    public void GeminiToolCallWithEmptyId()
    {
        var reply = Recordings.ParseCompletion("""
            {"choices":[{"finish_reason":"tool_calls","index":0,"message":{"role":"assistant","extra_content":{"google":{"thought_signature":"CiQB"}},"tool_calls":[{"function":{"arguments":"{\"city\":\"Rome\"}","name":"get_weather"},"id":"","type":"function"}]}}],"created":1760000001,"id":"aBcD","model":"gemini-2.5-flash","object":"chat.completion","usage":{"completion_tokens":5,"prompt_tokens":30,"total_tokens":95}}
            """);

        var call = Assert.Single(reply.Choices[0].Message!.ToolCalls!);
        Assert.Equal("", call.Id);
        Assert.Equal("get_weather", call.Function!.Name);
        Assert.Equal(95, reply.Usage!.TotalTokens);
        Assert.Null(reply.SystemFingerprint);
    }

    [Fact]
    public void DeepSeekUsageOnTheFinishChunk()
    {
        var chunk = Recordings.ParseChunk("""
            {"id":"5f0c8a2e-1c1f-4c55-9a52-1b1b1b1b1b1b","object":"chat.completion.chunk","created":1760000002,"model":"deepseek-reasoner","system_fingerprint":"fp_7e0991cad4","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":13,"completion_tokens":200,"total_tokens":213,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":150},"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":13}}
            """);

        Assert.Equal("stop", chunk.Choices[0].FinishReason);
        Assert.Equal(150, chunk.Usage!.CompletionTokensDetails!.ReasoningTokens);
        Assert.Null(chunk.Usage.CompletionTokensDetails.AudioTokens);
    }

    [Fact]
    public void AudioModelChunksWithoutChoices()
    {
        var missing = Recordings.ParseChunk("""{"id":"chatcmpl-au","object":"chat.completion.chunk","created":1770000000,"model":"gpt-audio-1.5","service_tier":"default","system_fingerprint":null,"usage":null,"obfuscation":"xY"}""");
        var nulled = Recordings.ParseChunk("""{"id":"chatcmpl-au","object":"chat.completion.chunk","created":1770000000,"model":"gpt-audio-1.5","choices":null}""");

        Assert.Empty(missing.Choices);
        Assert.Empty(nulled.Choices);
        Assert.Null(missing.Usage);
    }

    [Fact]
    public void LmStudioStatsAreIgnored()
    {
        var reply = Recordings.ParseCompletion("""
            {"id":"chatcmpl-k3j4","object":"chat.completion","created":1760000003,"model":"qwen2.5-7b-instruct","choices":[{"index":0,"logprobs":null,"finish_reason":"stop","message":{"role":"assistant","content":"Hi."}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7},"stats":{},"system_fingerprint":"qwen2.5-7b-instruct"}
            """);

        Assert.Equal("Hi.", reply.Choices[0].Message!.Content);
        Assert.Equal("qwen2.5-7b-instruct", reply.SystemFingerprint);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"choices":[{}]}""")]
    [InlineData("""{"choices":[{"message":{}}],"usage":{}}""")]
    [InlineData("""{"id":null,"object":null,"created":null,"model":null,"system_fingerprint":null,"choices":null,"usage":null}""")]
    public void MissingOptionalFieldsAreTolerated(string json)
    {
        var reply = Recordings.ParseCompletion(json);

        Assert.Null(reply.Id);
        Assert.Null(reply.Created);
        Assert.All(reply.Choices, c => Assert.Null(c.FinishReason));
        Assert.All(reply.Choices, c => Assert.Null(c.Message?.Content));
    }

    [Fact]
    public void UnknownFieldsOfEveryKindAreSkipped()
    {
        var reply = Recordings.ParseCompletion("""
            {"new_object":{"a":[1,{"b":null}]},"id":"x","new_array":[[],{}],"choices":[{"index":1,"new_number":1.5e300,"message":{"role":"assistant","content":"ok","new_bool":true,"new_null":null}}],"new_string":"s"}
            """);

        Assert.Equal("x", reply.Id);
        Assert.Equal(1, reply.Choices[0].Index);
        Assert.Equal("ok", reply.Choices[0].Message!.Content);
    }

    [Fact]
    public void UsageAddSumsEveryDetail()
    {
        var one = new ChatUsage
        {
            PromptTokens = 10, CompletionTokens = 5, TotalTokens = 15,
            PromptTokensDetails = new ChatPromptTokensDetails { CachedTokens = 4, CacheWriteTokens = 2, TextTokens = 8, ImageTokens = 2 },
            CompletionTokensDetails = new ChatCompletionTokensDetails { ReasoningTokens = 3, TextTokens = 5 },
        };
        var two = new ChatUsage { PromptTokens = 1, CompletionTokens = 1, TotalTokens = 2, PromptTokensDetails = new ChatPromptTokensDetails { CacheWriteTokens = 1 } };

        var sum = ChatUsage.Add(one, two)!;

        Assert.Equal(11, sum.PromptTokens);
        Assert.Equal(17, sum.TotalTokens);
        Assert.Equal(3, sum.PromptTokensDetails!.CacheWriteTokens);
        Assert.Equal(4, sum.PromptTokensDetails.CachedTokens);
        Assert.Equal(8, sum.PromptTokensDetails.TextTokens);
        Assert.Equal(2, sum.PromptTokensDetails.ImageTokens);
        Assert.Null(sum.PromptTokensDetails.AudioTokens);
        Assert.Equal(5, sum.CompletionTokensDetails!.TextTokens);
    }

    [Fact]
    public void NullAndIntegralFloatCountsAreRead()
    {
        var chunk = Recordings.ParseChunk("""
            {"id":"c","choices":[{"index":null,"delta":{"tool_calls":[{"index":null,"function":{"arguments":"{}"}}]}}],"usage":{"prompt_tokens":12.0,"completion_tokens":null,"total_tokens":12}}
            """);

        Assert.Equal(0, chunk.Choices[0].Index);
        Assert.Equal(0, chunk.Choices[0].Delta!.ToolCalls![0].Index);
        Assert.Equal(12, chunk.Usage!.PromptTokens);
        Assert.Equal(0, chunk.Usage.CompletionTokens);
    }

    [Theory]
    [InlineData("""{"usage":{"prompt_tokens":1.5}}""")]
    [InlineData("""{"usage":{"prompt_tokens":"12"}}""")]
    public void NonIntegralCountsAreUnreadableNotAFailure(string json) =>
        Assert.Equal(ChatUsage.Unreadable, Recordings.ParseCompletion(json).Usage!.PromptTokens); // the usage is invalid: its cost is unknown (Cost/UsageNumberTests)

    [Fact]
    public void ToolCallArgumentsSentAsAnObjectAreKeptAsJsonText()
    {
        var reply = Recordings.ParseCompletion("""
            {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":{"city":"Paris","days":[1,2]}}}]},"finish_reason":"tool_calls"}]}
            """);

        Assert.Equal("""{"city":"Paris","days":[1,2]}""", reply.Choices[0].Message!.ToolCalls![0].Function!.Arguments);
    }
}
