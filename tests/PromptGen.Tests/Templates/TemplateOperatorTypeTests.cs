using System.Reflection;
using PromptGen.Tests.Diagnostics;
using Xunit;

namespace PromptGen.Tests.Templates;

/// <summary>
/// Comparisons whose operand types cannot work at run time (PromptText.Compare throws, or AreEqual can never be true)
/// are PG0004 at the operator; the pairs that work stay silent, compile and render as the runtime rules say.
/// </summary>
public class TemplateOperatorTypeTests
{
    /// <summary>Parameters of every kind the rule tells apart; <c>Point</c> is a struct that is not IComparable.</summary>
    private const string Parameters =
        "string s, int i, long l, double d, decimal m, int? ni, Mood e, Mood? ne, DayOfWeek w, bool b, char c, DateTime dt, DateTimeOffset dto, "
        + "DateOnly day, Person p, List<int> xs, TimeSpan ts, Point pt, object o, IShape sh, Color co, Access ac, IComparable cmp, IEnumerable<int> seq, "
        + "IRank rk, Guid g, nint np, Customer cu, int[] arr, Dictionary<string, int> map, TimeSpan? nts, float f, ulong u, TimeOnly tod, Invoice inv, Receipt rc, Rights rw, Dup dup, Box<string?> box, Box<string> boxed, "
        + "char c2, DateTime dt2, DateTimeOffset dto2, TimeSpan ts2, Person p2, TimeOnly tod2, Guid g2, nint np2, List<int> xs2, int[] arr2, CancellationToken cancellationToken = default";

    private const string ExtraTypes = "\npublic struct Point { public int X; }\n"
        + "public enum Color { Red, Green, [JsonStringEnumMemberName(\"deep_blue\")] Blue }\n"
        + "[Flags] public enum Access { None = 0, Read = 1, Write = 2 }\n"
        + "[Flags] public enum Rights { Read = 1, Write = 2, ReadWrite = 3, Exec = 4 }\n"
        + "public enum Dup { A = 1, B = 1 }\n"
        + "public interface IRank { int Level { get; } }\n"
        + "public record Invoice(int Id);\npublic sealed record Receipt(int Id) : Invoice(Id);\n"
        + "public sealed record Box<T>(T Value);\n"
        // The attribute of System.Text.Json 9+, which the test compilation's reference set predates.
        + "namespace System.Text.Json.Serialization { [AttributeUsage(AttributeTargets.Field)] public sealed class JsonStringEnumMemberNameAttribute : Attribute "
        + "{ public JsonStringEnumMemberNameAttribute(string name) { Name = name; } public string Name { get; } } }\n";

    private static string Source(string template) =>
        CatalogHarness.Source("[UserPrompt(\"" + template.Replace("\"", "\\\"") + "\")] Task<string> AskAsync(" + Parameters + ");") + ExtraTypes;

    private const string StringNumber = "compare a string with a string (a literal in quotes, as in \"3\") and a number with a number; to compare text as a number, parse it in C# and pass the number as a parameter";
    private const string OneKind = "compare values of one kind (numbers with numbers, strings with strings, a date with a date of its own type); convert in C# and pass the result as a parameter";

    private static string Member(string name) =>
        "compare a member of '" + name + "' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter";

    [Theory]
    // string with number: every operator, in a condition and in output, either side.
    [InlineData("{{ if s ⟦>⟧ 3 }}x{{ end }}", "'s > 3' orders 's' (string) with the number 3, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if s ⟦>=⟧ 3 }}x{{ end }}", "'s >= 3' orders 's' (string) with the number 3, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if s ⟦<⟧ i }}x{{ end }}", "'s < i' orders 's' (string) with 'i' (int), which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if 2.5 ⟦<=⟧ s }}x{{ end }}", "'2.5 <= s' orders the number 2.5 with 's' (string), which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if s ⟦==⟧ 3 }}x{{ end }}", "'s == 3' compares 's' (string) with the number 3, which are never equal, so it is always false: " + StringNumber)]
    [InlineData("{{ if l ⟦!=⟧ \"3\" }}x{{ end }}", "'l != \"3\"' compares 'l' (long) with the string \"3\", which are never equal, so it is always true: " + StringNumber)]
    [InlineData("{{ s ⟦>⟧ 3 }}", "'s > 3' orders 's' (string) with the number 3, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if (s) ⟦>⟧ (3) }}x{{ end }}", "'s > 3' orders 's' (string) with the number 3, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if b && s ⟦<⟧ 1 }}x{{ end }}", "'s < 1' orders 's' (string) with the number 1, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if p.Name ⟦>⟧ 3 }}x{{ end }}", "'p.Name > 3' orders 'p.Name' (string) with the number 3, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ for x in xs }}{{ if x ⟦==⟧ \"1\" }}x{{ end }}{{ end }}", "'x == \"1\"' compares 'x' (int) with the string \"1\", which are never equal, so it is always false: " + StringNumber)]
    [InlineData("{{ for x in xs }}{{ if for.index ⟦==⟧ \"0\" }}x{{ end }}{{ end }}", "'for.index == \"0\"' compares 'for.index' (int) with the string \"0\", which are never equal, so it is always false: " + StringNumber)]
    // enums
    [InlineData("{{ if e ⟦>⟧ 0 }}x{{ end }}", "'e > 0' orders 'e' (Mood) with the number 0, which cannot be ordered, so it throws on every call: an enum is ordered only against its own type ('Mood'); to order by its number, pass (int)e from C# as a number parameter")]
    [InlineData("{{ if e ⟦==⟧ 0 }}x{{ end }}", "'e == 0' compares 'e' (Mood) with the number 0, which are never equal, so it is always false: compare 'e' with a value of type 'Mood' or with the name of one of its members in quotes, as in e == \"Happy\"")]
    [InlineData("{{ if ne ⟦<=⟧ i }}x{{ end }}", "'ne <= i' orders 'ne' (Mood) with 'i' (int), which cannot be ordered, so it throws on every call: an enum is ordered only against its own type ('Mood'); to order by its number, pass (int)ne from C# as a number parameter")]
    [InlineData("{{ if e ⟦<⟧ w }}x{{ end }}", "'e < w' orders 'e' (Mood) with 'w' (DayOfWeek), which cannot be ordered, so it throws on every call: an enum is ordered only against its own type ('Mood'); to order by its number, pass (int)e from C# as a number parameter")]
    [InlineData("{{ if e ⟦==⟧ w }}x{{ end }}", "'e == w' compares 'e' (Mood) with 'w' (DayOfWeek), which are never equal, so it is always false: compare 'e' with a value of type 'Mood' or with the name of one of its members in quotes, as in e == \"Happy\"")]
    [InlineData("{{ if e ⟦>⟧ \"Sad\" }}x{{ end }}", "'e > \"Sad\"' orders 'e' (Mood) with the string \"Sad\", which cannot be ordered, so it throws on every call: an enum is ordered only against its own type ('Mood'); to order by its number, pass (int)e from C# as a number parameter")]
    // dates
    [InlineData("{{ if dt ⟦>⟧ dto }}x{{ end }}", "'dt > dto' orders 'dt' (DateTime) with 'dto' (DateTimeOffset), which cannot be ordered, so it throws on every call: convert one of them in C# (dto.UtcDateTime, or new DateTimeOffset(dt)) and compare two values of one type")]
    [InlineData("{{ if dt ⟦==⟧ dto }}x{{ end }}", "'dt == dto' compares 'dt' (DateTime) with 'dto' (DateTimeOffset), which are never equal, so it is always false: convert one of them in C# (dto.UtcDateTime, or new DateTimeOffset(dt)) and compare two values of one type")]
    [InlineData("{{ if day ⟦<⟧ dt }}x{{ end }}", "'day < dt' orders 'day' (DateOnly) with 'dt' (DateTime), which cannot be ordered, so it throws on every call: convert one of them in C# (DateOnly.FromDateTime(dt), or day.ToDateTime(TimeOnly.MinValue)) and compare two values of one type")]
    [InlineData("{{ if dt ⟦>⟧ \"2024-01-01\" }}x{{ end }}", "'dt > \"2024-01-01\"' orders 'dt' (DateTime) with the string \"2024-01-01\", which cannot be ordered, so it throws on every call: 'dt' (DateTime) is ordered only against another DateTime, and a string is never one; pass the other value as a 'DateTime' parameter, or compute the result in C# and pass it as a bool parameter")]
    // records, collections, structs
    [InlineData("{{ if p ⟦>⟧ 1 }}x{{ end }}", "'p > 1' orders 'p' (Person) with the number 1, which cannot be ordered, so it throws on every call: " + "compare a member of 'p' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if xs ⟦>⟧ 1 }}x{{ end }}", "'xs > 1' orders 'xs' (List<int>) with the number 1, which cannot be ordered, so it throws on every call: " + "compare a member of 'xs' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if ts ⟦<⟧ 1 }}x{{ end }}", "'ts < 1' orders 'ts' (TimeSpan) with the number 1, which cannot be ordered, so it throws on every call: compare one of the numbers of 'ts' instead (ts.TotalSeconds, ts.TotalMinutes …)")]
    [InlineData("{{ if p ⟦>⟧ p }}x{{ end }}", "'p > p' orders two values of type 'Person', which does not implement IComparable, so it throws on every call: compare one of its members (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if arr ⟦<⟧ arr }}x{{ end }}", "'arr < arr' orders two values of type 'int[]', which does not implement IComparable, so it throws on every call: compare one of its members (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if pt ⟦>⟧ pt }}x{{ end }}", "'pt > pt' orders two values of type 'Point', which does not implement IComparable, so it throws on every call: compare one of its members (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    // bool and char
    [InlineData("{{ if b ⟦<⟧ 1 }}x{{ end }}", "'b < 1' orders 'b' (bool) with the number 1, which cannot be ordered, so it throws on every call: " + OneKind)]
    [InlineData("{{ if b ⟦==⟧ 1 }}x{{ end }}", "'b == 1' compares 'b' (bool) with the number 1, which are never equal, so it is always false: " + OneKind)]
    [InlineData("{{ if c ⟦==⟧ 65 }}x{{ end }}", "'c == 65' compares 'c' (char) with the number 65, which are never equal, so it is always false: a char is not a number in a template; pass its code from C# ((int)c) as a number parameter, or declare 'c' as a string and compare it with text in quotes")]
    [InlineData("{{ if c ⟦==⟧ 'A' }}x{{ end }}", "'c == 'A'' compares 'c' (char) with the string 'A', which are never equal, so it is always false: a char is not a string in a template; declare 'c' as a string (or pass c.ToString() from C#) to compare it with text")]
    // numbers, strings and other BCL scalars equal only a value of their own type: never a TimeSpan, a collection, a record or class
    [InlineData("{{ if i ⟦==⟧ ts }}x{{ end }}", "'i == ts' compares 'i' (int) with 'ts' (TimeSpan), which are never equal, so it is always false: compare one of the numbers of 'ts' instead (ts.TotalSeconds, ts.TotalMinutes …)")]
    [InlineData("{{ if ts ⟦!=⟧ 1 }}x{{ end }}", "'ts != 1' compares 'ts' (TimeSpan) with the number 1, which are never equal, so it is always true: compare one of the numbers of 'ts' instead (ts.TotalSeconds, ts.TotalMinutes …)")]
    [InlineData("{{ if nts ⟦==⟧ 60 }}x{{ end }}", "'nts == 60' compares 'nts' (TimeSpan) with the number 60, which are never equal, so it is always false: compare one of the numbers of 'nts' instead (nts.TotalSeconds, nts.TotalMinutes …)")]
    [InlineData("{{ if i ⟦==⟧ xs }}x{{ end }}", "'i == xs' compares 'i' (int) with 'xs' (List<int>), which are never equal, so it is always false: " + "compare a member of 'xs' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if arr ⟦==⟧ 1 }}x{{ end }}", "'arr == 1' compares 'arr' (int[]) with the number 1, which are never equal, so it is always false: " + "compare a member of 'arr' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if map ⟦!=⟧ \"a\" }}x{{ end }}", "'map != \"a\"' compares 'map' (Dictionary<string, int>) with the string \"a\", which are never equal, so it is always true: " + "compare a member of 'map' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if p ⟦==⟧ 1 }}x{{ end }}", "'p == 1' compares 'p' (Person) with the number 1, which are never equal, so it is always false: " + "compare a member of 'p' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if 1 ⟦!=⟧ cu }}x{{ end }}", "'1 != cu' compares the number 1 with 'cu' (Customer), which are never equal, so it is always true: " + "compare a member of 'cu' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if s ⟦==⟧ pt }}x{{ end }}", "'s == pt' compares 's' (string) with 'pt' (Point), which are never equal, so it is always false: " + "compare a member of 'pt' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if dt ⟦==⟧ p }}x{{ end }}", "'dt == p' compares 'dt' (DateTime) with 'p' (Person), which are never equal, so it is always false: " + "compare a member of 'p' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if g ⟦==⟧ \"0\" }}x{{ end }}", "'g == \"0\"' compares 'g' (Guid) with the string \"0\", which are never equal, so it is always false: 'g' (Guid) equals only another Guid, and a string is never one; pass the other value as a 'Guid' parameter, or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if np ⟦==⟧ 1 }}x{{ end }}", "'np == 1' compares 'np' (nint) with the number 1, which are never equal, so it is always false: 'np' (nint) equals only another nint, as templates compare numbers by value only among byte, sbyte, short, ushort, int, uint, long, ulong, float, double and decimal; convert it in C# ((long)np) and pass the number as a parameter")]
    [InlineData("{{ if map ⟦>⟧ 1 }}x{{ end }}", "'map > 1' orders 'map' (Dictionary<string, int>) with the number 1, which cannot be ordered, so it throws on every call: " + "compare a member of 'map' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    // every other pair of different BCL scalar kinds
    [InlineData("{{ if day ⟦<⟧ tod }}x{{ end }}", "'day < tod' orders 'day' (DateOnly) with 'tod' (TimeOnly), which cannot be ordered, so it throws on every call: a day and a time of day are never one value; compare each with a value of its own type, or combine them in C# (day.ToDateTime(tod)) and pass the DateTime as a parameter")]
    [InlineData("{{ if b ⟦==⟧ \"true\" }}x{{ end }}", "'b == \"true\"' compares 'b' (bool) with the string \"true\", which are never equal, so it is always false: " + OneKind)]
    [InlineData("{{ if c ⟦<⟧ s }}x{{ end }}", "'c < s' orders 'c' (char) with 's' (string), which cannot be ordered, so it throws on every call: a char is not a string in a template; declare 'c' as a string (or pass c.ToString() from C#) to compare it with text")]
    [InlineData("{{ if f ⟦==⟧ dt }}x{{ end }}", "'f == dt' compares 'f' (float) with 'dt' (DateTime), which are never equal, so it is always false: compare one of the members of 'dt' that is a number (dt.Year …), or pass the other value as a 'DateTime' parameter")]
    [InlineData("{{ if g ⟦>⟧ ts }}x{{ end }}", "'g > ts' orders 'g' (Guid) with 'ts' (TimeSpan), which cannot be ordered, so it throws on every call: 'g' (Guid) is ordered only against another Guid; pass the other value as a 'Guid' parameter, or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if e ⟦!=⟧ co }}x{{ end }}", "'e != co' compares 'e' (Mood) with 'co' (Color), which are never equal, so it is always true: compare 'e' with a value of type 'Mood' or with the name of one of its members in quotes, as in e == \"Happy\"")]
    // two records of unrelated types: the generated Equals is false for a value outside the record's hierarchy
    [InlineData("{{ if p ⟦==⟧ inv }}x{{ end }}", "'p == inv' compares 'p' (Person) with 'inv' (Invoice), which are never equal, so it is always false: " + "compare a member of 'p' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if rc ⟦!=⟧ p }}x{{ end }}", "'rc != p' compares 'rc' (Receipt) with 'p' (Person), which are never equal, so it is always true: " + "compare a member of 'rc' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    // a record and a user type outside its hierarchy: always false, whichever side the record is on (its Equals, or
    // the other's, which a record's value can never satisfy without breaking symmetry)
    [InlineData("{{ if p ⟦==⟧ cu }}x{{ end }}", "'p == cu' compares 'p' (Person) with 'cu' (Customer), which are never equal, so it is always false: " + "compare a member of 'p' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if cu ⟦==⟧ p }}x{{ end }}", "'cu == p' compares 'cu' (Customer) with 'p' (Person), which are never equal, so it is always false: " + "compare a member of 'cu' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if inv ⟦!=⟧ pt }}x{{ end }}", "'inv != pt' compares 'inv' (Invoice) with 'pt' (Point), which are never equal, so it is always true: " + "compare a member of 'inv' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if arr ⟦==⟧ rc }}x{{ end }}", "'arr == rc' compares 'arr' (int[]) with 'rc' (Receipt), which are never equal, so it is always false: " + "compare a member of 'arr' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if inv ⟦<⟧ xs }}x{{ end }}", "'inv < xs' orders 'inv' (Invoice) with 'xs' (List<int>), which cannot be ordered, so it throws on every call: " + "compare a member of 'inv' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    // two literals, and an integer against a literal its range decides: the result never changes (C# warns: CS0652)
    [InlineData("{{ if 1 ⟦==⟧ 1 }}x{{ end }}", "'1 == 1' compares two literals, so it is always true: compare a parameter with a literal, or remove the comparison")]
    [InlineData("{{ if \"a\" ⟦>⟧ \"b\" }}x{{ end }}", "'\"a\" > \"b\"' compares two literals, so it is always false: compare a parameter with a literal, or remove the comparison")]
    [InlineData("{{ if true ⟦!=⟧ false }}x{{ end }}", "'true != false' compares two literals, so it is always true: compare a parameter with a literal, or remove the comparison")]
    [InlineData("{{ if null ⟦==⟧ null }}x{{ end }}", "'null == null' compares two literals, so it is always true: compare a parameter with a literal, or remove the comparison")]
    [InlineData("{{ if -1.5 ⟦<⟧ 2 }}x{{ end }}", "'-1.5 < 2' compares two literals, so it is always true: compare a parameter with a literal, or remove the comparison")]
    [InlineData("{{ if u ⟦<⟧ 0 }}x{{ end }}", "'u < 0' compares 'u' (ulong), which holds only 0 to 18446744073709551615, with the number 0, so it is always false: remove the comparison")]
    [InlineData("{{ if -1 ⟦<⟧ u }}x{{ end }}", "'-1 < u' compares 'u' (ulong), which holds only 0 to 18446744073709551615, with the number -1, so it is always true: remove the comparison, or give 'u' a type that holds -1")]
    [InlineData("{{ if i ⟦>⟧ -9223372036854775808 }}x{{ end }}", "'i > -9223372036854775808' compares 'i' (int), which holds only -2147483648 to 2147483647, with the number -9223372036854775808, so it is always true: remove the comparison, or give 'i' a type that holds -9223372036854775808")]
    [InlineData("{{ if i ⟦==⟧ 1.5 }}x{{ end }}", "'i == 1.5' compares 'i' (int), which holds only whole numbers, with the number 1.5, so it is always false: compare with a whole number, or remove the comparison")]
    [InlineData("{{ for x in xs }}{{ if for.index ⟦!=⟧ 3000000000 }}x{{ end }}{{ end }}", "'for.index != 3000000000' compares 'for.index' (int), which holds only -2147483648 to 2147483647, with the number 3000000000, so it is always true: remove the comparison, or give 'for.index' a type that holds 3000000000")]
    // an enum equals the C# name of a member (its ToString()): a string literal that names none is always false
    [InlineData("{{ if co ⟦==⟧ \"Yellow\" }}x{{ end }}", "'co == \"Yellow\"' compares 'co' (Color) with the string \"Yellow\", which names no member of 'Color', so it is always false: an enum equals the C# name of its member (Red, Green, Blue)")]
    [InlineData("{{ if \"red\" ⟦!=⟧ co }}x{{ end }}", "'\"red\" != co' compares the string \"red\" with 'co' (Color), which names no member of 'Color', so it is always true: an enum equals the C# name of its member (Red, Green, Blue); did you mean \"Red\"?")]
    [InlineData("{{ if co ⟦==⟧ \"deep_blue\" }}x{{ end }}", "'co == \"deep_blue\"' compares 'co' (Color) with the string \"deep_blue\", which names no member of 'Color', so it is always false: an enum equals the C# name of its member (Red, Green, Blue), not the JSON name; write \"Blue\"")]
    [InlineData("{{ if ne ⟦==⟧ \"Angry\" }}x{{ end }}", "'ne == \"Angry\"' compares 'ne' (Mood) with the string \"Angry\", which names no member of 'Mood', so it is always false: an enum equals the C# name of its member (Happy, Sad)")]
    [InlineData("{{ if ac ⟦==⟧ \"Write, Read\" }}x{{ end }}", "'ac == \"Write, Read\"' compares 'ac' (Access) with the string \"Write, Read\", which is never equal, so it is always false: 'Access' writes that value as \"Read, Write\" (an enum equals the text its ToString() writes); write \"Read, Write\"")]
    [InlineData("{{ if ac ⟦!=⟧ \"3\" }}x{{ end }}", "'ac != \"3\"' compares 'ac' (Access) with the string \"3\", which is never equal, so it is always true: 'Access' writes that value as \"Read, Write\" (an enum equals the text its ToString() writes); write \"Read, Write\"")]
    [InlineData("{{ if rw ⟦==⟧ \"Read, Write\" }}x{{ end }}", "'rw == \"Read, Write\"' compares 'rw' (Rights) with the string \"Read, Write\", which is never equal, so it is always false: 'Rights' writes that value as \"ReadWrite\" (an enum equals the text its ToString() writes); write \"ReadWrite\"")]
    [InlineData("{{ if co ⟦==⟧ \"1\" }}x{{ end }}", "'co == \"1\"' compares 'co' (Color) with the string \"1\", which is never equal, so it is always false: 'Color' writes that value as \"Green\" (an enum equals the text its ToString() writes); write \"Green\"")]
    [InlineData("{{ if ac ⟦==⟧ \"Read,Write\" }}x{{ end }}", "'ac == \"Read,Write\"' compares 'ac' (Access) with the string \"Read,Write\", which names no member of 'Access', so it is always false: a [Flags] enum equals the C# names of its members, joined by \", \" (None, Read, Write); did you mean \"Read, Write\"?")]
    [InlineData("{{ if e ⟦==⟧ \"\" }}x{{ end }}", "'e == \"\"' compares 'e' (Mood) with the string \"\", which names no member of 'Mood', so it is always false: an enum equals the C# name of its member (Happy, Sad)")]
    // an interface holds a user type or a BCL type that implements it: no number is an IEnumerable<int> or a user interface
    [InlineData("{{ if seq ⟦<⟧ 1 }}x{{ end }}", "'seq < 1' orders 'seq' (IEnumerable<int>) with the number 1, which cannot be ordered, so it throws on every call: no value of type 'IEnumerable<int>' is a number; compare a member of 'seq' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if rk ⟦>=⟧ -1 }}x{{ end }}", "'rk >= -1' orders 'rk' (IRank) with the number -1, which cannot be ordered, so it throws on every call: no value of type 'IRank' is a number; compare a member of 'rk' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if 2 ⟦>⟧ sh }}x{{ end }}", "'2 > sh' orders the number 2 with 'sh' (IShape), which cannot be ordered, so it throws on every call: no value of type 'IShape' is a number; compare a member of 'sh' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if sh ⟦==⟧ 1 }}x{{ end }}", "'sh == 1' compares 'sh' (IShape) with the number 1, which are never equal, so it is always false: no value of type 'IShape' is a number; compare a member of 'sh' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if seq ⟦==⟧ \"x\" }}x{{ end }}", "'seq == \"x\"' compares 'seq' (IEnumerable<int>) with the string \"x\", which are never equal, so it is always false: no value of type 'IEnumerable<int>' is a string; compare a member of 'seq' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    [InlineData("{{ if rk ⟦<⟧ dt }}x{{ end }}", "'rk < dt' orders 'rk' (IRank) with 'dt' (DateTime), which cannot be ordered, so it throws on every call: no value of type 'IRank' is a DateTime; compare a member of 'rk' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter")]
    // a value that is never null compared with null: the result never changes
    [InlineData("{{ if i ⟦==⟧ null }}x{{ end }}", "'i == null' compares 'i' (int) with null, but a value of type 'int' is never null, so it is always false: remove the comparison, or declare the value nullable ('int?') if it may be missing")]
    [InlineData("{{ if dt ⟦!=⟧ null }}x{{ end }}", "'dt != null' compares 'dt' (DateTime) with null, but a value of type 'DateTime' is never null, so it is always true: remove the comparison, or declare the value nullable ('DateTime?') if it may be missing")]
    [InlineData("{{ if null ⟦<⟧ e }}x{{ end }}", "'null < e' compares 'e' (Mood) with null, but a value of type 'Mood' is never null, so it is always true: remove the comparison, or declare the value nullable ('Mood?') if it may be missing")]
    [InlineData("{{ if pt ⟦>⟧ null }}x{{ end }}", "'pt > null' compares 'pt' (Point) with null, but a value of type 'Point' is never null, so it is always true: remove the comparison, or declare the value nullable ('Point?') if it may be missing")]
    [InlineData("{{ for x in xs }}{{ if for.index ⟦==⟧ null }}x{{ end }}{{ end }}", "'for.index == null' compares 'for.index' (int) with null, but a value of type 'int' is never null, so it is always false: remove the comparison, or declare the value nullable ('int?') if it may be missing")]
    [InlineData("{{ if -1 ⟦==⟧ null }}x{{ end }}", "'-1 == null' compares the number -1 with null, but a literal is never null, so it is always false: remove the comparison")]
    // a value compared with itself: the same path on both sides, so the result never changes (C# warns: CS1718)
    [InlineData("{{ if i ⟦==⟧ i }}x{{ end }}", "'i == i' compares 'i' with itself, so it is always true: compare 'i' with another value, or remove the comparison")]
    [InlineData("{{ if s ⟦!=⟧ s }}x{{ end }}", "'s != s' compares 's' with itself, so it is always false: compare 's' with another value, or remove the comparison")]
    [InlineData("{{ if d ⟦<⟧ d }}x{{ end }}", "'d < d' compares 'd' with itself, so it is always false: compare 'd' with another value, or remove the comparison")]
    [InlineData("{{ if ni ⟦<=⟧ ni }}x{{ end }}", "'ni <= ni' compares 'ni' with itself, so it is always true: compare 'ni' with another value, or remove the comparison")]
    [InlineData("{{ if dt ⟦>⟧ dt }}x{{ end }}", "'dt > dt' compares 'dt' with itself, so it is always false: compare 'dt' with another value, or remove the comparison")]
    [InlineData("{{ if e ⟦>=⟧ e }}x{{ end }}", "'e >= e' compares 'e' with itself, so it is always true: compare 'e' with another value, or remove the comparison")]
    [InlineData("{{ if p.Age ⟦==⟧ p.Age }}x{{ end }}", "'p.Age == p.Age' compares 'p.Age' with itself, so it is always true: compare 'p.Age' with another value, or remove the comparison")]
    [InlineData("{{ if (p.Name) ⟦!=⟧ ( p.Name ) }}x{{ end }}", "'p.Name != p.Name' compares 'p.Name' with itself, so it is always false: compare 'p.Name' with another value, or remove the comparison")]
    [InlineData("{{ if p ⟦==⟧ p }}x{{ end }}", "'p == p' compares 'p' with itself, so it is always true: compare 'p' with another value, or remove the comparison")]
    [InlineData("{{ if o ⟦==⟧ o }}x{{ end }}", "'o == o' compares 'o' with itself, so it is always true: compare 'o' with another value, or remove the comparison")]
    [InlineData("{{ if f ⟦!=⟧ f }}x{{ end }}", "'f != f' compares 'f' with itself, so it is always false: compare 'f' with another value, or remove the comparison")]
    [InlineData("{{ for x in xs }}{{ if x ⟦<⟧ x }}x{{ end }}{{ end }}", "'x < x' compares 'x' with itself, so it is always false: compare 'x' with another value, or remove the comparison")]
    [InlineData("{{ for x in xs }}{{ if for.index ⟦>=⟧ for.index }}x{{ end }}{{ end }}", "'for.index >= for.index' compares 'for.index' with itself, so it is always true: compare 'for.index' with another value, or remove the comparison")]
    // negative number literals are numbers, with the rule of every number
    [InlineData("{{ if s ⟦>⟧ -1 }}x{{ end }}", "'s > -1' orders 's' (string) with the number -1, which cannot be ordered, so it throws on every call: " + StringNumber)]
    [InlineData("{{ if -0.5 ⟦==⟧ s }}x{{ end }}", "'-0.5 == s' compares the number -0.5 with 's' (string), which are never equal, so it is always false: " + StringNumber)]
    public async Task ComparisonsThatCannotWorkArePG0004AtTheOperator(string marked, string message)
    {
        var (template, located) = Marked.Split(marked);

        var diagnostics = await CatalogHarness.DiagnoseAsync(Source(template));

        Assert.Equal($"PG0004 Error '{located}': Template error in 'AskAsync': {message}", string.Join("\n", diagnostics.Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal))));
    }

    /// <summary>Arguments for every parameter of <see cref="Parameters"/> but the token.</summary>
    private static object?[] Arguments() => new object?[]
    {
        "x", 5, 5L, 1.5, 2.5m, null, Mood.Sad, Mood.Sad, DayOfWeek.Monday, true, 'A', new DateTime(2024, 1, 2), new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero),
        new DateOnly(2024, 1, 2), new Person("Ann", 40, "Oslo"), new List<int> { 1, 2 }, TimeSpan.FromMinutes(1), default(Point), 3, null,
        Color.Green, Access.Read | Access.Write, 5, new[] { 1, 2 }, null, Guid.Empty, (nint)3, null, new[] { 1 }, null, null,
        2.5f, 7UL, new TimeOnly(9, 30), null, null, Rights.ReadWrite, Dup.A, null, null,
        'A', new DateTime(2024, 1, 2), new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1), new Person("Ann", 40, "Oslo"),
        new TimeOnly(9, 30), Guid.Empty, (nint)3, new List<int> { 1, 2 }, new[] { 1 },
    };

    /// <summary>A struct of the same name as the test source's, so <see cref="Arguments"/> can be built; replaced by the loaded one.</summary>
    private struct Point
    {
    }

    private enum Mood
    {
        Happy,
        Sad,
    }

    private enum Color
    {
        Red,
        Green,
        Blue,
    }

    [Flags]
    private enum Rights
    {
        ReadWrite = 3,
    }

    private enum Dup
    {
        A = 1,
    }

    private enum Access
    {
        None = 0,
        Read = 1,
        Write = 2,
    }

    [Theory]
    [InlineData("{{ if i > 3 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if i == l }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if d < m }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if i >= 5.0 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ni == null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ni < 1 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if s == \"x\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if s < \"y\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if s != null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if e == \"Sad\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if \"Happy\" != e }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if e == ne }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if e > ne }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if b == true }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if b > false }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if c == c2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if dt < dt2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if dto >= dto2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ts > ts2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if p == null }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if p == p2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if p.Age > 3 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if o == 3 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if sh == null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ for x in xs }}{{ if x >= for.index }}T{{ end }}{{ end }}", "TT")]
    [InlineData("{{ if f == 2.5 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if u > i }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if -1 < l }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if tod <= tod2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if i >= -1 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if i >= -1 -}}  T{{ end ~}}  {{ -2 -}} ", "T-2")]
    [InlineData("{{ if -0.5 < d }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if l > -9223372036854775808 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if -5 != i }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ -1 }} {{ -0.50 }} {{ -0 }} {{ -0.0 }} {{ i > -6 }}", "-1 -0.50 0 0.0 true")]
    [InlineData("{{ if co == \"Green\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if co == \"Blue\" }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if \"Red\" != co }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if co == \"7\" }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if ac == \"Read, Write\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ac != \"8\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if rw == \"ReadWrite\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if rw != \"Read, Exec\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if dup == \"B\" || dup == \"A\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if co != \"7\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ac != \"Write\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if co == s }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if cmp > 3 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if cmp == 5 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if cmp != \"a\" }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if seq != null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if rk == null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if sh == p }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if g == g2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if np >= np2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if nts == null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if nts < ts }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if ni != null }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if xs == xs2 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if arr != arr2 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if arr != null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if inv == rc }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if box == boxed }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if p.Age == null }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if o != null }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ i > 3 }} {{ s == \"x\" }}", "true true")]
    public async Task ComparisonsThatWorkAreSilentCompileAndRender(string template, string rendered)
    {
        var request = await RenderAsync(template);

        Assert.Equal("user: " + rendered, Assert.Single(request.Messages).ToString());
    }

    /// <summary>A lone <c>}}</c> in text is PG0004 (Scriban prints it); the two ways the README gives to write one render it.</summary>
    [Theory]
    [InlineData("a {{ \"}}\" }} b", "a }} b")]
    [InlineData("{%{a }} b}%}", "a }} b")]
    public async Task ALiteralClosingBraceIsWrittenAsAStringOrInAnEscapeBlock(string template, string rendered)
    {
        var request = await RenderAsync(template);

        Assert.Equal("user: " + rendered, Assert.Single(request.Messages).ToString());
        Assert.Equal(
            new[] { "PG0004 Error '}}': Template error in 'AskAsync': '}}' has no matching '{{': add '{{' before the expression, or write {{ \"}}\" }} for a literal '}}'" },
            (await CatalogHarness.DiagnoseAsync(Source("a }} b"))).Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal)));
    }

    /// <summary>An <c>object</c> value's run-time type is unknown at build time: the run-time check stays, and says what it compared.</summary>
    [Fact]
    public async Task AnObjectOperandIsLeftToTheRunTimeCheck()
    {
        var error = await Assert.ThrowsAsync<TargetInvocationException>(() => RenderAsync("{{ if o > \"a\" }}T{{ end }}"));

        Assert.Equal(
            "The prompt template of 'AskAsync' orders a value of type Int32 and one of type String, which cannot be ordered. "
                + "Compare values of one type, or convert the value in C# and pass the result as a parameter.",
            Assert.IsType<InvalidOperationException>(error.InnerException).Message);
    }

    private static async Task<ChatRequest> RenderAsync(string template)
    {
        var analysis = await CatalogHarness.CheckedAsync(Source(template));
        var diagnostics = analysis.Prompt().Where(x => !x.StartsWith("PG0018", StringComparison.Ordinal)).ToArray();
        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics));

        using var image = new MemoryStream();
        var emitted = analysis.Run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var assembly = Assembly.Load(image.ToArray());
        var client = assembly.GetType("IPrompts+Client")!;
        var create = client.GetMethod("CreateAskAsyncRequest")!;
        var arguments = Arguments();

        // The enum, record and struct arguments must be the loaded assembly's own types.
        var types = create.GetParameters().Select(p => p.ParameterType).ToArray();
        for (var k = 0; k < arguments.Length; k++)
        {
            var type = Nullable.GetUnderlyingType(types[k]) ?? types[k];
            arguments[k] = arguments[k] switch
            {
                Enum value => Enum.ToObject(type, Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)),
                Point => Activator.CreateInstance(type),
                Person person => Activator.CreateInstance(type, person.Name, person.Age, person.City),
                _ => arguments[k],
            };
        }

        return (ChatRequest)create.Invoke(null, arguments)!;
    }

    private sealed record Person(string Name, int Age, string City);
}
