using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>A history parameter declared nullable takes null as "no history yet" (found by the fresh-eyes review).</summary>
public partial interface IFreshChat
{
    [SystemPrompt("Be brief.")]
    Task<string> ChatAsync(IReadOnlyList<ChatMessage>? history, string message, CancellationToken cancellationToken = default);

    [SystemPrompt("Be brief.")]
    Task<string> StrictChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);
}

public class NullableHistoryTests
{
    [Fact]
    public void ANullableHistoryGivenNullSendsNoHistoryMessages()
    {
        var request = IFreshChat.Client.CreateChatAsyncRequest(null, "hi");

        Assert.Equal(
            """{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}""",
            request.ToJson());
    }

    [Fact]
    public void ANullableHistoryGivenMessagesSendsThemBetweenSystemAndUser()
    {
        var request = IFreshChat.Client.CreateChatAsyncRequest([ChatMessage.User("a"), ChatMessage.Assistant("b")], "hi");

        Assert.Equal(
            """{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"hi"}]}""",
            request.ToJson());
    }

    [Fact]
    public void ANonNullableHistoryGivenNullIsAnArgumentNullExceptionNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => IFreshChat.Client.CreateStrictChatAsyncRequest(null!, "hi"));

        Assert.Equal("history", error.ParamName);
    }
}
