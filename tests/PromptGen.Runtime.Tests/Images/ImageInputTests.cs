using System.Text.Json;
using PromptGen.Telemetry;
using PromptGen.Testing;
using Xunit;

namespace PromptGen.Runtime.Tests.Images;

/// <summary>
/// <see cref="ImageInput"/>: the exact <c>image_url</c> JSON for URL, bytes and file images, the errors for bad input,
/// how <see cref="PromptImages"/> attaches them, and that a large <c>data:</c> URI is shortened only for display.
/// </summary>
public class ImageInputTests
{
    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0xFE, 0xFF };

    private static string Body(params ChatContentPart[] parts) =>
        new ChatRequest { Model = "m", Messages = { ChatMessage.User(parts) } }.ToJson();

    [Fact]
    public void AUrlImageIsWrittenAsItsAbsoluteUriWithTheDetail()
    {
        var image = ImageInput.FromUrl(new Uri("https://example.com/cat photo.png?size=large"), ImageDetail.Low);

        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"https://example.com/cat%20photo.png?size=large","detail":"low"}}]}]}""",
            Body(ChatContentPart.FromText("What is it?"), image.ToContentPart()));
    }

    [Fact]
    public void BytesAreWrittenAsABase64DataUri()
    {
        var image = ImageInput.FromBytes(Png, "image/png");

        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAf7/"}}]}]}""",
            Body(image.ToContentPart()));
        Assert.Equal("data:image/png;base64,iVBORw0KGgoAAf7/", image.ToContentPart().ImageUrl!.Url);
        Assert.Equal("image/png, 12 bytes", image.ToString());
    }

    [Theory]
    [InlineData(".png", "image/png")]
    [InlineData(".JPG", "image/jpeg")]
    [InlineData(".jpeg", "image/jpeg")]
    [InlineData(".gif", "image/gif")]
    [InlineData(".webp", "image/webp")]
    public void AFileIsReadOnceAndItsMediaTypeComesFromTheExtension(string extension, string mediaType)
    {
        var path = Path.Combine(Path.GetTempPath(), "promptgen-image-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, Png);
        try
        {
            var image = ImageInput.FromFile(path, ImageDetail.High);
            File.Delete(path); // read at creation: the request no longer needs the file

            Assert.Equal(
                $$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:{{{mediaType}}};base64,iVBORw0KGgoAAf7/","detail":"high"}}]}]}""",
                Body(image.ToContentPart()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileWithAnUnknownExtensionIsANotSupportedExceptionSayingWhatToDo()
    {
        var error = Assert.Throws<NotSupportedException>(() => ImageInput.FromFile("scans/page1.bmp"));

        Assert.Equal(
            "Cannot tell the image format of 'scans/page1.bmp' from its extension '.bmp': PromptGen knows .png, .jpg, .jpeg, .gif and .webp. Rename the file, or read it yourself and call ImageInput.FromBytes(bytes, mediaType).",
            error.Message);
    }

    [Fact]
    public void AMissingFileIsAFileNotFoundExceptionAndAnEmptyOneAnArgumentException()
    {
        Assert.Throws<FileNotFoundException>(() => ImageInput.FromFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png")));

        var path = Path.Combine(Path.GetTempPath(), "promptgen-empty-" + Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(path, Array.Empty<byte>());
        try
        {
            var error = Assert.Throws<ArgumentException>(() => ImageInput.FromFile(path));
            Assert.Equal($"The image file '{path}' is empty. (Parameter 'path')", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("image/")]
    [InlineData("image/png\"")]
    [InlineData("image/png; charset=x")]
    public void AMediaTypeThatIsNoImageTypeIsRejected(string mediaType)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(Png, mediaType));

        Assert.Equal($"'{mediaType}' is not an image media type. Pass one such as \"image/png\", \"image/jpeg\", \"image/gif\" or \"image/webp\". (Parameter 'mediaType')", error.Message);
    }

    [Fact]
    public void NoBytesARelativeUrlAnotherSchemeAndAnUndefinedDetailAreRejected()
    {
        Assert.Equal("The image has no bytes. Pass the encoded image (for example the contents of a PNG file). (Parameter 'data')",
            Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(ReadOnlyMemory<byte>.Empty, "image/png")).Message);
        Assert.Equal("An image URL must be an absolute http, https or data: URI, but got 'cat.png'. For a file on this machine use ImageInput.FromFile(path). (Parameter 'url')",
            Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(new Uri("cat.png", UriKind.Relative))).Message);
        Assert.Equal("An image URL must be an absolute http, https or data: URI, but got 'ftp://example.com/cat.png'. For a file on this machine use ImageInput.FromFile(path). (Parameter 'url')",
            Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(new Uri("ftp://example.com/cat.png"))).Message);
        Assert.Equal("9 is not an ImageDetail: use Auto, Low or High. (Parameter 'detail')",
            Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(Png, "image/png", (ImageDetail)9)).Message);
        Assert.Throws<ArgumentNullException>(() => ImageInput.FromUrl(null!));
    }

    [Theory]
    [InlineData("data:text/plain,hello", "text/plain", "data:text/plain,hello")]
    [InlineData("data:text/html;base64,PGI+aGk8L2I+", "text/html", "data:text/html;base64,PGI+aGk8L2I+")]
    [InlineData("data:,hello", "(no media type)", "data:,hello")]
    [InlineData("data:;base64,aGk=", "(no media type)", "data:;base64,aGk=")]
    public void ADataUriThatIsNoImageIsRejectedNamingItsMediaType(string uri, string received, string shown)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(new Uri(uri)));

        Assert.Equal($"A data: URI for an image must carry an image media type (data:image/png;base64,…), but got '{received}' in '{shown}'. For image bytes use ImageInput.FromBytes(bytes, \"image/png\"). (Parameter 'url')", error.Message);
    }

    [Theory]
    [InlineData("file:///tmp/cat.png")]
    [InlineData("mailto:cat@example.com")]
    [InlineData("javascript:alert(1)")]
    public void ASchemeOtherThanHttpHttpsOrDataIsRejectedNamingTheUrl(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(new Uri(uri)));

        Assert.Equal($"An image URL must be an absolute http, https or data: URI, but got '{uri}'. For a file on this machine use ImageInput.FromFile(path). (Parameter 'url')", error.Message);
    }

    [Fact]
    public void ADataUriWithAnImageMediaTypeInAnyCaseIsAccepted()
    {
        Assert.Equal("data:IMAGE/PNG;base64,iVBO", ImageInput.FromUrl(new Uri("data:IMAGE/PNG;base64,iVBO")).ToContentPart().ImageUrl!.Url);
        Assert.Equal("data:image/svg+xml;base64,PHN2Zy8+", ImageInput.FromUrl(new Uri("data:image/svg+xml;base64,PHN2Zy8+")).ToContentPart().ImageUrl!.Url);
    }

    [Fact]
    public void TheImagesOwnDetailWinsOverTheAttributesAndNoneSendsNone()
    {
        Assert.Equal("high", ImageInput.FromBytes(Png, "image/png", ImageDetail.High).ToContentPart(ImageDetail.Low).ImageUrl!.Detail);
        Assert.Equal("low", ImageInput.FromBytes(Png, "image/png").ToContentPart(ImageDetail.Low).ImageUrl!.Detail);
        Assert.Equal("auto", ImageInput.FromBytes(Png, "image/png", ImageDetail.Auto).ToContentPart().ImageUrl!.Detail);
        Assert.Null(ImageInput.FromBytes(Png, "image/png").ToContentPart().ImageUrl!.Detail);
    }

    [Fact]
    public void PromptImagesPutsTheTextFirstThenTheImagesInOrderAndSaysWhichArgumentIsNull()
    {
        var first = ImageInput.FromUrl(new Uri("https://example.com/1.png"));
        var parts = PromptImages.Start("Compare.", 2);
        PromptImages.Add(parts, first, "first", ImageDetail.High, optional: false);
        PromptImages.AddRange(parts, new[] { ImageInput.FromBytes(Png, "image/gif") }, "more", null, optional: false);
        PromptImages.Add(parts, null, "extra", null, optional: true);
        PromptImages.AddRange(parts, null, "others", null, optional: true);

        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Compare."},{"type":"image_url","image_url":{"url":"https://example.com/1.png","detail":"high"}},{"type":"image_url","image_url":{"url":"data:image/gif;base64,iVBORw0KGgoAAf7/"}}]}]}""",
            new ChatRequest { Model = "m", Messages = { PromptImages.User(parts) } }.ToJson());

        var missing = Assert.Throws<ArgumentNullException>(() => PromptImages.Add(parts, null, "photo", null, optional: false));
        Assert.Equal("The image 'photo' is null. Pass an ImageInput, or declare the parameter 'ImageInput?' to make it optional. (Parameter 'photo')", missing.Message);
        var hole = Assert.Throws<ArgumentException>(() => PromptImages.AddRange(parts, new ImageInput?[] { first, null }, "pages", null, optional: false));
        Assert.Equal("Image 1 of 'pages' is null. Leave it out of the list instead. (Parameter 'pages')", hole.Message);
    }

    [Fact]
    public async Task AFiveMegabyteImageIsWholeInTheBodyAndShortenedOnlyForDisplay()
    {
        var bytes = new byte[5 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        var base64 = Convert.ToBase64String(bytes);
        var transport = new ScriptedTransport().Reply("a cat");
        var request = new ChatRequest { Messages = { PromptImages.User(AddImage(PromptImages.Start("What is it?", 2), bytes)) } };

        await transport.CompleteAsync(request);

        var body = transport.Requests[0].Body;
        Assert.Equal(
            """{"model":"test-model","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,""" + base64 + "\"}}]}]}",
            body);
        Assert.Equal(body.Replace("\"model\":\"test-model\",", ""), request.ToJson());

        var uriLength = "data:image/png;base64,".Length + base64.Length;
        var shown = $"data:image/png;base64,{base64.Substring(0, 64 - 22)}…[{uriLength} chars]";
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":""" + "\"" + shown + "\"}}]}]}",
            request.ToString());
        Assert.Equal(shown, request.Messages[0].Content!.Parts![1].ImageUrl!.ToString());
        Assert.Equal("#0 " + """{"model":"test-model","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":""" + "\"" + shown + "\"}}]}]}",
            transport.Requests[0].ToString());

        static List<ChatContentPart> AddImage(List<ChatContentPart> parts, byte[] bytes)
        {
            PromptImages.Add(parts, ImageInput.FromBytes(bytes, "image/png"), "photo", null, optional: false);
            return parts;
        }
    }

    [Fact]
    public void AShortDataUriIsShownWholeAndALongUrlDataUriIsShortened()
    {
        var small = ImageInput.FromBytes(Png, "image/png").ToContentPart().ImageUrl!;
        Assert.Equal("data:image/png;base64,iVBORw0KGgoAAf7/", small.ToString());

        var longUri = "data:image/png;base64," + new string('A', 200);
        var image = ImageInput.FromUrl(new Uri(longUri));
        Assert.Equal("data:image/png;base64," + new string('A', 42) + "…[222 chars]", image.ToString());
        Assert.Equal(longUri, image.ToContentPart().ImageUrl!.Url);
    }

    [Fact]
    public void AnImagePartReadsBackFromJsonAsAUrl()
    {
        var json = Body(ImageInput.FromBytes(Png, "image/png", ImageDetail.Low).ToContentPart());
        var request = JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatRequest)!;

        var image = request.Messages[0].Content!.Parts![0].ImageUrl!;
        Assert.Equal("data:image/png;base64,iVBORw0KGgoAAf7/", image.Url);
        Assert.Equal("low", image.Detail);
        Assert.Null(image.Data);
        Assert.Equal(json, request.ToJson());
    }
}

/// <summary>Captured request content (log event 7) shows a large image's <c>data:</c> URI shortened, never 7 MB of base64.</summary>
public class ImageTelemetryTests
{
    [Fact]
    public async Task TheCapturedRequestContentShortensTheDataUri()
    {
        var logs = new CapturingLoggerFactory();
        var telemetry = new ChatTelemetry(new ChatTelemetryOptions { LoggerFactory = logs, CaptureContent = true });
        var transport = telemetry.Instrument(new ScriptedTransport().Reply("a cat"));
        var bytes = new byte[300];
        var parts = PromptImages.Start("What is it?", 2);
        PromptImages.Add(parts, ImageInput.FromBytes(bytes, "image/png"), "photo", null, optional: false);

        await transport.CompleteAsync(new ChatRequest { Model = "m", Messages = { PromptImages.User(parts) } });

        Assert.Contains(
            """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…[422 chars]"}}]}]}""",
            logs.Messages);
    }

    private sealed class CapturingLoggerFactory : Microsoft.Extensions.Logging.ILoggerFactory, Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Messages { get; } = new();

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 7 && state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                Messages.AddRange(values.Where(v => v.Value is string).Select(v => (string)v.Value!));
            }
        }
    }
}
