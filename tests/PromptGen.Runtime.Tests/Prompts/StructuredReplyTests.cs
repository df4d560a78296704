using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PromptGen.Runtime.Tests.Wire;
using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;


public sealed record Colors(string Red, string Green, string Blue);

public sealed record Capital(string City, string Country);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Colors))]
[JsonSerializable(typeof(Capital))]
internal sealed partial class RecordedJson : JsonSerializerContext
{
}

/// <summary>The recorded structured replies (json_schema strict and non-strict, json_object, Ollama, a refusal) read through <see cref="PromptReply"/>.</summary>
public class StructuredReplyTests
{
    // The schemas the recorded requests sent (full-records/*StructuredOutputsWork*, *NonStrictJsonSchemaWorks*, *JsonResult*).
    private const string AnswerSchema = """{"type":"object","properties":{"answer":{"type":"string"},"steps":{"type":"array","items":{"type":"string"}}},"required":["answer","steps"],"additionalProperties":false}""";
    private const string ColorsSchema = """{"type":"object","properties":{"red":{"type":"string"},"green":{"type":"string"},"blue":{"type":"string"}},"required":["red","green","blue"]}""";
    private const string CapitalSchema = """{"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"}},"required":["city","country"],"additionalProperties":false}""";

    [Fact]
    public async Task StrictJsonSchemaReply()
    {
        var format = JsonReplyFormat<AnswerDto>.Create(ResponseFormatKind.JsonSchema, true, "test_schema", AnswerSchema, null, false, false, 0, AnswerJson.Default.AnswerDto);

        var result = await PromptReply.JsonResultAsync(new Replay("openai__json-schema-strict.json"), new ChatRequest(), format);

        Assert.Equal("A pound of feathers and sixteen ounces of steel weigh the same.", result.Value.Answer);
        Assert.Equal(5, result.Value.Steps.Count);
        Assert.Equal((75, 91, 166), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens));
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData("openai__json-schema-nonstrict.json")]
    [InlineData("openai__json-object-mode.json")]
    public async Task NonStrictAndJsonObjectReplies(string recording)
    {
        var format = JsonReplyFormat<Colors>.Create(ResponseFormatKind.JsonObject, false, "colors", ColorsSchema, null, false, false, 0, RecordedJson.Default.Colors);

        var colors = await PromptReply.JsonAsync(new Replay(recording), new ChatRequest(), format);

        Assert.Equal(new Colors("#FF0000", "#00FF00", "#0000FF"), colors);
    }

    [Fact]
    public async Task OllamaJsonSchemaReplyWithReasoning()
    {
        var format = JsonReplyFormat<Capital>.Create(ResponseFormatKind.JsonSchema, true, "capital", CapitalSchema, null, false, false, 0, RecordedJson.Default.Capital);

        var capital = await PromptReply.JsonAsync(new Replay("ollama-local__json-schema-with-reasoning.json"), new ChatRequest(), format);

        Assert.Equal(new Capital("Paris", "France"), capital);
    }

    [Fact]
    public async Task StructuredRefusal()
    {
        var format = JsonReplyFormat<Colors>.Create(ResponseFormatKind.JsonSchema, true, "food_recipe", ColorsSchema, null, false, false, 2, RecordedJson.Default.Colors);
        var transport = new Replay("openai__refusal-structured-output.json");

        var error = await Assert.ThrowsAsync<PromptRefusedException>(() => PromptReply.JsonAsync(transport, new ChatRequest(), format));

        Assert.Equal("I'm very sorry, but I can't assist with that request.", error.Refusal);
        Assert.Equal(108, error.Usage!.TotalTokens);
        Assert.Equal(1, transport.Calls); // A refusal is final: it is not asked again.
    }

    [Fact]
    public async Task AReplyThatBreaksTheSchemaIsRepairedWithItsErrors()
    {
        // The recorded non-strict reply lacks "answer": the schema check catches it before deserialising.
        var format = JsonReplyFormat<AnswerDto>.Create(ResponseFormatKind.JsonSchema, true, "test_schema", AnswerSchema, null, false, false, 1, AnswerJson.Default.AnswerDto);
        var transport = new Replay("openai__json-schema-nonstrict.json", "openai__json-schema-strict.json");

        var result = await PromptReply.JsonResultAsync(transport, new ChatRequest { Messages = { ChatMessage.User("Which is heavier?") } }, format);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(79 + 166, result.Usage!.TotalTokens);
        var repair = transport.Requests[1].Messages;
        Assert.Equal(3, repair.Count);
        Assert.Equal("""{"red":"#FF0000","green":"#00FF00","blue":"#0000FF"}""", repair[1].Content?.Text);
        Assert.Equal("""
            Your reply does not match the required JSON format:
            - $.answer: required property is missing.
            - $.steps: required property is missing.
            - $.red: no such property is allowed here.
            - $.green: no such property is allowed here.
            - $.blue: no such property is allowed here.
            Reply again with the corrected JSON only.
            """.ReplaceLineEndings("\n"), repair[2].Content?.Text);
    }

    [Fact]
    public void ValidatorReportsEveryKindOfError()
    {
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "n":{"type":"integer","minimum":1,"maximum":3},
              "s":{"type":["string","null"],"minLength":2,"maxLength":3,"pattern":"^[a-z]+$"},
              "e":{"type":"string","enum":["a","b"]},
              "d":{"type":"string","format":"date"},
              "a":{"type":"array","items":{"$ref":"#/$defs/Item"},"minItems":1},
              "u":{"anyOf":[{"type":"object","properties":{"k":{"type":"string","enum":["x"]}},"required":["k"]},{"type":"null"}]}},
             "required":["n","s","e","d","a","u","missing"],
             "$defs":{"Item":{"type":"object","properties":{"v":{"type":"boolean"}},"required":["v"],"additionalProperties":false}}}
            """);
        using var value = JsonDocument.Parse("""{"n":4.5,"s":"ABCD","e":"c","d":"2024-13-01","a":[{"v":1,"w":2}],"u":{"k":"y"}}""");

        var errors = JsonSchemaValidator.Validate(schema.RootElement, value.RootElement);

        Assert.Equal(new[]
        {
            "$.missing: required property is missing.",
            "$.n: expected an integer, got 4.5.",
            "$.s: has 4 characters, more than the maximum 3.",
            "$.s: \"ABCD\" does not match the pattern ^[a-z]+$.",
            "$.e: \"c\" is not one of the allowed values \"a\", \"b\".",
            "$.d: \"2024-13-01\" is not a valid date.",
            "$.a[0].v: expected a boolean, got 1.",
            "$.a[0].w: no such property is allowed here.",
            "$.u.k: \"y\" is not one of the allowed values \"x\".",
        }, errors);
    }

    /// <summary>
    /// A [JsonDerivedType] hierarchy's options name their type in a discriminator (<c>"kind"</c>): a reply is checked
    /// against the option it names, and an unknown or missing name says which are allowed — not "matches none of the
    /// allowed shapes (an object or an object)", which is also what a [Repair] request would send back.
    /// </summary>
    [Theory]
    [InlineData("""{"kind":"triangle","r":1}""", "$.kind: \"triangle\" is not one of the allowed values \"circle\", \"square\" (it names the object's type).")]
    [InlineData("""{"kind":"square","r":1}""", "$.side: required property is missing.|$.r: no such property is allowed here.")]
    [InlineData("""{"r":1}""", "$.kind: required property is missing (it names the object's type, as the first property: one of \"circle\", \"square\").")]
    [InlineData("""{"kind":"circle","r":"big"}""", "$.r: expected a number, got \"big\".")]
    [InlineData("""{"kind":"circle","r":1}""", "")]
    [InlineData("""null""", "$: null is not an object.")]
    [InlineData("""[1]""", "$: an array is not an object.")]
    public void ADerivedTypeIsCheckedAgainstTheOptionItsDiscriminatorNames(string reply, string expected)
    {
        using var schema = JsonDocument.Parse("""
            {"anyOf":[
              {"type":"object","properties":{"kind":{"type":"string","enum":["circle"]},"r":{"type":"number"}},"required":["kind","r"],"additionalProperties":false},
              {"$ref":"#/$defs/Square"}],
             "$defs":{"Square":{"type":"object","properties":{"kind":{"type":"string","enum":["square"]},"side":{"type":"number"}},"required":["kind","side"],"additionalProperties":false}}}
            """);
        using var value = JsonDocument.Parse(reply);

        var errors = JsonSchemaValidator.Validate(schema.RootElement, value.RootElement);

        Assert.Equal(expected.Length == 0 ? Array.Empty<string>() : expected.Split('|'), errors);
    }

    /// <summary>A concrete base type's option has no discriminator: an object without one is checked against it.</summary>
    [Fact]
    public void AnObjectWithoutADiscriminatorIsCheckedAgainstTheConcreteBaseType()
    {
        using var schema = JsonDocument.Parse("""
            {"anyOf":[
              {"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false},
              {"type":"object","properties":{"$type":{"type":"string","enum":["dog"]},"name":{"type":"string"},"barks":{"type":"boolean"}},"required":["$type","name","barks"],"additionalProperties":false}]}
            """);
        using var value = JsonDocument.Parse("""{"name":1}""");

        Assert.Equal(new[] { "$.name: expected a string, got 1." }, JsonSchemaValidator.Validate(schema.RootElement, value.RootElement));
    }

    /// <summary>Answers each call with the next recording (the last one repeats) and keeps the requests.</summary>
    private sealed class Replay : IChatTransport
    {
        private readonly string[] _recordings;

        public Replay(params string[] recordings) => _recordings = recordings;

        public int Calls => Requests.Count;

        public List<ChatRequest> Requests { get; } = new();

        public Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(Recordings.Completion(_recordings[Math.Min(Requests.Count, _recordings.Length) - 1]));
        }

        public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}

public sealed record AnswerDto(string Answer, IReadOnlyList<string> Steps);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AnswerDto))]
internal sealed partial class AnswerJson : JsonSerializerContext
{
}
