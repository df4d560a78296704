using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using PromptGen.Telemetry;
using PromptGen.Testing;
using PromptGen.WebSample;
using Xunit;

[assembly: PromptFake(typeof(IBookshop))]

namespace PromptGen.Extensions.Tests;

/// <summary>samples/PromptGen.WebSample through WebApplicationFactory: its endpoints, its logged events and its spans, offline.</summary>
public sealed class WebSampleTests : IDisposable
{
    private readonly List<Activity> _spans = new();
    private readonly WebApplicationFactory<Program> _factory;

    public WebSampleTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Sample:Offline", "true");
            web.UseSetting("Sample:ConsoleTelemetry", "false");
            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
            web.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
        });
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task RecommendReturnsTheTypedResultAsJson()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/recommend?topic=recursion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OfflineHandler.RecommendationJson, await response.Content.ReadAsStringAsync());

        var logs = _factory.Services.GetFakeLogCollector().GetSnapshot().Where(record => record.Category == ChatTelemetry.LoggerCategory).ToList();
        // appsettings.json sets the "PromptGen" category to Information: the completed event, not the debug-level sent event.
        var completed = Assert.Single(logs);
        Assert.Equal((2, "ChatRequestCompleted", LogLevel.Information), (completed.Id.Id, completed.Id.Name, completed.Level));
        Assert.StartsWith("Chat request to api.openai.com completed in ", completed.Message, StringComparison.Ordinal);
        Assert.EndsWith(" ms: model offline-model, 42 input and 17 output tokens, finish reasons stop, response id offline-1", completed.Message, StringComparison.Ordinal);

        // The request span sits under the method's span, which sits under ASP.NET Core's request span.
        var spans = Spans();
        Assert.Equal(2, spans.Count);
        var span = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        var method = Assert.Single(spans, s => s.Kind == ActivityKind.Internal);
        Assert.Equal("chat gpt-4o-mini", span.DisplayName);
        Assert.Equal("PromptGen.WebSample.IBookshop.RecommendAsync", method.DisplayName);
        Assert.Equal(method.SpanId, span.ParentSpanId);
        Assert.NotEqual(default, method.ParentSpanId);
        Assert.Equal("api.openai.com", span.GetTagItem("server.address"));
        Assert.Equal(443, span.GetTagItem("server.port"));
        Assert.Equal("json", span.GetTagItem("gen_ai.output.type"));
        Assert.Equal(0.3, span.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(42L, span.GetTagItem("gen_ai.usage.input_tokens"));
    }

    [Fact]
    public async Task StoryStreamsServerSentEvents()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/story?subject=a%20fox", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var expected = string.Concat(OfflineHandler.Story.Select(piece => "event: delta\ndata: " + piece + "\n\n"));
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());

        var spans = Spans();
        Assert.Equal(2, spans.Count);
        var span = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        Assert.Equal("PromptGen.WebSample.IBookshop.TellStoryAsync", Assert.Single(spans, s => s.SpanId == span.ParentSpanId).DisplayName);
        Assert.Equal(new[] { "stop" }, span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(120, span.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Contains(
            _factory.Services.GetFakeLogCollector().GetSnapshot(),
            record => record.Category == ChatTelemetry.LoggerCategory
                && record.Message.StartsWith("Streamed chat request to api.openai.com completed in ", StringComparison.Ordinal)
                && record.Message.EndsWith(" ms: model offline-model, 21 input and 9 output tokens, finish reasons stop, response id offline-stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFakeBookshopSwapsInWithOneLine()
    {
        var fake = new FakeBookshop();
        fake.RecommendAsync.Returns(new Recommendation("SICP", "Abelson and Sussman", "Recursion from the start."));
        using var factory = _factory.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<IBookshop>(fake)));
        using var client = factory.CreateClient();

        var body = await client.GetStringAsync("/recommend?topic=recursion");

        Assert.Equal("""{"title":"SICP","author":"Abelson and Sussman","reason":"Recursion from the start."}""", body);
        Assert.Equal("recursion", Assert.Single(fake.RecommendAsync.Calls).Topic);
    }

    [Fact]
    public void ABadSettingStopsTheApplicationAtStartUpNamingTheKey()
    {
        using var factory = _factory.WithWebHostBuilder(web => web.UseSetting("PromptGen:Timeout", "-00:00:05"));

        var exception = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Equal(
            "PromptGen:Timeout is -00:00:05; it must be a positive duration of at most 1 day (\"1.00:00:00\"), such as \"00:02:00\", or \"-00:00:00.001\" for no limit (PromptGen__Timeout in the environment).",
            Assert.Single(exception.Failures));
    }

    private List<Activity> Spans()
    {
        lock (_spans)
        {
            return _spans.Where(span => span.Source.Name == ChatTelemetry.SourceName).ToList();
        }
    }
}
