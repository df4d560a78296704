using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

public sealed record Town(string Name, string Country, int Population);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Town))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
internal sealed partial class TownJson : JsonSerializerContext
{
}

/// <summary>
/// A typed JSON reply is read once (<see cref="JsonReplyReader"/>: checked on its UTF-8 bytes by the compiled rules,
/// deserialised from the same bytes) when it is strict JSON that fits; everything else takes the path through a
/// <see cref="JsonDocument"/> and the full validator, with the same result and the same messages as before.
/// </summary>
public sealed class JsonReplyReaderTests
{
    private const string TownSchema = """{"type":"object","properties":{"name":{"type":"string"},"country":{"type":"string"},"population":{"type":"integer"}},"required":["name","country","population"],"additionalProperties":false}""";
    private const string WrappedInt = """{"type":"object","properties":{"value":{"type":"integer"}},"required":["value"],"additionalProperties":false}""";
    private const string WrappedNullableInt = """{"type":"object","properties":{"value":{"type":["integer","null"]}},"required":["value"],"additionalProperties":false}""";

    private static readonly JsonReplyFormat<Town> TownFormat = JsonReplyFormat<Town>.Create(
        ResponseFormatKind.JsonSchema, strict: true, name: "town", schema: TownSchema, rules: null, wrapped: false, nullable: false, maxRetries: 0, TownJson.Default.Town);

    private static readonly JsonReplyFormat<int> IntFormat = JsonReplyFormat<int>.Create(
        ResponseFormatKind.JsonSchema, strict: true, name: "n", schema: WrappedInt, rules: null, wrapped: true, nullable: false, maxRetries: 0, TownJson.Default.Int32);

    private static readonly JsonReplyFormat<int?> NullableIntFormat = JsonReplyFormat<int?>.Create(
        ResponseFormatKind.JsonSchema, strict: true, name: "n", schema: WrappedNullableInt, rules: null, wrapped: true, nullable: true, maxRetries: 0, TownJson.Default.NullableInt32);

    /// <summary>The reader accepts a subset of what the full validator finds no error in: all of it but object/array constants, which it leaves to the element checks.</summary>
    [Theory]
    [MemberData(nameof(CompiledSchemaTests.Replies), MemberType = typeof(CompiledSchemaTests))]
    public void TheReaderChecksAcceptExactlyWhatTheFullValidatorFindsNoErrorIn(string schema, string reply)
    {
        using var schemaDocument = JsonDocument.Parse(schema);
        using var replyDocument = JsonDocument.Parse(reply);
        var compiled = JsonSchemaValidator.Compiled.Compile(schemaDocument.RootElement, options: null)!;
        var valid = JsonSchemaValidator.Validate(schemaDocument.RootElement, replyDocument.RootElement).Count == 0;

        var matches = compiled.Matches(Encoding.UTF8.GetBytes(reply));

        var containerConstant = schema.Contains("[1],{\"a\":1}") && reply is "[1]" or """{"a":1}""";
        Assert.Equal(valid && !containerConstant, matches);
    }

    [Theory]
    [InlineData("""{"name":"Oslo","country":"Norway","population":709037}""")]
    [InlineData("  {\"name\":\"Oslo\",\"country\":\"Norway\",\"population\":709037}\n")]
    [InlineData("```json\n{\"name\":\"Oslo\",\"country\":\"Norway\",\"population\":709037}\n```")]
    [InlineData("""{"name":"Os\u006co","country":"Norway","population":709037}""")]
    public void AFittingReplyIsReadOnce(string reply)
    {
        Assert.True(JsonReplyReader.TryReadOnce(reply, TownFormat, out var town));
        Assert.Equal(new Town("Oslo", "Norway", 709037), town);
    }

    /// <summary>Lenient JSON (which the deserialiser's options then reject, as they always did), a reply that does not fit, a null for a non-nullable type: not read once, and read by the full path exactly as before.</summary>
    [Theory]
    [InlineData("""{"name":"Oslo","country":"Norway","population":709037,}""", false, null)]
    [InlineData("{\"name\":\"Oslo\", /* c */ \"country\":\"Norway\",\"population\":709037}", false, null)]
    [InlineData("""{"name":"Oslo","country":"Norway","population":709037.0}""", false, null)]
    [InlineData("""{"name":"Oslo","country":"Norway","population":709037} x""", false, "The reply is not valid JSON at line 1, column 56, where it has 'x'.")]
    [InlineData("""{"name":"Oslo","country":"Norway"}""", false, "$.population: required property is missing.")]
    [InlineData("""{"name":"Oslo","country":"Norway","population":"many"}""", false, "$.population: expected an integer, got \"many\".")]
    [InlineData("null", false, "$: expected an object, got null.")]
    public void AnythingElseTakesTheFullPath(string reply, bool read, string? firstError)
    {
        Assert.False(JsonReplyReader.TryReadOnce(reply, TownFormat, out _));

        var errors = new List<string>();
        Assert.Equal(read, PromptReply.TryRead(reply, TownFormat, errors, out var town, out _));
        if (read)
        {
            Assert.Equal(new Town("Oslo", "Norway", 709037), town);
        }
        else if (firstError is not null)
        {
            Assert.Equal(firstError, errors[0]);
        }
        else
        {
            Assert.NotEmpty(errors); // the deserialiser's own words (its options reject the lenient form), as before
        }
    }

    [Fact]
    public void AWrappedValueIsReadFromItsMember()
    {
        Assert.True(JsonReplyReader.TryReadOnce("""{"value":42}""", IntFormat, out var n));
        Assert.Equal(42, n);

        Assert.True(JsonReplyReader.TryReadOnce("""{"value":null}""", NullableIntFormat, out var none));
        Assert.Null(none);
        Assert.True(JsonReplyReader.TryReadOnce("""{"value":7}""", NullableIntFormat, out var seven));
        Assert.Equal(7, seven);

        // A bare value where {"value": …} was asked for: the full path's leniency reads it.
        Assert.False(JsonReplyReader.TryReadOnce("42", IntFormat, out _));
        Assert.True(PromptReply.TryRead("42", IntFormat, new List<string>(), out var bare, out _));
        Assert.Equal(42, bare);
    }

    [Fact]
    public void AMatchingReplyIsCheckedOnItsBytesWithoutAllocating()
    {
        using var schema = JsonDocument.Parse(TownSchema);
        var compiled = JsonSchemaValidator.Compiled.Compile(schema.RootElement, TownJson.Default.Options)!;
        var utf8 = Encoding.UTF8.GetBytes("""{"name":"Oslo","country":"Norway","population":709037}""");
        Assert.True(compiled.Matches(utf8)); // warm

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matches = compiled.Matches(utf8);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(matches);
        Assert.Equal(0, allocated);
    }
}
