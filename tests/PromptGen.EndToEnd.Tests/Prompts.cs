using PromptGen;

namespace PromptGen.EndToEnd.Tests;

public sealed record Person(string Name, int Age, string City);

public enum Mood { Happy, Sad }

public sealed class Order
{
    public Customer Customer { get; set; } = new();
    public List<OrderLine> Lines { get; set; } = new();
    public bool Express { get; set; }
    public decimal Total { get; set; }
    public DateTime Placed { get; set; }
}

public sealed class Customer
{
    public string Name { get; set; } = "";
    public int? Age { get; set; }
}

public sealed class OrderLine
{
    public string Product { get; set; } = "";
    public int Quantity { get; set; }
}

[PromptClient]
[SystemPrompt("You are a concise Python tutor.")]
[Model("gpt-4o-mini")]
public partial interface ITutor
{
    [UserPrompt("What is {{ topic }}? Answer in at most {{ maxWords }} words.")]
    [Temperature(0.2)]
    Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

    [SystemPrompt("You extract data from text.")]
    [FewShot("Anna Berg is 41 and lives in Oslo.", """{"name":"Anna Berg","age":41,"city":"Oslo"}""")]
    [UserPrompt("Extract name, age and city from: {{ text }}")]
    Task<Person> ExtractAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Tell me a short story about {{ subject }}.")]
    [MaxTokens(200)]
    IAsyncEnumerable<string> TellStoryAsync(string subject, CancellationToken cancellationToken = default);

    Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);

    [UserPrompt("Give a title for {{ subject }}.")]
    [Choices(3)]
    [Seed(7)]
    Task<IReadOnlyList<string>> TitlesAsync(string subject, CancellationToken cancellationToken = default);

    [UserPrompt("Extract the person from: {{ text }}")]
    ValueTask<ChatResult<Person>> ExtractWithDetailsAsync(string text, CancellationToken cancellationToken = default);

    [UserPrompt("Guess the mood of: {{ text }}")]
    Task<ChatResult<string>> MoodAsync(string text, CancellationToken cancellationToken = default);
}

[PromptClient]
[Model("gpt-test")]
[Temperature(1.1)]
[TopP(0.8)]
public partial interface IOrders
{
    [UserPrompt("""
        Summarise the order of {{ order.Customer.Name }}{{ if order.Customer.Age >= 65 }} (senior){{ end }}, placed {{ order.Placed }}:
        {{~ for line in order.Lines ~}}
        - {{ line.Quantity }} x {{ line.Product }}
        {{~ end ~}}
        {{ if order.Express }}Express.{{ else if order.Total > 100 }}Free shipping.{{ else }}Standard.{{ end }} Total: {{ order.Total }}
        """)]
    [Temperature(0)]
    [Stop("END", "STOP")]
    [FrequencyPenalty(0.5)]
    [PresencePenalty(-0.25)]
    Task<string> SummariseAsync(Order order, CancellationToken cancellationToken = default);

    [UserPrompt("Classify: {{ note }}")]
    Task<Mood> ClassifyAsync(string note, CancellationToken cancellationToken = default);

    [Choices(2)]
    Task<IReadOnlyList<Person>> CandidatesAsync(string text);
}
