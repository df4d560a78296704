using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests.Tools;

[Flags]
public enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }

[Flags]
public enum Scope { [JsonStringEnumMemberName("none")] Nothing = 0, [JsonStringEnumMemberName("read-only")] ReadOnly = 1, Admin = 2 }

public sealed record Access(string User, Perm Perm);

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(Access))]
[JsonSerializable(typeof(Perm))]
internal sealed partial class AccessJson : JsonSerializerContext
{
}

/// <summary>[Flags] enums as a parameter, inside a record and as a result, without a JsonContext.</summary>
[PromptTools]
public interface IPermTools
{
    /// <summary>Grants permissions.</summary>
    /// <param name="perm">What to grant.</param>
    Perm Grant(Perm perm);

    /// <summary>Checks an access.</summary>
    /// <param name="access">Who and what.</param>
    string Check(Access access);

    /// <summary>Sets a scope.</summary>
    /// <param name="scope">The scope.</param>
    Scope SetScope(Scope scope);
}

/// <summary>The same through a JsonContext.</summary>
[PromptTools(JsonContext = typeof(AccessJson))]
public interface IContextPermTools
{
    /// <summary>Checks an access.</summary>
    /// <param name="access">Who and what.</param>
    Access Check(Access access);
}

public sealed class PermTools : IPermTools, IContextPermTools
{
    public Perm Grant(Perm perm) => perm;

    public string Check(Access access) => access.User + ": " + access.Perm;

    public Scope SetScope(Scope scope) => scope;

    Access IContextPermTools.Check(Access access) => access;
}

[PromptClient]
public partial interface IPermAsker
{
    [UserPrompt("{{ question }}")]
    Task<Perm> AskAsync(string question, CancellationToken cancellationToken = default);

    [UserPrompt("{{ question }}")]
    Task<string> GrantAsync(string question, IPermTools tools, CancellationToken cancellationToken = default);
}

/// <summary>[Flags] enums end to end: described as combinations of names, read as System.Text.Json reads them, written as names.</summary>
public class FlagsToolTests
{
    private const string PermPattern = "^(?:None|(?:Read|Write|Exec)(?:, ?(?:Read|Write|Exec))*)$";

    [Fact]
    public void AFlagsParameterIsDescribedAsAPatternOfCommaSeparatedNamesOrTheZeroNameAlone()
    {
        JsonAssert.Equal(
            """{"type":"object","properties":{"perm":{"type":"string","pattern":"PATTERN","description":"What to grant."}},"required":["perm"],"additionalProperties":false}""".Replace("PATTERN", PermPattern),
            PermToolsDispatcher.Tools[0].Parameters.GetRawText());
        JsonAssert.Equal(
            """{"type":"object","properties":{"scope":{"type":"string","pattern":"^(?:none|(?:read-only|Admin)(?:, ?(?:read-only|Admin))*)$","description":"The scope."}},"required":["scope"],"additionalProperties":false}""",
            PermToolsDispatcher.Tools[2].Parameters.GetRawText());
    }

    [Theory]
    [InlineData("Read, Write", "\"Read, Write\"")]
    [InlineData("Read,Write", "\"Read, Write\"")]
    [InlineData("read, write", "\"Read, Write\"")]
    [InlineData("Write, Read, Exec", "\"Read, Write, Exec\"")]
    [InlineData("Read", "\"Read\"")]
    [InlineData("None", "\"None\"")]
    public async Task CombinationsSingleNamesAndTheZeroNameAreReadAndTheResultIsWrittenAsNames(string perm, string written)
    {
        var result = await new PermToolsDispatcher(new PermTools()).InvokeAsync("grant", $$"""{"perm":"{{perm}}"}""");

        Assert.Equal((written, false), (result.Content, result.Failed));
    }

    [Theory]
    [InlineData("\"Delete\"", "$.perm: \"Delete\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\".")]
    [InlineData("\"Read|Write\"", "$.perm: \"Read|Write\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\".")]
    [InlineData("\"None, Read\"", "$.perm: \"None, Read\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\".")]
    [InlineData("3", "$.perm: expected a string, got 3.")]
    public async Task AnythingElseIsTheErrorResultNamingTheAllowedNames(string perm, string error)
    {
        var result = await new PermToolsDispatcher(new PermTools()).InvokeAsync("grant", $$"""{"perm":{{perm}}}""");

        Assert.True(result.Failed);
        Assert.Equal($"Error: the arguments of grant do not fit its parameters: {error} Call grant again with corrected arguments.", result.Content);
    }

    [Fact]
    public async Task RenamedNamesAreReadAndWrittenAsRenamed()
    {
        var result = await new PermToolsDispatcher(new PermTools()).InvokeAsync("set_scope", """{"scope":"read-only, Admin"}""");

        Assert.Equal(("\"read-only, Admin\"", false), (result.Content, result.Failed));
    }

    [Fact]
    public async Task ACombinationInsideARecordIsReadWithAndWithoutAJsonContext()
    {
        var plain = await new PermToolsDispatcher(new PermTools()).InvokeAsync("check", """{"access":{"user":"ann","perm":"Read, Write"}}""");
        var context = await new ContextPermToolsDispatcher(new PermTools()).InvokeAsync("check", """{"access":{"User":"ann","Perm":"Read,Exec"}}""");

        Assert.Equal(("ann: Read, Write", false), (plain.Content, plain.Failed));
        Assert.Equal(("""{"User":"ann","Perm":"Read, Exec"}""", false), (context.Content, context.Failed));
        Assert.Equal(PermPattern, ContextPermToolsDispatcher.Tools[0].Parameters.GetProperty("properties").GetProperty("access").GetProperty("properties").GetProperty("Perm").GetProperty("pattern").GetString());
    }

    [Fact]
    public void TheEnumReaderReadsCombinationsAndRefusesNumbersNamingTheNames()
    {
        using var document = JsonDocument.Parse("""{"a":"exec, read","b":"Read|Write","c":3}""");
        var root = document.RootElement;

        Assert.Equal(Perm.Read | Perm.Exec, ToolJson.Read(root, "a", ToolJson.Enum<Perm>()));
        var bar = Assert.Throws<ToolArgumentException>(() => ToolJson.Read(root, "b", ToolJson.Enum<Perm>()));
        Assert.Equal("$.b: \"Read|Write\" is not one of None, Read, Write, Exec or a combination such as \"Read, Write\".", bar.Message);
        var number = Assert.Throws<ToolArgumentException>(() => ToolJson.Read(root, "c", ToolJson.NullableEnum<Perm>()));
        Assert.Equal("$.c: expected one of None, Read, Write, Exec or a combination such as \"Read, Write\" (a string), got a number.", number.Message);
        Assert.Equal("\"Read, Exec\"", ToolJson.Write(Perm.Read | Perm.Exec, ToolJson.Enum<Perm>()));
        Assert.Equal("8", ToolJson.Write((Perm)8, ToolJson.Enum<Perm>()));
    }

    [Fact]
    public async Task ATypedFlagsReplyIsDescribedAndReadAsACombination()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":"Read, Write"}"""));
        IPermAsker asker = new IPermAsker.Client(harness.Client);

        var perm = await asker.AskAsync("What may ann do?");

        Assert.Equal(Perm.Read | Perm.Write, perm);
        var schema = JsonNode.Parse(harness.Server.Requests[0].BodyText)!["response_format"]!["json_schema"]!["schema"]!;
        JsonAssert.Equal("""{"type":"string","pattern":"PATTERN"}""".Replace("PATTERN", PermPattern), schema["properties"]!["value"]!.ToJsonString());
    }

    [Fact]
    public async Task ATypedFlagsReplyOutsideThePatternIsAFormatErrorNamingTheNames()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"value":"Read|Write"}"""));
        IPermAsker asker = new IPermAsker.Client(harness.Client);

        var error = await Assert.ThrowsAsync<PromptFormatException>(() => asker.AskAsync("What may ann do?"));

        Assert.Equal("The reply does not fit Perm: $.value: \"Read|Write\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\". Received '{\"value\":\"Read|Write\"}'.", error.Message);
    }

    [Fact]
    public async Task AFlagsToolResultGoesToTheModelAsNames()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(ToolReplies.Calls(("call_g", "grant", """{"perm":"Write, Read"}""")), Harness.Completion("Granted."));
        IPermAsker asker = new IPermAsker.Client(harness.Client);

        var reply = await asker.GrantAsync("Let ann read and write.", new PermTools());

        Assert.Equal("Granted.", reply);
        var tool = JsonNode.Parse(harness.Server.Requests[1].BodyText)!["messages"]!.AsArray().Last()!;
        Assert.Equal(("tool", "call_g", "\"Read, Write\""), (tool["role"]!.GetValue<string>(), tool["tool_call_id"]!.GetValue<string>(), tool["content"]!.GetValue<string>()));
    }
}
