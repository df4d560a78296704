using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PromptGen.Runtime.Tests")]
[assembly: InternalsVisibleTo("PromptGen.Tests")]

// The budget benchmark measures PromptFitter against RequestDefaults.Serialize, the two steps of a call it compares.
[assembly: InternalsVisibleTo("PromptGen.Benchmarks")]
