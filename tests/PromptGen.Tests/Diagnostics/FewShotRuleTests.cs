using Xunit;

namespace PromptGen.Tests.Diagnostics;

/// <summary>
/// The few-shot check (PG0027) refuses what the run-time validator refuses, keyword by keyword of what the schema
/// builder emits beyond a value's kind: [Range] (minimum/maximum), [StringLength]/[MinLength]/[MaxLength]/[Required]
/// (minLength/maxLength, minItems/maxItems), [RegularExpression] (pattern), [Required] on a nullable member (no null),
/// null for a type that is not nullable (the schema's type has no "null"), and [JsonDerivedType] discriminators (anyOf).
/// Each example passed the build before and was refused at run time.
/// </summary>
public class FewShotRuleTests
{
    private const string Types = """
        public sealed class Rating
        {
            [System.ComponentModel.DataAnnotations.Range(1, 5)] public int Stars { get; set; }
            [System.ComponentModel.DataAnnotations.Range(0.5, 2.5)] public double Weight { get; set; }
            [System.ComponentModel.DataAnnotations.StringLength(10, MinimumLength = 3)] public string Title { get; set; } = "";
            [System.ComponentModel.DataAnnotations.RegularExpression("^[A-Z]{3}$")] public string Code { get; set; } = "";
            [System.ComponentModel.DataAnnotations.MaxLength(2)] public List<string> Tags { get; set; } = new();
            [System.ComponentModel.DataAnnotations.Required] public string? Author { get; set; }
            [System.ComponentModel.DataAnnotations.Required] public string Body { get; set; } = "";
            public string Note { get; set; } = "";
        }

        public sealed record Ranked([property: System.ComponentModel.DataAnnotations.Range(1, 3)] int Rank);

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
        [JsonDerivedType(typeof(Circle), "circle")]
        [JsonDerivedType(typeof(Square), "square")]
        public abstract class Shape { }
        public sealed class Circle : Shape { public double R { get; set; } }
        public sealed class Square : Shape { public double Side { get; set; } }

        [JsonDerivedType(typeof(Big), 1)]
        public class Small { public int A { get; set; } }
        public sealed class Big : Small { public int B { get; set; } }

        public sealed class CtorMismatch { public CtorMismatch(string fullName) { Name = fullName; } public string Name { get; } }

        """;

    private const string Ct = "CancellationToken cancellationToken = default";

    private const string Q = "[UserPrompt(\"{{ q }}\")]";

    private static Task<string[]> Diagnose(string members) =>
        CatalogHarness.DiagnoseAsync(CatalogHarness.Usings + Types + "[PromptClient]\npublic partial interface IPrompts\n{\n" + members + "\n}\n");

    [Fact]
    public async Task DataAnnotationRulesAreCheckedAsTheRunTimeChecksThem()
    {
        var d = await Diagnose($$""""
            [FewShot("x", """{"stars":9,"weight":0.25,"title":"ab","code":"abc","tags":["a","b","c"],"author":null,"body":"","note":""}""")]
            {{Q}} Task<Rating> RateAsync(string q, {{Ct}});
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '9': This [FewShot] reply does not fit 'Rating': 9 is more than the maximum 5 ([Range] on 'Rating.Stars')",
            "PG0027 Error '0.25': This [FewShot] reply does not fit 'Rating': 0.25 is less than the minimum 0.5 ([Range] on 'Rating.Weight')",
            "PG0027 Error '\"ab\"': This [FewShot] reply does not fit 'Rating': \"ab\" has 2 characters, fewer than the minimum 3 of 'Rating.Title'",
            "PG0027 Error '\"abc\"': This [FewShot] reply does not fit 'Rating': \"abc\" does not match the pattern ^[A-Z]{3}$ ([RegularExpression] on 'Rating.Code')",
            "PG0027 Error '[': This [FewShot] reply does not fit 'Rating': the array has 3 items, more than the maximum 2 of 'Rating.Tags'",
            "PG0027 Error 'null': This [FewShot] reply does not fit 'Rating': null is not allowed: 'Rating.Author' is [Required]",
            "PG0027 Error '\"\"': This [FewShot] reply does not fit 'Rating': \"\" is empty, but 'Rating.Body' must not be",
        }, d);
    }

    [Fact]
    public async Task AReplyWithinEveryRuleFits()
    {
        var d = await Diagnose($$""""
            [FewShot("x", """{"stars":5,"weight":2.5,"title":"abc","code":"ABC","tags":["a","b"],"author":"Ann","body":"b","note":""}""")]
            {{Q}} Task<Rating> RateAsync(string q, {{Ct}});
            [FewShot("y", """{"rank":3}""")]
            {{Q}} Task<Ranked> RankAsync(string q, {{Ct}});
            """");

        Assert.Empty(d);
    }

    [Fact]
    public async Task ARangeOnARecordParameterAndNullForANonNullableStringAreRefused()
    {
        var d = await Diagnose($$""""
            [FewShot("y", """{"rank":4}""")]
            {{Q}} Task<Ranked> RankAsync(string q, {{Ct}});
            [FewShot("y", """{"stars":1,"weight":1,"title":"abc","code":"ABC","tags":[],"author":"A","body":"b","note":null}""")]
            {{Q}} Task<Rating> RateAsync(string q, {{Ct}});
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '4': This [FewShot] reply does not fit 'Ranked': 4 is more than the maximum 3 ([Range] on 'Ranked.Rank')",
            "PG0027 Error 'null': This [FewShot] reply does not fit 'Rating': null cannot be a 'string'; give a value, or make it 'string?'",
        }, d);
    }

    [Fact]
    public async Task DiscriminatorsChooseTheDerivedTypeAndAnUnknownOneIsRefused()
    {
        var d = await Diagnose($$""""
            [FewShot("a", """{"kind":"triangle","r":1}""")]
            [FewShot("b", """{"kind":"circle","side":1}""")]
            [FewShot("c", """{"r":1}""")]
            [FewShot("d", """{"kind":"square","side":2}""")]
            {{Q}} Task<Shape> ShapeAsync(string q, {{Ct}});
            [FewShot("e", """{"a":1}""")]
            [FewShot("f", """{"$type":1,"a":1,"b":2}""")]
            [FewShot("g", """{"$type":"1","a":1}""")]
            [FewShot("h", """{"b":2}""")]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] {{Q}} Task<Small> SmallAsync(string q, {{Ct}});
            """");

        Assert.Equal(new[]
        {
            "PG0027 Error '\"triangle\"': This [FewShot] reply does not fit 'Shape': \"triangle\" is not a \"kind\" of 'Shape' (it must be one of \"circle\", \"square\")",
            "PG0027 Error '\"side\"': This [FewShot] reply does not fit 'Shape': 'Circle' has no property 'side' (it has 'r')",
            "PG0027 Error '{': This [FewShot] reply does not fit 'Shape': the reply requires \"kind\" as its first property to say which type it is (one of \"circle\", \"square\")",
            "PG0027 Error '\"1\"': This [FewShot] reply does not fit 'Small': \"1\" is not a \"$type\" of 'Small' (it must be one of 1)",
            "PG0027 Error '\"b\"': This [FewShot] reply does not fit 'Small': 'Small' has no property 'b' (it has 'a')",
        }, d);
    }

    [Fact]
    public async Task AConstructorFaultIsPG0014AloneNotAlsoAnEmptyObject()
    {
        var d = await Diagnose($$"""
            {{Q}} Task<CtorMismatch> AskAsync(string q, {{Ct}});
            [ResponseFormat(ResponseFormatKind.JsonObject)] {{Q}} Task<List<CtorMismatch>> ListAsync(string q, {{Ct}});
            """);

        Assert.Equal(new[]
        {
            "PG0014 Error 'Task<CtorMismatch>': Method 'AskAsync' returns JSON as 'CtorMismatch', but the constructor parameter 'fullName' of 'CtorMismatch' binds to no public property or field (System.Text.Json needs one named 'FullName', ignoring case, of the parameter's type), so System.Text.Json cannot create it; add a public parameterless constructor, keep a single public constructor, or mark one [JsonConstructor]",
            "PG0014 Error 'Task<List<CtorMismatch>>': Method 'ListAsync' returns JSON as 'List<CtorMismatch>', but each item of it is 'CtorMismatch', and the constructor parameter 'fullName' of 'CtorMismatch' binds to no public property or field (System.Text.Json needs one named 'FullName', ignoring case, of the parameter's type), so System.Text.Json cannot create it; add a public parameterless constructor, keep a single public constructor, or mark one [JsonConstructor]",
        }, d);
    }

    [Fact]
    public async Task TaskOfObjectIsAnyJsonAllowedWithoutStrictMode()
    {
        var d = await Diagnose($$"""
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] {{Q}} Task<object> ObjLooseAsync(string q, {{Ct}});
            {{Q}} Task<object> ObjStrictAsync(string q, {{Ct}});
            {{Q}} Task<System.Text.Json.JsonElement> ElementStrictAsync(string q, {{Ct}});
            {{Q}} Task<dynamic> DynamicAsync(string q, {{Ct}});
            """);

        Assert.Equal(new[]
        {
            "PG0050 Error 'Task<object>': The reply of 'ObjStrictAsync' cannot be described in json_schema strict mode: the reply is 'object', which can hold any JSON and json_schema strict mode cannot describe; give it a concrete type, or use [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]",
            "PG0050 Error 'Task<System.Text.Json.JsonElement>': The reply of 'ElementStrictAsync' cannot be described in json_schema strict mode: the reply is 'JsonElement', which can hold any JSON and json_schema strict mode cannot describe; give it a concrete type, or use [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]",
            "PG0002 Error 'Task<dynamic>': Method 'DynamicAsync' returns 'Task<dynamic>', which PromptGen cannot produce; return Task<string>, Task<T>, ValueTask<T>, Task<ChatResult<T>>, Task<IReadOnlyList<T>> (with [Choices] above 1), IAsyncEnumerable<string>, IAsyncEnumerable<T>, ChatStream<T> or PartialStream<T>; 'dynamic' is read as object, so the caller's dynamic calls would fail at run time: return a type of your own (a record with properties), or Task<object> with [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)] for any JSON (read as a JsonElement)",
        }, d);
    }
}
