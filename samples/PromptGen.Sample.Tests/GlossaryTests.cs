using PromptGen;
using PromptGen.Sample;
using PromptGen.Testing;
using Xunit;

// Generates FakeTutor : ITutor here, in the test assembly, from the sample application's compiled ITutor.
[assembly: PromptFake(typeof(ITutor))]

namespace SampleTests;

/// <summary>Application code tested with the generated fake: no network, no model, no cost.</summary>
public class GlossaryTests
{
    [Fact]
    public async Task ExplainsEachTermOnceInOrder()
    {
        var tutor = new FakeTutor();
        tutor.ExplainAsync.Returns(call => $"about {call.Topic} in {call.MaxWords} words");
        var glossary = new Glossary(tutor);

        var text = await glossary.BuildAsync(new[] { "recursion", "closure", "Recursion" });

        Assert.Equal("- closure: about closure in 20 words\n- recursion: about recursion in 20 words", text);
        Assert.Equal(new[] { "closure", "recursion" }, tutor.ExplainAsync.Calls.Select(call => call.Topic));
    }

    [Fact]
    public async Task ListsATermAsUnavailableWhenTheEndpointFails()
    {
        var tutor = new FakeTutor();
        tutor.ExplainAsync.Throws(new ChatApiException(503, "The server is overloaded."));

        var text = await new Glossary(tutor).BuildAsync(new[] { "recursion" });

        Assert.Equal("- recursion: (unavailable)", text);
    }

    [Fact]
    public async Task UsesTheTutorsAnswersInTheOrderTheyCome()
    {
        var tutor = new FakeTutor();
        tutor.ExplainAsync.Returns("  first  ", "second");

        var text = await new Glossary(tutor).BuildAsync(new[] { "a", "b", "c" }, maxWords: 5);

        Assert.Equal("- a: first\n- b: second\n- c: second", text);
        Assert.All(tutor.ExplainAsync.Calls, call => Assert.Equal(5, call.MaxWords));
    }

    [Fact]
    public async Task AFakeStreamYieldsTheGivenChunks()
    {
        var tutor = new FakeTutor();
        tutor.TellStoryAsync.Yields("Once", " upon", " a time.");

        var story = new List<string>();
        await foreach (var delta in ((ITutor)tutor).TellStoryAsync("a fox"))
        {
            story.Add(delta);
        }

        Assert.Equal("Once upon a time.", string.Concat(story));
        Assert.Equal("a fox", Assert.Single(tutor.TellStoryAsync.Calls).Subject);
    }

    [Fact]
    public void TheFakeLivesInTheTestAssemblyNotTheApplication()
    {
        Assert.Same(typeof(GlossaryTests).Assembly, typeof(FakeTutor).Assembly);
        Assert.DoesNotContain(typeof(ITutor).Assembly.GetTypes(), type => type.Name.StartsWith("Fake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMethodThatWasNotSetUpSaysSo()
    {
        ITutor tutor = new FakeTutor();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tutor.ChatAsync(Array.Empty<ChatMessage>(), "Hi"));

        Assert.StartsWith("FakeTutor.ChatAsync was called, but nothing is set up for it.", error.Message);
    }
}
