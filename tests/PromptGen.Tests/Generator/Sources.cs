namespace PromptGen.Tests.Generator;

/// <summary>Declarations the generator tests share.</summary>
internal static class Sources
{
    public const string Tutor = """"
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Demo;

        public sealed record Person(string Name, int Age, string City);

        public sealed class Order
        {
            public Customer Customer { get; set; } = new();
            public List<Line> Lines { get; set; } = new();
            public bool Express { get; set; }
            public decimal Total { get; set; }
        }

        public sealed class Customer { public string Name { get; set; } = ""; public int? Age { get; set; } }

        public sealed class Line { public string Product { get; set; } = ""; public int Quantity { get; set; } }

        [PromptClient]
        [SystemPrompt("You are a concise Python tutor.")]
        [Model("gpt-4o-mini")]
        public partial interface ITutor
        {
            [UserPrompt("What is {{ topic }}? Answer in at most {{ maxWords }} words.")]
            [Temperature(0.2)]
            Task<string> ExplainAsync(string topic, int maxWords, CancellationToken cancellationToken = default);

            [SystemPrompt("You extract data from text.")]
            [FewShot("Anna Berg is 41 and lives in Oslo.", "{\"name\":\"Anna Berg\",\"age\":41,\"city\":\"Oslo\"}")]
            [UserPrompt("Extract name, age and city from: {{ text }}")]
            Task<Person> ExtractAsync(string text, CancellationToken cancellationToken = default);

            [UserPrompt("Tell me a short story about {{ subject }}.")]
            [MaxTokens(200)]
            [Stop("THE END")]
            IAsyncEnumerable<string> TellStoryAsync(string subject, CancellationToken cancellationToken = default);

            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);

            [UserPrompt("""
                Summarise order for {{ order.Customer.Name }}{{ if order.Customer.Age > 60 }} (senior){{ end }}:
                {{~ for line in order.Lines ~}}
                - {{ line.Quantity }} x {{ line.Product }}
                {{~ end ~}}
                {{ if order.Express }}Express delivery.{{ else }}Standard delivery.{{ end }} Total {{ order.Total }}.
                """)]
            [Choices(3)]
            [Seed(42)]
            [TopP(0.9)]
            [FrequencyPenalty(0.5)]
            [PresencePenalty(-0.5)]
            ValueTask<IReadOnlyList<string>> SummariseAsync(Order order, CancellationToken cancellationToken);

            [UserPrompt("Rate {{ text }} from 1 to 5.")]
            Task<ChatResult<Person>> RateAsync(string text);
        }
        """";
}
