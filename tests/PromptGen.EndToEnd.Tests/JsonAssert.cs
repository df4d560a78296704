using System.Text.Json.Nodes;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

internal static class JsonAssert
{
    /// <summary>Asserts two JSON texts are the same JSON: every property and value, arrays in order (object property order aside).</summary>
    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(expectedNode, actualNode))
        {
            var options = new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            Assert.Equal(expectedNode?.ToJsonString(options), actualNode?.ToJsonString(options));
        }
    }
}
