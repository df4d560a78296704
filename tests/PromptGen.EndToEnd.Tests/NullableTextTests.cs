using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>Text methods whose declared text is nullable, and their non-nullable twins (review 10 §2).</summary>
[PromptClient]
public partial interface INullableText
{
    [UserPrompt("Say: {{ text }}")]
    Task<string?> SayAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Say: {{ text }}")]
    ValueTask<string?> SayNowAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Say: {{ text }}")]
    Task<ChatResult<string?>> SayWithDetailsAsync(string text, CancellationToken cancellationToken = default);

    [Choices(2)]
    [UserPrompt("Say: {{ text }}")]
    Task<IReadOnlyList<string?>> SayTwiceAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Say: {{ text }}")]
    Task<string> SayOrFailAsync(string text, CancellationToken cancellationToken = default);
}

public class NullableTextTests
{
    /// <summary>A reply whose choices have the given contents (null: a JSON null) and finish reasons.</summary>
    private static Reply Choices(params (string? Content, string FinishReason, string Extra)[] choices) =>
        Reply.Json($$$"""{"id":"chatcmpl-e2e","object":"chat.completion","created":1770000000,"model":"gpt-4o-mini","choices":[{{{string.Join(",", choices.Select((c, i) =>
            $$"""{"index":{{i}},"message":{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(c.Content)}}{{c.Extra}}},"finish_reason":"{{c.FinishReason}}"}"""))}}}],"usage":{"prompt_tokens":11,"completion_tokens":0,"total_tokens":11}}""");

    [Fact]
    public async Task ANullableTextReturnsNullForAReplyWithoutTextInEveryShape()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Choices((null, "stop", "")),
            Choices(("", "stop", "")),
            Choices((null, "stop", "")),
            Choices(("one", "stop", ""), (null, "stop", "")),
            Choices(("hi", "stop", "")));
        INullableText text = new INullableText.Client(harness.Client);

        Assert.Null(await text.SayAsync("nothing"));
        Assert.Null(await text.SayNowAsync("nothing, empty"));
        var result = await text.SayWithDetailsAsync("nothing");
        Assert.Null(result.Value);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(new[] { "one", null }, await text.SayTwiceAsync("two"));
        Assert.Equal("hi", await text.SayAsync("hi"));
    }

    [Fact]
    public async Task ANonNullableTextStillThrowsAndANullableOneStillThrowsForWhatIsNotAnAnswer()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(
            Choices((null, "stop", "")),
            Choices((null, "content_filter", "")),
            Choices((null, "stop", ",\"refusal\":\"I can't help with that.\"")),
            Choices((null, "tool_calls", ""","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]""")));
        INullableText text = new INullableText.Client(harness.Client);

        var noText = await Assert.ThrowsAsync<PromptFormatException>(() => text.SayOrFailAsync("nothing"));
        Assert.Equal("The reply of choice 0 has no text (finish_reason 'stop'), so there is no text to return.", noText.Message);
        await Assert.ThrowsAsync<PromptFilteredException>(() => text.SayAsync("filtered"));
        var refused = await Assert.ThrowsAsync<PromptRefusedException>(() => text.SayAsync("refused"));
        Assert.Equal("I can't help with that.", refused.Refusal);
        var tools = await Assert.ThrowsAsync<PromptFormatException>(() => text.SayAsync("tools"));
        Assert.Equal("The reply of choice 0 has only tool calls (finish_reason 'tool_calls'), so there is no text to return.", tools.Message);
    }
}
