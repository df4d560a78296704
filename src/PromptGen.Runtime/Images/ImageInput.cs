using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Text;

namespace PromptGen;

/// <summary>
/// An image for the model to look at. A prompt method's parameter of this type (or a list or array of them) is sent as
/// <c>image_url</c> content parts of the user message, after the rendered text, in parameter order:
/// <code>
/// [UserPrompt("What is in this picture?")]
/// Task&lt;string&gt; DescribeAsync(ImageInput photo, CancellationToken cancellationToken = default);
///
/// await client.DescribeAsync(ImageInput.FromFile("cat.png"));
/// </code>
/// An image is immutable and may be sent any number of times. Bytes are kept as given (not copied) and encoded as base64
/// straight into each request body; they must not change while a request is being written.
/// </summary>
public sealed class ImageInput
{
    /// <summary>A <c>data:</c> URI longer than this is shortened wherever it is shown (never in a request body).</summary>
    internal const int DisplayLimit = 100;

    private const int DisplayPrefix = 64;

    private ImageInput(Uri? url, ReadOnlyMemory<byte> data, string? mediaType, ImageDetail? detail)
    {
        Url = url;
        Data = data;
        MediaType = mediaType;
        Detail = detail;
    }

    /// <summary>The image's address when it was given by URL; <see langword="null"/> for an image given as bytes.</summary>
    public Uri? Url { get; }

    /// <summary>The encoded image (PNG, JPEG, …) when it was given as bytes or a file; empty for an image given by URL.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The media type of <see cref="Data"/> (<c>image/png</c>, …); <see langword="null"/> for an image given by URL.</summary>
    public string? MediaType { get; }

    /// <summary>
    /// The resolution the model sees, or <see langword="null"/> to leave it to an <see cref="ImageDetailAttribute"/> on
    /// the parameter or method, else to the server (OpenAI's default is <c>auto</c>).
    /// </summary>
    public ImageDetail? Detail { get; }

    /// <summary>An image the server downloads from <paramref name="url"/>.</summary>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URI, or a <c>data:image/…</c> URI; sent as <see cref="Uri.AbsoluteUri"/>.</param>
    /// <param name="detail">The resolution the model sees; <see langword="null"/> leaves it to the attribute or the server.</param>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is relative, has another scheme, or is a <c>data:</c> URI whose media type is not <c>image/…</c>.</exception>
    public static ImageInput FromUrl(Uri url, ImageDetail? detail = null)
    {
        if (url is null)
        {
            throw new ArgumentNullException(nameof(url));
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps && url.Scheme != "data"))
        {
            throw new ArgumentException(
                $"An image URL must be an absolute http, https or data: URI, but got '{Shorten(url.OriginalString)}'. For a file on this machine use ImageInput.FromFile(path).",
                nameof(url));
        }

        if (url.Scheme == "data" && DataMediaType(url.OriginalString) is var media && !IsImageMediaType(media))
        {
            throw new ArgumentException(
                $"A data: URI for an image must carry an image media type (data:image/png;base64,…), but got '{(media.Length == 0 ? "(no media type)" : media)}' in '{Shorten(url.OriginalString)}'. For image bytes use ImageInput.FromBytes(bytes, \"image/png\").",
                nameof(url));
        }

        CheckDetail(detail, nameof(detail));
        return new ImageInput(url, default, null, detail);
    }

    /// <summary>
    /// An image given as its encoded bytes, sent as <c>data:{mediaType};base64,…</c>. The bytes are not copied: they are
    /// encoded into each request body as it is written, with no base64 string in between.
    /// </summary>
    /// <param name="data">The encoded image (for example the contents of a PNG file), not base64.</param>
    /// <param name="mediaType">Its media type: <c>image/png</c>, <c>image/jpeg</c>, <c>image/gif</c>, <c>image/webp</c>, or any other <c>image/…</c> type the server accepts.</param>
    /// <param name="detail">The resolution the model sees; <see langword="null"/> leaves it to the attribute or the server.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, or <paramref name="mediaType"/> is not an <c>image/…</c> media type.</exception>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> data, string mediaType, ImageDetail? detail = null)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("The image has no bytes. Pass the encoded image (for example the contents of a PNG file).", nameof(data));
        }

        if (!IsImageMediaType(mediaType))
        {
            throw new ArgumentException(
                $"'{mediaType}' is not an image media type. Pass one such as \"image/png\", \"image/jpeg\", \"image/gif\" or \"image/webp\".",
                nameof(mediaType));
        }

        CheckDetail(detail, nameof(detail));
        return new ImageInput(null, data, mediaType, detail);
    }

    /// <summary>
    /// An image read from a file now (the whole file, once), sent as a <c>data:</c> URI. The media type comes from the
    /// extension: <c>.png</c>, <c>.jpg</c>/<c>.jpeg</c>, <c>.gif</c> or <c>.webp</c> — the formats OpenAI accepts.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <param name="detail">The resolution the model sees; <see langword="null"/> leaves it to the attribute or the server.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">The extension names no image format PromptGen knows; use <see cref="FromBytes"/> with the media type.</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    /// <exception cref="ArgumentException">The file is empty.</exception>
    public static ImageInput FromFile(string path, ImageDetail? detail = null)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        var extension = Path.GetExtension(path);
        var mediaType = MediaTypeOf(extension) ?? throw new NotSupportedException(
            $"Cannot tell the image format of '{path}' from its extension '{extension}': PromptGen knows .png, .jpg, .jpeg, .gif and .webp. " +
            "Rename the file, or read it yourself and call ImageInput.FromBytes(bytes, mediaType).");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new ArgumentException($"The image file '{path}' is empty.", nameof(path));
        }

        CheckDetail(detail, nameof(detail));
        return new ImageInput(null, bytes, mediaType, detail);
    }

    /// <summary>The media type for a file extension (with its dot, any case), or <see langword="null"/> when PromptGen does not know it.</summary>
    public static string? MediaTypeOf(string? extension) => extension?.ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => null,
    };

    /// <summary>
    /// The <c>image_url</c> content part for this image. <paramref name="fallbackDetail"/> (from an
    /// <see cref="ImageDetailAttribute"/>) applies when the image sets no <see cref="Detail"/> of its own.
    /// </summary>
    public ChatContentPart ToContentPart(ImageDetail? fallbackDetail = null)
    {
        var image = Url is { } url ? new ChatImageUrl { Url = url.AbsoluteUri } : new ChatImageUrl(Data, MediaType!);
        image.Detail = DetailText(Detail ?? fallbackDetail);
        return new ChatContentPart { Type = "image_url", ImageUrl = image };
    }

    /// <summary>The image for display: its URL (a long <c>data:</c> URI shortened), or its media type and size.</summary>
    public override string ToString() =>
        Url is { } url ? Shorten(url.OriginalString) : $"{MediaType}, {Data.Length} bytes";

    /// <summary>The wire name of a detail level: <c>auto</c>, <c>low</c>, <c>high</c>, or <see langword="null"/>.</summary>
    internal static string? DetailText(ImageDetail? detail) => detail switch
    {
        null => null,
        ImageDetail.Low => "low",
        ImageDetail.High => "high",
        _ => "auto",
    };

    /// <summary>The detail level a wire name means, or <see langword="null"/> for none or an unknown name.</summary>
    internal static ImageDetail? ParseDetail(string? text) => text switch
    {
        "auto" => ImageDetail.Auto,
        "low" => ImageDetail.Low,
        "high" => ImageDetail.High,
        _ => null,
    };

    /// <summary>The whole <c>data:</c> URI of <paramref name="data"/> as a string (only where a caller asks for one).</summary>
    internal static string DataUri(string mediaType, ReadOnlySpan<byte> data)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DataUriLength(mediaType, data.Length));
        try
        {
            var length = WriteDataUri(buffer, mediaType, data);
            return Encoding.ASCII.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>How many characters the <c>data:</c> URI of <paramref name="dataLength"/> bytes has.</summary>
    internal static int DataUriLength(string mediaType, int dataLength) =>
        "data:".Length + mediaType.Length + ";base64,".Length + Base64.GetMaxEncodedToUtf8Length(dataLength);

    /// <summary>Writes <c>data:{mediaType};base64,{data}</c> as ASCII into <paramref name="destination"/>; returns the bytes written.</summary>
    internal static int WriteDataUri(Span<byte> destination, string mediaType, ReadOnlySpan<byte> data)
    {
        var written = WriteAscii(destination, "data:");
        written += WriteAscii(destination.Slice(written), mediaType);
        written += WriteAscii(destination.Slice(written), ";base64,");
        Base64.EncodeToUtf8(data, destination.Slice(written), out _, out var encoded);
        return written + encoded;
    }

    /// <summary>An image URL for display: a <c>data:</c> URI over <see cref="DisplayLimit"/> characters cut to its start and its length.</summary>
    internal static string Shorten(ChatImageUrl image)
    {
        if (image.Data is not { } data)
        {
            return Shorten(image.Url);
        }

        var length = DataUriLength(image.MediaType!, data.Length);
        if (length <= DisplayLimit)
        {
            return image.Url;
        }

        // Only the first bytes are encoded: enough for the shown prefix, never the whole image.
        var head = data.Span.Slice(0, Math.Min(data.Length, DisplayPrefix));
        var prefix = DataUri(image.MediaType!, head);
        return Shortened(prefix.Substring(0, Math.Min(prefix.Length, DisplayPrefix)), length);
    }

    /// <summary>A URL for display: a <c>data:</c> URI over <see cref="DisplayLimit"/> characters cut to its start and its length.</summary>
    internal static string Shorten(string url) =>
        url.Length > DisplayLimit && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? Shortened(url.Substring(0, DisplayPrefix), url.Length)
            : UrlText.Show(url); // credentials in an image URL are shown as [redacted]@

    private static string Shortened(string prefix, int length) => prefix + "…[" + length + " chars]";

    private static int WriteAscii(Span<byte> destination, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }

    private static void CheckDetail(ImageDetail? detail, string parameterName)
    {
        if (detail is { } value && value is not (ImageDetail.Auto or ImageDetail.Low or ImageDetail.High))
        {
            throw new ArgumentException($"{(int)value} is not an ImageDetail: use Auto, Low or High.", parameterName);
        }
    }

    /// <summary>
    /// <c>image/</c> followed by a subtype of RFC 6838's restricted-name characters: letters, digits and <c>!#$&amp;-^_.+</c>.
    /// Nothing else is allowed, so the media type can go into the body with no JSON escaping.
    /// </summary>
    // The media type of "data:{type}[;param…],{data}": the text after "data:" up to the first ';' or ','.
    private static string DataMediaType(string uri)
    {
        var start = uri.IndexOf(':') + 1;
        var end = uri.IndexOfAny(new[] { ';', ',' }, start);
        return (end < 0 ? uri.Substring(start) : uri.Substring(start, end - start)).Trim();
    }

    private static bool IsImageMediaType(string? mediaType)
    {
        const string Prefix = "image/";
        if (mediaType is null || mediaType.Length <= Prefix.Length || mediaType.Length > 127
            || !mediaType.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (var i = Prefix.Length; i < mediaType.Length; i++)
        {
            var c = mediaType[i];
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$&-^_.+".IndexOf(c) >= 0))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The resolution at which the model sees an image (<c>image_url.detail</c>).</summary>
public enum ImageDetail
{
    /// <summary><c>auto</c>: the model chooses (OpenAI's default).</summary>
    Auto,

    /// <summary><c>low</c>: a 512×512 version at a fixed small token cost; faster and cheaper.</summary>
    Low,

    /// <summary><c>high</c>: the full image in tiles, for fine detail; more tokens.</summary>
    High,
}

/// <summary>
/// The detail level of the images of a parameter (on the parameter), or of every image parameter of a method or
/// interface. An <see cref="ImageInput"/> that sets its own <see cref="ImageInput.Detail"/> keeps it; the parameter's
/// attribute wins over the method's, the method's over the interface's.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class ImageDetailAttribute : Attribute
{
    /// <summary>Sets the detail level.</summary>
    public ImageDetailAttribute(ImageDetail detail) => Detail = detail;

    /// <summary>The detail level.</summary>
    public ImageDetail Detail { get; }
}
