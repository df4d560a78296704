using PromptGen.Testing;
using Xunit;

[assembly: PromptFake(typeof(PromptGen.EndToEnd.Tests.IStreams))]

namespace PromptGen.EndToEnd.Tests.Testing;

/// <summary>The generated FakeStreams: every stream shape of issue 17 can be set up, its calls recorded.</summary>
public class StreamFakeTests
{
    private static readonly ChatStreamResult Done = new("{}", "stop", new ChatUsage { PromptTokens = 1, CompletionTokens = 2, TotalTokens = 3 }, "fake-1", "fake-model", 4, TimeSpan.FromMilliseconds(12));

    [Fact]
    public async Task ItemsStreamsAndPartialStreamsAreSetUpAndRecorded()
    {
        var fake = new FakeStreams();
        fake.PeopleAsync.Yields(new Contact { Name = "Ann", Age = 30 });
        fake.PeopleWithResultAsync.Returns(ChatStream<Contact>.FromValues(new[] { new Contact { Name = "Bo", Age = 4 } }, Done));
        fake.StoryAsync.Returns(call => ChatStream<string>.FromValues(new[] { "A story about ", call.Text }, Done));
        fake.ReviewAsync.Returns(PartialStream<Review>.FromValue(new Review { Product = "Kettle", Stars = 5, Mood = Mood.Happy }, E2eJson.Default.Review, Done));
        IStreams streams = fake;

        var people = new List<string>();
        await foreach (var person in streams.PeopleAsync("a"))
        {
            people.Add(person.Name);
        }

        var withResult = streams.PeopleWithResultAsync("b");
        await foreach (var person in withResult)
        {
            people.Add(person.Name);
        }

        var story = new List<string>();
        var storyStream = streams.StoryAsync("a fox");
        await foreach (var delta in storyStream)
        {
            story.Add(delta);
        }

        var review = streams.ReviewAsync("c");
        var latest = new List<string?>();
        await foreach (var partial in review)
        {
            latest.Add(partial.Latest);
        }

        Assert.Equal(new[] { "Ann", "Bo" }, people);
        Assert.Equal(("{}", "stop", 3, "fake-1", "fake-model", 4), (withResult.Result.Text, withResult.Result.FinishReason, withResult.Result.Usage!.TotalTokens, withResult.Result.Id, withResult.Result.Model, withResult.Result.Chunks));
        Assert.Equal(new[] { "A story about ", "a fox" }, story);
        Assert.Equal("fake-model", storyStream.Result.Model);
        Assert.Equal(new[] { "product", "stars", "summary", "mood" }, latest);
        Assert.Equal(5, review.Value.Stars);
        Assert.Equal("a fox", Assert.Single(fake.StoryAsync.Calls).Text);
    }

    [Fact]
    public async Task AFakedStreamsResultCarriesTheFakedMethodsPromptVersion()
    {
        var fake = new FakeStreams();
        fake.StoryAsync.Returns(ChatStream<string>.FromValues(new[] { "once" }, Done));
        fake.ReviewAsync.Returns(PartialStream<Review>.FromValue(new Review { Product = "Kettle", Stars = 5, Mood = Mood.Happy }, E2eJson.Default.Review, Done));
        IStreams streams = fake;

        var story = streams.StoryAsync("a fox");
        await foreach (var _ in story)
        {
        }

        var review = streams.ReviewAsync("c");
        await foreach (var _ in review)
        {
        }

        Assert.Matches("^[0-9a-f]{12}$", IStreams.Client.StoryAsyncPromptVersion);
        Assert.Equal(IStreams.Client.StoryAsyncPromptVersion, fake.StoryAsync.PromptVersion);
        Assert.Equal(IStreams.Client.StoryAsyncPromptVersion, story.Result.PromptVersion);
        Assert.Equal(IStreams.Client.ReviewAsyncPromptVersion, review.Result.PromptVersion);
        Assert.NotEqual(story.Result.PromptVersion, review.Result.PromptVersion);
        Assert.Equal(("{}", "stop", 3, "fake-1", "fake-model", 4, TimeSpan.FromMilliseconds(12)),
            (story.Result.Text, story.Result.FinishReason, story.Result.Usage!.TotalTokens, story.Result.Id, story.Result.Model, story.Result.Chunks, story.Result.TimeToFirstChunk));
        Assert.Null(Done.PromptVersion); // the set-up result itself is left alone
    }

    [Fact]
    public async Task AVersionTheTestSetsOnTheStreamsResultIsKept()
    {
        var fake = new FakeStreams();
        var versioned = new ChatStreamResult("{}", "stop", null, "fake-1", "fake-model", 1, null, cost: null, promptVersion: "0123456789ab");
        fake.StoryAsync.Returns(ChatStream<string>.FromValues(new[] { "once" }, versioned));

        var story = ((IStreams)fake).StoryAsync("a fox");
        await foreach (var _ in story)
        {
        }

        Assert.Same(versioned, story.Result);
        Assert.Equal("0123456789ab", story.Result.PromptVersion);
    }

    [Fact]
    public void AStreamMethodNotSetUpSaysHowToSetItUp()
    {
        IStreams streams = new FakeStreams();

        var exception = Assert.Throws<InvalidOperationException>(() => streams.StoryAsync("x"));

        Assert.Equal("FakeStreams.StoryAsync was called, but nothing is set up for it. Set it up before the call: FakeStreams.StoryAsync.Returns(…) or FakeStreams.StoryAsync.Throws(…).", exception.Message);
    }
}
