using System.Text;
using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests;

public class SerializerSmokeTests
{
    [Fact]
    public void MaxTokensFieldRenamesTheLimit()
    {
        var request = new ChatRequest { Model = "m", Messages = { ChatMessage.User("hi") }, MaxTokens = 5 };
        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":5}""",
            Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(request, MaxTokensField.MaxCompletionTokens)));
        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5}""",
            Encoding.UTF8.GetString(ChatSerializer.SerializeRequest(request, MaxTokensField.MaxTokens)));
    }
}
