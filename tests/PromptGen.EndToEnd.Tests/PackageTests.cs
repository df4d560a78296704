using PromptGen.TestServer;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

/// <summary>
/// Packs the one PromptGen package, references it from a fresh console project (PromptGen from the packed folder
/// alone), builds it — which runs the packaged generator — and runs it against the loopback server.
/// </summary>
public class PackageTests
{
    [Fact]
    public async Task FreshConsoleProjectBuildsAndRunsWithTheOnePackage()
    {
        var root = Path.Combine(Path.GetTempPath(), "promptgen-package-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(root, "feed");
        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(app);
        try
        {
            await RunAsync("dotnet", $"pack \"{RuntimeProject()}\" -c Release -o \"{feed}\" -p:Version=0.1.0-packagetest", ChildProcess.RepositoryRoot());

            var package = Assert.Single(Directory.GetFiles(feed, "PromptGen.*.nupkg"));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
                Assert.Contains("analyzers/dotnet/cs/PromptGen.Generator.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/PromptGen.CodeFixes.dll", entries);
                Assert.Contains("lib/netstandard2.0/PromptGen.Runtime.dll", entries);
                Assert.Contains("lib/net8.0/PromptGen.Runtime.dll", entries);
            }

            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="PromptGen" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <RestorePackagesPath>{Path.Combine(root, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="PromptGen" Version="0.1.0-packagetest" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using PromptGen;

                using var client = new ChatClient(new ChatClientOptions { BaseUrl = new Uri(args[0]), ApiKey = "sk-package", Model = "gpt-package" });
                IGreeter greeter = new IGreeter.Client(client);
                Console.WriteLine("Reply: " + await greeter.GreetAsync("Ada"));

                [PromptClient]
                public partial interface IGreeter
                {
                    [UserPrompt("Greet {{ name }} in one word.")]
                    Task<string> GreetAsync(string name, CancellationToken cancellationToken = default);
                }
                """);

            await RunAsync("dotnet", "build -c Release", app);

            await using var server = await LoopbackServer.StartAsync();
            server.Enqueue(Harness.Completion("Hello!"));
            var output = await RunAsync("dotnet", $"run -c Release --no-build -- {server.BaseUrl}", app);

            Assert.Contains("Reply: Hello!", output);
            JsonAssert.Equal("""{"model":"gpt-package","messages":[{"role":"user","content":"Greet Ada in one word."}]}""", server.Requests[0].BodyText);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string RuntimeProject() =>
        Path.Combine(ChildProcess.RepositoryRoot(), "src", "PromptGen.Runtime", "PromptGen.Runtime.csproj");

    private static async Task<string> RunAsync(string fileName, string arguments, string workingDirectory)
    {
        var (exitCode, output) = await ChildProcess.RunAsync(fileName, arguments, workingDirectory, ChildProcess.BuildLimit);
        Assert.True(exitCode == 0, $"'{fileName} {arguments}' exited with {exitCode}:\n{output}");
        return output;
    }
}
