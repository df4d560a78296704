using System.Text;
using System.Text.Json;
using Xunit;

namespace PromptGen.Runtime.Tests.Streaming;

public class JsonItemReaderTests
{
    // Escapes (\" \u00e9 and a surrogate pair as \ud83d\ude00), literal multi-byte UTF-8 (é, 😀, 中), nesting, numbers at a piece's end.
    private const string Reply = """
        {"items": [ {"name":"Zo\u00eb \"Z\"","tags":["a","b"],"n":12},
          {"name":"é😀中","tags":[],"n":-3.5e2},
          {"name":"\ud83d\ude00 done","tags":["x\\y"],"n":0} ] , "note": {"items": [1]} }
        """;

    private static readonly string[] Expected =
    {
        """{"name":"Zo\u00eb \"Z\"","tags":["a","b"],"n":12}""",
        """{"name":"é😀中","tags":[],"n":-3.5e2}""",
        """{"name":"\ud83d\ude00 done","tags":["x\\y"],"n":0}""",
    };

    [Fact]
    public void EveryByteBoundaryAndPieceSizeGivesTheSameItems()
    {
        var bytes = Encoding.UTF8.GetBytes(Reply);
        for (var size = 1; size <= bytes.Length; size++)
        {
            using var reader = new JsonItemReader();
            var items = new List<string>();
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                reader.AppendUtf8(bytes.AsSpan(offset, Math.Min(size, bytes.Length - offset)));
                while (reader.TryReadItem(out var item))
                {
                    items.Add(Encoding.UTF8.GetString(item));
                }
            }

            Assert.Equal(Expected, items);
            Assert.True(reader.IsComplete, $"piece size {size}");
        }
    }

    [Fact]
    public void TextSplitAtEveryCharacterIncludingInsideSurrogatePairsGivesTheSameItems()
    {
        for (var size = 1; size <= 7; size++)
        {
            using var reader = new JsonItemReader();
            var items = new List<string>();
            for (var offset = 0; offset < Reply.Length; offset += size)
            {
                // Substring may end on a high surrogate: the reader's encoder keeps it for the next piece.
                reader.Append(Reply.Substring(offset, Math.Min(size, Reply.Length - offset)));
                while (reader.TryReadItem(out var item))
                {
                    items.Add(Encoding.UTF8.GetString(item));
                }
            }

            Assert.Equal(Expected, items);
        }
    }

    [Fact]
    public void AnItemIsHandedOutWhenItsClosingBraceArrivesNotWhenTheArrayEnds()
    {
        using var reader = new JsonItemReader();
        reader.Append("""{"items":[{"a":1}""");
        Assert.True(reader.TryReadItem(out var first));
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(first));
        Assert.False(reader.TryReadItem(out _));
        reader.Append(""",{"a":""");
        Assert.False(reader.TryReadItem(out _));
        reader.Append("2}");
        Assert.True(reader.TryReadItem(out var second));
        Assert.Equal("""{"a":2}""", Encoding.UTF8.GetString(second));
        Assert.False(reader.IsComplete);
        reader.Append("]}");
        Assert.False(reader.TryReadItem(out _));
        Assert.True(reader.IsComplete);
        Assert.Equal(2, reader.Count);
    }

    [Fact]
    public void ScalarItemsCompleteAtTheTokenAfterThem()
    {
        using var reader = new JsonItemReader();
        var items = new List<string>();
        foreach (var piece in new[] { "{\"items\":[1", "2", ",\"b", "c\",tr", "ue,nul", "l]}" })
        {
            reader.Append(piece);
            while (reader.TryReadItem(out var item))
            {
                items.Add(Encoding.UTF8.GetString(item));
            }
        }

        Assert.Equal(new[] { "12", "\"bc\"", "true", "null" }, items);
    }

    [Fact]
    public void EmptyArrayBareArrayAndCodeFence()
    {
        using (var empty = new JsonItemReader())
        {
            empty.Append("""{"items":[]}""");
            Assert.False(empty.TryReadItem(out _));
            Assert.True(empty.IsComplete);
        }

        using (var bare = new JsonItemReader())
        {
            bare.Append("[{\"a\":1}]");
            Assert.True(bare.TryReadItem(out var item));
            Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(item));
            Assert.False(bare.TryReadItem(out _));
            Assert.True(bare.IsComplete);
        }

        using var fenced = new JsonItemReader();
        fenced.Append("```js");
        Assert.False(fenced.TryReadItem(out _));
        fenced.Append("on\n{\"items\":[{\"a\":1}]}\n```");
        Assert.True(fenced.TryReadItem(out _));
        Assert.False(fenced.TryReadItem(out _));
        Assert.True(fenced.IsComplete);
    }

    [Fact]
    public void NoItemsArrayIsNotComplete()
    {
        using var reader = new JsonItemReader();
        reader.Append("""{"people":[{"a":1}]}""");
        Assert.False(reader.TryReadItem(out _));
        Assert.True(reader.RootEnded);
        Assert.False(reader.IsComplete);
    }

    [Fact]
    public void InvalidJsonAndWrongShapesThrowJsonException()
    {
        using var invalid = new JsonItemReader();
        invalid.Append("""{"items":[{"a":1,,""");
        Assert.ThrowsAny<JsonException>(() => invalid.TryReadItem(out _));

        using var text = new JsonItemReader();
        text.Append("I'm sorry");
        Assert.ThrowsAny<JsonException>(() => text.TryReadItem(out _));

        using var scalar = new JsonItemReader();
        scalar.Append("""{"items":5}""");
        var exception = Assert.ThrowsAny<JsonException>(() => scalar.TryReadItem(out _));
        Assert.Equal("The reply's \"items\" must be an array, but it is a number", exception.Message);
    }

    [Theory]
    [InlineData("42", false, "The reply must be a JSON object with an \"items\" array ({\"items\": [ … ]}), but it is a number")]
    [InlineData("  -1", false, "The reply must be a JSON object with an \"items\" array ({\"items\": [ … ]}), but it is a number")]
    [InlineData("```json\n \"x\"", false, "The reply must be a JSON object with an \"items\" array ({\"items\": [ … ]}), but it is a string")]
    [InlineData("[1]", true, "The reply must be a JSON object, but it is an array")]
    [InlineData("nope", true, "The reply must be a JSON object, but it is text that is not JSON")]
    [InlineData("nu", true, "The reply must be a JSON object, but it is null")]
    public void ARootOfTheWrongShapeIsReportedAtItsFirstByte(string text, bool properties, string message)
    {
        using var reader = new JsonItemReader(properties);
        reader.Append(text);

        var exception = Assert.Throws<JsonShapeException>(() => reader.TryReadItem(out _));
        Assert.Equal(message, exception.Message);
    }

    [Theory]
    [InlineData(false, "{\"items\":[]}", " garbage", "The reply has more after its JSON object (the one with \"items\"), where nothing may follow")]
    [InlineData(true, "{\"a\":1}", "}", "The reply has more after its JSON object, where nothing may follow")]
    public void AnythingAfterTheRootButWhitespaceOrAClosingFenceIsReported(bool properties, string root, string rest, string message)
    {
        using var reader = new JsonItemReader(properties);
        reader.Append(root);
        while (reader.TryReadItem(out _))
        {
        }

        reader.Append(" \n```\n");
        Assert.False(reader.TryReadItem(out _));
        reader.Append(rest);
        var exception = Assert.Throws<JsonShapeException>(() => reader.TryReadItem(out _));
        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void TheBufferHoldsOnlyTheItemBeingReceived()
    {
        using var reader = new JsonItemReader();
        reader.Append("{\"items\":[");
        var item = "{\"name\":\"" + new string('x', 200) + "\"}";
        for (var i = 0; i < 10_000; i++)
        {
            reader.Append(item + ",");
            Assert.True(reader.TryReadItem(out _));
        }

        // 10,000 items of 211 bytes went through; what is held is bounded by the buffer's first size, not the reply's.
        Assert.True(reader.Held < 8192, $"held {reader.Held} bytes");
        Assert.Equal(10_000, reader.Count);
    }

    [Fact]
    public void PropertyModeHandsOutEachRootPropertyWhenItsValueCompletes()
    {
        using var reader = new JsonItemReader(properties: true);
        var seen = new List<string>();
        foreach (var piece in new[] { "{\"product\":\"Ke", "ttle\",\"stars\":4", ",\"tags\":[\"a\",{\"b\":", "1}],\"mood\":nu", "ll}" })
        {
            reader.Append(piece);
            while (reader.TryReadItem(out var value))
            {
                seen.Add(reader.PropertyName + "=" + Encoding.UTF8.GetString(value));
            }
        }

        Assert.Equal(new[] { "product=\"Kettle\"", "stars=4", "tags=[\"a\",{\"b\":1}]", "mood=null" }, seen);
        Assert.True(reader.RootEnded);
    }
}
