using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace PromptGen;

/// <summary>
/// Formatting and truth rules that generated template code calls. Values format with the invariant culture;
/// <see langword="null"/> renders as nothing (a template that is one value, null, renders as the empty string); booleans as <c>true</c>/<c>false</c>; sequences as their items joined by <c>", "</c>.
/// An inserted value is plain text: it is never parsed as a template.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PromptText
{
    /// <summary>Appends <paramref name="value"/> formatted for a prompt.</summary>
    public static void Append<T>(StringBuilder builder, T value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                builder.Append(text);
                return;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                return;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                var first = true;
                foreach (var item in items)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    Append(builder, item);
                }

                return;
            default:
                builder.Append(value.ToString());
                return;
        }
    }

    /// <summary><paramref name="value"/> as <see cref="Append{T}"/> would insert it; <see langword="null"/> is the empty string.</summary>
    public static string Format<T>(T value)
    {
        if (value is string text)
        {
            return text;
        }

        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    /// <summary>Template <c>string.capitalize</c>: the first character in upper case (invariant culture), the rest as is.</summary>
    public static string Capitalize(string text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : char.ToUpperInvariant(text[0]) + text.Substring(1);

    /// <summary>
    /// Template <c>string.truncate</c>, as in Scriban: a text longer than <paramref name="length"/> characters is cut so
    /// that, with <paramref name="ellipsis"/> appended, it is <paramref name="length"/> characters long (just the
    /// ellipsis when it alone is that long or longer); a shorter text is returned as is.
    /// </summary>
    public static string Truncate(string text, int length, string ellipsis)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= length)
        {
            return text ?? "";
        }

        var keep = Math.Max(0, length - ellipsis.Length);
        return text.Substring(0, keep) + ellipsis;
    }

    /// <summary>Template <c>array.join</c>: the items formatted as <see cref="Append{T}"/> inserts them, between <paramref name="separator"/>s; null is the empty string.</summary>
    public static string Join(IEnumerable? items, string separator)
    {
        if (items is null)
        {
            return "";
        }

        var builder = new StringBuilder();
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(separator);
            }

            first = false;
            Append(builder, item);
        }

        return builder.ToString();
    }

    /// <summary>Template <c>math.round</c> of a binary floating-point number: to <paramref name="digits"/> decimal places, halves to even (as in Scriban).</summary>
    public static double? Round(double? value, int digits) => value is { } number ? Math.Round(number, digits) : null;

    /// <summary>Template <c>math.round</c> of a decimal: to <paramref name="digits"/> decimal places, halves to even (as in Scriban).</summary>
    public static decimal? Round(decimal? value, int digits) => value is { } number ? Math.Round(number, digits) : null;

    /// <summary>
    /// Template <c>date.to_string</c>: a date or time formatted with the .NET custom <paramref name="format"/> the
    /// generator translated from Scriban's <c>%</c> codes, in the invariant culture; <see langword="null"/> is the empty string.
    /// </summary>
    public static string FormatDate(object? value, string format) =>
        value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// The items of a template loop that reads <c>for.last</c>, <c>for.length</c> or <c>for.rindex</c>, as a list (so
    /// their count is known): <paramref name="items"/> itself when it already is one, otherwise a copy.
    /// </summary>
    public static IReadOnlyList<T> List<T>(IEnumerable<T> items) =>
        items as IReadOnlyList<T> ?? new List<T>(items ?? throw new ArgumentNullException(nameof(items)));

    /// <summary>The items of a non-generic sequence, as a list; see <see cref="List{T}(IEnumerable{T})"/>.</summary>
    public static IReadOnlyList<object?> List(IEnumerable items)
    {
        if (items is null)
        {
            throw new ArgumentNullException(nameof(items));
        }

        var list = new List<object?>();
        foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Whether a value counts as true in a template condition. As in Scriban, only <see langword="null"/> and <see langword="false"/> are false.</summary>
    public static bool IsTrue<T>(T value) => value switch
    {
        null => false,
        bool flag => flag,
        _ => true,
    };

    /// <summary>
    /// Template <c>==</c>: null equals only null; numbers compare by their exact value whatever their type (a
    /// <c>float</c> or <c>double</c> is the binary fraction it holds; NaN equals NaN); an enum also equals its
    /// <see cref="Enum.ToString()"/> (the C# member name, not a JSON name); a value of a BCL scalar type (string, bool, char,
    /// a number, an enum, any struct of <c>System</c> or <c>System.Numerics</c>: dates, <see cref="TimeSpan"/>,
    /// <see cref="Guid"/>…) equals only a value of its own type, whatever the other value's <c>Equals</c> says; other values
    /// by <see cref="object.Equals(object)"/>. The generator reports at build time every comparison these rules make
    /// always false.
    /// </summary>
    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return CompareNumbers(left, right) == 0;
        }

        if (left is Enum && right is string name)
        {
            return string.Equals(left.ToString(), name, StringComparison.Ordinal);
        }

        if (right is Enum && left is string other)
        {
            return string.Equals(right.ToString(), other, StringComparison.Ordinal);
        }

        if (left.GetType() != right.GetType() && (IsScalar(left) || IsScalar(right)))
        {
            return false;
        }

        return left.Equals(right);
    }

    /// <summary>Whether a value's type is a BCL scalar, whose <c>Equals</c> is false for a value of any other type.</summary>
    private static bool IsScalar(object value) =>
        value is string or bool or char or Enum
        || (value is ValueType && value.GetType().Namespace is "System" or "System.Numerics");

    /// <summary>Template <c>&lt;</c>, <c>&gt;</c> and friends: numbers by exact value, strings ordinally, otherwise <see cref="IComparable"/>.</summary>
    /// <exception cref="InvalidOperationException">The values cannot be compared.</exception>
    public static int Compare(object? left, object? right) =>
        Order(left, right) ?? throw new InvalidOperationException(
            $"A prompt template compares a {left!.GetType().Name} with a {right!.GetType().Name}, which cannot be ordered. Compare values of one type.");

    /// <summary>
    /// Template <c>&lt;</c>, <c>&gt;</c> and friends in the template of <paramref name="method"/>, as
    /// <see cref="Compare(object, object)"/>. The generator reports at build time every comparison whose operand types
    /// cannot be ordered; this check remains for values whose type the build cannot know (an <c>object</c> or interface
    /// member), and its message names the method whose template failed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The values cannot be compared: the message names <paramref name="method"/> and the two run-time types.</exception>
    public static int Compare(object? left, object? right, string method) =>
        Order(left, right) ?? throw new InvalidOperationException(left!.GetType() == right!.GetType()
            ? $"The prompt template of '{method}' orders two values of type {left.GetType().Name}, which does not implement IComparable. "
                + "Compare one of its members, or compute the result in C# and pass it as a bool parameter."
            : $"The prompt template of '{method}' orders a value of type {left.GetType().Name} and one of type {right.GetType().Name}, which cannot be ordered. "
                + "Compare values of one type, or convert the value in C# and pass the result as a parameter.");

    /// <summary>The order of two values by the template rules; null when they cannot be ordered (then neither is null).</summary>
    private static int? Order(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return CompareNumbers(left, right);
        }

        if (left is string a && right is string b)
        {
            return string.CompareOrdinal(a, b);
        }

        if (left is IComparable comparable && left.GetType() == right.GetType())
        {
            return comparable.CompareTo(right);
        }

        return null;
    }

    private static bool IsNumber(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;

    /// <summary>
    /// The order of two numbers by their exact values. Integers and decimals are exact as decimals. A <c>float</c> or
    /// <c>double</c> is the binary fraction it holds (<c>0.1f</c> is 0.100000001490116…, so it is neither 0.1 nor
    /// 0.1d; <c>1.0000001f</c> is above 1; <c>16777216f</c> is 16777216), never its decimal rounding (which made distinct
    /// values equal: <c>Convert.ToDecimal</c> keeps 7 digits of a float and 15 of a double). NaN equals NaN and orders
    /// before every other number, as <see cref="double.CompareTo(double)"/> orders it; infinities order past every number.
    /// (The generator writes a number literal compared with a <c>float</c> or <c>double</c> in that type, as C# reads
    /// <c>0.1f</c>, so <c>x == 0.1</c> holds for the float nearest 0.1.)
    /// </summary>
    private static int CompareNumbers(object left, object right)
    {
        var leftBinary = left is float or double;
        var rightBinary = right is float or double;
        if (leftBinary && rightBinary)
        {
            return Convert.ToDouble(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture)); // float to double is exact
        }

        if (!leftBinary && !rightBinary)
        {
            return Convert.ToDecimal(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(right, CultureInfo.InvariantCulture)); // exact for every integer type
        }

        return leftBinary
            ? CompareExactly(Convert.ToDouble(left, CultureInfo.InvariantCulture), Convert.ToDecimal(right, CultureInfo.InvariantCulture))
            : -CompareExactly(Convert.ToDouble(right, CultureInfo.InvariantCulture), Convert.ToDecimal(left, CultureInfo.InvariantCulture));
    }

    /// <summary>The order of a binary <paramref name="number"/> and an exact <paramref name="value"/>, in whole-number arithmetic.</summary>
    private static int CompareExactly(double number, decimal value)
    {
        if (double.IsNaN(number))
        {
            return -1;
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? 1 : -1;
        }

        // number = ±mantissa × 2^exponent; value = ±digits / 10^scale. Compare mantissa × 2^exponent × 10^scale with digits.
        var bits = BitConverter.DoubleToInt64Bits(number);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        var left = new BigInteger(mantissa) * (bits < 0 ? -1 : 1);
        var parts = decimal.GetBits(value);
        var digits = (new BigInteger((uint)parts[2]) << 64) | (new BigInteger((uint)parts[1]) << 32) | new BigInteger((uint)parts[0]);
        if (parts[3] < 0)
        {
            digits = -digits;
        }

        left *= BigInteger.Pow(10, (parts[3] >> 16) & 0xFF);
        if (exponent >= 0)
        {
            left <<= exponent;
        }
        else
        {
            digits <<= -exponent;
        }

        return left.CompareTo(digits);
    }
}
