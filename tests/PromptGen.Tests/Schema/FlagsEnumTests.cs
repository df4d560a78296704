using PromptGen.Tests.Generator;
using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// A [Flags] enum read by name is a combination of names as System.Text.Json writes it ("Read, Write"): the reply
/// schema says so with a pattern, and the few-shot check (PG0027) accepts what that pattern accepts.
/// </summary>
public class FlagsEnumTests
{
    private const string Source = """"
        using System;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        [Flags]
        public enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }

        public enum Size { Small, Large }

        public sealed record Grant(Perm Perm, Size Size);

        [PromptClient]
        public partial interface IGrants
        {
            [FewShot("a", """{"perm":"Read, Write","size":"Small"}""")]
            [FewShot("b", """{"perm":"Exec,Read","size":"Small"}""")]
            [FewShot("c", """{"perm":"None","size":"Small"}""")]
            [FewShot("d", """{"perm":"Read|Write","size":"Small"}""")]
            [FewShot("e", """{"perm":"None, Read","size":"Small"}""")]
            [FewShot("f", """{"perm":"read","size":"Small"}""")]
            [UserPrompt("Grant: {{ text }}")]
            Task<Grant> GrantAsync(string text, CancellationToken cancellationToken = default);
        }
        """";

    [Fact]
    public void TheReplySchemaDescribesACombinationOfNamesAndKeepsOtherEnumsAsLists()
    {
        var run = GeneratorHarness.Run(string.Join("\n", Source.Split('\n').Where(l => !l.Contains("[FewShot(\"d\"") && !l.Contains("[FewShot(\"e\"") && !l.Contains("[FewShot(\"f\""))));

        var generated = run.GeneratedSource("IGrants.g.cs");
        var line = generated.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("schema: ", StringComparison.Ordinal));
        Assert.Equal(
            """schema: "{\"type\":\"object\",\"properties\":{\"perm\":{\"type\":\"string\",\"pattern\":\"^(?:None|(?:Read|Write|Exec)(?:, ?(?:Read|Write|Exec))*)$\"},\"size\":{\"type\":\"string\",\"enum\":[\"Small\",\"Large\"]}},\"required\":[\"perm\",\"size\"],\"additionalProperties\":false}",""",
            line);
    }

    [Fact]
    public async Task TheFewShotCheckAcceptsCombinationsAndRejectsOtherSeparatorsWithPG0027()
    {
        var diagnostics = await GeneratorHarness.PromptDiagnosticsAsync(Source);

        const string Has = "(it has 'None', 'Read', 'Write', 'Exec', combined as \"Read, Write\")";
        Assert.Equal(new[]
        {
            "PG0027 Error '\"Read|Write\"': This [FewShot] reply does not fit 'Grant': \"Read|Write\" is not a value of 'Perm' " + Has,
            "PG0027 Error '\"None, Read\"': This [FewShot] reply does not fit 'Grant': \"None, Read\" is not a value of 'Perm' " + Has,
            "PG0027 Error '\"read\"': This [FewShot] reply does not fit 'Grant': \"read\" is not a value of 'Perm' " + Has,
        }, diagnostics);
    }
}
