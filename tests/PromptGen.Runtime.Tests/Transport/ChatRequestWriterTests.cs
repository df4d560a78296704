using System.Text;
using System.Text.Json;
using PromptGen;
using Xunit;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>
/// <see cref="ChatRequestWriter"/> writes exactly what the serializer writes (as is, and with the defaults filled in as
/// <see cref="RequestDefaults.Prepare"/> fills them), and knows every member of the request types.
/// </summary>
public class ChatRequestWriterTests
{
    public static IEnumerable<object[]> Requests()
    {
        foreach (var field in new[] { MaxTokensField.MaxTokens, MaxTokensField.MaxCompletionTokens })
        {
            yield return new object[] { field, "full" };
            yield return new object[] { field, "minimal" };
            yield return new object[] { field, "stream-set" };
            yield return new object[] { field, "stream-options-empty" };
            yield return new object[] { field, "single-stop" };
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void WritesTheSerializersBytesAsIsAndWithTheDefaultsFilledIn(MaxTokensField field, string kind)
    {
        foreach (var includeUsage in new[] { true, false })
        {
            foreach (var model in new[] { "default-model", null })
            {
                var request = Create(kind);
                var defaults = new RequestDefaults(new ChatClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = model, MaxTokensField = field, IncludeStreamUsage = includeUsage });

                // As is: the serializer's bytes for the same request.
                Assert.Equal(Serializer(request, field), Written(defaults.Serialize(request)));

                if (model is null && string.IsNullOrEmpty(request.Model))
                {
                    var error = Assert.Throws<InvalidOperationException>(() => defaults.Serialize(request, streaming: false));
                    Assert.Equal(Assert.Throws<InvalidOperationException>(() => defaults.Prepare(request, false)).Message, error.Message);
                    continue;
                }

                // Filled in: the serializer's bytes for the prepared copy.
                foreach (var streaming in new[] { false, true })
                {
                    Assert.Equal(Serializer(defaults.Prepare(request, streaming), field), Written(defaults.Serialize(request, streaming)));
                }
            }
        }
    }

    [Theory]
    [InlineData(typeof(ChatRequest), "model messages temperature top_p max_tokens frequency_penalty presence_penalty stop n seed stream stream_options response_format tools tool_choice parallel_tool_calls logprobs top_logprobs user prompt_method budget")]
    [InlineData(typeof(ChatStreamOptions), "include_usage")]
    [InlineData(typeof(ChatResponseFormat), "type json_schema")]
    [InlineData(typeof(ChatJsonSchema), "name description schema strict")]
    public void KnowsEveryMemberOfTheRequestTypesInOrder(Type type, string members)
    {
        // The order matters too: the writer writes members in the metadata's order. prompt_method is [JsonIgnore]d
        // (listed by the metadata, never written), which the byte comparison above confirms for the writer.
        Assert.Equal(members.Split(' '), ChatJsonContext.Default.GetTypeInfo(type)!.Properties.Select(p => p.Name));
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"name":{"type":"string"},"population":{"type":"integer"}},"required":["name","population"],"additionalProperties":false}""", true, true)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"number","minimum":-1.5e+3,"maximum":1E2}},"enum":[null,true,false,0.10]}""", true, true)]
    [InlineData("""{"description":"The person's full name","type":"string"}""", true, false)]
    [InlineData("""{"description":"<b> & a+b `x` it's","enum":["<",">","&","'","+","`"]}""", true, false)]
    [InlineData("""{"description":"a name, spaced","type":"string"}""", true, true)]
    [InlineData("""{ "type": "string" }""", false, false)]
    [InlineData("{\n\t\"type\":\"string\"\r\n}", false, false)]
    [InlineData("""{"pattern":"^\\d+$"}""", false, false)]
    [InlineData("""{"description":"caf\u00e9 \"q\" <b> & a+b `x`"}""", false, false)]
    [InlineData("""{"description":"café 🙂"}""", false, false)]
    [InlineData("""["a",1,{"b":[]}]""", true, true)]
    [InlineData("""[ ]""", false, false)]
    [InlineData("""{"type":/*c*/"string"}""", false, false)]
    [InlineData("""{"type":"string",}""", false, false)]
    [InlineData("""{"enum":["a","b",],"pattern":"a/b"}""", false, false)]
    [InlineData("""{"pattern":"a/b,}","enum":["x,]"]}""", true, true)]
    [InlineData("""{"description":"it's a/b","enum":["x,]"]}""", true, false)]
    public void WritesASchemaElementExactlyAsWriteToDoesWhetherCopiedOrWalked(string json, bool copiedRelaxed, bool copiedDefault)
    {
        // The writer copies an element's own text only when it is what JsonElement.WriteTo writes with the writer's
        // encoder: every case, copied or walked, gives WriteTo's bytes with the requests' encoder (the relaxed one) and
        // with the default encoder. The document is read leniently (comments, trailing commas), as a caller's schema may
        // have been.
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var element = document.RootElement;
        Assert.NotNull(ChatRequestWriter.RawText); // the tests run on .NET 10: the copy is taken where it can be
        Assert.Same(System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, ChatSerializer.RequestInfo(MaxTokensField.MaxTokens).Options.Encoder);
        Assert.Equal(copiedRelaxed, ChatRequestWriter.IsAsWritten(ChatRequestWriter.RawText!(element), relaxed: true));
        Assert.Equal(copiedDefault, ChatRequestWriter.IsAsWritten(ChatRequestWriter.RawText!(element), relaxed: false));
        AssertWrittenAsWriteToWrites(element);
    }

    [Fact]
    public void EveryPrintableAsciiCharacterInAStringIsWrittenAsWriteToWritesIt()
    {
        // One character at a time, so that a character one encoder escapes and the copy would not is found by name.
        for (var c = ' '; c < (char)0x7F; c++)
        {
            var text = c is '"' or '\\' ? "\\" + c : c.ToString();
            using var document = JsonDocument.Parse("{\"s\":\"a" + text + "b\",\"k" + text + "\":[\"" + text + "\"]}");
            AssertWrittenAsWriteToWrites(document.RootElement, $"'{c}' (0x{(int)c:X2})");
        }
    }

    private static void AssertWrittenAsWriteToWrites(JsonElement element, string? what = null)
    {
        foreach (var encoder in new[] { ChatSerializer.RequestInfo(MaxTokensField.MaxTokens).Options.Encoder, null })
        {
            var expected = Write(w => element.WriteTo(w), encoder);
            var actual = Write(w => ChatRequestWriter.WriteElement(w, element), encoder);
            Assert.True(expected == actual, $"{what} with the {(encoder is null ? "default" : "relaxed")} encoder: WriteTo wrote {expected}, the writer {actual}");
            Assert.Equal(Write(w => { w.WriteStartObject(); w.WritePropertyName("schema"); element.WriteTo(w); w.WriteEndObject(); }, encoder),
                Write(w => { w.WriteStartObject(); w.WritePropertyName("schema"); ChatRequestWriter.WriteElement(w, element); w.WriteEndObject(); }, encoder));
        }
    }

    private static string Write(Action<Utf8JsonWriter> write, System.Text.Encodings.Web.JavaScriptEncoder? encoder)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ChatRequest Create(string kind)
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string","description":"<tag> & \"quote\" café"}},"required":["name"]}""");
        return kind switch
        {
            "minimal" => new ChatRequest { Messages = { ChatMessage.User("hi") } },
            "stream-set" => new ChatRequest { Model = "m", Stream = false, StreamOptions = new ChatStreamOptions { IncludeUsage = false }, Messages = { ChatMessage.User("hi") } },
            "stream-options-empty" => new ChatRequest { Stream = true, StreamOptions = new ChatStreamOptions(), Messages = { ChatMessage.User("hi") } },
            "single-stop" => new ChatRequest { Model = "m", Stop = new List<string> { "\n" }, Messages = { ChatMessage.User("hi") } },
            _ => new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages =
                {
                    ChatMessage.System("You are terse. <b>\"Quotes\"</b> & ünïcode 🙂"),
                    ChatMessage.User("What is 1.5e3?"),
                    new ChatMessage(ChatRole.Assistant, null) { ToolCalls = new List<ChatToolCall> { new() { Id = "call_1", Function = new ChatFunctionCall { Name = "f", Arguments = """{"a":1}""" } } } },
                    ChatMessage.Tool("call_1", "42"),
                    ChatMessage.User(new ChatContentPart { Type = "text", Text = "part" }),
                    new ChatMessage(ChatRole.User, "named") { Name = "bob" },
                },
                Temperature = 0.2,
                TopP = 0.95,
                MaxTokens = 256,
                FrequencyPenalty = -0.5,
                PresencePenalty = 1e-7,
                Stop = new List<string> { "END", "STOP" },
                N = 2,
                Seed = 12345678901234L,
                ResponseFormat = ChatResponseFormat.ForJsonSchema("city", schema.RootElement.Clone(), strict: true, description: "A city"),
                Tools = new List<ChatTool> { new() { Function = new ChatFunction { Name = "f", Description = "d", Parameters = schema.RootElement.Clone() } } },
                ToolChoice = ChatToolChoice.Function("f"),
                ParallelToolCalls = false,
                Logprobs = true,
                TopLogprobs = 3,
                User = "user-1",
            },
        };
    }

    private static string Serializer(ChatRequest request, MaxTokensField field) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(request, ChatSerializer.RequestInfo(field)));

    private static string Written(PooledBufferWriter buffer)
    {
        using (buffer)
        {
            return Encoding.UTF8.GetString(buffer.Buffer, 0, buffer.Length);
        }
    }
}
