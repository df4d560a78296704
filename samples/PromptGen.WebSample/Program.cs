using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PromptGen;
using PromptGen.Telemetry;
using PromptGen.WebSample;

var builder = WebApplication.CreateBuilder(args);

// PromptGen: options from appsettings.json's "PromptGen" section and the environment (PromptGen__ApiKey, …), validated
// at start-up; the HttpClient from IHttpClientFactory; IBookshop as a singleton over it.
var promptGen = builder.Services.AddPromptGen(builder.Configuration.GetSection("PromptGen"));
builder.Services.AddPromptClient<IBookshop, IBookshop.Client>();
if (OfflineHandler.IsOffline(builder.Configuration))
{
    promptGen.HttpClient.ConfigurePrimaryHttpMessageHandler(() => new OfflineHandler());
}

// Traces and metrics: ASP.NET Core's request spans with PromptGen's chat spans under them, and PromptGen's meter; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set,
// else to the console (unless Sample:ConsoleTelemetry is false).
var telemetry = builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("PromptGen.WebSample"))
    .WithTracing(tracing => tracing.AddSource("Microsoft.AspNetCore", ChatTelemetry.SourceName))
    .WithMetrics(metrics => metrics.AddMeter(ChatTelemetry.SourceName));
if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    telemetry.UseOtlpExporter();
}
else if (builder.Configuration.GetValue("Sample:ConsoleTelemetry", true))
{
    telemetry.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
}

builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJson.Default));

var app = builder.Build();

// A typed JSON result: the reply is checked against Recommendation's schema and deserialised, then written as JSON.
app.MapGet("/recommend", async (string topic, IBookshop bookshop, CancellationToken cancellationToken) =>
    TypedResults.Ok(await bookshop.RecommendAsync(topic, cancellationToken)));

// The story as Server-Sent Events, one "delta" event per streamed piece, as it arrives.
app.MapGet("/story", (string subject, IBookshop bookshop, CancellationToken cancellationToken) =>
    TypedResults.ServerSentEvents(bookshop.TellStoryAsync(subject, cancellationToken), eventType: "delta"));

app.Run();

/// <summary>The web sample's entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
