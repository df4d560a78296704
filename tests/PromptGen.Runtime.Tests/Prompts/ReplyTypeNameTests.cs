using Xunit;

namespace PromptGen.Runtime.Tests.Prompts;

/// <summary>Reply errors name the type as C# writes it (review 13 #6: "does not fit List`1").</summary>
public sealed class ReplyTypeNameTests
{
    public sealed record Person(string Name);

    public enum Mood { Happy }

    [Theory]
    [InlineData(typeof(int), "int")]
    [InlineData(typeof(int?), "int?")]
    [InlineData(typeof(string), "string")]
    [InlineData(typeof(List<string>), "List<string>")]
    [InlineData(typeof(Dictionary<string, List<Person>>), "Dictionary<string, List<Person>>")]
    [InlineData(typeof(Person[]), "Person[]")]
    [InlineData(typeof(int[,]), "int[,]")]
    [InlineData(typeof(Mood?), "Mood?")]
    [InlineData(typeof(KeyValuePair<string, double?>), "KeyValuePair<string, double?>")]
    public void TheTypeIsNamedAsCSharpWritesIt(Type type, string expected) => Assert.Equal(expected, PromptReply.TypeName(type));
}
