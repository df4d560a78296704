using System.Globalization;
using System.Text;
using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

public class PromptTextTests
{
    private static string Format<T>(T value)
    {
        var builder = new StringBuilder();
        PromptText.Append(builder, value);
        return builder.ToString();
    }

    [Fact]
    public void ValuesFormatWithTheInvariantCultureWhateverTheCurrentOne()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal("1234.5", Format(1234.5));
            Assert.Equal("0.1", Format(0.1m));
            Assert.Equal("12/31/2026 23:59:00", Format(new DateTime(2026, 12, 31, 23, 59, 0)));
            Assert.Equal("-42", Format(-42));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void NullRendersAsNothingBooleansLowercaseSequencesJoined()
    {
        Assert.Equal("", Format<string?>(null));
        Assert.Equal("", Format<int?>(null));
        Assert.Equal("true", Format(true));
        Assert.Equal("false", Format<bool?>(false));
        Assert.Equal("a, 2, true", Format(new object[] { "a", 2, true }));
        Assert.Equal("Friday", Format(DayOfWeek.Friday));
    }

    [Fact]
    public void TemplateSyntaxInAValueIsPlainText()
    {
        Assert.Equal("{{ secret }}", Format("{{ secret }}"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData("", true)]
    [InlineData(0, true)]
    public void OnlyNullAndFalseAreFalseAsInScriban(object? value, bool expected)
    {
        Assert.Equal(expected, PromptText.IsTrue(value));
    }

    [Fact]
    public void EqualityComparesNumbersByValueAcrossTypes()
    {
        Assert.True(PromptText.AreEqual(60, 60L));
        Assert.True(PromptText.AreEqual(1.5m, 1.5));
        Assert.False(PromptText.AreEqual(1, 2L));
        Assert.True(PromptText.AreEqual(null, null));
        Assert.False(PromptText.AreEqual("a", null));
        Assert.True(PromptText.AreEqual(DayOfWeek.Monday, "Monday"));
        Assert.True(PromptText.AreEqual("x", "x"));
    }

    /// <summary>
    /// A BCL scalar (string, bool, char, numbers, enums, System structs) equals only a value of its own run-time type,
    /// whichever side it is on and whatever the other value's Equals says: the rule the generator's PG0004 check assumes.
    /// </summary>
    [Fact]
    public void AScalarEqualsOnlyAValueOfItsOwnType()
    {
        var greedy = new EqualToAnything();

        Assert.True(greedy.Equals(1)); // its own Equals says yes…
        Assert.False(PromptText.AreEqual(greedy, 1)); // …but a number is never equal to it,
        Assert.False(PromptText.AreEqual(1, greedy));
        Assert.False(PromptText.AreEqual(greedy, "x"));
        Assert.False(PromptText.AreEqual(greedy, TimeSpan.Zero));
        Assert.False(PromptText.AreEqual(greedy, DayOfWeek.Monday));
        Assert.False(PromptText.AreEqual(greedy, Guid.Empty));
        Assert.True(PromptText.AreEqual(greedy, new EqualToAnything())); // two user values: their Equals decides
        Assert.False(PromptText.AreEqual(TimeSpan.FromSeconds(60), 60));
        Assert.True(PromptText.AreEqual(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(1)));
        Assert.False(PromptText.AreEqual((nint)1, 1));
    }

    /// <summary>An enum equals its ToString(): the C# member name, never a JSON name; for [Flags] names joined by ", "; the number for an undefined value.</summary>
    [Fact]
    public void AnEnumEqualsItsCSharpName()
    {
        Assert.True(PromptText.AreEqual(DayOfWeek.Monday, "Monday"));
        Assert.False(PromptText.AreEqual(DayOfWeek.Monday, "monday"));
        Assert.False(PromptText.AreEqual("Class,Method", AttributeTargets.Class | AttributeTargets.Method));
        Assert.True(PromptText.AreEqual(AttributeTargets.Class | AttributeTargets.Method, "Class, Method"));
        Assert.True(PromptText.AreEqual((DayOfWeek)9, "9"));
        Assert.True(PromptText.AreEqual((DayOfWeek)(-1), "-1"));
    }

    private sealed class EqualToAnything
    {
        public override bool Equals(object? obj) => obj is not null;

        public override int GetHashCode() => 0;
    }

    [Fact]
    public void ComparisonOrdersNumbersStringsAndNulls()
    {
        Assert.True(PromptText.Compare(61, 60L) > 0);
        Assert.True(PromptText.Compare(59.5, 60) < 0);
        Assert.True(PromptText.Compare("apple", "banana") < 0);
        Assert.True(PromptText.Compare(null, 1) < 0);
        Assert.Equal(0, PromptText.Compare(null, null));
        Assert.True(PromptText.Compare(double.PositiveInfinity, 1) > 0);
    }

    [Fact]
    public void ComparingUnorderableValuesSaysWhatWasCompared()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PromptText.Compare("a", 1));

        Assert.Equal("A prompt template compares a String with a Int32, which cannot be ordered. Compare values of one type.", error.Message);
    }

    [Fact]
    public void ComparingUnorderableValuesInAMethodsTemplateNamesTheMethod()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PromptText.Compare(new object(), 1, "AskAsync"));

        Assert.Equal(
            "The prompt template of 'AskAsync' orders a value of type Object and one of type Int32, which cannot be ordered. "
                + "Compare values of one type, or convert the value in C# and pass the result as a parameter.",
            error.Message);
        var same = Assert.Throws<InvalidOperationException>(() => PromptText.Compare(new object(), new object(), "AskAsync"));
        Assert.Equal(
            "The prompt template of 'AskAsync' orders two values of type Object, which does not implement IComparable. "
                + "Compare one of its members, or compute the result in C# and pass it as a bool parameter.",
            same.Message);
        Assert.True(PromptText.Compare(2, 1.5m, "AskAsync") > 0);
        Assert.True(PromptText.Compare(null, "a", "AskAsync") < 0);
        Assert.Equal(0, PromptText.Compare(DayOfWeek.Friday, DayOfWeek.Friday, "AskAsync"));
    }
}
