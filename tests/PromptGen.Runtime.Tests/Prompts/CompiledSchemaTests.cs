using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

/// <summary>
/// The compiled schema (<see cref="JsonSchemaValidator.Compiled"/>) accepts exactly the replies the full validator finds
/// no error in, and accepts a matching reply without allocating; what it does not accept goes to the full validator.
/// </summary>
public sealed class CompiledSchemaTests
{
    private const string Every = """
        {"type":"object","properties":{
          "n":{"type":"integer","minimum":1,"maximum":3},
          "x":{"type":"number","minimum":0.5},
          "s":{"type":["string","null"],"minLength":2,"maxLength":3,"pattern":"^[a-z]+$"},
          "e":{"type":"string","enum":["a","b"]},
          "c":{"const":7},
          "d":{"type":"string","format":"date"},
          "t":{"type":"string","format":"date-time"},
          "g":{"type":"string","format":"uuid"},
          "b":{"type":"boolean"},
          "a":{"type":"array","items":{"$ref":"#/$defs/Item"},"minItems":1,"maxItems":2},
          "m":{"type":"object","additionalProperties":{"type":"integer"}},
          "o":{"type":"object"},
          "u":{"anyOf":[{"type":"object","properties":{"k":{"type":"string","enum":["x"]}},"required":["k"]},{"type":"null"}]},
          "r":{"$ref":"#/$defs/Tree"},
          "we ird\"name":{"type":"string"}},
         "required":["n","s","e"],
         "additionalProperties":false,
         "$defs":{
           "Item":{"type":"object","properties":{"v":{"type":"boolean"}},"required":["v"],"additionalProperties":false},
           "Tree":{"type":"object","properties":{"label":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/Tree"}}},"required":["label"]}}}
        """;

    private const string RequiredOutside = """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a","b"]}""";

    private const string RequiredTwice = """{"type":"object","properties":{"a":{"type":"integer"},"c":{"type":"boolean"}},"required":["a","a"]}""";

    public static TheoryData<string, string> Replies => new()
    {
        { Every, """{"n":2,"s":"ab","e":"a"}""" },
        { Every, """{"n":2,"s":null,"e":"b","x":0.5,"c":7.0,"d":"2024-02-29","t":"2024-02-29T10:00:00Z","g":"1b4e28ba-2fa1-11d2-883f-0016d3cca427","b":true}""" },
        { Every, """{"n":2.0,"s":"abc","e":"a","a":[{"v":true}],"m":{"p":1,"q":2},"o":{"any":[1,"x"]},"u":null,"r":{"label":"a","children":[{"label":"b","children":[]}]},"we ird\"name":"w"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","u":{"k":"x"}}""" },
        { Every, """{"n":2,"s":"ab","e":"a","we ird\u0022name":"escaped name"}""" },
        { Every, """{"n":2,"s":"a\u0062","e":"\u0061"}""" },

        // Required names against property names (the reader maps a matched property to its required bits): a required
        // name that is no property's, a name required twice, a member that is neither.
        { RequiredOutside, """{"a":1,"b":"x"}""" },
        { RequiredOutside, """{"b":"x","a":1}""" },
        { RequiredOutside, """{"a":1}""" },
        { RequiredOutside, """{"b":"x"}""" },
        { RequiredOutside, """{"a":"1","b":"x"}""" },
        { RequiredTwice, """{"a":1,"c":true}""" },
        { RequiredTwice, """{"c":true}""" },
        { RequiredTwice, """{"a":1,"a":2}""" },

        // Each of these breaks one rule.
        { Every, """{"n":4,"s":"ab","e":"a"}""" },
        { Every, """{"n":0,"s":"ab","e":"a"}""" },
        { Every, """{"n":2.5,"s":"ab","e":"a"}""" },
        { Every, """{"n":"2","s":"ab","e":"a"}""" },
        { Every, """{"n":2,"x":0.4,"s":"ab","e":"a"}""" },
        { Every, """{"n":2,"s":"a","e":"a"}""" },
        { Every, """{"n":2,"s":"abcd","e":"a"}""" },
        { Every, """{"n":2,"s":"AB","e":"a"}""" },
        { Every, """{"n":2,"s":5,"e":"a"}""" },
        { Every, """{"n":2,"s":"ab","e":"c"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","c":8}""" },
        { Every, """{"n":2,"s":"ab","e":"a","c":"7"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","d":"2024-13-01"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","t":"yesterday"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","g":"not-a-guid"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","b":"true"}""" },
        { Every, """{"n":2,"s":"ab","e":"a","a":[]}""" },
        { Every, """{"n":2,"s":"ab","e":"a","a":[{"v":true},{"v":true},{"v":true}]}""" },
        { Every, """{"n":2,"s":"ab","e":"a","a":[{"v":1}]}""" },
        { Every, """{"n":2,"s":"ab","e":"a","a":[{"v":true,"w":2}]}""" },
        { Every, """{"n":2,"s":"ab","e":"a","a":[{}]}""" },
        { Every, """{"n":2,"s":"ab","e":"a","m":{"p":"1"}}""" },
        { Every, """{"n":2,"s":"ab","e":"a","o":[]}""" },
        { Every, """{"n":2,"s":"ab","e":"a","u":{"k":"y"}}""" },
        { Every, """{"n":2,"s":"ab","e":"a","u":5}""" },
        { Every, """{"n":2,"s":"ab","e":"a","r":{"label":"a","children":[{"children":[]}]}}""" },
        { Every, """{"n":2,"s":"ab","e":"a","extra":1}""" },
        { Every, """{"n":2,"s":"ab","e":"a","N":1}""" },
        { Every, """{"s":"ab","e":"a"}""" },
        { Every, """[1,2]""" },
        { Every, """null""" },

        // Keywords at the root, types lists, no type at all.
        { """{"type":"array","items":{"type":["integer","string"]}}""", """[1,"a",3]""" },
        { """{"type":"array","items":{"type":["integer","string"]}}""", """[1,"a",true]""" },
        { """{"type":"array","items":{"type":["integer","string"]}}""", """[1.5]""" },
        { """{"type":"integer"}""", """12345678901234567890123""" },
        { """{"type":"integer"}""", """5e3""" },
        { """{"type":"integer"}""", """5.5e-1""" },
        { """{"type":[]}""", """1""" },
        { """{"type":"something-else"}""", """{"a":1}""" },
        { """{"enum":[1,"one",true,null,[1],{"a":1}]}""", """1.0""" },
        { """{"enum":[1,"one",true,null,[1],{"a":1}]}""", "\"one\"" },
        { """{"enum":[1,"one",true,null,[1],{"a":1}]}""", """[1]""" },
        { """{"enum":[1,"one",true,null,[1],{"a":1}]}""", """{"a":1}""" },
        { """{"enum":[1,"one",true,null,[1],{"a":1}]}""", """false""" },
        { """{"enum":[1,"one",true,null,[1],{"a":1}]}""", """{"a":2}""" },
        { """{"$ref":"#/$defs/Missing"}""", "\"anything\"" },
        { """{"type":"object","properties":{"next":{"$ref":"#"}},"additionalProperties":false}""", """{"next":{"next":{}}}""" },
        { """{"type":"object","properties":{"next":{"$ref":"#"}},"additionalProperties":false}""", """{"next":{"next":{"x":1}}}""" },
        { """{"type":"string","pattern":"(unclosed"}""", "\"any text\"" },
        { """{"type":"object","properties":{"a":true}}""", """{"a":[1,2]}""" },
        { """{"anyOf":[{"type":"integer"},{"type":"string","minLength":3}]}""", "\"ab\"" },
        { """{"anyOf":[{"type":"integer"},{"type":"string","minLength":3}]}""", "\"abc\"" },
        { """true""", """{"a":1}""" },
        { """{"type":"number","maximum":1e300}""", """1e400""" },
        { """{"const":1e400}""", """1e401""" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void AcceptsExactlyWhatTheFullValidatorFindsNoErrorIn(string schema, string reply)
    {
        using var schemaDocument = JsonDocument.Parse(schema);
        using var replyDocument = JsonDocument.Parse(reply);

        var compiled = JsonSchemaValidator.Compiled.Compile(schemaDocument.RootElement, options: null);
        var errors = JsonSchemaValidator.Validate(schemaDocument.RootElement, replyDocument.RootElement);

        Assert.NotNull(compiled);
        Assert.Equal(errors.Count == 0, compiled.Matches(replyDocument.RootElement));
    }

    [Theory]
    [InlineData("""{"NAME":"Oslo","Population":700000}""", true)]
    [InlineData("""{"name":"Oslo","NAME":"Oslo","population":1}""", true)]
    [InlineData("""{"name":"Oslo","population":"700000"}""", false)] // a number in a string: the full validator decides (and accepts)
    [InlineData("""{"name":"Oslo","population":"many"}""", false)]
    [InlineData("""{"Name":"Oslo"}""", false)]
    public void FollowsTheDeserialisersLeniencies(string reply, bool accepted)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"},"population":{"type":"integer"}},"required":["name","population"],"additionalProperties":false}""");
        using var value = JsonDocument.Parse(reply);

        var compiled = JsonSchemaValidator.Compiled.Compile(schema.RootElement, options)!;

        Assert.Equal(accepted, compiled.Matches(value.RootElement));
        Assert.Equal(accepted, compiled.Matches(System.Text.Encoding.UTF8.GetBytes(reply))); // the same checks on the reply's bytes (JsonReplyReader)
        if (accepted)
        {
            Assert.Empty(JsonSchemaValidator.Validate(schema.RootElement, value.RootElement, options));
        }
    }

    [Theory]
    [InlineData("""{"type":5}""")]
    [InlineData("""{"type":"array","minItems":"1"}""")]
    [InlineData("""{"type":"object","required":[1]}""")]
    [InlineData("""{"$ref":5}""")]
    [InlineData("""{"type":"string","pattern":5}""")]
    [InlineData("""{"type":"string","enum":["\ud800"]}""")]
    public void ASchemaOnlyTheFullValidatorCanReadIsNotCompiled(string schema)
    {
        using var document = JsonDocument.Parse(schema);

        Assert.Null(JsonSchemaValidator.Compiled.Compile(document.RootElement, options: null));
    }

    [Fact]
    public void AMatchingRecordReplyIsAcceptedWithoutAllocating()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"},"country":{"type":"string"},"population":{"type":"integer"},"tags":{"type":"array","items":{"type":"string","enum":["capital","port"]}}},"required":["name","country","population","tags"],"additionalProperties":false}""");
        using var value = JsonDocument.Parse("""{"name":"Oslo","country":"Norway","population":709037,"tags":["capital","port"]}""");
        var compiled = JsonSchemaValidator.Compiled.Compile(schema.RootElement, options: null)!;
        Assert.True(compiled.Matches(value.RootElement)); // warm: the first call may allocate JIT/type data

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matches = compiled.Matches(value.RootElement);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(matches);
        Assert.Equal(0, allocated);
    }
}
