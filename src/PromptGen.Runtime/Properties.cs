using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PromptGen.Runtime.Tests")]
[assembly: InternalsVisibleTo("PromptGen.Tests")]

// The benchmarks reach internals: the budget benchmark measures PromptFitter against RequestDefaults.Serialize, and
// the streamed-items benchmark drives the incremental JSON reader directly.
[assembly: InternalsVisibleTo("PromptGen.Benchmarks")]
