using System.Buffers.Binary;
using Xunit;

namespace PromptGen.Runtime.Tests.Budget;

/// <summary>
/// Image parts are counted by OpenAI's published vision pricing from the image's size, read from the header of a real
/// (tiny, hand-built) PNG, JPEG, GIF or WebP: low detail the base tokens, high (and auto) 512 px tiles after scaling,
/// patch models 32 px patches times their multiplier; an image of unknown size (an http URL) at the most it can cost.
/// </summary>
public sealed class ImageTokenTests
{
    public static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8; // bit depth; colour type, compression, filter, interlace 0; then a CRC the reader does not need
        bytes[25] = 2;
        return bytes;
    }

    public static byte[] Gif(int width, int height)
    {
        var bytes = new byte[13];
        "GIF89a"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return bytes;
    }

    /// <summary>A JPEG header: SOI, a JFIF APP0, an APP1 of <paramref name="exifBytes"/> (EXIF sits there), then the SOF0 frame header.</summary>
    public static byte[] Jpeg(int width, int height, int exifBytes = 0)
    {
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
        if (exifBytes > 0)
        {
            bytes.AddRange(new byte[] { 0xFF, 0xE1, (byte)((exifBytes + 2) >> 8), (byte)(exifBytes + 2) });
            bytes.AddRange(new byte[exifBytes]);
        }

        bytes.AddRange(new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 });
        bytes.AddRange(new byte[] { 0xFF, 0xD9 });
        return bytes.ToArray();
    }

    public static byte[] WebP(int width, int height, char kind)
    {
        var bytes = new byte[30];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 22);
        "WEBP"u8.CopyTo(bytes.AsSpan(8));
        "VP8"u8.CopyTo(bytes.AsSpan(12));
        bytes[15] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 10);
        switch (kind)
        {
            case ' ': // frame tag (3 bytes), start code 9D 01 2A, 14-bit width and height
                bytes[23] = 0x9D;
                bytes[24] = 0x01;
                bytes[25] = 0x2A;
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), (ushort)width);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), (ushort)height);
                break;
            case 'L': // signature 2F, then width-1 and height-1 in 14 bits each
                bytes[20] = 0x2F;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(21), (uint)(width - 1) | ((uint)(height - 1) << 14));
                break;
            default: // 'X': flags, 3 reserved bytes, canvas width-1 and height-1 in 24 bits each
                bytes[24] = (byte)(width - 1);
                bytes[25] = (byte)((width - 1) >> 8);
                bytes[26] = (byte)((width - 1) >> 16);
                bytes[27] = (byte)(height - 1);
                bytes[28] = (byte)((height - 1) >> 8);
                bytes[29] = (byte)((height - 1) >> 16);
                break;
        }

        return bytes;
    }

    private static string DataUri(string mediaType, byte[] bytes) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";

    private static int Count(string url, string? detail, string model = "gpt-4o") =>
        OpenAITokenCounter.CountImage(new ChatImageUrl { Url = url, Detail = detail }, model);

    public static TheoryData<string, string, byte[]> Formats => new()
    {
        { "PNG", "image/png", Png(1024, 1024) },
        { "GIF", "image/gif", Gif(1024, 1024) },
        { "JPEG", "image/jpeg", Jpeg(1024, 1024) },
        { "JPEG after a 3000-byte EXIF segment", "image/jpeg", Jpeg(1024, 1024, exifBytes: 3000) },
        { "WebP lossy (VP8)", "image/webp", WebP(1024, 1024, ' ') },
        { "WebP lossless (VP8L)", "image/webp", WebP(1024, 1024, 'L') },
        { "WebP extended (VP8X)", "image/webp", WebP(1024, 1024, 'X') },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void EachFormatsSizeIsReadFromItsHeader(string format, string mediaType, byte[] image)
    {
        // OpenAI's worked example: 1024 × 1024 at high detail is scaled to 768 × 768, 4 tiles: 85 + 4 × 170 = 765.
        Assert.Equal(765, Count(DataUri(mediaType, image), "high"));
        Assert.Equal(765, OpenAITokenCounter.CountImage(new ChatImageUrl(image, mediaType) { Detail = "high" }, "gpt-4o")); // bytes, no data: URI
        Assert.Equal(85, Count(DataUri(mediaType, image), "low"));
        Assert.NotNull(format);
    }

    [Theory]
    [InlineData(2048, 4096, "high", 1105)] // OpenAI's example: 1024 × 2048 to fit 2048, then 768 × 1536: 6 tiles
    [InlineData(4096, 8192, "low", 85)] // OpenAI's example: low detail costs the base whatever the size
    [InlineData(1920, 1080, "high", 1105)] // 1365 × 768: 3 × 2 tiles
    [InlineData(1920, 1080, "auto", 1105)] // auto is counted as high, so a budget is never short
    [InlineData(1920, 1080, null, 1105)]
    [InlineData(512, 512, "high", 255)] // not enlarged: 1 tile
    [InlineData(513, 100, "high", 425)] // 2 × 1 tiles
    [InlineData(100, 3000, "high", 765)] // fit into 2048 first: 68 × 2048, 1 × 4 tiles
    public void HighDetailCountsTilesAfterScaling(int width, int height, string? detail, int tokens)
    {
        Assert.Equal(tokens, Count(DataUri("image/png", Png(width, height)), detail));
    }

    [Theory]
    [InlineData("gpt-4o-mini", 2833 + (4 * 5667))]
    [InlineData("gpt-4o-mini-2024-07-18", 2833 + (4 * 5667))]
    [InlineData("o3", 75 + (4 * 150))]
    [InlineData("o1", 75 + (4 * 150))]
    [InlineData("gpt-5", 70 + (4 * 140))]
    [InlineData("gpt-4.1", 85 + (4 * 170))]
    [InlineData("openai/gpt-4o", 85 + (4 * 170))]
    [InlineData("llama3.2-vision", 85 + (4 * 170))] // a model OpenAI does not price: counted as gpt-4o
    [InlineData("gpt-4.1-mini", 1659)] // patches: 32 × 32 = 1024, × 1.62 = 1658.88, rounded up
    [InlineData("gpt-4.1-nano", 2520)] // 1024 × 2.46 = 2519.04
    [InlineData("o4-mini", 1762)] // 1024 × 1.72 = 1761.28
    public void EachModelHasItsOwnPrice(string model, int tokens)
    {
        Assert.Equal(tokens, Count(DataUri("image/png", Png(1024, 1024)), "high", model));
    }

    [Fact]
    public void APatchModelScalesALargeImageToAtMost1536Patches()
    {
        // OpenAI's example: 1800 × 2400 is 57 × 75 = 4275 patches, scaled to 1056 × 1408: 33 × 44 = 1452; × 1.62 = 2352.24.
        Assert.Equal(2353, Count(DataUri("image/png", Png(1800, 2400)), "low", "gpt-4.1-mini"));
    }

    [Theory]
    [InlineData("https://example.invalid/chart.png", "high", "gpt-4o", 85 + (8 * 170))]
    [InlineData("https://example.invalid/chart.png", "auto", "gpt-4o", 85 + (8 * 170))]
    [InlineData("https://example.invalid/chart.png", "low", "gpt-4o", 85)]
    [InlineData("https://example.invalid/chart.png", "high", "gpt-4o-mini", 2833 + (8 * 5667))]
    [InlineData("https://example.invalid/chart.png", null, "gpt-4.1-mini", 2489)] // 1536 × 1.62 = 2488.32
    [InlineData("data:image/png;base64,AAAAAAAAAAAAAAAA", "high", "gpt-4o", 85 + (8 * 170))] // not an image header
    [InlineData("data:image/png;base64,@@@@", "high", "gpt-4o", 85 + (8 * 170))] // not base64
    public void AnImageOfUnknownSizeCostsTheMostItCan(string url, string? detail, string model, int tokens)
    {
        Assert.Equal(tokens, Count(url, detail, model));
    }

    [Fact]
    public void AMessageCountsItsImageForTheModelItIsSentTo()
    {
        var counter = new OpenAITokenCounter();
        var message = ChatMessage.User(ChatContentPart.FromText("What is in this picture?"), ChatContentPart.FromImage(DataUri("image/png", Png(1024, 1024)), "high"));
        var text = 3 + OpenAITokenCounter.CountText("user", "gpt-4o") + OpenAITokenCounter.CountText("What is in this picture?", "gpt-4o");

        Assert.Equal(text + 765, counter.CountMessage(message, "gpt-4o"));
        Assert.Equal(text + 25501, counter.CountMessage(message, "gpt-4o-mini")); // same encoding, another price: not the cached count
        Assert.Equal(text + 765, counter.CountMessage(message, "gpt-4o"));
    }
}
