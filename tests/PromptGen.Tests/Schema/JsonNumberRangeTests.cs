using System.Text.Json;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Json;
using PromptGen.Tests.Generator;
using Xunit;
using Xunit.Abstractions;

namespace PromptGen.Tests.Schema;

/// <summary>
/// Numbers, one-character strings and base64 bytes in a reply: the build-time few-shot check (PG0027, <c>JsonFit</c>)
/// and the run-time validator (the full one and the compiled one, against the generated rules) accept exactly what
/// System.Text.Json reads — decided here by System.Text.Json itself over each type's edges — so that a reply the type
/// cannot hold fails with "70000 is outside the range of Half (-65504 to 65504)" before it reaches the deserialiser,
/// whose "The JSON value could not be converted to System.Half. Path: … | LineNumber: …" says neither.
/// </summary>
public class JsonNumberRangeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly ITestOutputHelper _output;

    public JsonNumberRangeTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, string> NumberTypes() => new()
    {
        { "sbyte", "System.SByte" }, { "byte", "System.Byte" }, { "short", "System.Int16" }, { "ushort", "System.UInt16" },
        { "int", "System.Int32" }, { "uint", "System.UInt32" }, { "long", "System.Int64" }, { "ulong", "System.UInt64" },
        { "System.Int128", "System.Int128" }, { "System.UInt128", "System.UInt128" }, { "System.Half", "System.Half" },
        { "float", "System.Single" }, { "double", "System.Double" }, { "decimal", "System.Decimal" },
    };

    /// <summary>Each type's limits, one past them, zero in its spellings, fractions and exponents; also as strings (the web defaults read "5").</summary>
    private static IEnumerable<string> NumberSamples()
    {
        var numbers = new List<string>
        {
            "0", "-0", "1", "-1", "5.0", "5e0", "5.5", "1E2", "0.0",
            "127", "128", "-128", "-129", "255", "256", "32767", "32768", "-32768", "-32769", "65535", "65536",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551615", "18446744073709551616",
            "170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105728", "-170141183460469231731687303715884105729",
            "340282366920938463463374607431768211455", "340282366920938463463374607431768211456",
            "65504", "-65504", "65519", "65519.99", "65520", "-65520", "70000", "1e-10",
            "3.4028235e38", "-3.4028235e38", "3.5e38", "1e39", "-1e39",
            "1.7976931348623157e308", "1e309", "-1e309",
            "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950336", "1e28", "1e29", "1e-40",
        };
        foreach (var number in numbers)
        {
            yield return number;
        }

        foreach (var number in new[] { "70000", "256", "-1", "5.0", "2147483648", "1e39" })
        {
            yield return "\"" + number + "\"";
        }
    }

    [Theory]
    [MemberData(nameof(NumberTypes))]
    public void FewShotCheckAndBothValidatorsAcceptExactlyTheNumbersSystemTextJsonReads(string csharp, string clrName)
    {
        var clrType = Type.GetType(clrName, throwOnError: true)!;
        var (type, valueSchema, rules) = Build(csharp, strict: true);
        var compiled = PromptGen.JsonSchemaValidator.Compiled.Compile(rules.RootElement, Web)!;

        var disagreements = new List<string>();
        var accepted = 0;
        var samples = NumberSamples().ToList();
        foreach (var json in samples)
        {
            var reads = Reads(json, clrType);
            accepted += reads ? 1 : 0;
            var fits = JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection).Count == 0;
            using var value = JsonDocument.Parse(json);
            var validates = PromptGen.JsonSchemaValidator.Validate(valueSchema, value.RootElement, Web).Count == 0;
            using var wrapped = JsonDocument.Parse("{\"value\":" + json + "}");
            var matches = compiled.Matches(wrapped.RootElement);
            var matchesBytes = compiled.Matches(System.Text.Encoding.UTF8.GetBytes("{\"value\":" + json + "}").AsSpan());
            if (fits != reads || validates != reads || (matches && !reads) || (matchesBytes && !reads))
            {
                disagreements.Add($"{json}: System.Text.Json {(reads ? "reads" : "refuses")} it, the few-shot check {(fits ? "accepts" : "refuses")} it, the validator {(validates ? "accepts" : "refuses")} it, the compiled one {(matches ? "accepts" : "refuses")} it");
            }
        }

        _output.WriteLine($"{csharp}: {samples.Count} numbers, {accepted} read, {disagreements.Count} disagreements");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.True(accepted > 0 && accepted < samples.Count, $"{accepted} of {samples.Count} accepted: the samples must contain both kinds");
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "System.Half", "70000", "$.value: 70000 is outside the range of Half (-65504 to 65504)." },
        { "System.Half", "\"70000\"", "$.value: 70000 is outside the range of Half (-65504 to 65504)." },
        { "byte", "256", "$.value: 256 is outside the range of Byte (0 to 255)." },
        { "sbyte", "-129", "$.value: -129 is outside the range of SByte (-128 to 127)." },
        { "ushort", "-1", "$.value: -1 is outside the range of UInt16 (0 to 65535)." },
        { "int", "2147483648", "$.value: 2147483648 is outside the range of Int32 (-2147483648 to 2147483647)." },
        { "int", "5.0", "$.value: 5.0 cannot be read as Int32, which takes a whole number written without a fraction or exponent." },
        { "ulong", "-0", "$.value: -0 is outside the range of UInt64 (0 to 18446744073709551615)." },
        { "System.Int128", "170141183460469231731687303715884105728", "$.value: 170141183460469231731687303715884105728 is outside the range of Int128 (-170141183460469231731687303715884105728 to 170141183460469231731687303715884105727)." },
        { "System.UInt128", "1e3", "$.value: 1e3 cannot be read as UInt128, which takes a whole number written without a fraction or exponent." },
        { "float", "1e39", "$.value: 1e39 is outside the range of Single (-3.4028235E+38 to 3.4028235E+38)." },
        { "double", "-1e309", "$.value: -1e309 is outside the range of Double (-1.7976931348623157E+308 to 1.7976931348623157E+308)." },
        { "decimal", "1e29", "$.value: 1e29 is outside the range of Decimal (-79228162514264337593543950335 to 79228162514264337593543950335)." },
    };

    /// <summary>The run-time message (the PromptFormatException's and the repair prompt's) and the few-shot check's say the type's range, in strict and non-strict mode.</summary>
    [Theory]
    [MemberData(nameof(Refusals))]
    public void AValueTheTypeCannotHoldIsRefusedWithItsRange(string csharp, string json, string error)
    {
        foreach (var strict in new[] { true, false })
        {
            var (type, _, rules) = Build(csharp, strict);
            using var reply = JsonDocument.Parse("{\"value\":" + json + "}");
            Assert.Equal(new[] { error }, PromptGen.JsonSchemaValidator.Validate(rules.RootElement, reply.RootElement, Web));
            Assert.False(PromptGen.JsonSchemaValidator.Compiled.Compile(rules.RootElement, Web)!.Matches(reply.RootElement));
            Assert.False(PromptGen.JsonSchemaValidator.Compiled.Compile(rules.RootElement, Web)!.Matches(System.Text.Encoding.UTF8.GetBytes(reply.RootElement.GetRawText()).AsSpan()));

            var mismatch = Assert.Single(JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection));
            var display = PromptGen.Generator.Shared.DisplayNames.Of(type); // as every message names a type
            Assert.Equal(error.Substring("$.value: ".Length).TrimEnd('.') + $", so it cannot be read as '{display}'", mismatch.Message);
            Assert.Equal((0, json.Length), (mismatch.Start, mismatch.Length));
        }
    }

    /// <summary>
    /// The number table (each format's .NET name, range and wholeness) is one source file, src/Shared/JsonNumberFormats.cs,
    /// compiled into the generator and into the runtime: both assemblies hold the type, and it gives the same rows.
    /// </summary>
    [Fact]
    public void TheGeneratorAndTheRuntimeCompileTheOneNumberTable()
    {
        var generator = typeof(JsonNumbers).Assembly.GetType("PromptGen.JsonNumberFormats", throwOnError: true)!;
        var runtime = typeof(PromptGen.JsonSchemaValidator).Assembly.GetType("PromptGen.JsonNumberFormats", throwOnError: true)!;
        Assert.NotSame(generator, runtime);

        var formats = TableFormats(generator);
        Assert.Equal(formats, TableFormats(runtime));
        Assert.Equal(14, formats.Length);
        foreach (var format in formats.Append("uuid").Append("date-time"))
        {
            Assert.Equal(TableRow(generator, format), TableRow(runtime, format));
        }

        Assert.Equal("(Half, -65504, 65504, False)", TableRow(runtime, "float16"));
        Assert.Equal("(Byte, 0, 255, True)", TableRow(generator, "uint8"));
        Assert.Equal("none", TableRow(generator, "uuid"));
    }

    /// <summary>
    /// Every row of the table, end to end on both sides: a value one past the type's maximum (and, for whole-number
    /// types, one with a fraction) is refused by the run-time validator (the words of the PromptFormatException and the
    /// repair prompt) and by the few-shot check (PG0027) in the same words, which name the row's type and range.
    /// </summary>
    [Fact]
    public void EveryRowOfTheTableIsRefusedInTheSameWordsAtBuildTimeAndAtRunTime()
    {
        var table = typeof(PromptGen.JsonSchemaValidator).Assembly.GetType("PromptGen.JsonNumberFormats", throwOnError: true)!;
        var csharp = new Dictionary<string, string>
        {
            ["int8"] = "sbyte", ["uint8"] = "byte", ["int16"] = "short", ["uint16"] = "ushort", ["int32"] = "int", ["uint32"] = "uint",
            ["int64"] = "long", ["uint64"] = "ulong", ["int128"] = "System.Int128", ["uint128"] = "System.UInt128",
            ["float16"] = "System.Half", ["float"] = "float", ["double"] = "double", ["decimal"] = "decimal",
        };
        var past = new Dictionary<string, string> { ["float16"] = "70000", ["float"] = "1e39", ["double"] = "1e309", ["decimal"] = "1e29" };

        var checkedRows = 0;
        foreach (var format in TableFormats(table))
        {
            var (name, minimum, maximum, whole) = ((string, string, string, bool))table.GetMethod("Find")!.Invoke(null, new object?[] { format })!;
            var samples = whole
                ? new[] { (System.Numerics.BigInteger.Parse(maximum, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "5.0" }
                : new[] { past[format] };
            var (type, _, rules) = Build(csharp[format], strict: false);
            Assert.Equal(format, rules.RootElement.GetProperty("properties").GetProperty("value").GetProperty("format").GetString());
            foreach (var json in samples)
            {
                using var reply = JsonDocument.Parse("{\"value\":" + json + "}");
                var runTime = Assert.Single(PromptGen.JsonSchemaValidator.Validate(rules.RootElement, reply.RootElement, Web));
                var buildTime = Assert.Single(JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection)).Message;
                var words = json == "5.0"
                    ? $"5.0 cannot be read as {name}, which takes a whole number written without a fraction or exponent"
                    : $"{json} is outside the range of {name} ({minimum} to {maximum})";
                Assert.Equal($"$.value: {words}.", runTime);
                Assert.Equal($"{words}, so it cannot be read as '{PromptGen.Generator.Shared.DisplayNames.Of(type)}'", buildTime);
            }

            checkedRows++;
        }

        Assert.Equal(14, checkedRows);
    }

    private static string[] TableFormats(Type table) => (string[])table.GetField("All")!.GetValue(null)!;

    private static string TableRow(Type table, string format) => table.GetMethod("Find")!.Invoke(null, new object?[] { format })?.ToString() ?? "none";

    [Fact]
    public async Task AFewShotWithAHalfTooLargeIsPG0027AtTheNumber()
    {
        var diagnostics = await GeneratorHarness.PromptDiagnosticsAsync(""""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using PromptGen;

            public sealed class Reading { public Half Level { get; set; } public byte Percent { get; set; } }

            [PromptClient]
            public partial interface IReadings
            {
                [FewShot("a", """{"level":70000,"percent":256}""")]
                [UserPrompt("Read {{ text }}")]
                Task<Reading> ReadAsync(string text, CancellationToken cancellationToken = default);
            }
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '70000': This [FewShot] reply does not fit 'Reading': 70000 is outside the range of Half (-65504 to 65504), so it cannot be read as 'Half'",
            "PG0027 Error '256': This [FewShot] reply does not fit 'Reading': 256 is outside the range of Byte (0 to 255), so it cannot be read as 'byte'",
        }, diagnostics);
    }

    private static IEnumerable<string> CharSamples() => new[] { "", "a", "ab", "\n", "a\n", "\u00e9", "\ud83d\ude00", " ", "\"" };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ACharIsExactlyOneUtf16UnitToTheFewShotCheckTheValidatorsAndSystemTextJson(bool strict)
    {
        var (type, valueSchema, rules) = Build("char", strict);
        var compiled = PromptGen.JsonSchemaValidator.Compiled.Compile(rules.RootElement, Web)!;
        foreach (var text in CharSamples())
        {
            var json = JsonSerializer.Serialize(text);
            var reads = Reads(json, typeof(char));
            var fits = JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection).Count == 0;
            using var value = JsonDocument.Parse(json);
            using var wrapped = JsonDocument.Parse("{\"value\":" + json + "}");
            Assert.True(
                (reads, reads, reads, reads) == (fits, PromptGen.JsonSchemaValidator.Validate(valueSchema, value.RootElement, Web).Count == 0, compiled.Matches(wrapped.RootElement),
                    compiled.Matches(System.Text.Encoding.UTF8.GetBytes(wrapped.RootElement.GetRawText()).AsSpan())),
                $"{json}: System.Text.Json {(reads ? "reads" : "refuses")} it");
        }
    }

    private static IEnumerable<string> Base64Samples() => new[] { "QUJD", "QUI=", "QQ==", "", "QUJ", "QU JD", "QUJD\n", "!!notbase64", "QUJD====", "QUJD=", "AQID", "-_8=", "+/8=" };

    [Theory]
    [InlineData("byte[]")]
    [InlineData("System.ReadOnlyMemory<byte>")]
    public void Base64IsCheckedByTheValidatorsAsTheFewShotCheckAndSystemTextJsonDo(string csharp)
    {
        var (type, valueSchema, rules) = Build(csharp, strict: false);
        var compiled = PromptGen.JsonSchemaValidator.Compiled.Compile(rules.RootElement, Web)!;
        var disagreements = new List<string>();
        foreach (var text in Base64Samples())
        {
            var json = JsonSerializer.Serialize(text);
            var reads = Reads(json, typeof(byte[]));
            var fits = JsonFit.Check(JsonText.Parse(json, out _, out _, out _)!, type, JsonContractOptions.Reflection).Count == 0;
            using var value = JsonDocument.Parse(json);
            var validates = PromptGen.JsonSchemaValidator.Validate(valueSchema, value.RootElement, Web).Count == 0;
            using var wrapped = JsonDocument.Parse("{\"value\":" + json + "}");
            var matches = compiled.Matches(wrapped.RootElement);
            var matchesBytes = compiled.Matches(System.Text.Encoding.UTF8.GetBytes(wrapped.RootElement.GetRawText()).AsSpan());
            if (fits != reads || validates != reads || matches != reads || matchesBytes != reads)
            {
                disagreements.Add($"{json}: System.Text.Json {(reads ? "reads" : "refuses")} it, the few-shot check {(fits ? "accepts" : "refuses")} it, the validator {(validates ? "accepts" : "refuses")} it, the compiled one {(matches ? "accepts" : "refuses")} it");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        using var reply = JsonDocument.Parse("""{"value":"!!notbase64"}""");
        Assert.Equal(
            new[] { "$.value: \"!!notbase64\" is not base64 (System.Text.Json reads bytes from standard base64 with '=' padding)." },
            PromptGen.JsonSchemaValidator.Validate(rules.RootElement, reply.RootElement, Web));
    }

    /// <summary>
    /// Whether System.Text.Json (web defaults, as PromptGen's reflection options) reads the JSON as the type: for float
    /// and double, as a finite value (an infinity it reads it refuses to write); for Half, within Half.MaxValue (it rounds
    /// 65504 to 65520 down to 65504, which the schema's maximum does not allow).
    /// </summary>
    private static bool Reads(string json, Type clrType)
    {
        try
        {
            var value = JsonSerializer.Deserialize(json, clrType, Web);
            return value switch
            {
                float single => float.IsFinite(single),
                double number => double.IsFinite(number),
                Half half => double.Parse(json.Trim('"'), System.Globalization.CultureInfo.InvariantCulture) is >= -65504 and <= 65504 && Half.IsFinite(half),
                _ => true,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (ITypeSymbol Type, JsonElement ValueSchema, JsonDocument Rules) Build(string csharp, bool strict)
    {
        var compilation = GeneratorHarness.Compile($"public sealed class Holder {{ public {csharp} Value {{ get; set; }} }}");
        var type = compilation.GetTypeByMetadataName("Holder")!.GetMembers("Value").OfType<IPropertySymbol>().Single().Type;
        var result = SchemaBuilder.Build(type, new SchemaSettings(strict, strict ? "json_schema strict mode" : "json_schema", JsonContractOptions.Reflection));
        Assert.Empty(result.Problems);
        var rules = JsonDocument.Parse(result.Root.ToJson());
        return (type, rules.RootElement.GetProperty("properties").GetProperty("value"), rules);
    }
}
