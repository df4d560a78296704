using PromptGen.Generator.Templates;
using Xunit;

namespace PromptGen.Tests.Templates;

public class TemplateNamesTests
{
    private static readonly string[] s_parameters = { "topic", "maxWords", "order", "customerName", "id", "Items" };

    [Theory]
    [InlineData("topc", "topic")] // deletion
    [InlineData("topics", "topic")] // insertion
    [InlineData("tpoic", "topic")] // swap of neighbours
    [InlineData("Topic", "topic")] // case only
    [InlineData("TOPIC", "topic")]
    [InlineData("maxWord", "maxWords")]
    [InlineData("max_words", "maxWords")] // 2 edits on 9 characters
    [InlineData("MaxWords", "maxWords")]
    [InlineData("customername", "customerName")]
    [InlineData("custName", null)] // too far
    [InlineData("ID", "id")] // short names: case only
    [InlineData("ix", null)]
    [InlineData("x", null)]
    [InlineData("items", "Items")]
    [InlineData("question", null)]
    [InlineData("", null)]
    public void Suggests_the_closest_candidate_within_a_threshold(string name, string? expected)
    {
        Assert.Equal(expected, TemplateNames.Suggest(name, s_parameters));
    }

    [Fact]
    public void Prefers_the_smallest_distance_then_the_best_case_match_then_ordinal_order()
    {
        Assert.Equal("name", TemplateNames.Suggest("nam", new[] { "names", "name" }));
        Assert.Equal("Name", TemplateNames.Suggest("Nme", new[] { "name", "Name" }));
        Assert.Equal("Name", TemplateNames.Suggest("Nme", new[] { "Name", "name" }));
        Assert.Equal("cart", TemplateNames.Suggest("caqt", new[] { "cast", "cart" }));
        Assert.Equal("cart", TemplateNames.Suggest("caqt", new[] { "cart", "cast" }));
    }

    [Fact]
    public void Ignores_empty_and_null_inputs()
    {
        Assert.Null(TemplateNames.Suggest("topic", Array.Empty<string>()));
        Assert.Null(TemplateNames.Suggest("topic", null!));
        Assert.Equal("topic", TemplateNames.Suggest("topc", new[] { "", null!, "topic" }));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("ab", "ba", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("ABC", "abc", 0)]
    public void Distance(string a, string b, int expected)
    {
        Assert.Equal(expected, TemplateNames.Distance(a, b, ignoreCase: true));
        Assert.Equal(expected, TemplateNames.Distance(b, a, ignoreCase: true));
    }
}
