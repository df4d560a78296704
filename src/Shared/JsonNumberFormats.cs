using System;

namespace PromptGen;

/// <summary>
/// The one table of the .NET number types System.Text.Json reads, by the schema <c>format</c> the generator writes into
/// the validation rules (OpenAPI's names: <c>int8</c>, <c>uint8</c>, <c>int16</c>, <c>uint16</c>, <c>int32</c>,
/// <c>uint32</c>, <c>int64</c>, <c>uint64</c>, <c>int128</c>, <c>uint128</c>, <c>float16</c> for <c>Half</c>,
/// <c>float</c>, <c>double</c>, <c>decimal</c>): each type's .NET name, its range as text and whether it takes whole
/// numbers only, with the two refusals worded from them.
/// </summary>
/// <remarks>
/// This one source file is compiled into both the generator (the few-shot check, PG0027, at build time) and the
/// runtime (the reply validator, whose words reach the <c>PromptFormatException</c> and the repair prompt): the
/// generator is a netstandard2.0 analyzer and cannot reference the runtime, and the two must say the same thing about
/// the same number. Each project links it with <c>&lt;Compile Include="..\Shared\JsonNumberFormats.cs" Link="…" /&gt;</c>.
/// </remarks>
internal static class JsonNumberFormats
{
    /// <summary>The formats of the table, in its order (for tests and documentation).</summary>
    public static readonly string[] All =
    {
        "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "int128", "uint128", "float16", "float", "double", "decimal",
    };

    /// <summary>
    /// The row of a format: the type's .NET name (<c>Half</c>), its minimum and maximum as the messages write them and
    /// whether it takes a whole number only; null for a format that names no .NET number type.
    /// </summary>
    public static (string Name, string Minimum, string Maximum, bool Whole)? Find(string? format) => format switch
    {
        "int8" => ("SByte", "-128", "127", true),
        "uint8" => ("Byte", "0", "255", true),
        "int16" => ("Int16", "-32768", "32767", true),
        "uint16" => ("UInt16", "0", "65535", true),
        "int32" => ("Int32", "-2147483648", "2147483647", true),
        "uint32" => ("UInt32", "0", "4294967295", true),
        "int64" => ("Int64", "-9223372036854775808", "9223372036854775807", true),
        "uint64" => ("UInt64", "0", "18446744073709551615", true),
        "int128" => ("Int128", "-170141183460469231731687303715884105728", "170141183460469231731687303715884105727", true),
        "uint128" => ("UInt128", "0", "340282366920938463463374607431768211455", true),
        "float16" => ("Half", "-65504", "65504", false),
        "float" => ("Single", "-3.4028235E+38", "3.4028235E+38", false),
        "double" => ("Double", "-1.7976931348623157E+308", "1.7976931348623157E+308", false),
        "decimal" => ("Decimal", "-79228162514264337593543950335", "79228162514264337593543950335", false),
        _ => null,
    };

    /// <summary>Whether a <c>format</c> names a .NET number type of the table.</summary>
    public static bool IsNumberFormat(string? format) => Find(format) is not null;

    /// <summary>Whether a JSON number's text has a fraction or an exponent (which whole-number types refuse).</summary>
    public static bool HasFractionOrExponent(string text) => text.IndexOfAny(FractionOrExponent) >= 0;

    /// <summary>
    /// Why the JSON number <paramref name="text"/>, which the type of <paramref name="format"/> cannot hold, is refused:
    /// "5.0 cannot be read as Int32, which takes a whole number written without a fraction or exponent" for a whole-number
    /// type and a fraction or exponent, else "70000 is outside the range of Half (-65504 to 65504)". The caller decides
    /// that the type cannot hold it; <paramref name="format"/> must be one of <see cref="All"/>.
    /// </summary>
    public static string Refusal(string format, string text)
    {
        var (name, minimum, maximum, whole) = Find(format) ?? throw new ArgumentException($"'{format}' is not a number format.", nameof(format));
        return whole && HasFractionOrExponent(text)
            ? $"{text} cannot be read as {name}, which takes a whole number written without a fraction or exponent"
            : $"{text} is outside the range of {name} ({minimum} to {maximum})";
    }

    private static readonly char[] FractionOrExponent = { '.', 'e', 'E' };
}
