using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace PromptGen.Runtime.Tests.Wire;

/// <summary>
/// Golden-file assertions for the runtime tests. A golden is a file under <c>tests/PromptGen.Runtime.Tests/Goldens/</c>
/// (copied to the output directory by the csproj). On a mismatch the actual text is written beside the golden in the
/// source tree as <c>&lt;name&gt;.received.&lt;ext&gt;</c> (git-ignored) and the test fails with a line diff.
/// With <c>PROMPTGEN_ACCEPT=1</c> the received text replaces the golden instead and the test passes.
/// </summary>
internal static class Golden
{
    private const string AcceptVariable = "PROMPTGEN_ACCEPT";
    private const int ContextLines = 3;

    /// <summary>Asserts that <paramref name="actual"/> equals the golden <paramref name="name"/> (line endings aside).</summary>
    /// <param name="name">The golden's file name relative to <c>Goldens/</c>, for example <c>request.seed.json</c>.</param>
    /// <param name="actual">The text produced by the code under test.</param>
    public static void Verify(string name, string actual) =>
        Verify(name, actual, SourceGoldensDirectory(), Path.Combine(AppContext.BaseDirectory, "Goldens"), Environment.GetEnvironmentVariable(AcceptVariable) == "1");

    /// <summary>The comparison itself, with the directories and the accept switch given (for the helper's own tests).</summary>
    internal static void Verify(string name, string actual, string sourceDirectory, string outputDirectory, bool accept)
    {
        actual = Normalize(actual);
        var sourcePath = Path.Combine(sourceDirectory, name);
        var outputPath = Path.Combine(outputDirectory, name);
        var expectedPath = File.Exists(sourcePath) ? sourcePath : outputPath;
        var expected = File.Exists(expectedPath) ? Normalize(File.ReadAllText(expectedPath, Encoding.UTF8)) : null;
        var receivedPath = ReceivedPath(sourcePath);

        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        File.WriteAllText(receivedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var message = new StringBuilder();
        message.Append(expected is null ? "Golden file is missing: " : "Golden file differs: ").AppendLine(sourcePath);
        message.Append("Received text written to: ").AppendLine(receivedPath);
        message.Append("Review it, then rename it over the golden or rerun with ").Append(AcceptVariable).AppendLine("=1.");
        if (expected is not null)
        {
            message.AppendLine("--- golden").AppendLine("+++ received");
            message.Append(Diff(expected, actual));
        }

        throw new XunitException(message.ToString());
    }

    /// <summary>Pretty-prints JSON with two-space indentation and <c>\n</c> line ends, keeping property order; strings are escaped as the wire escapes them (only what JSON requires).</summary>
    public static string PrettyJson(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray());
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A minimal line diff (longest common subsequence) with a few lines of context around each change.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        // Walk the table into (kind, text, golden line number) entries: ' ' same, '-' golden only, '+' received only.
        var lines = new List<(char Kind, string Text, int Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x], x + 1));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add(('-', a[x], x + 1));
                x++;
            }
            else
            {
                lines.Add(('+', b[y], x + 1));
                y++;
            }
        }

        // Print every line within ContextLines of a change; a header marks each gap.
        var show = new bool[lines.Count];
        for (var k = 0; k < lines.Count; k++)
        {
            if (lines[k].Kind != ' ')
            {
                for (var m = Math.Max(0, k - ContextLines); m <= Math.Min(lines.Count - 1, k + ContextLines); m++)
                {
                    show[m] = true;
                }
            }
        }

        var output = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            if (!show[k])
            {
                continue;
            }

            if (k == 0 || !show[k - 1])
            {
                output.Append("@@ golden line ").Append(lines[k].Line).AppendLine(" @@");
            }

            output.Append(lines[k].Kind).Append(' ').AppendLine(lines[k].Text);
        }

        return output.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string ReceivedPath(string goldenPath)
    {
        var extension = Path.GetExtension(goldenPath);
        return Path.Combine(Path.GetDirectoryName(goldenPath)!, Path.GetFileNameWithoutExtension(goldenPath) + ".received" + extension);
    }

    /// <summary>
    /// <c>tests/PromptGen.Runtime.Tests/Goldens</c> in the source tree: found from this file's compile-time path, or, when the
    /// assembly was built elsewhere, by walking up from the output directory to the test project's folder.
    /// </summary>
    internal static string SourceGoldensDirectory([CallerFilePath] string thisFile = "")
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "..", "Goldens"));
        if (File.Exists(Path.Combine(Path.GetDirectoryName(fromSource)!, "PromptGen.Runtime.Tests.csproj")))
        {
            return fromSource;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PromptGen.Runtime.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, "Goldens");
            }
        }

        throw new InvalidOperationException("Cannot locate tests/PromptGen.Runtime.Tests/Goldens in the source tree.");
    }
}
