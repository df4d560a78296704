namespace PromptGen.Tests.Schema;

/// <summary>The types the schema tests derive schemas from: one interface method per shape.</summary>
internal static class SchemaCorpus
{
    public const string Source = """"
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using PromptGen;

        namespace Corpus;

        /// <summary>A person found in the text.</summary>
        /// <param name="Name">Full name as written.</param>
        /// <param name="Age">Age in years.</param>
        public sealed record Person(string Name, int Age, string? City = null);

        public enum Mood { Happy, Sad, Angry }

        /// <summary>An order with <see cref="Line"/>s.</summary>
        public sealed class Order
        {
            public required string Id { get; init; }

            /// <summary>When it was placed (UTC).</summary>
            public DateTime Placed { get; set; }

            public DateTimeOffset? Shipped { get; set; }

            public DateOnly Due { get; set; }

            public TimeSpan Window { get; set; }

            public Guid Reference { get; set; }

            public Uri? Tracking { get; set; }

            public decimal Total { get; set; }

            public List<Line> Lines { get; set; } = new();

            public HashSet<string> Tags { get; set; } = new();

            public Mood? Mood { get; set; }

            public char Grade { get; set; }

            public int Count => Lines.Count;

            [JsonIgnore]
            public string Internal { get; set; } = "";

            [JsonPropertyName("customer_name")]
            public string CustomerName { get; set; } = "";
        }

        public struct Line
        {
            public string Product { get; set; }

            [Range(1, 100)]
            public int Quantity { get; set; }

            public double[] Weights { get; set; }
        }

        public sealed class Annotated
        {
            [Required]
            [StringLength(20, MinimumLength = 2)]
            [Description("The display name")]
            public string? Name { get; set; }

            [Range(0.5, 9.5)]
            public double Score { get; set; }

            [MinLength(1)]
            [MaxLength(3)]
            public List<string> Choices { get; set; } = new();

            [RegularExpression("^[A-Z]{3}$")]
            public string Code { get; set; } = "";

            [EmailAddress]
            public string Email { get; set; } = "";

            [JsonRequired]
            public int Must { get; set; }

            [JsonInclude]
            public int Field;

            [JsonPropertyOrder(-1)]
            public bool First { get; set; }
        }

        public sealed class TreeNode
        {
            public string Label { get; set; } = "";

            public List<TreeNode> Children { get; set; } = new();

            public TreeNode? Parent { get; set; }
        }

        public sealed class Forest { public List<TreeNode> Trees { get; set; } = new(); }

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
        [JsonDerivedType(typeof(Circle), "circle")]
        [JsonDerivedType(typeof(Square), "square")]
        public abstract class Shape
        {
            public string Color { get; set; } = "";
        }

        public sealed class Circle : Shape { public double Radius { get; set; } }

        public sealed class Square : Shape { public double Side { get; set; } }

        public sealed class Drawing { public List<Shape> Shapes { get; set; } = new(); }

        public sealed class Page<T>
        {
            public List<T> Items { get; set; } = new();

            public int Total { get; set; }
        }

        public record struct Point(double X, double Y);

        public sealed record Rated([Range(1, 5)] int Stars, [Description("Why")][StringLength(80)] string Reason, [property: Range(0, 1)] double Confidence);

        public sealed class Lookup
        {
            public Dictionary<string, int> Counts { get; set; } = new();

            public IReadOnlyDictionary<string, Person> People { get; set; } = new Dictionary<string, Person>();
        }

        public sealed class Bytes { public byte[] Data { get; set; } = Array.Empty<byte>(); public long Big { get; set; } public uint Small { get; set; } }

        [PromptClient]
        public partial interface ICorpus
        {
            Task<Person> Person(string text);
            Task<Order> Order(string text);
            Task<Line> Line(string text);
            Task<Annotated> Annotated(string text);
            Task<TreeNode> TreeNode(string text);
            Task<Forest> Forest(string text);
            Task<List<TreeNode>> ListOfTreeNode(string text);
            Task<Drawing> Drawing(string text);
            Task<Shape> Shape(string text);
            Task<Page<Person>> PageOfPerson(string text);
            Task<Point> Point(string text);
            Task<Rated> Rated(string text);
            Task<Mood> Mood(string text);
            Task<List<Person>> ListOfPerson(string text);
            Task<Person[]> ArrayOfPerson(string text);
            Task<int> Int(string text);
            Task<Point?> NullablePoint(string text);
            Task<Bytes> Bytes(string text);
            Task<Lookup> Lookup(string text);
        }
        """";

    /// <summary>Methods whose types strict mode cannot describe (their strict schema is not checked against the rules).</summary>
    public static readonly string[] NotStrict = { "Lookup" };
}
