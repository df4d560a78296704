using System.Text.Json;
using System.Text.Json.Serialization;
using PromptGen.Testing;
using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

public sealed record Level(Half H, byte[] Blob);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Level))]
internal sealed partial class LevelJson : JsonSerializerContext
{
}

/// <summary>
/// A reply the .NET type cannot hold is refused by the schema check before System.Text.Json sees it: the
/// <see cref="PromptFormatException"/> and the repair prompt say the type's range (or that the bytes are not base64),
/// not "The JSON value could not be converted to System.Half. Path: $.h | LineNumber: …".
/// </summary>
public class NumberRangeReplyTests
{
    // As the generator writes them for Level in strict mode: the sent schema, and the rules with the number's format.
    private const string Schema = """{"type":"object","properties":{"h":{"type":"number","minimum":-65504,"maximum":65504},"blob":{"type":"string","description":"base64-encoded bytes"}},"required":["h","blob"],"additionalProperties":false}""";
    private const string Rules = """{"type":"object","properties":{"h":{"type":"number","minimum":-65504,"maximum":65504,"format":"float16"},"blob":{"type":"string","contentEncoding":"base64","description":"base64-encoded bytes"}},"required":["h","blob"],"additionalProperties":false}""";

    [Fact]
    public async Task AHalfOutOfRangeAndBytesThatAreNotBase64AreRepairedWithWhatIsWrongThenReportedSo()
    {
        var format = JsonReplyFormat<Level>.Create(ResponseFormatKind.JsonSchema, true, "Level", Schema, Rules, false, false, 1, LevelJson.Default.Level);
        var transport = new ScriptedTransport()
            .Reply("""{"h":70000,"blob":"!!notbase64"}""")
            .Reply("""{"h":70000,"blob":"AQID"}""");

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => PromptReply.JsonAsync(transport, new ChatRequest { Messages = { ChatMessage.User("Level?") } }, format));

        Assert.Equal(new[] { "$.h: 70000 is outside the range of Half (-65504 to 65504)." }, error.Errors);
        Assert.DoesNotContain("could not be converted", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.h: 70000 is outside the range of Half (-65504 to 65504).", error.Message, StringComparison.Ordinal);
        var repair = transport.Requests[1].Request.Messages[2].Content?.Text;
        Assert.Contains("- $.h: 70000 is outside the range of Half (-65504 to 65504).\n- $.blob: \"!!notbase64\" is not base64 (System.Text.Json reads bytes from standard base64 with '=' padding).\n", repair?.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHalfInRangeIsRead()
    {
        var format = JsonReplyFormat<Level>.Create(ResponseFormatKind.JsonSchema, true, "Level", Schema, Rules, false, false, 0, LevelJson.Default.Level);
        var transport = new ScriptedTransport().Reply("""{"h":65504,"blob":"AQID"}""");

        var level = await PromptReply.JsonAsync(transport, new ChatRequest(), format);

        Assert.Equal((Half)65504, level.H);
        Assert.Equal(new byte[] { 1, 2, 3 }, level.Blob);
    }
}
