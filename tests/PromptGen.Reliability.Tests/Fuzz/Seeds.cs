namespace PromptGen.Reliability.Tests.Fuzz;

/// <summary>Valid declarations the fuzz corpus mutates: each compiles without errors and without PG errors.</summary>
public static class Seeds
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using System.Threading.Tasks;
        using PromptGen;

        """;

    public const string Tutor = Usings + """"
        namespace Demo;

        public sealed record Person(string Name, int Age, string City);

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

        }
        """";

    public const string Conversation = Usings + """"
        namespace Demo.Chat;

        public sealed record Person(string Name, int Age, string City);

        [PromptClient]
        [SystemPrompt("You are kind.")]
        public partial interface IConversation
        {
            Task<string> ChatAsync(IReadOnlyList<ChatMessage> history, string message, CancellationToken cancellationToken = default);

            [UserPrompt("Give a title for {{ subject }}.")]
            [Choices(3)]
            [Seed(7)]
            Task<IReadOnlyList<string>> TitlesAsync(string subject, CancellationToken cancellationToken = default);

            [UserPrompt("Extract the person from: {{ text }}")]
            ValueTask<ChatResult<Person>> ExtractWithDetailsAsync(string text, CancellationToken cancellationToken = default);
        }
        """";

    public const string Orders = Usings + """"
        namespace Shop.Orders
        {
            public sealed class Order
            {
                public Customer Customer { get; set; } = new();
                public List<OrderLine> Lines { get; set; } = new();
                public bool Express { get; set; }
                public decimal Total { get; set; }
                public DateTime Placed { get; set; }
            }

            public sealed class Customer { public string Name { get; set; } = ""; public int? Age { get; set; } }

            public sealed class OrderLine { public string Product { get; set; } = ""; public int Quantity { get; set; } }

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

                [SystemPrompt("You answer for {{ customer.Name }}.")]
                [UserPrompt("{{ question }}")]
                [MaxTokens(50)]
                Task<ChatResult<string>> AskAsync(Customer customer, string question, CancellationToken cancellationToken = default);
            }
        }
        """";

    public const string Typed = Usings + """"
        namespace Typed;

        public enum Mood { Happy, Sad, Neutral }

        public sealed class Review
        {
            /// <summary>What was reviewed.</summary>
            public required string Product { get; init; }

            [Range(1, 5)] public int Stars { get; init; }

            [StringLength(40)] public string? Summary { get; init; }

            public List<string> Tags { get; init; } = new();

            public Mood Mood { get; init; }
        }

        [PromptClient]
        [Repair(2)]
        public partial interface IReviews
        {
            [UserPrompt("Review: {{ text }}")]
            Task<ChatResult<Review>> ReadAsync(string text, CancellationToken cancellationToken = default);

            [UserPrompt("Mood of {{ text }}")]
            [ResponseFormat(ResponseFormatKind.JsonObject)]
            Task<Mood> MoodAsync(string text, CancellationToken cancellationToken = default);
        }
        """";

    public const string Shapes = Usings + """"
        namespace Typed.Shapes;

        public sealed record Point(double X, double Y);

        [PromptClient]
        public partial interface IShapes
        {
            [UserPrompt("Points along {{ path }}")]
            [ResponseFormat(ResponseFormatKind.Text)]
            [FewShot("a line", "{\"value\":[{\"x\":0,\"y\":0},{\"x\":1,\"y\":1}]}")]
            Task<List<Point>> PointsAsync(string path, CancellationToken cancellationToken = default);

            [UserPrompt("Count {{ items }}")]
            [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]
            Task<Dictionary<string, int>> CountAsync(IReadOnlyList<string> items, CancellationToken cancellationToken = default);
        }
        """";

    public const string Nested = Usings + """"
        namespace Outer.Inner
        {
            public static partial class Holder
            {
                public partial class Middle
                {
                    [PromptClient]
                    [SystemPrompt("Be brief.")]
                    internal partial interface INested
                    {
                        [UserPrompt("{{ if flag }}Yes {{ name }}{{ else }}No{{ end }}")]
                        Task<string> AskAsync(string name, bool flag);

                        [UserPrompt("{{ for n in numbers }}{{ n }},{{ end }}")]
                        ValueTask<string> ListAsync(int[] numbers, CancellationToken token);
                    }
                }
            }
        }

        [PromptClient]
        public partial interface IGlobal
        {
            Task<string> EchoAsync(string text);
        }
        """";

    public const string Many = Usings + """"
        namespace Alpha
        {
            [PromptClient]
            public partial interface IAsk
            {
                [UserPrompt("A {{ q }}")]
                Task<string> AskAsync(string q, CancellationToken cancellationToken = default);
            }
        }

        namespace Beta
        {
            [PromptClient]
            public partial interface IStreamer
            {
                [UserPrompt("B {{ q }} {{ n }}")]
                IAsyncEnumerable<string> StreamAsync(string q, long n, CancellationToken cancellationToken = default);
            }
        }
        """";

    public static readonly string[] All = { Tutor, Conversation, Orders, Typed, Shapes, Nested, Many };
}
