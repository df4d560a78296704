using System.Runtime.CompilerServices;
using Xunit;

namespace PromptGen.Tests.Generator;

/// <summary>
/// Golden files under tests/PromptGen.Tests/Goldens. A mismatch writes <c>X.received.ext</c> beside <c>X.verified.ext</c>
/// and fails with the first differing line; PROMPTGEN_ACCEPT=1 accepts received files instead.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Goldens");
        var extension = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name);
        var verified = Path.GetFullPath(Path.Combine(directory, stem + ".verified" + extension));
        var received = Path.GetFullPath(Path.Combine(directory, stem + ".received" + extension));
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("PROMPTGEN_ACCEPT") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        if (expected is null)
        {
            Assert.Fail($"No golden file {verified}; wrote {received}. Review it and rerun with PROMPTGEN_ACCEPT=1 to accept.");
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail($"{Path.GetFileName(verified)} differs at line {line + 1}:\n  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end>")}\n  actual:   {(line < actualLines.Length ? actualLines[line] : "<end>")}\nWrote {received}; rerun with PROMPTGEN_ACCEPT=1 to accept.");
    }
}
