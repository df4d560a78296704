using System.Text;
using System.Text.Json;
using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Messages and requests survive serialize → deserialize with their values (conversation history is user-visible and
/// may be stored as JSON), and replies survive deserialize → serialize → deserialize.
/// </summary>
public class RoundTripTests
{
    private static ChatMessage RoundTrip(ChatMessage message)
    {
        var json = JsonSerializer.Serialize(message, ChatJsonContext.Default.ChatMessage);
        var copy = JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatMessage)!;
        Assert.Equal(json, JsonSerializer.Serialize(copy, ChatJsonContext.Default.ChatMessage));
        return copy;
    }

    [Theory]
    [InlineData(ChatRole.System)]
    [InlineData(ChatRole.Developer)]
    [InlineData(ChatRole.User)]
    [InlineData(ChatRole.Assistant)]
    public void TextMessageKeepsRoleContentAndName(string role)
    {
        var copy = RoundTrip(new ChatMessage(role, "Line one\nline \"two\" — ünïcode 🐶") { Name = "speaker_1" });

        Assert.Equal(role, copy.Role);
        Assert.Equal("Line one\nline \"two\" — ünïcode 🐶", copy.Content!.Text);
        Assert.Null(copy.Content.Parts);
        Assert.Equal("speaker_1", copy.Name);
        Assert.Null(copy.ToolCalls);
        Assert.Null(copy.ToolCallId);
        Assert.Null(copy.Refusal);
    }

    [Fact]
    public void ToolMessageKeepsItsCallId()
    {
        var copy = RoundTrip(ChatMessage.Tool("call_abc", """{"temperature":21}"""));

        Assert.Equal(ChatRole.Tool, copy.Role);
        Assert.Equal("call_abc", copy.ToolCallId);
        Assert.Equal("""{"temperature":21}""", copy.Content!.Text);
    }

    [Fact]
    public void AssistantToolCallsSurvive()
    {
        var copy = RoundTrip(RequestGoldenTests.AssistantWithToolCalls());

        Assert.Equal(ChatRole.Assistant, copy.Role);
        Assert.Null(copy.Content);
        Assert.Collection(
            copy.ToolCalls!,
            c =>
            {
                Assert.Equal("call_1", c.Id);
                Assert.Equal("function", c.Type);
                Assert.Equal("get_weather", c.Function!.Name);
                Assert.Equal("""{"city":"Paris","unit":"celsius"}""", c.Function.Arguments);
            },
            c =>
            {
                Assert.Equal("call_2", c.Id);
                Assert.Equal("get_time", c.Function!.Name);
                Assert.Equal("{}", c.Function.Arguments);
            });
    }

    [Fact]
    public void AssistantRefusalSurvives()
    {
        var copy = RoundTrip(new ChatMessage(ChatRole.Assistant, null) { Refusal = "I can't help with that." });

        Assert.Null(copy.Content);
        Assert.Equal("I can't help with that.", copy.Refusal);
    }

    [Fact]
    public void ContentPartsSurvive()
    {
        var copy = RoundTrip(ChatMessage.User(
            ChatContentPart.FromText("Look:"),
            ChatContentPart.FromImage("https://example.com/a.png", "high"),
            ChatContentPart.FromImage("data:image/png;base64,iVBORw0KGgo="),
            ChatContentPart.FromAudio("UklGRg==", "wav"),
            ChatContentPart.FromFile(fileData: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf"),
            ChatContentPart.FromFile(fileId: "file-123")));

        Assert.Null(copy.Content!.Text);
        Assert.Collection(
            copy.Content.Parts!,
            p => { Assert.Equal("text", p.Type); Assert.Equal("Look:", p.Text); },
            p => { Assert.Equal("image_url", p.Type); Assert.Equal("https://example.com/a.png", p.ImageUrl!.Url); Assert.Equal("high", p.ImageUrl.Detail); },
            p => { Assert.Equal("image_url", p.Type); Assert.Equal("data:image/png;base64,iVBORw0KGgo=", p.ImageUrl!.Url); Assert.Null(p.ImageUrl.Detail); },
            p => { Assert.Equal("input_audio", p.Type); Assert.Equal("UklGRg==", p.InputAudio!.Data); Assert.Equal("wav", p.InputAudio.Format); },
            p => { Assert.Equal("file", p.Type); Assert.Equal("a.pdf", p.File!.Filename); Assert.Equal("data:application/pdf;base64,JVBERi0=", p.File.FileData); Assert.Null(p.File.FileId); },
            p => { Assert.Equal("file", p.Type); Assert.Equal("file-123", p.File!.FileId); });
        Assert.Equal("Look:", copy.Content.ToString());
    }

    [Fact]
    public void AssistantRefusalPartSurvives()
    {
        var copy = RoundTrip(new ChatMessage(ChatRole.Assistant, new ChatContent(new[] { ChatContentPart.FromRefusal("No.") })));

        Assert.Equal("refusal", Assert.Single(copy.Content!.Parts!).Type);
        Assert.Equal("No.", copy.Content.ToString());
    }

    [Theory]
    [InlineData(MaxTokensField.MaxTokens)]
    [InlineData(MaxTokensField.MaxCompletionTokens)]
    public void CombinedRequestKeepsEveryValue(MaxTokensField field)
    {
        var original = RequestGoldenTests.Combined();
        var json = ChatSerializer.SerializeRequest(original, field);
        var copy = JsonSerializer.Deserialize(json, ChatSerializer.RequestInfo(field))!;

        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(copy, field)));
        Assert.Equal("gpt-4o-2024-08-06", copy.Model);
        Assert.Equal(original.Messages.Select(m => m.Role), copy.Messages.Select(m => m.Role));
        Assert.Equal("alice", copy.Messages[2].Name);
        Assert.Equal("high", copy.Messages[2].Content!.Parts![1].ImageUrl!.Detail);
        Assert.Equal(2, copy.Messages[3].ToolCalls!.Count);
        Assert.Equal("call_2", copy.Messages[5].ToolCallId);
        Assert.Equal(0.2, copy.Temperature);
        Assert.Equal(0.95, copy.TopP);
        Assert.Equal(512, copy.MaxTokens);
        Assert.Equal(0.5, copy.FrequencyPenalty);
        Assert.Equal(-0.25, copy.PresencePenalty);
        Assert.Equal(new[] { "END", "STOP" }, copy.Stop);
        Assert.Equal(2, copy.N);
        Assert.Equal(RequestGoldenTests.LargeSeed, copy.Seed);
        Assert.True(copy.Stream);
        Assert.True(copy.StreamOptions!.IncludeUsage);
        Assert.Equal("json_schema", copy.ResponseFormat!.Type);
        Assert.Equal("answer", copy.ResponseFormat.JsonSchema!.Name);
        Assert.Equal("An answer with steps.", copy.ResponseFormat.JsonSchema.Description);
        Assert.True(copy.ResponseFormat.JsonSchema.Strict);
        Assert.Equal(RequestGoldenTests.AnswerSchema.GetRawText(), copy.ResponseFormat.JsonSchema.Schema!.Value.GetRawText());
        Assert.Equal(2, copy.Tools!.Count);
        Assert.Equal("get_weather", copy.Tools[0].Function.Name);
        Assert.True(copy.Tools[0].Function.Strict);
        Assert.Equal(RequestGoldenTests.WeatherParameters.GetRawText(), copy.Tools[0].Function.Parameters!.Value.GetRawText());
        Assert.Null(copy.Tools[1].Function.Parameters);
        Assert.Equal("function", copy.ToolChoice!.Mode);
        Assert.Equal("get_weather", copy.ToolChoice.FunctionName);
        Assert.False(copy.ParallelToolCalls);
        Assert.True(copy.Logprobs);
        Assert.Equal(3, copy.TopLogprobs);
        Assert.Equal("user-1234", copy.User);
    }

    [Theory]
    [InlineData("\"none\"", "none")]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"required\"", "required")]
    public void ToolChoiceModesReadBackAsTheSameInstances(string json, string mode)
    {
        var request = JsonSerializer.Deserialize("""{"messages":[],"tool_choice":""" + json + "}", ChatJsonContext.Default.ChatRequest)!;

        Assert.Equal(mode, request.ToolChoice!.Mode);
        Assert.Null(request.ToolChoice.FunctionName);
        Assert.Same(mode switch { "none" => ChatToolChoice.None, "auto" => ChatToolChoice.Auto, _ => ChatToolChoice.Required }, request.ToolChoice);
    }

    [Theory]
    [InlineData("openai__tool-calls-parallel.json")]
    [InlineData("openai__logprobs-top-logprobs.json")]
    [InlineData("openai__web-search-url-citation-annotations.json")]
    [InlineData("openai__legacy-function-call.json")]
    [InlineData("openai__cached-tokens-nonzero.json")]
    public void RepliesRoundTrip(string file)
    {
        var reply = Recordings.Completion(file);
        var json = JsonSerializer.Serialize(reply, ChatJsonContext.Default.ChatCompletion);
        var copy = JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletion)!;

        Assert.Equal(json, JsonSerializer.Serialize(copy, ChatJsonContext.Default.ChatCompletion));
        Assert.Equal(reply.Id, copy.Id);
        Assert.Equal(reply.Choices[0].Message!.Content, copy.Choices[0].Message!.Content);
        Assert.Equal(reply.Usage!.TotalTokens, copy.Usage!.TotalTokens);
    }

    [Fact]
    public void ChunksRoundTrip()
    {
        foreach (var chunk in Recordings.Chunks("openai__stream-tool-call-include-usage.sse"))
        {
            var json = JsonSerializer.Serialize(chunk, ChatJsonContext.Default.ChatCompletionChunk);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatCompletionChunk)!, ChatJsonContext.Default.ChatCompletionChunk));
        }
    }
}

/// <summary>Malformed request fields fail as <see cref="JsonException"/>, naming what was found.</summary>
public class MalformedRequestTests
{
    [Theory]
    [InlineData("""{"messages":[],"stop":[1]}""")]
    [InlineData("""{"messages":[],"stop":{}}""")]
    [InlineData("""{"messages":[],"tool_choice":{"type":"allowed_tools"}}""")]
    [InlineData("""{"messages":[{"role":"user","content":42}]}""")]
    public void MalformedFieldsThrowJsonException(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatRequest));

    [Fact]
    public void StopReadsAStringOrAnArray()
    {
        Assert.Equal(new[] { "x" }, JsonSerializer.Deserialize("""{"messages":[],"stop":"x"}""", ChatJsonContext.Default.ChatRequest)!.Stop);
        Assert.Equal(new[] { "a", "b" }, JsonSerializer.Deserialize("""{"messages":[],"stop":["a","b"]}""", ChatJsonContext.Default.ChatRequest)!.Stop);
        Assert.Null(JsonSerializer.Deserialize("""{"messages":[],"stop":null}""", ChatJsonContext.Default.ChatRequest)!.Stop);
    }
}
