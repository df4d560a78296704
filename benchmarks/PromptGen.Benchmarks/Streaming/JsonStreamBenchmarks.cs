using System.Text;
using BenchmarkDotNet.Attributes;

namespace PromptGen.Benchmarks.Streaming;

/// <summary>
/// The cost of one chunk of a streamed items reply (issue 17) at chunk 10 and at chunk 10,000 of the same long reply:
/// a reader brought to chunk <see cref="Chunk"/> once is forked, and the next 100 chunks are fed to the fork and their
/// items taken out. The reader reads each token once (<c>Utf8JsonReader</c> over the new bytes, resumed from its
/// <c>JsonReaderState</c>) and holds only the item being received, so both rows should match; a parser that re-read the
/// received text per chunk would be about 1,000 times slower at chunk 10,000. Per chunk (OperationsPerInvoke = 100).
/// </summary>
[MemoryDiagnoser]
public class JsonStreamBenchmarks
{
    private const int Window = 100;

    private string[] _pieces = [];
    private JsonItemReader? _reader;

    /// <summary>Which chunk the measured window starts at.</summary>
    [Params(10, 10_000)]
    public int Chunk { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // 4,000 items of about 70 bytes, cut into 7-character pieces (about one token each): 40,000 chunks.
        var reply = new StringBuilder("{\"items\":[");
        for (var i = 0; i < 4_000; i++)
        {
            reply.Append(i == 0 ? "" : ",").Append("{\"name\":\"Person ").Append(i).Append(" é\",\"age\":").Append(i % 90).Append(",\"tags\":[\"a\",\"b\"]}");
        }

        reply.Append("]}");
        var text = reply.ToString();
        _pieces = Enumerable.Range(0, (text.Length + 6) / 7).Select(i => text.Substring(i * 7, Math.Min(7, text.Length - (i * 7)))).ToArray();
        _reader = new JsonItemReader();
        for (var i = 0; i < Chunk; i++)
        {
            _reader.Append(_pieces[i]);
            while (_reader.TryReadItem(out _))
            {
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _reader?.Dispose();

    [Benchmark(OperationsPerInvoke = Window, Description = "Items stream: one chunk")]
    public int NextChunks()
    {
        using var reader = _reader!.Fork();
        var items = 0;
        for (var i = Chunk; i < Chunk + Window; i++)
        {
            reader.Append(_pieces[i]);
            while (reader.TryReadItem(out var item))
            {
                items += item.Length > 0 ? 1 : 0;
            }
        }

        return items > 0 ? items : throw new InvalidOperationException("No item completed in 100 chunks: the benchmark's reply is wrong.");
    }
}
