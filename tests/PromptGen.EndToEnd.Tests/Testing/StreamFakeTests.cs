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
        Assert.Same(Done, withResult.Result);
        Assert.Equal(new[] { "A story about ", "a fox" }, story);
        Assert.Equal("fake-model", storyStream.Result.Model);
        Assert.Equal(new[] { "product", "stars", "summary", "mood" }, latest);
        Assert.Equal(5, review.Value.Stars);
        Assert.Equal("a fox", Assert.Single(fake.StoryAsync.Calls).Text);
    }

    [Fact]
    public void AStreamMethodNotSetUpSaysHowToSetItUp()
    {
        IStreams streams = new FakeStreams();

        var exception = Assert.Throws<InvalidOperationException>(() => streams.StoryAsync("x"));

        Assert.Equal("FakeStreams.StoryAsync was called, but nothing is set up for it. Set it up before the call: FakeStreams.StoryAsync.Returns(…) or FakeStreams.StoryAsync.Throws(…).", exception.Message);
    }
}
