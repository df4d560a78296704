using System.Text;
using PromptGen.TestServer;

namespace PromptGen.Runtime.Tests.Transport;

/// <summary>Shared pieces of the transport tests: options pointed at a <see cref="LoopbackServer"/>, recorded waits, canned bodies.</summary>
internal static class TransportFixtures
{
    public const string ApiKey = "sk-test-key";

    public const string CompletionJson =
        """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-test","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";

    /// <summary>Options that read no environment variables and talk to <paramref name="server"/>.</summary>
    public static ChatClientOptions Options(LoopbackServer server, RecordedWaits? waits = null) => new(static _ => null)
    {
        BaseUrl = server.BaseUrl,
        ApiKey = ApiKey,
        Model = "gpt-test",
        Retry = (waits ?? new RecordedWaits()).Policy,
    };

    public static ChatRequest Hello(string? model = null) => new() { Model = model, Messages = { ChatMessage.User("Hi") } };

    /// <summary>A streamed chunk with one choice whose delta carries <paramref name="content"/>.</summary>
    public static string Chunk(string content, string? finish = null) =>
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":" + (finish is null ? "null" : "\"" + finish + "\"") + "}]}";

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The folder with the recorded bodies copied from the shared reference (found from the test's output folder up to the repository).</summary>
    public static string Recording(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "PromptGen.Runtime.Tests", "Transport", "Recordings", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Recording '{name}' not found above {AppContext.BaseDirectory}.");
    }

    public static async Task<List<ChatCompletionChunk>> ReadAllAsync(IAsyncEnumerable<ChatCompletionChunk> chunks)
    {
        var list = new List<ChatCompletionChunk>();
        await foreach (var chunk in chunks)
        {
            list.Add(chunk);
        }

        return list;
    }
}

/// <summary>A retry policy that records the waits instead of sleeping, with the jitter pinned.</summary>
internal sealed class RecordedWaits
{
    private readonly List<TimeSpan> _waits = new();

    public RecordedWaits(double jitter = 1.0)
    {
        Policy = new RetryPolicy
        {
            Delay = (wait, _) =>
            {
                lock (_waits)
                {
                    _waits.Add(wait);
                }

                return Task.CompletedTask;
            },
            Jitter = () => jitter,
        };
    }

    public RetryPolicy Policy { get; }

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return _waits.ToArray();
            }
        }
    }
}
