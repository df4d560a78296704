using Xunit;

// PromptGen's ActivitySource and Meter are process-wide: a test that records spans would also record those of another
// test running at the same time (seen: WebSampleTests.StoryStreamsServerSentEvents caught TelemetryTests' repair spans).
// These 44 tests take a few seconds, so they run one at a time rather than filter by trace.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
