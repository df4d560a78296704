using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>Every recorded non-streamed body under <c>Wire/Recordings/</c> parses into the values it holds.</summary>
public class ResponseRecordingTests
{
    /// <summary>file, id, created, model, finish_reason, content start (null = content null), content length, prompt, completion, total tokens.</summary>
    public static TheoryData<string, string, long, string, string, string?, int, int, int, int> Completions => new()
    {
        { "ollama-local__json-schema-with-reasoning.json", "chatcmpl-150", 1776298304L, "qwen3:0.6b", "stop", "{ \"city\": \"Paris\", \"country\": \"F", 40, 136, 15, 151 },
        { "openai__basic-completion__gpt-4o-mini.json", "chatcmpl-D8dUjRkJNE7oAraZr6I7Jy8l3f2eU", 1770950813L, "gpt-4o-mini-2024-07-18", "stop", "Hello! How can I assist you toda", 34, 11, 9, 20 },
        { "openai__cached-tokens-nonzero.json", "chatcmpl-E1mBQt42vYTsKNd5wnyJlT0db7v9S", 1784092252L, "gpt-5.6-sol", "stop", "OK", 2, 4020, 4, 4024 },
        { "openai__developer-message-o3-mini.json", "chatcmpl-D8dUrgVzNkQHuZhZNhxTXQ4f8Ma3T", 1770950821L, "o3-mini-2025-01-31", "stop", "Making a cheesecake from scratch", 1080, 42, 308, 350 },
        { "openai__file-content-part-base64.json", "chatcmpl-D8dUeX4djADFgkCgBgobfacJCVGX5", 1770950808L, "gpt-4o-mini-2024-07-18", "stop", "Based on the parsed text, you sh", 252, 244, 52, 296 },
        { "openai__json-object-mode.json", "chatcmpl-D8dUlq4fBb7RDj9IDbIQPk6FYJvXu", 1770950815L, "gpt-4o-mini-2024-07-18", "stop", "{\n  \"red\": \"#FF0000\",\n  \"green\":", 65, 40, 29, 69 },
        { "openai__json-schema-nonstrict.json", "chatcmpl-D8dUqYmYnO8awXWEbwtx8tsF6XlPu", 1770950820L, "gpt-4o-mini-2024-07-18", "stop", "{\"red\":\"#FF0000\",\"green\":\"#00FF0", 52, 57, 22, 79 },
        { "openai__json-schema-strict.json", "chatcmpl-D8dV4ifvKdFi2kN5oeBkKM1JhjyCE", 1770950834L, "gpt-4o-mini-2024-07-18", "stop", "{\"answer\":\"A pound of feathers a", 400, 75, 91, 166 },
        { "openai__legacy-function-call.json", "chatcmpl-CGSWsVpKwCAOQwKD6cN2nQIMtPUrF", 1758038950L, "gpt-4o-mini-2024-07-18", "function_call", null, -1, 75, 19, 94 },
        { "openai__logprobs-top-logprobs.json", "chatcmpl-D8dTZ1GYlGtVjsOvuWfcmtsdwPzp1", 1770950741L, "gpt-4o-mini-2024-07-18", "stop", "The best pizza toppings often co", 3679, 22, 844, 866 },
        { "openai__multi-turn-second-reply.json", "chatcmpl-D8dVAh3QFoZJ1kq9BHkSxEx5UEvOp", 1770950840L, "gpt-4o-mini-2024-07-18", "stop", "The triangle where exactly two s", 269, 186, 63, 249 },
        { "openai__multipart-text-content-parts.json", "chatcmpl-D8dUntk0EDuBbf2dLXfBm75eoe9OM", 1770950817L, "gpt-4o-mini-2024-07-18", "stop", "Ahoy there, matey! If ye be look", 563, 51, 141, 192 },
        { "openai__o3-mini-reasoning-tokens.json", "chatcmpl-BgzadlOEkRTXYim8s2TzQfnSpaZ4u", 1749586227L, "o3-mini-2025-01-31", "stop", "The capital of Mexico is Mexico ", 161, 13, 238, 251 },
        { "openai__predicted-outputs.json", "chatcmpl-D8dUtVO7edLB1jfq8yhU7eLmcf6rr", 1770950823L, "gpt-4o-mini-2024-07-18", "stop", "{\n  \"feature_name\": \"test_featur", 55, 58, 17, 75 },
        { "openai__reasoning-tokens-max-completion-tokens.json", "chatcmpl-D8dUvtOLRKeiFeDWpaZG2K6JNsxsq", 1770950825L, "o3-mini-2025-01-31", "stop", "A review of popular media from t", 3609, 34, 863, 897 },
        { "openai__refusal-structured-output.json", "chatcmpl-D8dV6YM8K4S69Kz2X4DAevT8LBNUx", 1770950836L, "gpt-4o-2024-08-06", "stop", null, -1, 95, 13, 108 },
        { "openai__service-tier-o3-mini.json", "chatcmpl-D8dULu3HT91I7GsWpAiIMu8j9LXSS", 1770950789L, "o3-mini-2025-01-31", "stop", "A review of popular media from t", 4121, 34, 1330, 1364 },
        { "openai__tool-call-no-parameters.json", "chatcmpl-CGSWvSfZspntgvW7krR1fRBK6O12W", 1758038953L, "gpt-4o-mini-2024-07-18", "tool_calls", null, -1, 46, 12, 58 },
        { "openai__tool-call-strict-schema.json", "chatcmpl-CGSWmo4Mf12TMnF4DYPSTJ5LnEj4j", 1758038944L, "gpt-4o-2024-08-06", "tool_calls", null, -1, 88, 24, 112 },
        { "openai__tool-calls-followup-after-tool-results.json", "chatcmpl-CGSWzKKuB0tOwJH5DSxx02kDDPh0C", 1758038957L, "gpt-4o-mini-2024-07-18", "stop", "The current weather is as follow", 69, 151, 18, 169 },
        { "openai__tool-calls-parallel.json", "chatcmpl-CGSWwwIbC20wpBWz1VQVhj5SqUeQD", 1758038954L, "gpt-4o-mini-2024-07-18", "tool_calls", null, -1, 81, 52, 133 },
        { "openai__tool-choice-none.json", "chatcmpl-CGSWqfvTzmk7kuqZJm4YT35I8FD1C", 1758038948L, "gpt-4o-mini-2024-07-18", "stop", "I will find the number assigned ", 61, 59, 15, 74 },
        { "openai__web-search-url-citation-annotations.json", "chatcmpl-7311b1fd-f110-46ca-8ab6-2c48f91095af", 1770950842L, "gpt-4o-search-preview-2025-03-11", "stop", "Here are some positive news stor", 2273, 9, 484, 493 },
    };

    /// <summary>file, message start, type, param, code.</summary>
    public static TheoryData<string, string, string?, string?, string?> Errors => new()
    {
        { "openai__error-400-code-null.json", "Web search options not supported with this model.", "invalid_request_error", "web_search_options", null },
        { "openai__error-400-invalid-function-parameters.json", "Invalid schema for function 'get_favorite_color_for_day_of_w", "invalid_request_error", "tools[0].function.parameters", "invalid_function_parameters" },
        { "openai__error-400-unsupported-value-system-role.json", "Unsupported value: 'messages[0].role' does not support 'syst", "invalid_request_error", "messages[0].role", "unsupported_value" },
        { "openai__error-401-invalid-api-key.json", "Incorrect API key provided: not-a-re************************", "invalid_request_error", null, "invalid_api_key" },
        { "openai__error-404-model-not-found.json", "The model `gpt-5.2-proo` does not exist or you do not have a", "invalid_request_error", null, "model_not_found" },
        { "openai__error-404-stored-completion-not-found.json", "Completion comp_nonexistent_12345 not found", "invalid_request_error", "completion_id", "not_found" },
        { "openai__error-429-insufficient-quota__FROM-ISSUE.json", "You exceeded your current quota, please check your plan and ", "insufficient_quota", null, "insufficient_quota" },
        { "openai__error-500-server-error__FROM-ISSUE.json", "The server had an error processing your request. Sorry about", "server_error", null, null },
    };

    [Theory]
    [MemberData(nameof(Completions))]
    public void CompletionParses(string file, string id, long created, string model, string finishReason, string? contentStart, int contentLength, int prompt, int completion, int total)
    {
        var reply = Recordings.Completion(file);

        Assert.Equal(id, reply.Id);
        Assert.Equal("chat.completion", reply.Object);
        Assert.Equal(created, reply.Created);
        Assert.Equal(model, reply.Model);
        var choice = Assert.Single(reply.Choices);
        Assert.Equal(0, choice.Index);
        Assert.Equal(finishReason, choice.FinishReason);
        Assert.NotNull(choice.Message);
        Assert.Equal("assistant", choice.Message!.Role);
        if (contentStart is null)
        {
            Assert.Null(choice.Message.Content);
        }
        else
        {
            Assert.StartsWith(contentStart, choice.Message.Content, StringComparison.Ordinal);
            Assert.Equal(contentLength, choice.Message.Content!.Length);
        }

        Assert.NotNull(reply.Usage);
        Assert.Equal(prompt, reply.Usage!.PromptTokens);
        Assert.Equal(completion, reply.Usage.CompletionTokens);
        Assert.Equal(total, reply.Usage.TotalTokens);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void ErrorParses(string file, string messageStart, string? type, string? param, string? code)
    {
        var error = Recordings.Error(file).Error;

        Assert.NotNull(error);
        Assert.StartsWith(messageStart, error!.Message, StringComparison.Ordinal);
        Assert.Equal(type, error.Type);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void EveryRecordedBodyIsCovered()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Completions)
        {
            covered.Add((string)row[0]);
        }

        foreach (var row in Errors)
        {
            covered.Add((string)row[0]);
        }

        foreach (var row in StreamRecordingTests.Streams)
        {
            covered.Add((string)row[0]);
        }

        var recorded = Directory.EnumerateFiles(Recordings.Directory)
            .Select(Path.GetFileName)
            .Where(name => name!.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".sse", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(recorded.OrderBy(n => n, StringComparer.Ordinal), covered.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void BasicCompletionKeepsAllTopLevelFields()
    {
        var reply = Recordings.Completion("openai__basic-completion__gpt-4o-mini.json");

        Assert.Equal("Hello! How can I assist you today?", reply.Choices[0].Message!.Content);
        Assert.Null(reply.Choices[0].Message!.Refusal);
        Assert.Null(reply.Choices[0].Message!.ToolCalls);
        Assert.Empty(reply.Choices[0].Message!.Annotations!);
        Assert.Null(reply.Choices[0].Logprobs);
        Assert.Equal("Sanitized", reply.SystemFingerprint);
        Assert.Equal("default", reply.ServiceTier);
        AssertDetails(reply.Usage!, cached: 0, audioIn: 0, reasoning: 0, audioOut: 0, accepted: 0, rejected: 0);
    }

    [Fact]
    public void CachedTokensAndCacheWrites()
    {
        var reply = Recordings.Completion("openai__cached-tokens-nonzero.json");

        Assert.Null(reply.SystemFingerprint);
        Assert.Equal("OK", reply.Choices[0].Message!.Content);
        Assert.Equal(4012, reply.Usage!.PromptTokensDetails!.CachedTokens);
        Assert.Equal(0, reply.Usage.PromptTokensDetails.CacheWriteTokens);
        Assert.Equal(0, reply.Usage.PromptTokensDetails.AudioTokens);
        Assert.Null(reply.Usage.PromptTokensDetails.TextTokens);
    }

    [Theory]
    [InlineData("openai__developer-message-o3-mini.json", 64)]
    [InlineData("openai__o3-mini-reasoning-tokens.json", 192)]
    [InlineData("openai__reasoning-tokens-max-completion-tokens.json", 128)]
    [InlineData("openai__service-tier-o3-mini.json", 512)]
    public void ReasoningTokens(string file, int reasoning)
    {
        var reply = Recordings.Completion(file);

        Assert.Equal(reasoning, reply.Usage!.CompletionTokensDetails!.ReasoningTokens);
        Assert.Null(reply.Choices[0].Logprobs);
    }

    [Fact]
    public void DeveloperMessageReplyEndsWithTheRequestedPhrase()
    {
        var reply = Recordings.Completion("openai__developer-message-o3-mini.json");
        Assert.EndsWith("Hope this helps!", reply.Choices[0].Message!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictedOutputTokens()
    {
        var reply = Recordings.Completion("openai__predicted-outputs.json");

        Assert.Equal("{\n  \"feature_name\": \"test_feature\",\n  \"enabled\": true\n}", reply.Choices[0].Message!.Content);
        Assert.Equal(16, reply.Usage!.CompletionTokensDetails!.AcceptedPredictionTokens);
        Assert.Equal(0, reply.Usage.CompletionTokensDetails.RejectedPredictionTokens);
    }

    [Fact]
    public void Refusal()
    {
        var message = Recordings.Completion("openai__refusal-structured-output.json").Choices[0].Message!;

        Assert.Null(message.Content);
        Assert.Equal("I'm very sorry, but I can't assist with that request.", message.Refusal);
    }

    [Fact]
    public void ToolCallWithoutParameters()
    {
        var call = Assert.Single(Recordings.Completion("openai__tool-call-no-parameters.json").Choices[0].Message!.ToolCalls!);

        Assert.Equal("call_rQvZ9upGjXJlbI3FYZ43qGgu", call.Id);
        Assert.Equal("function", call.Type);
        Assert.Equal("get_favorite_color", call.Function!.Name);
        Assert.Equal("{}", call.Function.Arguments);
    }

    [Fact]
    public void StrictToolCall()
    {
        var call = Assert.Single(Recordings.Completion("openai__tool-call-strict-schema.json").Choices[0].Message!.ToolCalls!);

        Assert.Equal("call_tPIO7TpidfgKjBbQ1692UMl8", call.Id);
        Assert.Equal("get_favorite_color_for_day_of_week", call.Function!.Name);
        Assert.Equal("{\"the_day_of_the_week\":\"Tuesday\"}", call.Function.Arguments);
    }

    [Fact]
    public void ParallelToolCalls()
    {
        var calls = Recordings.Completion("openai__tool-calls-parallel.json").Choices[0].Message!.ToolCalls!;

        Assert.Collection(
            calls,
            c =>
            {
                Assert.Equal("call_SKQEHo7QVlJRoCtEzcrYZM9C", c.Id);
                Assert.Equal("get_weather_for_city", c.Function!.Name);
                Assert.Equal("{\"city_name\": \"Santiago\"}", c.Function.Arguments);
            },
            c =>
            {
                Assert.Equal("call_CkjljlLr7IebPc4hnvetfiZ8", c.Id);
                Assert.Equal("get_weather_for_city", c.Function!.Name);
                Assert.Equal("{\"city_name\": \"Karachi\"}", c.Function.Arguments);
            });
    }

    [Fact]
    public void FollowUpAfterToolResults()
    {
        var reply = Recordings.Completion("openai__tool-calls-followup-after-tool-results.json");
        Assert.Equal("The current weather is as follows:\n- Santiago: Rainy\n- Karachi: Sunny", reply.Choices[0].Message!.Content);
        Assert.Equal("fp_560af6e559", reply.SystemFingerprint);
    }

    [Fact]
    public void LegacyFunctionCall()
    {
        var message = Recordings.Completion("openai__legacy-function-call.json").Choices[0].Message!;

        Assert.Null(message.Content);
        Assert.Null(message.ToolCalls);
        Assert.Equal("get_favorite_color_for_month", message.FunctionCall!.Name);
        Assert.Equal("{\"month_name\":\"February\"}", message.FunctionCall.Arguments);
    }

    [Fact]
    public void UrlCitationAnnotations()
    {
        var reply = Recordings.Completion("openai__web-search-url-citation-annotations.json");
        var message = reply.Choices[0].Message!;

        Assert.Equal("", reply.SystemFingerprint);
        Assert.Null(reply.ServiceTier);
        Assert.Null(reply.Choices[0].Logprobs);
        Assert.Equal(4, message.Annotations!.Count);
        var first = message.Annotations[0];
        Assert.Equal("url_citation", first.Type);
        Assert.Equal(427, first.UrlCitation!.StartIndex);
        Assert.Equal(553, first.UrlCitation.EndIndex);
        Assert.Equal("https://observervoice.com/todays-school-assembly-news-headlines-13-february-2-183444/?utm_source=openai", first.UrlCitation.Url);
        Assert.Equal("Today\u2019s School Assembly News Headlines (13 February) - Observer Voice", first.UrlCitation.Title);
        Assert.Equal("Feel Good News | February 13, 2026 - ImpactLife", message.Annotations[3].UrlCitation!.Title);
        Assert.Equal(2014, message.Annotations[3].UrlCitation!.StartIndex);
        Assert.Equal(2130, message.Annotations[3].UrlCitation!.EndIndex);
    }

    [Fact]
    public void TokenLogprobs()
    {
        var logprobs = Recordings.Completion("openai__logprobs-top-logprobs.json").Choices[0].Logprobs!;

        Assert.Null(logprobs.Refusal);
        Assert.Equal(844, logprobs.Content!.Count);
        var first = logprobs.Content[0];
        Assert.Equal("The", first.Token);
        Assert.Equal(-0.31062254309654236, first.Logprob);
        Assert.Equal(new[] { 84, 104, 101 }, first.Bytes);
        Assert.Collection(
            first.TopLogprobs!,
            t => { Assert.Equal("The", t.Token); Assert.Equal(-0.31062254309654236, t.Logprob); Assert.Equal(new[] { 84, 104, 101 }, t.Bytes); },
            t => { Assert.Equal("Choosing", t.Token); Assert.Equal(-1.6856225728988647, t.Logprob); },
            t => { Assert.Equal("Pizza", t.Token); Assert.Equal(-3.060622453689575, t.Logprob); });
        var last = logprobs.Content[^1];
        Assert.Equal("!", last.Token);
        Assert.Equal(-0.31666508316993713, last.Logprob);
        Assert.Equal(".", last.TopLogprobs![1].Token);
        Assert.All(logprobs.Content, t => Assert.Equal(3, t.TopLogprobs!.Count));
    }

    [Fact]
    public void OllamaReplyWithoutDetailsAndWithReasoning()
    {
        var reply = Recordings.Completion("ollama-local__json-schema-with-reasoning.json");
        var message = reply.Choices[0].Message!;

        Assert.Equal("fp_ollama", reply.SystemFingerprint);
        Assert.Equal("{ \"city\": \"Paris\", \"country\": \"France\" }", message.Content);
        Assert.Null(message.Refusal);
        Assert.Null(message.Annotations);
        Assert.Null(reply.Choices[0].Logprobs);
        Assert.Null(reply.Usage!.PromptTokensDetails);
        Assert.Null(reply.Usage.CompletionTokensDetails);
    }

    internal static void AssertDetails(ChatUsage usage, int cached, int audioIn, int reasoning, int audioOut, int accepted, int rejected)
    {
        Assert.Equal(cached, usage.PromptTokensDetails!.CachedTokens);
        Assert.Equal(audioIn, usage.PromptTokensDetails.AudioTokens);
        Assert.Equal(reasoning, usage.CompletionTokensDetails!.ReasoningTokens);
        Assert.Equal(audioOut, usage.CompletionTokensDetails.AudioTokens);
        Assert.Equal(accepted, usage.CompletionTokensDetails.AcceptedPredictionTokens);
        Assert.Equal(rejected, usage.CompletionTokensDetails.RejectedPredictionTokens);
    }
}
