using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace PromptGen.Tests.Schema;

/// <summary>
/// References to the running .NET's own assemblies, for tests that compile types, load them and let the real
/// System.Text.Json read them (so .NET 9+ attributes such as [JsonStringEnumMemberName] are real, unlike in the
/// net8.0 reference assemblies the diagnostics harness compiles against).
/// </summary>
internal static class RunningDotNet
{
    /// <summary>The running .NET's System assemblies (and its core library).</summary>
    public static readonly ImmutableArray<MetadataReference> System =
        Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System*.dll")
            .Append(typeof(object).Assembly.Location)
            .Where(IsManaged)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>Every managed assembly of the running .NET, and the PromptGen runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> WithPromptGen =
        Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll")
            .Where(IsManaged)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(ChatClient).Assembly.Location))
            .ToImmutableArray();

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
