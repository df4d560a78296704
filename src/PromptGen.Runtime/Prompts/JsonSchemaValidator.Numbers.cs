using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace PromptGen;

internal static partial class JsonSchemaValidator
{
    /// <summary>
    /// Why System.Text.Json cannot read the JSON number <paramref name="value"/> as the .NET type the schema's
    /// <c>format</c> names (the generator writes it into the validation rules only: <c>int8</c>, <c>uint8</c>,
    /// <c>int16</c>, <c>uint16</c>, <c>int32</c>, <c>uint32</c>, <c>int64</c>, <c>uint64</c>, <c>int128</c>,
    /// <c>uint128</c>, <c>float16</c> for <c>Half</c>, <c>float</c>, <c>double</c>, <c>decimal</c>), worded for the
    /// caller and the repair prompt ("70000 is outside the range of Half (-65504 to 65504)"); null when it can, or for
    /// another format. Without it the reply reaches the deserialiser, whose "The JSON value could not be converted to
    /// System.Half. Path: … | LineNumber: …" says neither the range nor what to send instead.
    /// </summary>
    /// <remarks>
    /// The eight primitive integer types are checked with <see cref="JsonElement"/>'s own <c>TryGet…</c> (what their
    /// converters call: digits only, so <c>5.0</c> and <c>5e0</c> are refused for an <c>int</c>, and <c>-0</c> for an
    /// unsigned type); <c>Int128</c>/<c>UInt128</c> likewise by their digits; <c>decimal</c> with <c>TryGetDecimal</c>.
    /// <c>Half</c> is refused beyond <c>Half.MaxValue</c> (65504, the schema's sent maximum too: System.Text.Json rounds
    /// up to 65520 down to it and refuses the rest), <c>float</c> where the value rounds to infinity and <c>double</c>
    /// where it is infinite: System.Text.Json reads such a <c>float</c> or <c>double</c> as an infinity that it then
    /// refuses to write, so it is not a value the caller can use.
    /// </remarks>
    internal static string? NumberProblem(string format, JsonElement value)
    {
        bool ok;
        switch (format)
        {
            case "int8": ok = value.TryGetSByte(out _); break;
            case "uint8": ok = value.TryGetByte(out _); break;
            case "int16": ok = value.TryGetInt16(out _); break;
            case "uint16": ok = value.TryGetUInt16(out _); break;
            case "int32": ok = value.TryGetInt32(out _); break;
            case "uint32": ok = value.TryGetUInt32(out _); break;
            case "int64": ok = value.TryGetInt64(out _); break;
            case "uint64": ok = value.TryGetUInt64(out _); break;
            case "int128": ok = WholeWithin(value.GetRawText(), Int128Min, Int128Max); break;
            case "uint128": ok = WholeWithin(value.GetRawText(), BigInteger.Zero, UInt128Max); break; // "-0" is read, unlike for ulong
            case "decimal": ok = value.TryGetDecimal(out _); break;
            case "float16": ok = value.TryGetDouble(out var half) && Math.Abs(half) <= 65504d; break; // Half.MaxValue, as the schema's maximum says
            case "float": ok = value.TryGetDouble(out var single) && Math.Abs(single) < 3.4028235677973366E+38; break; // 2^128 - 2^103 likewise
            case "double": ok = value.TryGetDouble(out var number) && !double.IsInfinity(number); break;
            default: return null;
        }

        // The words come from the one table the generator's few-shot check reads too (src/Shared/JsonNumberFormats.cs).
        return ok ? null : JsonNumberFormats.Refusal(format, value.GetRawText());
    }

    /// <summary>Whether a <c>format</c> names a .NET number type (<see cref="NumberProblem"/>).</summary>
    internal static bool IsNumberFormat(string? format) => JsonNumberFormats.IsNumberFormat(format);

    /// <summary>
    /// A string where the schema allows a number or a string holding one (<c>[JsonNumberHandling(AllowReadingFromString)]</c>:
    /// <c>["integer","string"]</c>): the number it holds must fit the type too.
    /// </summary>
    private static void CheckNumberInString(JsonElement schema, string text, string path, List<string> errors)
    {
        if (!schema.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || !IsNumberFormat(format.GetString()))
        {
            return;
        }

        using var number = TryParseNumber(text);
        if (number is not null && NumberProblem(format.GetString()!, number.RootElement) is { } problem)
        {
            errors.Add($"{path}: {problem}.");
        }
    }

    private static readonly BigInteger Int128Min = BigInteger.Parse(JsonNumberFormats.Find("int128")!.Value.Minimum, CultureInfo.InvariantCulture);

    private static readonly BigInteger Int128Max = BigInteger.Parse(JsonNumberFormats.Find("int128")!.Value.Maximum, CultureInfo.InvariantCulture);

    private static readonly BigInteger UInt128Max = BigInteger.Parse(JsonNumberFormats.Find("uint128")!.Value.Maximum, CultureInfo.InvariantCulture);

    /// <summary>Digits with an optional minus (what <c>Int128</c>'s and <c>UInt128</c>'s converters parse), within the bounds.</summary>
    private static bool WholeWithin(string text, BigInteger minimum, BigInteger maximum) =>
        !JsonNumberFormats.HasFractionOrExponent(text)
        && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
        && whole >= minimum && whole <= maximum;

    /// <summary>
    /// Under <c>contentEncoding: base64</c> (the generator writes it for <c>byte[]</c>, <c>Memory&lt;byte&gt;</c> and
    /// <c>ReadOnlyMemory&lt;byte&gt;</c>): whether System.Text.Json reads the string as bytes — its own
    /// <see cref="JsonElement.TryGetBytesFromBase64"/>, which its byte-array converter uses.
    /// </summary>
    private static bool IsBase64(JsonElement schema, JsonElement value) =>
        !(schema.TryGetProperty("contentEncoding", out var encoding) && encoding.ValueKind == JsonValueKind.String && encoding.ValueEquals("base64"))
        || value.TryGetBytesFromBase64(out _);
}
