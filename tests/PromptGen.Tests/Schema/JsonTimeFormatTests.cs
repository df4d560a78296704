using System.Text.Json;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Json;
using PromptGen.Tests.Generator;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Tests.Schema;

/// <summary>
/// Times and dates in a reply: the build-time few-shot check (PG0027, <c>JsonFit</c>) and the run-time validator (the
/// generated schema's pattern or format in <c>JsonSchemaValidator</c>) accept exactly the strings System.Text.Json reads
/// as <c>TimeOnly</c>, <c>TimeSpan</c> and <c>DateOnly</c> — decided here by System.Text.Json itself, over tens of
/// thousands of strings built from the parts these formats have (out-of-range hours, minutes, seconds, days, fractions,
/// leading zeros, signs, the last day before <c>TimeSpan.MaxValue</c>).
/// </summary>
public class JsonTimeFormatTests
{
    private readonly ITestOutputHelper _output;

    public JsonTimeFormatTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] Parts = { "", "0", "1", "01", "2", "23", "24", "48", "49", "5", "59", "60", "001", "123" };

    private static readonly string[] Fractions = { "", ".", ".5", ".12345678", ".0000000", ".4775807", ".4775808", ".4775809", ".47758", ".4776" };

    private static readonly string[] Days = { "", "1.", "-", "-1.", "00.", "10675199.", "-10675199.", "10675198.", "10675200.", "+" };

    private static IEnumerable<string> TimeSamples()
    {
        foreach (var day in Days)
        {
            foreach (var hours in Parts)
            {
                foreach (var minutes in Parts)
                {
                    yield return $"{day}{hours}:{minutes}";
                    foreach (var seconds in Parts)
                    {
                        // Fractions matter where the value is at its limit; elsewhere two of them show the shape.
                        foreach (var fraction in day.Contains("10675199", StringComparison.Ordinal) && seconds == "5" ? Fractions : Fractions.Take(3))
                        {
                            yield return $"{day}{hours}:{minutes}:{seconds}{fraction}";
                        }
                    }
                }
            }
        }

        foreach (var other in new[] { "1", "12", "0", "-0", "10675199", "10675200", "-10675199", "-10675200", "1.", "", "-", " 12:00", "12:00 ", "12:30.5", "12:", "1:2:3:4", "25:99:00", "T12:00" })
        {
            yield return other;
        }
    }

    private static IEnumerable<string> DateSamples()
    {
        foreach (var year in new[] { "0000", "0001", "2024", "2026", "9999", "10000", "26", "2026 " })
        {
            foreach (var month in new[] { "00", "01", "02", "1", "12", "13" })
            {
                foreach (var day in new[] { "00", "01", "1", "28", "29", "30", "31", "32" })
                {
                    yield return $"{year}-{month}-{day}";
                }
            }
        }

        foreach (var other in new[] { "2026-11-30T00:00", "2026/11/30", "30.11.2026", "20261130", "" })
        {
            yield return other;
        }
    }

    public static TheoryData<string> Types() => new() { "TimeOnly", "TimeSpan", "DateOnly" };

    [Theory]
    [MemberData(nameof(Types))]
    public void FewShotCheckAndValidatorAcceptExactlyWhatSystemTextJsonReads(string typeName)
    {
        var compilation = GeneratorHarness.Compile($"public sealed class Holder {{ public System.{typeName} Value {{ get; set; }} }}");
        var holder = compilation.GetTypeByMetadataName("Holder")!;
        var type = holder.GetMembers("Value").OfType<IPropertySymbol>().Single().Type;
        var clrType = Type.GetType("System." + typeName, throwOnError: true)!;
        using var schema = JsonDocument.Parse(SchemaBuilder.Build(type, new SchemaSettings(true, "json_schema strict mode", JsonContractOptions.Reflection)).Root.ToJson());
        var valueSchema = schema.RootElement.GetProperty("properties").GetProperty("value");

        var samples = (typeName == "DateOnly" ? DateSamples() : TimeSamples()).Distinct().ToList();
        var disagreements = new List<string>();
        var accepted = 0;
        foreach (var text in samples)
        {
            var json = JsonSerializer.Serialize(text);
            bool reads;
            try
            {
                JsonSerializer.Deserialize(json, clrType);
                reads = true;
            }
            catch (JsonException)
            {
                reads = false;
            }

            accepted += reads ? 1 : 0;
            var fits = JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection).Count == 0;
            using var value = JsonDocument.Parse(json);
            var validates = PromptGen.JsonSchemaValidator.Validate(valueSchema, value.RootElement).Count == 0;
            if (fits != reads || validates != reads)
            {
                disagreements.Add($"\"{text}\": System.Text.Json {(reads ? "reads" : "refuses")} it, the few-shot check {(fits ? "accepts" : "refuses")} it, the validator {(validates ? "accepts" : "refuses")} it");
            }
        }

        _output.WriteLine($"{typeName}: {samples.Count} strings, {accepted} read by System.Text.Json, {disagreements.Count} disagreements");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {samples.Count}:\n" + string.Join("\n", disagreements.Take(30)));
        Assert.True(accepted > 20 && samples.Count - accepted > 20, $"{accepted} of {samples.Count} accepted: the samples must contain both kinds");
    }

    [Fact]
    public void TheIssuesExampleIsRefusedAtBuildTimeAndAtRunTime()
    {
        var compilation = GeneratorHarness.Compile("public sealed class Holder { public System.TimeOnly Value { get; set; } }");
        var type = compilation.GetTypeByMetadataName("Holder")!.GetMembers("Value").OfType<IPropertySymbol>().Single().Type;

        var mismatch = Assert.Single(JsonFit.Check(JsonText.Parse("\"25:99:00\"", out _, out _, out _)!, type, JsonContractOptions.Reflection));
        Assert.Equal("\"25:99:00\" cannot be read as 'TimeOnly', which expects a time of day as HH:mm:ss[.fffffff]", mismatch.Message);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TimeOnly>("\"25:99:00\""));
    }
}
