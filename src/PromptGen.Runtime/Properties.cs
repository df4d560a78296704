using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PromptGen.Runtime.Tests")]
[assembly: InternalsVisibleTo("PromptGen.Tests")]

// The options validator of PromptGen.DependencyInjection checks header values at start-up with the client's own rule (HeaderValues).
[assembly: InternalsVisibleTo("PromptGen.DependencyInjection")]

// The benchmarks reach internals: the budget benchmark measures PromptFitter against RequestDefaults.Serialize, and
// the streamed-items benchmark drives the incremental JSON reader directly.
[assembly: InternalsVisibleTo("PromptGen.Benchmarks")]
