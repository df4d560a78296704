using System.Globalization;

namespace PromptGen.Generator.Clients;

/// <summary>
/// Floating-point values as C# source that reads back as the very same value whatever .NET hosts the compiler.
/// "R" is the shortest round-trip text on .NET Core 3.0 and later, but on .NET Framework (Visual Studio's compiler
/// host) it writes negative zero as <c>0</c> and a few values with one digit too few; so negative zero is spelled
/// <c>-0.0</c> (never <c>-0</c>, which reads as an integer, nor <c>0</c>, which loses the sign) and any text that does
/// not parse back to the same bits is replaced by "G17".
/// </summary>
internal static class CSharpNumbers
{
    /// <summary>The round-trip text of <paramref name="value"/> (finite): <c>0.5</c>, <c>1</c>, <c>1E-07</c>, <c>-0.0</c>.</summary>
    public static string RoundTrip(double value)
    {
        if (value == 0)
        {
            return System.BitConverter.DoubleToInt64Bits(value) < 0 ? "-0.0" : "0";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(value) ? text : value.ToString("G17", CultureInfo.InvariantCulture);
    }

    /// <summary>The round-trip text of <paramref name="value"/> (finite) as a float: <c>0.5</c>, <c>-0.0</c>.</summary>
    public static string RoundTrip(float value)
    {
        if (value == 0)
        {
            return System.BitConverter.DoubleToInt64Bits(value) < 0 ? "-0.0" : "0";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(value) ? text : value.ToString("G9", CultureInfo.InvariantCulture);
    }
}
