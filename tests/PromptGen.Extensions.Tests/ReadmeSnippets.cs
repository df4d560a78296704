using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PromptGen;
using PromptGen.Sample;
using PromptGen.Telemetry;

namespace PromptGen.Extensions.Tests;

/// <summary>
/// The C# snippets of README's "ASP.NET Core and DI", "Logging", "OpenTelemetry" and "Microsoft.Extensions.AI" sections,
/// compiled here (ReadmeTests checks that every snippet line is in this file, in order). Never run.
/// </summary>
internal static class ReadmeSnippets
{
    public static void AspNetCore(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPromptGen(builder.Configuration.GetSection("PromptGen"));
        builder.Services.AddPromptClient<ITutor, ITutor.Client>();

        var app = builder.Build();
        app.MapGet("/explain", (string topic, ITutor tutor, CancellationToken cancellationToken) =>
            tutor.ExplainAsync(topic, 50, cancellationToken));
        app.Run();
    }

    public static void NamedEndpointAndResilience(WebApplicationBuilder builder)
    {
        builder.Services.AddPromptGen("local", builder.Configuration.GetSection("Local"));
        builder.Services.AddPromptClient<ITutor, ITutor.Client>("local");   // inject [FromKeyedServices("local")] ITutor

        builder.Services.AddPromptGen(builder.Configuration.GetSection("PromptGen"))
            .UseHttpClientResilience(http => http.AddStandardResilienceHandler());
    }

    public static void Fake(IServiceCollection services, ITutor fake)
    {
        services.AddPromptClient<ITutor>(transport => new ITutor.Client(transport));   // or with a factory
        services.AddSingleton<ITutor>(fake);                                          // a test: the fake wins
    }

    public static async Task Logging()
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Debug));
        var telemetry = new ChatTelemetry(new ChatTelemetryOptions { LoggerFactory = loggerFactory, DefaultModel = "gpt-4o-mini" });
        using var chat = new ChatClient(new ChatClientOptions { Model = "gpt-4o-mini" });
        ITutor tutor = new ITutor.Client(telemetry.Instrument(chat));
        await tutor.ExplainAsync("recursion", 30);
    }

    public static void OpenTelemetry(WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(ChatTelemetry.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(ChatTelemetry.SourceName));
    }

    public static async Task MicrosoftExtensionsAI(string apiKey, IDistributedCache cache)
    {
        IChatClient openAI = new OpenAI.Chat.ChatClient("gpt-4o-mini", apiKey).AsIChatClient();
        IChatClient cached = new ChatClientBuilder(openAI).UseDistributedCache(cache).Build();
        ITutor tutor = new ITutor.Client(cached.AsPromptTransport());
        await tutor.ExplainAsync("recursion", 30);

        using var chat = new ChatClient(new ChatClientOptions { Model = "gpt-4o-mini" });
        IChatClient client = chat.AsIChatClient();
        ChatResponse response = await client.GetResponseAsync("What is recursion?");
    }
}
