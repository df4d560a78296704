using BenchmarkDotNet.Attributes;
using PromptGen.Benchmarks.Calls;

namespace PromptGen.Benchmarks.Images;

/// <summary>A prompt with one image parameter, written by the generator as in an application.</summary>
public partial interface IVisionBench
{
    [UserPrompt("What is in this picture?")]
    Task<string> DescribeAsync(ImageInput photo, CancellationToken cancellationToken = default);
}

/// <summary>
/// One call with an image of <see cref="Megabytes"/> MB, over the in-memory handler (which reads the whole body): the
/// generated client with <see cref="ImageInput.FromBytes"/>, whose base64 is encoded straight into the pooled body,
/// against the same call with the <c>data:</c> URI built as a string first (<c>Convert.ToBase64String</c>, then
/// <c>ChatContentPart.FromImage</c>), the way one would without <see cref="ImageInput"/>. Allocated bytes are the point:
/// compare them with the image size.
/// </summary>
[MemoryDiagnoser]
public class ImageRequestBenchmarks
{
    private ChatClient _chat = null!;
    private IVisionBench _vision = null!;
    private byte[] _image = [];

    [Params(1, 5)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = new byte[Megabytes * 1024 * 1024];
        new Random(16).NextBytes(_image);
        var http = new HttpClient(new CannedHandler(Canned.TextCompletion, Canned.Json));
        _chat = new ChatClient(http, new ChatClientOptions { BaseUrl = new Uri("http://bench.local/v1"), ApiKey = "bench", Model = "gpt-4o-mini" });
        _vision = new IVisionBench.Client(_chat);
        if (DataUriString().GetAwaiter().GetResult() != Canned.Answer || ImageInputBytes().GetAwaiter().GetResult() != Canned.Answer)
        {
            throw new InvalidOperationException("A contender returned the wrong answer.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _chat.Dispose();

    [Benchmark(Baseline = true, Description = "data: URI as a string")]
    public async Task<string> DataUriString()
    {
        var url = "data:image/png;base64," + Convert.ToBase64String(_image);
        var request = new ChatRequest { Messages = { ChatMessage.User(ChatContentPart.FromText("What is in this picture?"), ChatContentPart.FromImage(url)) } };
        var completion = await _chat.CompleteAsync(request).ConfigureAwait(false);
        return completion.Choices[0].Message!.Content!;
    }

    [Benchmark(Description = "ImageInput.FromBytes")]
    public Task<string> ImageInputBytes() => _vision.DescribeAsync(ImageInput.FromBytes(_image, "image/png"));
}
