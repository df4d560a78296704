using PromptGen.Testing;
using Xunit;

// The generator writes FakeTutor here because this assembly asks for it (in an application's test project, the interface
// comes from the referenced application assembly; FakeGeneratorTests covers that path).
[assembly: PromptFake(typeof(PromptGen.EndToEnd.Tests.ITutor))]

namespace PromptGen.EndToEnd.Tests.Testing;

/// <summary>The generated FakeTutor, compiled for real: results, sequences, functions, exceptions, recording, streams, cancellation.</summary>
public class FakeTests
{
    [Fact]
    public async Task AFixedResultIsReturnedOnEveryCall()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Returns("Recursion is a function calling itself.");
        ITutor tutor = fake;

        Assert.Equal("Recursion is a function calling itself.", await tutor.ExplainAsync("recursion", 30));
        Assert.Equal("Recursion is a function calling itself.", await tutor.ExplainAsync("loops", 10));
    }

    [Fact]
    public async Task ASequenceIsReturnedInOrderThenItsLastResultRepeats()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Returns("first", "second");
        ITutor tutor = fake;

        Assert.Equal("first", await tutor.ExplainAsync("a", 1));
        Assert.Equal("second", await tutor.ExplainAsync("b", 2));
        Assert.Equal("second", await tutor.ExplainAsync("c", 3));
    }

    [Fact]
    public async Task AFunctionComputesEachResultFromTheTypedArguments()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Returns(call => $"{call.Topic} in {call.MaxWords} words");
        fake.ExtractAsync.Returns(call => new Person(call.Text, 35, "Bergen"));
        ITutor tutor = fake;

        Assert.Equal("recursion in 30 words", await tutor.ExplainAsync("recursion", 30));
        Assert.Equal(new Person("Ola", 35, "Bergen"), await tutor.ExtractAsync("Ola"));
    }

    [Fact]
    public async Task AnExceptionFailsTheReturnedTaskNotTheCall()
    {
        var fake = new FakeTutor();
        var refused = new PromptRefusedException("The model refused.", "I can't help with that.", "stop", null);
        fake.ExtractAsync.Throws(refused);
        ITutor tutor = fake;

        var task = tutor.ExtractAsync("text");

        Assert.Same(refused, await Assert.ThrowsAsync<PromptRefusedException>(() => task));
        Assert.Single(fake.ExtractAsync.Calls);
    }

    [Fact]
    public async Task AnExceptionThrownByTheFunctionIsTheCallsException()
    {
        var fake = new FakeTutor();
        var attempts = 0;
        fake.ExplainAsync.Returns(call => ++attempts == 1 ? throw new ChatApiException(503, "Overloaded") : "ok");
        ITutor tutor = fake;

        await Assert.ThrowsAsync<ChatApiException>(() => tutor.ExplainAsync("x", 1));
        Assert.Equal("ok", await tutor.ExplainAsync("x", 1));
    }

    [Fact]
    public async Task ALaterSetupReplacesAnEarlierOne()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Throws(new InvalidOperationException("old"));
        fake.ExplainAsync.Returns("new");

        Assert.Equal("new", await ((ITutor)fake).ExplainAsync("x", 1));
    }

    [Fact]
    public async Task EveryCallIsRecordedWithItsTypedArgumentsInOrder()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Returns("answer");
        fake.ChatAsync.Returns("It was played in Arlington.");
        ITutor tutor = fake;
        var history = new[] { ChatMessage.User("Who won in 2020?"), ChatMessage.Assistant("The Dodgers.") };

        await tutor.ExplainAsync("recursion", 30);
        await tutor.ExplainAsync("closures", 50);
        await tutor.ChatAsync(history, "Where was it played?");

        Assert.Equal(new[] { new FakeTutor.ExplainAsyncCall("recursion", 30), new FakeTutor.ExplainAsyncCall("closures", 50) }, fake.ExplainAsync.Calls);
        var chat = Assert.Single(fake.ChatAsync.Calls);
        Assert.Same(history, chat.History);
        Assert.Equal("Where was it played?", chat.Message);
        Assert.Empty(fake.ExtractAsync.Calls);
    }

    [Fact]
    public async Task AMethodWithNothingSetUpFailsNamingIt()
    {
        ITutor tutor = new FakeTutor();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => tutor.ExplainAsync("recursion", 30));

        Assert.Equal(
            "FakeTutor.ExplainAsync was called, but nothing is set up for it. Set it up before the call: FakeTutor.ExplainAsync.Returns(…) or FakeTutor.ExplainAsync.Throws(…).",
            exception.Message);
    }

    [Fact]
    public async Task AStreamingMethodYieldsItsChunksOnEveryCall()
    {
        var fake = new FakeTutor();
        fake.TellStoryAsync.Yields("Once", " upon", " a time.");
        ITutor tutor = fake;

        Assert.Equal(new[] { "Once", " upon", " a time." }, await Collect(tutor.TellStoryAsync("a fox")));
        Assert.Equal(new[] { "Once", " upon", " a time." }, await Collect(tutor.TellStoryAsync("a hen")));
        Assert.Equal(new[] { "a fox", "a hen" }, fake.TellStoryAsync.Calls.Select(call => call.Subject));
    }

    [Fact]
    public async Task AStreamingMethodCanYieldFromTheArgumentsAndFailMidway()
    {
        var fake = new FakeTutor();
        fake.TellStoryAsync.Yields(call => Story(call.Subject));
        ITutor tutor = fake;
        var received = new List<string>();

        var exception = await Assert.ThrowsAsync<ChatResponseException>(async () =>
        {
            await foreach (var delta in tutor.TellStoryAsync("a fox"))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(new[] { "About a fox:" }, received);
        Assert.Equal("cut off", exception.Message);

        static IEnumerable<string> Story(string subject)
        {
            yield return "About " + subject + ":";
            throw new ChatResponseException("cut off", null);
        }
    }

    [Fact]
    public async Task AStreamingMethodThatThrowsOrIsNotSetUpFailsWhenEnumerated()
    {
        var fake = new FakeTutor();
        ITutor tutor = fake;

        var stream = tutor.TellStoryAsync("a fox");
        var notSetUp = await Assert.ThrowsAsync<InvalidOperationException>(() => Collect(stream));
        Assert.StartsWith("FakeTutor.TellStoryAsync was called, but nothing is set up for it.", notSetUp.Message);
        Assert.Contains("FakeTutor.TellStoryAsync.Yields(…)", notSetUp.Message);

        fake.TellStoryAsync.Throws(new ChatApiException(429, "Rate limit reached"));
        await Assert.ThrowsAsync<ChatApiException>(() => Collect(tutor.TellStoryAsync("a hen")));
    }

    [Fact]
    public async Task ACancelledTokenCancelsTheCallWhichIsStillRecorded()
    {
        var fake = new FakeTutor();
        fake.ExplainAsync.Returns("never seen");
        ITutor tutor = fake;
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tutor.ExplainAsync("recursion", 30, cancellation.Token));

        Assert.Single(fake.ExplainAsync.Calls);
    }

    [Fact]
    public async Task CancellingAStreamStopsItBeforeTheNextChunk()
    {
        var fake = new FakeTutor();
        fake.TellStoryAsync.Yields("Once", " upon", " a time.");
        ITutor tutor = fake;
        using var cancellation = new CancellationTokenSource();
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in tutor.TellStoryAsync("a fox", cancellation.Token))
            {
                received.Add(delta);
                cancellation.Cancel();
            }
        });

        Assert.Equal(new[] { "Once" }, received);
    }

    [Fact]
    public async Task ValueTaskResultAndChoicesMethodsAreFakedToo()
    {
        var fake = new FakeTutor();
        var person = new Person("Ola", 35, "Bergen");
        fake.ExtractWithDetailsAsync.Returns(new ChatResult<Person>(person, new ChatCompletion { Model = "fake" }));
        fake.TitlesAsync.Returns(new[] { "One", "Two", "Three" });
        ITutor tutor = fake;

        var result = await tutor.ExtractWithDetailsAsync("Ola");
        var titles = await tutor.TitlesAsync("foxes");

        Assert.Same(person, result.Value);
        Assert.Equal("fake", result.Model);
        Assert.Equal(new[] { "One", "Two", "Three" }, titles);
    }

    [Fact]
    public async Task AFakedResultCarriesTheFakedMethodsPromptVersion()
    {
        var fake = new FakeTutor();
        fake.ExtractWithDetailsAsync.Returns(new ChatResult<Person>(new Person("Ola", 35, "Bergen"), new ChatCompletion { Model = "fake" }));
        ITutor tutor = fake;

        var result = await tutor.ExtractWithDetailsAsync("Ola");

        Assert.Matches("^[0-9a-f]{12}$", ITutor.Client.ExtractWithDetailsAsyncPromptVersion);
        Assert.Equal(ITutor.Client.ExtractWithDetailsAsyncPromptVersion, fake.ExtractWithDetailsAsync.PromptVersion);
        Assert.Equal(ITutor.Client.ExtractWithDetailsAsyncPromptVersion, result.PromptVersion);
        Assert.Equal(ITutor.Client.ExplainAsyncPromptVersion, fake.ExplainAsync.PromptVersion);
    }

    [Fact]
    public async Task AVersionTheTestSetsOnTheResultIsKept()
    {
        var fake = new FakeTutor();
        fake.ExtractWithDetailsAsync.Returns(new ChatResult<Person>(new Person("Ola", 35, "Bergen"), new ChatCompletion()) { PromptVersion = "0123456789ab" });

        var result = await ((ITutor)fake).ExtractWithDetailsAsync("Ola");

        Assert.Equal("0123456789ab", result.PromptVersion);
    }

    [Fact]
    public void TheFakeReportsItsSetupsByName()
    {
        var fake = new FakeTutor();

        Assert.Equal("FakeTutor.ExplainAsync (0 calls)", fake.ExplainAsync.ToString());
        Assert.Throws<ArgumentException>(() => fake.ExplainAsync.Returns());
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> stream)
    {
        var items = new List<string>();
        await foreach (var item in stream)
        {
            items.Add(item);
        }

        return items;
    }
}
