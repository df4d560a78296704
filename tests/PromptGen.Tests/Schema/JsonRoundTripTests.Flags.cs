using Xunit;

namespace PromptGen.Tests.Schema;

/// <summary>
/// [Flags] enums where System.Text.Json combines members beyond a string value's "Read, Write": as dictionary keys
/// (always written by name, combined, with or without JsonStringEnumConverter) and as values read by number (written as
/// the combination's number). What System.Text.Json writes fits as a [FewShot] reply and reads back equal through the
/// generated client over a JsonContext System.Text.Json's own generator filled in; what PromptGen refuses, the few-shot
/// check and the run time refuse alike, with the same allowed values.
/// </summary>
public partial class JsonRoundTripTests
{
    private const string FlagsApp = """"
        using System;
        using System.Collections.Generic;
        using PromptGen.Testing;

        [Flags]
        public enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }

        public sealed record Grants(Dictionary<Perm, int> ByPerm, Perm Mask);

        [JsonSourceGenerationOptions(JsonSerializerDefaults.Web/*OPTION*/)]
        [JsonSerializable(typeof(Grants))]
        public sealed partial class AppJson : JsonSerializerContext { }

        [PromptClient(JsonContext = typeof(AppJson))]
        public partial interface IGrants
        {
            /*FEWSHOTS*/
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            [UserPrompt("{{ q }}")]
            Task<Grants> GrantsAsync(string q, CancellationToken cancellationToken = default);
        }

        [PromptTools]
        public interface IPermTools
        {
            /// <summary>Weighs the counts by their permissions.</summary>
            int Weigh(Dictionary<Perm, int> byPerm);
        }

        public sealed class PermTools : IPermTools
        {
            public int Weigh(Dictionary<Perm, int> byPerm)
            {
                var sum = 0;
                foreach (var pair in byPerm)
                {
                    sum += (int)pair.Key * pair.Value;
                }

                return sum;
            }
        }

        public static class Probe
        {
            public static async Task<string> Call(string arguments) => (await new PermToolsDispatcher(new PermTools()).InvokeAsync("weigh", arguments)).ToString();

            public static string Write() =>
                JsonSerializer.Serialize(new Grants(new() { [Perm.Read | Perm.Write] = 1, [Perm.None] = 2, [Perm.Exec] = 3 }, Perm.Read | Perm.Exec), AppJson.Default.Grants);

            public static async Task<string> Read(string reply)
            {
                try
                {
                    return JsonSerializer.Serialize(await ((IGrants)new IGrants.Client(new ScriptedTransport().Reply(reply))).GrantsAsync("x"), AppJson.Default.Grants);
                }
                catch (PromptFormatException error)
                {
                    return "refused: " + string.Join(" | ", error.Errors);
                }
            }
        }
        """";

    [Theory]
    [InlineData("", """{"byPerm":{"Read, Write":1,"None":2,"Exec":3},"mask":5}""")]
    [InlineData(", UseStringEnumConverter = true", """{"byPerm":{"Read, Write":1,"None":2,"Exec":3},"mask":"Read, Exec"}""")]
    public async Task FlagsKeysAndNumbersAreTheCombinationsSystemTextJsonWrites(string option, string written)
    {
        var numbers = option.Length == 0;
        var app = FlagsApp.Replace("/*OPTION*/", option);
        var probe = Load(ContextCompilation(app)).GetType("Probe")!;
        Assert.Equal(written, (string)probe.GetMethod("Write")!.Invoke(null, null)!); // System.Text.Json's own output
        Task<string> Read(string reply) => (Task<string>)probe.GetMethod("Read")!.Invoke(null, new object[] { reply })!;

        var mask = numbers ? "5" : "\"Read, Exec\"";
        var good = new[]
        {
            written,
            $$"""{"byPerm":{"Write,Read":1,"Exec, Read, Write":2},"mask":{{mask}}}""",
            numbers ? """{"byPerm":{},"mask":7}""" : """{"byPerm":{},"mask":"None"}""",
        };
        var wrong = new (string Reply, string Fit, string Run)[]
        {
            (
                $$"""{"byPerm":{"Read|Write":1},"mask":{{mask}}}""",
                "PG0027 Error '\\\"Read|Write\\\"': This [FewShot] reply does not fit 'Grants': the key \"Read|Write\" cannot be read as 'Perm', which expects one of 'None', 'Read', 'Write', 'Exec' or a combination such as \"Read, Write\"",
                "refused: $.byPerm[\"Read|Write\"]: the key \"Read|Write\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\"."
            ),
            (
                $$"""{"byPerm":{"None, Read":1},"mask":{{mask}}}""",
                "PG0027 Error '\\\"None, Read\\\"': This [FewShot] reply does not fit 'Grants': the key \"None, Read\" cannot be read as 'Perm', which expects one of 'None', 'Read', 'Write', 'Exec' or a combination such as \"Read, Write\"",
                "refused: $.byPerm[\"None, Read\"]: the key \"None, Read\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\"."
            ),
            numbers
                ? (
                    """{"byPerm":{},"mask":8}""",
                    "PG0027 Error '8': This [FewShot] reply does not fit 'Grants': 8 is not a value of 'Perm' (it has 0, 1, 2, 3, 4, 5, 6, 7)",
                    "refused: $.mask: 8 is not one of the allowed values 0, 1, 2, 3, 4, 5, 6, 7."
                )
                : (
                    """{"byPerm":{},"mask":"Read|Exec"}""",
                    "PG0027 Error '\\\"Read|Exec\\\"': This [FewShot] reply does not fit 'Grants': \"Read|Exec\" is not a value of 'Perm' (it has 'None', 'Read', 'Write', 'Exec', combined as \"Read, Write\")",
                    "refused: $.mask: \"Read|Exec\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\"."
                ),
        };

        // The build: the good replies fit, each wrong one is PG0027 with the allowed values.
        var fewShots = string.Join("\n    ", good.Concat(wrong.Select(w => w.Reply)).Select(reply => $"[FewShot(\"q\", {Literal(reply)})]"));
        var fit = string.Join("\n", (await WithContextAsync(app.Replace("/*FEWSHOTS*/", fewShots))).Where(d => d.StartsWith("PG0027", StringComparison.Ordinal)));
        Assert.Equal(string.Join("\n", wrong.Select(w => w.Fit)), fit);

        // The run time: the good replies read back as System.Text.Json writes them; the wrong ones are refused alike.
        Assert.Equal(written, await Read(written));
        foreach (var reply in good.Skip(1))
        {
            Assert.DoesNotContain("refused", await Read(reply), StringComparison.Ordinal);
        }

        Assert.Equal(string.Join("\n", wrong.Select(w => w.Run)), string.Join("\n", await Task.WhenAll(wrong.Select(w => Read(w.Reply)))));

        // The tool dispatcher: keys as System.Text.Json writes them, combined, and in any case as it reads them; others refused.
        Task<string> Call(string arguments) => (Task<string>)probe.GetMethod("Call")!.Invoke(null, new object[] { arguments })!;
        Assert.Equal("11", await Call("""{"byPerm":{"Read, Write":2,"exec,read":1,"None":9}}"""));
        Assert.Equal(
            "failed: Error: the arguments of weigh do not fit its parameters: $.byPerm[\"Read|Write\"]: the key \"Read|Write\" is not one of the allowed values \"None\", \"Read\", \"Write\", \"Exec\" or a combination such as \"Read, Write\". Call weigh again with corrected arguments.",
            await Call("""{"byPerm":{"Read|Write":2}}"""));
    }
}
