using System.Text.Json;
using System.Text.Json.Nodes;
using PromptGen.TestServer;
using Xunit;
using static PromptGen.Runtime.Tests.Transport.TransportFixtures;

namespace PromptGen.Runtime.Tests.Tools;

/// <summary>
/// A tool name the set does not have: the model asking inside the loop gets a failed tool result listing the tools and
/// the loop goes on; a direct caller of ToolSet.InvokeAsync gets an ArgumentException listing the set's tools.
/// </summary>
public sealed class UnknownToolTests
{
    private const string NoParameters = """{"type":"object","properties":{},"required":[],"additionalProperties":false}""";

    [Fact]
    public async Task ADirectCallerGetsAnArgumentExceptionListingTheTools()
    {
        var tools = new ClockTools();

        // Thrown by the call itself (argument checks run before any task), not by the task it returns.
        var unknown = Assert.IsType<ArgumentException>(Record.Exception(() => { _ = tools.InvokeAsync("get_tide", "{}"); }));
        var wrongCase = Assert.IsType<ArgumentException>(Record.Exception(() => { _ = tools.InvokeAsync("Get_Time", "{}"); }));
        var none = Assert.IsType<ArgumentNullException>(Record.Exception(() => { _ = tools.InvokeAsync(null!, "{}"); }));

        Assert.Equal("No tool of ClockTools is named 'get_tide'. Its tools are: get_time, get_date. Pass one of these names, exactly as the model sees it (ToolSet.Definitions). (Parameter 'name')", unknown.Message);
        Assert.Equal("name", unknown.ParamName);
        Assert.StartsWith("No tool of ClockTools is named 'Get_Time'.", wrongCase.Message);
        Assert.Equal("name", none.ParamName);
        Assert.Equal(0, tools.Calls);
        var time = await tools.InvokeAsync("get_time", null);
        Assert.Equal(("12:00", false, 1), (time.Content, time.Failed, tools.Calls));
    }

    [Fact]
    public async Task TheModelGetsAFailedToolResultAndTheLoopGoesOn()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Enqueue(Reply.Json("""{"id":"a","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_tide","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}"""));
        server.Enqueue(Reply.Json("""{"id":"b","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"I cannot tell the tide."},"finish_reason":"stop"}]}"""));
        using var client = new ChatClient(Options(server));
        var tools = new ClockTools();
        var loop = new ToolLoop(client, null, tools);
        var request = new ChatRequest { Messages = { ChatMessage.User("When is high tide?") }, Tools = ToolDefinition.ToChatTools(tools.Definitions) };

        var answer = await PromptReply.TextAsync(loop, request);

        Assert.Equal("I cannot tell the tide.", answer);
        Assert.Equal(0, tools.Calls);
        var second = JsonNode.Parse(server.Requests[1].BodyText)!["messages"]!.AsArray();
        Assert.Equal("tool", second[2]!["role"]!.GetValue<string>());
        Assert.Equal("call_1", second[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("Error: there is no tool named 'get_tide'. The tools are: get_time, get_date.", second[2]!["content"]!.GetValue<string>());
    }

    /// <summary>A hand-written set of two tools that take no arguments.</summary>
    private sealed class ClockTools : ToolSet
    {
        public ClockTools()
            : base(new[] { new ToolDefinition("get_time", "The time.", NoParameters, strict: true), new ToolDefinition("get_date", "The date.", NoParameters, strict: true) })
        {
        }

        public int Calls { get; private set; }

        protected override ValueTask<string> InvokeCoreAsync(int tool, JsonElement arguments, CancellationToken cancellationToken)
        {
            Calls++;
            return new(tool == 0 ? "12:00" : "2026-12-01");
        }
    }
}
