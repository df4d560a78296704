using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PromptGen.Tests")]
[assembly: InternalsVisibleTo("PromptGen.Benchmarks")]
