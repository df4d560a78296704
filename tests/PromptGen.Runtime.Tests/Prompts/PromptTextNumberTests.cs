using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

/// <summary>
/// Template numbers compare by their exact values (review 11 §3): a <c>float</c> or <c>double</c> is the binary
/// fraction it holds, integers and decimals are exact; <c>Convert.ToDecimal</c>'s 7 (float) and 15 (double) digits made
/// distinct values equal and equal values distinct.
/// </summary>
public class PromptTextNumberTests
{
    [Fact]
    public void BinaryAndDecimalNumbersCompareByExactValue()
    {
        Assert.False(PromptText.AreEqual(1.0000001f, 1));          // was equal: 7 digits
        Assert.True(PromptText.AreEqual(16777216f, 16777216));     // was not: 16777220
        Assert.False(PromptText.AreEqual(0.1 + 0.2, 0.3m));        // was equal: 15 digits
        Assert.False(PromptText.AreEqual(0.1, 0.1m));              // 0.1d is 0.1000000000000000055511151231257827…
        Assert.True(PromptText.Compare(0.1, 0.1m) > 0);
        Assert.True(PromptText.Compare(0.1f, 0.1) > 0);            // 0.100000001490116… > 0.100000000000000005…
        Assert.True(PromptText.AreEqual(0.1f, (double)0.1f));
        Assert.True(PromptText.AreEqual(1.5m, 1.5));
        Assert.True(PromptText.AreEqual(-2.25f, -2.25m));
        Assert.True(PromptText.Compare(-0.1, -0.1m) < 0);          // the double is further from zero
        Assert.True(PromptText.AreEqual(0.0, -0.0));
        Assert.True(PromptText.AreEqual(-0.0, 0));
        Assert.False(PromptText.AreEqual(9007199254740993L, 9007199254740992d));
        Assert.True(PromptText.Compare(9007199254740993L, 9007199254740992d) > 0);
        Assert.True(PromptText.AreEqual(9223372036854775808d, 9223372036854775808UL)); // 2^63
        Assert.True(PromptText.Compare(long.MaxValue, 9223372036854775808d) < 0);
        Assert.True(PromptText.Compare(ulong.MaxValue, 18446744073709551616d) < 0);
        Assert.True(PromptText.Compare(1e300, decimal.MaxValue) > 0);
        Assert.True(PromptText.Compare(-1e300, decimal.MinValue) < 0);
        Assert.True(PromptText.Compare(double.Epsilon, 0m) > 0);   // a subnormal is above zero
        Assert.True(PromptText.Compare(-double.Epsilon, 0) < 0);
        Assert.True(PromptText.Compare(1e-30, 0.0000000000000000000000000001m) < 0); // 1e-30 < 1e-28
    }

    [Fact]
    public void NaNEqualsNaNAndOrdersFirstAndInfinitiesOrderPastEveryNumber()
    {
        Assert.True(PromptText.AreEqual(double.NaN, float.NaN));
        Assert.False(PromptText.AreEqual(double.NaN, double.NegativeInfinity)); // was equal: both decimal.MinValue
        Assert.False(PromptText.AreEqual(double.NaN, 0m));
        Assert.True(PromptText.Compare(double.NaN, long.MinValue) < 0);
        Assert.True(PromptText.Compare(double.NaN, double.NegativeInfinity) < 0);
        Assert.True(PromptText.Compare(double.PositiveInfinity, decimal.MaxValue) > 0);
        Assert.True(PromptText.Compare(float.NegativeInfinity, decimal.MinValue) < 0);
        Assert.True(PromptText.Compare(decimal.MaxValue, float.PositiveInfinity) < 0);
        Assert.False(PromptText.AreEqual(double.PositiveInfinity, 1e308));
        Assert.True(PromptText.Compare(null, double.NaN) < 0);     // null is still first
    }
}
