using System.Globalization;
using System.Numerics;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// The .NET number types System.Text.Json reads, as the schema's <c>format</c> names them (OpenAPI's names: <c>int32</c>,
/// <c>uint8</c>, …; <c>float16</c> for <c>Half</c>), with the range each reads. The format stays in the validation rules
/// only: it is not sent (strict mode refuses it, and elsewhere it would cost tokens on every request), but the run-time
/// validator and the few-shot check (PG0027) refuse a number the type cannot hold before System.Text.Json's raw
/// "could not be converted" error would. The ranges a model plausibly exceeds (<c>byte</c>, <c>sbyte</c>,
/// <c>short</c>, <c>ushort</c>, <c>Half</c>) are also sent as <c>minimum</c>/<c>maximum</c>; unsigned types send
/// <c>minimum: 0</c>. Each type's .NET name, range and wholeness come from <see cref="JsonNumberFormats"/>, the one table
/// the run-time validator reads too (src/Shared/JsonNumberFormats.cs, linked into both projects).
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The format of a number type, or null for a type that is not one.</summary>
    public static string? Format(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_SByte => "int8",
        SpecialType.System_Byte => "uint8",
        SpecialType.System_Int16 => "int16",
        SpecialType.System_UInt16 => "uint16",
        SpecialType.System_Int32 => "int32",
        SpecialType.System_UInt32 => "uint32",
        SpecialType.System_Int64 => "int64",
        SpecialType.System_UInt64 => "uint64",
        SpecialType.System_Single => "float",
        SpecialType.System_Double => "double",
        SpecialType.System_Decimal => "decimal",
        _ => type.ToDisplayString() switch
        {
            "System.Half" => "float16",
            "System.Int128" => "int128",
            "System.UInt128" => "uint128",
            _ => null,
        },
    };

    /// <summary>Whether a <c>format</c> is one of these (never sent).</summary>
    public static bool IsNumberFormat(object value) => value is string format && JsonNumberFormats.IsNumberFormat(format);

    /// <summary>The range sent as <c>minimum</c>/<c>maximum</c> (where a model plausibly exceeds it), else null.</summary>
    public static (long Minimum, long Maximum)? SentRange(string format) => format switch
    {
        "int8" => (sbyte.MinValue, sbyte.MaxValue),
        "uint8" => (byte.MinValue, byte.MaxValue),
        "int16" => (short.MinValue, short.MaxValue),
        "uint16" => (ushort.MinValue, ushort.MaxValue),
        "float16" => (-65504, 65504),
        _ => null,
    };

    /// <summary>
    /// Why System.Text.Json cannot read the JSON number <paramref name="text"/> as the format's type (as the run-time
    /// validator words it: "outside the range of Half (-65504 to 65504)"), or null when it can. Whole-number types take
    /// digits only (System.Text.Json refuses <c>5.0</c> and <c>5e0</c> for an <c>int</c>); unsigned ones no minus sign;
    /// <c>Half</c> up to 65504, <c>float</c> what does not round to infinity; <c>decimal</c> up to its 28-29 digits.
    /// </summary>
    public static string? Problem(string format, string text)
    {
        if (JsonNumberFormats.Find(format) is not { } range)
        {
            return null;
        }

        var outside = JsonNumberFormats.Refusal(format, text);
        if (range.Whole)
        {
            if (JsonNumberFormats.HasFractionOrExponent(text))
            {
                return outside;
            }

            if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                || whole < BigInteger.Parse(range.Minimum, CultureInfo.InvariantCulture) || whole > BigInteger.Parse(range.Maximum, CultureInfo.InvariantCulture)
                || (format is "uint8" or "uint16" or "uint32" or "uint64" && text.StartsWith("-", System.StringComparison.Ordinal)))
            {
                return outside;
            }

            return null;
        }

        if (format == "decimal")
        {
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : outside;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return outside;
        }

        if (format == "float16")
        {
            // Half.MaxValue, as the sent maximum says (System.Text.Json rounds values up to 65520 down to it, and refuses the rest).
            return System.Math.Abs(number) > 65504d ? outside : null;
        }

        // float: what rounds to infinity (from 2^128 - 2^103); double: what is infinite already.
        var limit = format == "float" ? 3.4028235677973366E+38 : double.PositiveInfinity;
        return double.IsInfinity(number) || System.Math.Abs(number) >= limit ? outside : null;
    }
}
