using System;
using System.Buffers.Binary;

namespace PromptGen;

/// <summary>
/// What an image part costs in prompt tokens, by OpenAI's published vision pricing ("Calculating costs" in the images and
/// vision guide), and the size of an image read from its header alone.
/// </summary>
/// <remarks>
/// <para>
/// Tile models (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1, o3 and every model not named below): <c>low</c> detail costs the
/// model's base tokens; <c>high</c> (and <c>auto</c> or none, counted as <c>high</c> so that a budget is never short) scales
/// the image to fit a 2048 × 2048 square, then so that its shortest side is at most 768 px (images are only scaled down,
/// never enlarged), and costs the base plus the tile tokens for each 512 px tile that covers it. Base and tile tokens:
/// gpt-4o, gpt-4.1, gpt-4.5 and others 85 and 170; gpt-4o-mini 2833 and 5667; o1 and o3 75 and 150; gpt-5 70 and 140.
/// </para>
/// <para>
/// Patch models (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano) cost one token per 32 px patch that covers
/// the image, at most 1536 (a larger image is scaled down to fit 1536 patches), times the model's multiplier (1.62, 2.46,
/// 1.72, 1.62, 2.46), rounded up; the detail does not change it.
/// </para>
/// <para>
/// The size is read from the image's header (PNG, JPEG, GIF, WebP) without decoding it: from the bytes of an image
/// given as bytes, or from the start of a base64 <c>data:</c> URI. An image whose size is not known — an <c>http(s)</c>
/// URL, which is never fetched, or bytes in another format — is counted at the most an image can cost in the model: 8
/// tiles for a tile model (768 × 2048 after scaling: 1445 tokens for gpt-4o at <c>high</c>; the base at <c>low</c>), 1536
/// patches for a patch model. A budget that overestimates drops a turn early; one that underestimates lets the call fail.
/// </para>
/// </remarks>
internal static class ImageTokenCount
{
    private const int TileSize = 512;
    private const int MaxTilesAfterScaling = 8; // 768 × 2048: 2 × 4 tiles
    private const int PatchSize = 32;
    private const int MaxPatches = 1536;

    // Longest prefixes first: the first that a model id starts with wins.
    private static readonly (string Prefix, int Base, int Tile)[] TileModels =
    {
        ("gpt-4o-mini", 2833, 5667),
        ("gpt-5-chat", 70, 140),
        ("gpt-5", 70, 140),
        ("o1", 75, 150),
        ("o3", 75, 150),
    };

    private static readonly (string Prefix, double Multiplier)[] PatchModels =
    {
        ("gpt-4.1-mini", 1.62),
        ("gpt-4.1-nano", 2.46),
        ("gpt-5-mini", 1.62),
        ("gpt-5-nano", 2.46),
        ("o4-mini", 1.72),
    };

    /// <summary>The tokens of an image of <paramref name="width"/> × <paramref name="height"/> px (null when unknown) at <paramref name="detail"/>.</summary>
    public static int Count(int? width, int? height, string? detail, string model)
    {
        if (Patches(model) is { } multiplier)
        {
            var patches = width is { } w && height is { } h ? PatchCount(w, h) : MaxPatches;
            return (int)Math.Ceiling(patches * multiplier);
        }

        var (baseTokens, tileTokens) = Tiles(model);
        if (string.Equals(detail, "low", StringComparison.OrdinalIgnoreCase))
        {
            return baseTokens;
        }

        var tiles = width is { } x && height is { } y ? TileCount(x, y) : MaxTilesAfterScaling;
        return baseTokens + (tiles * tileTokens);
    }

    /// <summary>The 512 px tiles of an image at <c>high</c> detail, after scaling into 2048 × 2048 and to a shortest side of at most 768.</summary>
    public static int TileCount(int width, int height)
    {
        double w = width, h = height;
        if (w > 2048 || h > 2048)
        {
            var fit = 2048 / Math.Max(w, h);
            w = Math.Floor(w * fit);
            h = Math.Floor(h * fit);
        }

        if (Math.Min(w, h) > 768)
        {
            var shrink = 768 / Math.Min(w, h);
            w = Math.Floor(w * shrink);
            h = Math.Floor(h * shrink);
        }

        return (int)(Math.Ceiling(w / TileSize) * Math.Ceiling(h / TileSize));
    }

    /// <summary>The 32 px patches that cover an image, at most 1536 (a larger image scaled down, as OpenAI's guide says).</summary>
    public static int PatchCount(int width, int height)
    {
        double w = width, h = height;
        var raw = Math.Ceiling(w / PatchSize) * Math.Ceiling(h / PatchSize);
        if (raw <= MaxPatches)
        {
            return (int)raw;
        }

        var r = Math.Sqrt(PatchSize * PatchSize * MaxPatches / (w * h));
        r *= Math.Min(Math.Floor(w * r / PatchSize) / (w * r / PatchSize), Math.Floor(h * r / PatchSize) / (h * r / PatchSize));
        var patches = Math.Ceiling(Math.Floor(w * r) / PatchSize) * Math.Ceiling(Math.Floor(h * r) / PatchSize);
        return (int)Math.Min(patches, MaxPatches);
    }

    private static (int Base, int Tile) Tiles(string model)
    {
        var id = Id(model);
        foreach (var (prefix, baseTokens, tile) in TileModels)
        {
            if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return (baseTokens, tile);
            }
        }

        return (85, 170);
    }

    private static double? Patches(string model)
    {
        var id = Id(model);
        foreach (var (prefix, multiplier) in PatchModels)
        {
            if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return multiplier;
            }
        }

        return null;
    }

    private static string Id(string? model)
    {
        var id = model ?? "";
        var slash = id.LastIndexOf('/');
        return slash >= 0 ? id.Substring(slash + 1) : id;
    }

    /// <summary>The size of the image <paramref name="image"/> holds, from its bytes or its <c>data:</c> URI; false when unknown.</summary>
    public static bool TrySize(ChatImageUrl image, out int width, out int height)
    {
        if (image.Data is { } data)
        {
            return ImageHeader.TryReadSize(data.Span, out width, out height);
        }

        width = height = 0;
        var url = image.Url;
        const string Base64 = ";base64,";
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var start = url.IndexOf(Base64, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return false;
        }

        start += Base64.Length;

        // A header is in the first bytes, except a JPEG's, whose size comes after its metadata segments (EXIF up to 64 KB):
        // decode at most 96 KB of base64 (72 KB of image), never the whole of a large image.
        var length = Math.Min(url.Length - start, 96 * 1024) & ~3;
        try
        {
            var bytes = Convert.FromBase64String(url.Substring(start, length));
            return ImageHeader.TryReadSize(bytes, out width, out height);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Reads an image's width and height from its header, without decoding it: PNG, JPEG, GIF and WebP.</summary>
internal static class ImageHeader
{
    public static bool TryReadSize(ReadOnlySpan<byte> bytes, out int width, out int height)
    {
        width = height = 0;

        // PNG: the signature, then the IHDR chunk: width and height as big-endian 32-bit numbers at 16 and 20.
        if (bytes.Length >= 24 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G'
            && bytes[12] == (byte)'I' && bytes[13] == (byte)'H' && bytes[14] == (byte)'D' && bytes[15] == (byte)'R')
        {
            return Sized((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(20)), out width, out height);
        }

        // GIF: "GIF87a" or "GIF89a", then the logical screen's width and height, little-endian 16-bit.
        if (bytes.Length >= 10 && bytes[0] == (byte)'G' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F' && bytes[3] == (byte)'8')
        {
            return Sized(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(6)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(8)), out width, out height);
        }

        // WebP: "RIFF" size "WEBP", then a VP8, VP8L or VP8X chunk.
        if (bytes.Length >= 30 && bytes[0] == (byte)'R' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F' && bytes[3] == (byte)'F'
            && bytes[8] == (byte)'W' && bytes[9] == (byte)'E' && bytes[10] == (byte)'B' && bytes[11] == (byte)'P'
            && bytes[12] == (byte)'V' && bytes[13] == (byte)'P' && bytes[14] == (byte)'8')
        {
            switch (bytes[15])
            {
                case (byte)' ': // lossy: after the frame tag and start code (9D 01 2A), 14-bit width and height
                    return bytes[23] == 0x9D && bytes[24] == 0x01 && bytes[25] == 0x2A
                        && Sized(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(26)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(28)) & 0x3FFF, out width, out height);
                case (byte)'L': // lossless: signature 2F, then width-1 and height-1 in 14 bits each
                    if (bytes[20] != 0x2F)
                    {
                        return false;
                    }

                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(21));
                    return Sized((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1, out width, out height);
                case (byte)'X': // extended: canvas width-1 and height-1, 24-bit little-endian, at 24 and 27
                    return Sized(Read24(bytes.Slice(24)) + 1, Read24(bytes.Slice(27)) + 1, out width, out height);
                default:
                    return false;
            }
        }

        // JPEG: SOI, then segments until a start-of-frame marker (C0–CF but C4, C8, CC), which holds height then width.
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            var at = 2;
            while (at + 9 <= bytes.Length)
            {
                if (bytes[at] != 0xFF)
                {
                    return false;
                }

                var marker = bytes[at + 1];
                if (marker == 0xFF)
                {
                    at++; // fill byte
                    continue;
                }

                if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
                {
                    at += 2; // markers without a length
                    continue;
                }

                if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
                {
                    return Sized(BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 5)), out width, out height);
                }

                if (marker is 0xD9 or 0xDA)
                {
                    return false; // the end, or the image data, before any frame header
                }

                at += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 2));
            }
        }

        return false;
    }

    private static int Read24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static bool Sized(int width, int height, out int w, out int h)
    {
        w = width;
        h = height;
        return width > 0 && height > 0;
    }
}
