using System.Numerics;
using System.Reflection;
using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Every scalar type of the BCL a parameter can have, against the runtime's rules (PromptText.AreEqual and Compare):
/// the comparisons that work stay silent, compile and render; the ones that never work are PG0004 with advice that fits
/// the type — a number the runtime does not compare by value is converted, a Guid or Uri is compared with a value of its
/// own type or its text, a char is neither a string nor a number, two dates are converted to one type.
/// </summary>
public class TemplateScalarTypeTests
{
    private const string Parameters =
        "Int128 big, UInt128 ubig, Half h, System.Numerics.BigInteger bi, nint np, nuint nu, System.Numerics.Complex cx, Guid g, Uri uri, Version ver, "
        + "TimeSpan ts, char c, DateOnly day, TimeOnly tod, DateTime dt, DateTimeOffset dto, byte by, int i, string s, "
        + "Int128 big2, UInt128 ubig2, Half h2, System.Numerics.BigInteger bi2, nint np2, nuint nu2, System.Numerics.Complex cx2, Guid g2, Uri uri2, Version ver2, "
        + "TimeSpan ts2, char c2, DateOnly day2, TimeOnly tod2, DateTimeOffset dto2, CancellationToken cancellationToken = default";

    private static string Source(string template) =>
        CatalogHarness.Source("[UserPrompt(\"" + template.Replace("\"", "\\\"") + "\")] Task<string> AskAsync(" + Parameters + ");");

    private const string ByValue = "templates compare numbers by value only among byte, sbyte, short, ushort, int, uint, long, ulong, float, double and decimal";

    private static string Wide(string name, string type, bool equality, string conversion) =>
        $"'{name}' ({type}) {(equality ? "equals only" : "is ordered only against")} another {type}, as {ByValue}; convert it in C# ({conversion}) and pass the number as a parameter";

    private static string Only(string name, string type, bool equality, string more = "") =>
        $"'{name}' ({type}) {(equality ? "equals only" : "is ordered only against")} another {type}{more}; pass the other value as a '{type}' parameter, or compute the result in C# and pass it as a bool parameter";

    private const string NeverString = ", and a string is never one";

    [Theory]
    // numbers the runtime compares only with their own type: convert, do not "compare a member"
    [InlineData("{{ if big ⟦==⟧ 1 }}x{{ end }}", "'big == 1' compares 'big' (Int128) with the number 1, which are never equal, so it is always false: " + "WIDE:big|Int128|=|(long)big")]
    [InlineData("{{ if 1 ⟦<⟧ ubig }}x{{ end }}", "'1 < ubig' orders the number 1 with 'ubig' (UInt128), which cannot be ordered, so it throws on every call: " + "WIDE:ubig|UInt128|<|(ulong)ubig")]
    [InlineData("{{ if h ⟦>⟧ 0.5 }}x{{ end }}", "'h > 0.5' orders 'h' (Half) with the number 0.5, which cannot be ordered, so it throws on every call: " + "WIDE:h|Half|<|(float)h")]
    [InlineData("{{ if bi ⟦!=⟧ 3 }}x{{ end }}", "'bi != 3' compares 'bi' (BigInteger) with the number 3, which are never equal, so it is always true: " + "WIDE:bi|BigInteger|=|(decimal)bi")]
    [InlineData("{{ if nu ⟦==⟧ i }}x{{ end }}", "'nu == i' compares 'nu' (nuint) with 'i' (int), which are never equal, so it is always false: " + "WIDE:nu|nuint|=|(ulong)nu")]
    [InlineData("{{ if big ⟦==⟧ h }}x{{ end }}", "'big == h' compares 'big' (Int128) with 'h' (Half), which are never equal, so it is always false: " + "WIDE:big|Int128|=|(long)big")]
    [InlineData("{{ if cx ⟦==⟧ 1 }}x{{ end }}", "'cx == 1' compares 'cx' (Complex) with the number 1, which are never equal, so it is always false: 'cx' (Complex) equals only another Complex, as " + ByValue + "; compare its real part, 'cx.Real'")]
    [InlineData("{{ if cx ⟦<⟧ cx }}x{{ end }}", "'cx < cx' orders two values of type 'Complex', which does not implement IComparable, so it throws on every call: order their real parts ('cx.Real'), or compute the result in C# and pass it as a bool parameter")]
    // values equatable only with their own type: a Guid, a Uri, a Version, a TimeSpan
    [InlineData("{{ if g ⟦==⟧ \"x\" }}x{{ end }}", "'g == \"x\"' compares 'g' (Guid) with the string \"x\", which are never equal, so it is always false: " + "ONLY:g|Guid|=|s")]
    [InlineData("{{ if g ⟦<⟧ i }}x{{ end }}", "'g < i' orders 'g' (Guid) with 'i' (int), which cannot be ordered, so it throws on every call: " + "ONLY:g|Guid|<|")]
    [InlineData("{{ if uri ⟦==⟧ \"https://a.example/\" }}x{{ end }}", "'uri == \"https://a.example/\"' compares 'uri' (Uri) with the string \"https://a.example/\", which are never equal, so it is always false: compare its text with the string, as in uri.AbsoluteUri == \"https://a.example/\"")]
    [InlineData("{{ if uri ⟦<⟧ uri }}x{{ end }}", "'uri < uri' orders two values of type 'Uri', which does not implement IComparable, so it throws on every call: compare one of its members (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if ver ⟦==⟧ \"1.2\" }}x{{ end }}", "'ver == \"1.2\"' compares 'ver' (Version) with the string \"1.2\", which are never equal, so it is always false: " + "ONLY:ver|Version|=|s")]
    [InlineData("{{ if ver ⟦>⟧ 1 }}x{{ end }}", "'ver > 1' orders 'ver' (Version) with the number 1, which cannot be ordered, so it throws on every call: " + "ONLY:ver|Version|<|")]
    [InlineData("{{ if ts ⟦==⟧ \"00:01:00\" }}x{{ end }}", "'ts == \"00:01:00\"' compares 'ts' (TimeSpan) with the string \"00:01:00\", which are never equal, so it is always false: " + "ONLY:ts|TimeSpan|=|s")]
    [InlineData("{{ if tod ⟦<⟧ ts }}x{{ end }}", "'tod < ts' orders 'tod' (TimeOnly) with 'ts' (TimeSpan), which cannot be ordered, so it throws on every call: convert one of them in C# (tod.ToTimeSpan(), or TimeOnly.FromTimeSpan(ts)) and compare two values of one type")]
    // a char is neither a string nor a number
    [InlineData("{{ if c ⟦==⟧ \"A\" }}x{{ end }}", "'c == \"A\"' compares 'c' (char) with the string \"A\", which are never equal, so it is always false: a char is not a string in a template; declare 'c' as a string (or pass c.ToString() from C#) to compare it with text")]
    [InlineData("{{ if 64 ⟦<⟧ c }}x{{ end }}", "'64 < c' orders the number 64 with 'c' (char), which cannot be ordered, so it throws on every call: a char is not a number in a template; pass its code from C# ((int)c) as a number parameter, or declare 'c' as a string and compare it with text in quotes")]
    // two dates of different types: the conversion between those two
    [InlineData("{{ if day ⟦<⟧ dt }}x{{ end }}", "'day < dt' orders 'day' (DateOnly) with 'dt' (DateTime), which cannot be ordered, so it throws on every call: convert one of them in C# (DateOnly.FromDateTime(dt), or day.ToDateTime(TimeOnly.MinValue)) and compare two values of one type")]
    [InlineData("{{ if dto ⟦==⟧ day }}x{{ end }}", "'dto == day' compares 'dto' (DateTimeOffset) with 'day' (DateOnly), which are never equal, so it is always false: convert it in C# (DateOnly.FromDateTime(dto.DateTime)) and compare two values of type DateOnly")]
    [InlineData("{{ if tod ⟦>⟧ dt }}x{{ end }}", "'tod > dt' orders 'tod' (TimeOnly) with 'dt' (DateTime), which cannot be ordered, so it throws on every call: convert it in C# (TimeOnly.FromDateTime(dt)) and compare two values of type TimeOnly")]
    [InlineData("{{ if dt ⟦>⟧ dto }}x{{ end }}", "'dt > dto' orders 'dt' (DateTime) with 'dto' (DateTimeOffset), which cannot be ordered, so it throws on every call: convert one of them in C# (dto.UtcDateTime, or new DateTimeOffset(dt)) and compare two values of one type")]
    [InlineData("{{ if dt ⟦==⟧ 2024 }}x{{ end }}", "'dt == 2024' compares 'dt' (DateTime) with the number 2024, which are never equal, so it is always false: compare one of the members of 'dt' that is a number (dt.Year …), or pass the other value as a 'DateTime' parameter")]
    [InlineData("{{ if dt ⟦<⟧ \"2024-01-01\" }}x{{ end }}", "'dt < \"2024-01-01\"' orders 'dt' (DateTime) with the string \"2024-01-01\", which cannot be ordered, so it throws on every call: " + "ONLY:dt|DateTime|<|s")]
    // an integer against a literal outside (or at the end of) its range
    [InlineData("{{ if by ⟦>⟧ 300 }}x{{ end }}", "'by > 300' compares 'by' (byte), which holds only 0 to 255, with the number 300, so it is always false: remove the comparison, or give 'by' a type that holds 300")]
    [InlineData("{{ if by ⟦>=⟧ 0 }}x{{ end }}", "'by >= 0' compares 'by' (byte), which holds only 0 to 255, with the number 0, so it is always true: remove the comparison")]
    public async Task ComparisonsThatCannotWorkArePG0004WithAdviceForTheType(string marked, string message)
    {
        var (template, located) = Marked.Split(marked);

        var diagnostics = await CatalogHarness.DiagnoseAsync(Source(template));

        Assert.Equal($"PG0004 Error '{located}': Template error in 'AskAsync': {Expand(message)}", string.Join("\n", diagnostics.Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal))));
    }

    /// <summary>The advice written short in the data: <c>WIDE:name|type|=|conversion</c>, <c>ONLY:name|type|&lt;|s</c>.</summary>
    private static string Expand(string message)
    {
        foreach (var (tag, make) in new (string, Func<string[], string>)[]
        {
            ("WIDE:", p => Wide(p[0], p[1], p[2] == "=", p[3])),
            ("ONLY:", p => Only(p[0], p[1], p[2] == "=", p[3] == "s" ? NeverString : "")),
        })
        {
            var at = message.IndexOf(tag, StringComparison.Ordinal);
            if (at >= 0)
            {
                return message.Substring(0, at) + make(message.Substring(at + tag.Length).Split('|'));
            }
        }

        return message;
    }

    [Theory]
    [InlineData("{{ if big == big2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if big > big2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if ubig <= ubig2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if h >= h2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if bi == bi2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if np < np2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if nu == nu2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if cx == cx2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if cx.Real == 1.5 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if g == g2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if g >= g2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if uri == uri2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if uri.AbsoluteUri == \"https://a.example/x\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if uri.Host != \"a.example\" }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if ver > ver2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if ver == ver2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ver.Major == 1 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ts > ts2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if ts.TotalSeconds > 30 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if c == c2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if day <= day2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if tod == tod2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if dto > dto2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if dt.Year == 2024 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if by > 200 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if by == 7 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if by >= 1 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if 255 > by }}T{{ else }}F{{ end }}", "T")]
    public async Task ComparisonsThatWorkAreSilentCompileAndRender(string template, string rendered)
    {
        var analysis = await CatalogHarness.CheckedAsync(Source(template));
        var diagnostics = analysis.Prompt().Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal)).ToArray();
        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));

        using var image = new MemoryStream();
        var emitted = analysis.Run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var create = Assembly.Load(image.ToArray()).GetType("IPrompts+Client")!.GetMethod("CreateAskAsyncRequest")!;
        var arguments = new object?[]
        {
            (Int128)1, (UInt128)2, (Half)1.5f, new BigInteger(3), (nint)4, (nuint)5, new Complex(1.5, 0), Guid.Empty, new Uri("https://a.example/x"),
            new Version(1, 2), TimeSpan.FromMinutes(1), 'A', new DateOnly(2024, 1, 2), new TimeOnly(9, 30), new DateTime(2024, 1, 2),
            new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), (byte)7, 5, "x",
            (Int128)1, (UInt128)2, (Half)1.5f, new BigInteger(3), (nint)4, (nuint)5, new Complex(1.5, 0), Guid.Empty, new Uri("https://a.example/x"),
            new Version(1, 2), TimeSpan.FromMinutes(1), 'A', new DateOnly(2024, 1, 2), new TimeOnly(9, 30),
            new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero),
        };

        var request = (ChatRequest)create.Invoke(null, arguments)!;

        Assert.Equal("user: " + rendered, Assert.Single(request.Messages).ToString());
    }
}
