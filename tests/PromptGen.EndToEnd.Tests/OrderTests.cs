using System.Globalization;
using Xunit;

namespace PromptGen.EndToEnd.Tests;

public class OrderTests
{
    private static Order SampleOrder(bool express, decimal total, int? age) => new()
    {
        Customer = new Customer { Name = "Åsa", Age = age },
        Lines = { new OrderLine { Product = "Coffee", Quantity = 2 }, new OrderLine { Product = "Tea", Quantity = 1 } },
        Express = express,
        Total = total,
        Placed = new DateTime(2026, 3, 4, 5, 6, 7),
    };

    [Theory]
    [InlineData(true, 12.5, 70, " (senior)", "Express.", "12.5")]
    [InlineData(false, 150, 30, "", "Free shipping.", "150")]
    [InlineData(false, 99.99, null, "", "Standard.", "99.99")]
    public async Task TemplateRendersConditionsLoopsAndInvariantNumbers(bool express, double total, int? age, string senior, string shipping, string totalText)
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("Summary."));
        IOrders orders = new IOrders.Client(harness.Client);
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal("Summary.", await orders.SummariseAsync(SampleOrder(express, (decimal)total, age)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        var expectedPrompt = $"Summarise the order of Åsa{senior}, placed 03/04/2026 05:06:07:\n- 2 x Coffee\n- 1 x Tea\n{shipping} Total: {totalText}";
        JsonAssert.Equal(System.Text.Json.JsonSerializer.Serialize(new
        {
            model = "gpt-test",
            messages = new[] { new { role = "user", content = expectedPrompt } },
            temperature = 0.0,
            top_p = 0.8,
            frequency_penalty = 0.5,
            presence_penalty = -0.25,
            stop = new[] { "END", "STOP" },
        }), harness.Server.Requests[0].BodyText);
    }

    [Fact]
    public async Task EnumResultIsReadFromAJsonString()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("\"Sad\""));
        IOrders orders = new IOrders.Client(harness.Client);

        Assert.Equal(Mood.Sad, await orders.ClassifyAsync("It rained all week."));
    }

    [Fact]
    public async Task ClientDefaultModelIsUsedWhenNoAttributeNamesOne()
    {
        await using var harness = await Harness.StartAsync();
        harness.Server.Enqueue(Harness.Completion("""{"name":"A","age":1,"city":"B"}""", """{"name":"C","age":2,"city":"D"}"""));
        IOrders orders = new IOrders.Client(harness.Client);

        var people = await orders.CandidatesAsync("A and C");

        Assert.Equal(new[] { new Person("A", 1, "B"), new Person("C", 2, "D") }, people);
        Assert.Contains("\"model\":\"gpt-test\"", harness.Server.Requests[0].BodyText);
    }
}
