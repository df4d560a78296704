using System.Text;
using PromptGen.Testing;
using PromptGen.TestServer;
using Xunit;

[assembly: PromptFake(typeof(PromptGen.EndToEnd.Tests.IVision))]

namespace PromptGen.EndToEnd.Tests;

/// <summary>A prompt interface with image parameters, compiled by the real generator.</summary>
[SystemPrompt("You describe pictures.")]
public partial interface IVision
{
    [UserPrompt("What is in {{ label }}?")]
    [ImageDetail(ImageDetail.Low)]
    Task<string> DescribeAsync(string label, ImageInput photo, ImageInput? extra = null, CancellationToken cancellationToken = default);

    Task<string> CompareAsync(string question, IReadOnlyList<ImageInput> pages, CancellationToken cancellationToken = default);

    [UserPrompt("Tell a story about the picture.")]
    IAsyncEnumerable<string> StoryAsync([ImageDetail(ImageDetail.High)] ImageInput photo, CancellationToken cancellationToken = default);
}

/// <summary>
/// Image parameters end to end: the exact bodies the loopback server receives for URL, bytes and file images, a server
/// without vision answering as llama.cpp does, the generated fake recording the image, and the request builder.
/// </summary>
public class ImageTests
{
    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0xFE, 0xFF };

    /// <summary>
    /// The body llama-server (b5129) sends when the loaded model has no vision projector, as quoted in
    /// ggml-org/llama.cpp#12947: HTTP 500, the exception text with the offending messages appended.
    /// </summary>
    private const string LlamaCppNoVision = """{"error":{"code":500,"message":"Failed to parse messages: Unsupported content part type: \"image_url\"; messages = [\n  {\n    \"role\": \"user\",\n    \"content\": [\n      {\n        \"type\": \"text\",\n        \"text\": \"PLS  desc this pic?\"\n      },\n      {\n        \"type\": \"image_url\",\n        \"image_url\": {\n          \"url\": \"data:image/png;base64,iVBORw0KGgoxxxxxxxxTkSuQmCC\"\n        }\n      }\n    ]\n  }\n]","type":"server_error"}}""";

    [Fact]
    public async Task AUrlImageAndABytesImageFollowTheTextInParameterOrder()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("A cat on a mat."));
        IVision vision = new IVision.Client(harness.Client);

        var answer = await vision.DescribeAsync("the photo", ImageInput.FromUrl(new Uri("https://example.com/cat.jpg")), ImageInput.FromBytes(Png, "image/png", ImageDetail.High));

        Assert.Equal("A cat on a mat.", answer);
        Assert.Equal(
            """{"model":"default-model","messages":[{"role":"system","content":"You describe pictures."},{"role":"user","content":[{"type":"text","text":"What is in the photo?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"low"}},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAf7/","detail":"high"}}]}]}""",
            harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task AFileImageIsSentAsADataUriAndAListKeepsItsOrder()
    {
        var path = Path.Combine(Path.GetTempPath(), "promptgen-e2e-" + Guid.NewGuid().ToString("N") + ".webp");
        File.WriteAllBytes(path, Png);
        try
        {
            await using var harness = await Harness.StartAsync();
            harness.Server.Enqueue(Harness.Completion("The same."));
            IVision vision = new IVision.Client(harness.Client);

            await vision.CompareAsync("Are these the same?", new[] { ImageInput.FromFile(path), ImageInput.FromUrl(new Uri("https://example.com/b.png"), ImageDetail.Auto) });

            Assert.Equal(
                """{"model":"default-model","messages":[{"role":"system","content":"You describe pictures."},{"role":"user","content":[{"type":"text","text":"Are these the same?"},{"type":"image_url","image_url":{"url":"data:image/webp;base64,iVBORw0KGgoAAf7/"}},{"type":"image_url","image_url":{"url":"https://example.com/b.png","detail":"auto"}}]}]}""",
                harness.Server.Requests[0].BodyText);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AStreamedCallCarriesTheImageWithTheParametersDetail()
    {
        await using var harness = await Harness.StartAsync(options => options.IncludeStreamUsage = false);
        harness.Server.Enqueue(Reply.Sse()
            .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Once"},"finish_reason":null}]}""")
            .Data("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")
            .Done());
        IVision vision = new IVision.Client(harness.Client);

        var text = new StringBuilder();
        await foreach (var delta in vision.StoryAsync(ImageInput.FromUrl(new Uri("https://example.com/fox.png"))))
        {
            text.Append(delta);
        }

        Assert.Equal("Once", text.ToString());
        Assert.Equal(
            """{"model":"default-model","messages":[{"role":"system","content":"You describe pictures."},{"role":"user","content":[{"type":"text","text":"Tell a story about the picture."},{"type":"image_url","image_url":{"url":"https://example.com/fox.png","detail":"high"}}]}],"stream":true}""",
            harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task AServerWithoutVisionIsATypedChatApiExceptionWithItsMessage()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Reply.Json(LlamaCppNoVision, status: 500));
        IVision vision = new IVision.Client(harness.Client);

        var error = await Assert.ThrowsAsync<ChatApiException>(() => vision.DescribeAsync("this", ImageInput.FromBytes(Png, "image/png")));

        Assert.Equal(500, error.StatusCode);
        Assert.StartsWith("Failed to parse messages: Unsupported content part type: \"image_url\"; messages = [", error.ErrorMessage);
        Assert.Equal("server_error", error.ErrorType);
        Assert.Equal("500", error.ErrorCode);
        Assert.Equal(LlamaCppNoVision, error.RawBody);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task TheGeneratedFakeRecordsTheImageArguments()
    {
        var fake = new FakeVision();
        fake.DescribeAsync.Returns(call => $"{call.Label}: {call.Photo} + {call.Extra?.ToString() ?? "none"}");
        IVision vision = fake;
        var photo = ImageInput.FromBytes(Png, "image/png");

        Assert.Equal("it: image/png, 12 bytes + none", await vision.DescribeAsync("it", photo));
        Assert.Same(photo, Assert.Single(fake.DescribeAsync.Calls).Photo);
    }

    [Fact]
    public void TheRequestBuilderShowsTheParts()
    {
        var request = IVision.Client.CreateDescribeAsyncRequest("it", ImageInput.FromUrl(new Uri("https://example.com/a.png")));

        Assert.Equal(
            """{"messages":[{"role":"system","content":"You describe pictures."},{"role":"user","content":[{"type":"text","text":"What is in it?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]}]}""",
            request.ToJson());
        Assert.Equal(request.ToJson(), request.ToString());
    }

    [Fact]
    public void ANullImageForANonNullableParameterNamesTheParameter()
    {
        var error = Assert.Throws<ArgumentNullException>(() => IVision.Client.CreateDescribeAsyncRequest("it", null!));

        Assert.Equal("photo", error.ParamName);
    }
}
