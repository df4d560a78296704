using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PromptGen.Runtime.Tests")]
[assembly: InternalsVisibleTo("PromptGen.Tests")]
[assembly: InternalsVisibleTo("PromptGen.Benchmarks")]
