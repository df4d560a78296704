using System;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromptGen;
using PromptGen.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers PromptGen endpoints and generated clients:
/// <c>services.AddPromptGen(configuration.GetSection("PromptGen"))</c> and <c>services.AddPromptClient&lt;ITutor, ITutor.Client&gt;()</c>.
/// </summary>
/// <remarks>
/// <para>
/// An endpoint is an <see cref="IChatTransport"/> singleton: a <see cref="ChatClient"/> over an HttpClient from
/// <c>IHttpClientFactory</c>, instrumented by <see cref="ChatTelemetry"/> (spans and metrics named <c>PromptGen</c>, logs
/// through the container's <c>ILoggerFactory</c>). The default endpoint is the unkeyed <see cref="IChatTransport"/>; a named
/// one is keyed by its name. The HttpClient's primary handler pools connections for 5 minutes each, so DNS changes are
/// seen although the singleton keeps its HttpClient.
/// </para>
/// <para>Generated clients are singletons: they hold nothing but the transport and are safe for concurrent calls.</para>
/// </remarks>
public static class PromptGenServiceCollectionExtensions
{
    /// <summary>Registers the default endpoint, with options bound from <paramref name="configuration"/> (usually <c>GetSection("PromptGen")</c>) and validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The endpoint's configuration section.</param>
    /// <returns>A builder for the endpoint's HttpClient and options.</returns>
    public static PromptGenBuilder AddPromptGen(this IServiceCollection services, IConfiguration configuration) =>
        services.AddPromptGen(Options.Options.DefaultName, configuration);

    /// <summary>
    /// Registers the endpoint <paramref name="name"/> (a local server beside OpenAI, say), with options bound from
    /// <paramref name="configuration"/> and validated at start-up; its transport is the keyed <see cref="IChatTransport"/> <paramref name="name"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The endpoint's name; empty for the default endpoint.</param>
    /// <param name="configuration">The endpoint's configuration section.</param>
    /// <returns>A builder for the endpoint's HttpClient and options.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static PromptGenBuilder AddPromptGen(this IServiceCollection services, string name, IConfiguration configuration)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        var path = (configuration as IConfigurationSection)?.Path ?? "";
        // Bound here rather than with OptionsBuilder.Bind, so that a value the binder cannot convert ("MaxRetries": "abc")
        // fails validation at start-up naming its key and environment variable, like every other bad value, instead of
        // escaping as the binder's InvalidOperationException.
        services.AddOptions<PromptGenOptions>(name).Configure(options => BindSection(configuration, options)).ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<PromptGenOptions>>(new ConfigurationChangeTokenSource<PromptGenOptions>(name, configuration));
        services.AddSingleton<IValidateOptions<PromptGenOptions>>(new PromptGenOptionsValidator(name, path, configuration));
        services.AddMetrics();
        var httpClient = services.AddHttpClient(HttpClientName(name))
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .SetHandlerLifetime(System.Threading.Timeout.InfiniteTimeSpan)
            // HttpClientFactory's own loggers are removed: at Trace their structured state carries raw request header
            // values, the Authorization header with the API key among them, even where the message shows "*".
            // PromptGen's own events (ChatTelemetry) log each request instead.
            .RemoveAllLoggers();

        if (name.Length == 0)
        {
            services.AddSingleton(provider => CreateTransport(provider, name));
        }
        else
        {
            services.AddKeyedSingleton(name, (provider, _) => CreateTransport(provider, name));
        }

        return new PromptGenBuilder(services, name, httpClient);
    }

    /// <summary>
    /// Registers <typeparamref name="TInterface"/> as a singleton implemented by the generated <typeparamref name="TClient"/>
    /// over the default endpoint, or, with <paramref name="endpoint"/>, keyed by that name over that endpoint
    /// (<c>[FromKeyedServices("local")] ITutor tutor</c>). No reflection beyond the constructor, which trimming keeps.
    /// </summary>
    /// <typeparam name="TInterface">The <c>[PromptClient]</c> interface, <c>ITutor</c>.</typeparam>
    /// <typeparam name="TClient">Its generated implementation, <c>ITutor.Client</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="endpoint">The endpoint's name given to <c>AddPromptGen</c>; <see langword="null"/> for the default endpoint.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Resolving the interface when no endpoint of that name was registered (no <c>AddPromptGen</c>) throws an <see cref="InvalidOperationException"/> that says to call it.</remarks>
    public static IServiceCollection AddPromptClient<TInterface, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(
        this IServiceCollection services, string? endpoint = null)
        where TInterface : class
        where TClient : class, TInterface =>
        services.AddPromptClient<TInterface>(static (provider, transport) => ActivatorUtilities.CreateInstance<TClient>(provider, transport), endpoint);

    /// <summary>
    /// Registers <typeparamref name="TInterface"/> as a singleton that <paramref name="create"/> makes over the endpoint's
    /// transport: <c>AddPromptClient&lt;ITutor&gt;(transport =&gt; new ITutor.Client(transport))</c>. Keyed by
    /// <paramref name="endpoint"/> when one is named.
    /// </summary>
    /// <typeparam name="TInterface">The <c>[PromptClient]</c> interface.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="create">Creates the client over a transport.</param>
    /// <param name="endpoint">The endpoint's name given to <c>AddPromptGen</c>; <see langword="null"/> for the default endpoint.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPromptClient<TInterface>(this IServiceCollection services, Func<IChatTransport, TInterface> create, string? endpoint = null)
        where TInterface : class
    {
        if (create is null)
        {
            throw new ArgumentNullException(nameof(create));
        }

        return services.AddPromptClient<TInterface>((_, transport) => create(transport), endpoint);
    }

    private static IServiceCollection AddPromptClient<TInterface>(this IServiceCollection services, Func<IServiceProvider, IChatTransport, TInterface> create, string? endpoint)
        where TInterface : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (string.IsNullOrEmpty(endpoint))
        {
            services.AddSingleton(provider => create(provider, provider.GetService<IChatTransport>() ?? throw NoEndpoint<TInterface>(null)));
        }
        else
        {
            services.AddKeyedSingleton(endpoint, (provider, key) => create(provider, provider.GetKeyedService<IChatTransport>(key) ?? throw NoEndpoint<TInterface>(endpoint)));
        }

        // The same check when the application starts (ValidateOnStart), so a missing AddPromptGen stops it there rather
        // than at the first request that needs the client.
        services.AddOptions<PromptClientCheck>(typeof(TInterface).FullName + "|" + endpoint)
            .Validate<IServiceProvider>((_, provider) => HasEndpoint(provider, endpoint), NoEndpoint<TInterface>(string.IsNullOrEmpty(endpoint) ? null : endpoint).Message)
            .ValidateOnStart();
        return services;
    }

    /// <summary>Binds <paramref name="configuration"/> to <paramref name="options"/>; a value that cannot be converted is kept for the validator.</summary>
    private static void BindSection(IConfiguration configuration, PromptGenOptions options)
    {
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            options.BindingFailure = exception.Message;
        }
    }

    /// <summary>Whether the container holds the transport of <paramref name="endpoint"/> (the unkeyed one when it is null or empty).</summary>
    private static bool HasEndpoint(IServiceProvider provider, string? endpoint) => string.IsNullOrEmpty(endpoint)
        ? provider.GetService<IServiceProviderIsService>()?.IsService(typeof(IChatTransport)) ?? true
        : provider.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(typeof(IChatTransport), endpoint) ?? true;

    /// <summary>The failure for a client whose endpoint was never registered: what to call, rather than the container's "No service for type".</summary>
    internal static InvalidOperationException NoEndpoint<TInterface>(string? endpoint) => new(endpoint is null
        ? $"{typeof(TInterface).Name} was registered with AddPromptClient, but no PromptGen endpoint is: call services.AddPromptGen(configuration.GetSection(\"PromptGen\")) as well (or register an IChatTransport of your own, such as a ScriptedTransport in tests)."
        : $"{typeof(TInterface).Name} was registered with AddPromptClient for the endpoint '{endpoint}', but no endpoint of that name is: call services.AddPromptGen(\"{endpoint}\", configuration.GetSection(\"…\")) as well, with the same name (or register a keyed IChatTransport '{endpoint}' of your own).");

    /// <summary>The HttpClient name of an endpoint: <c>PromptGen</c>, or <c>PromptGen:{name}</c>.</summary>
    internal static string HttpClientName(string name) => name.Length == 0 ? "PromptGen" : "PromptGen:" + name;

    private static IChatTransport CreateTransport(IServiceProvider provider, string name)
    {
        var options = provider.GetRequiredService<IOptionsMonitor<PromptGenOptions>>().Get(name);
        var state = provider.GetRequiredService<IOptionsMonitor<PromptGenEndpointState>>().Get(name);
        var chatOptions = options.ToChatClientOptions(state.RetryInHttpClient, state.Prices, state.TokenCounter ?? provider.GetService<ITokenCounter>());
        var telemetryOptions = new ChatTelemetryOptions
        {
            LoggerFactory = provider.GetService<ILoggerFactory>(),
            MeterFactory = provider.GetService<IMeterFactory>(),
            ProviderName = options.ProviderName ?? "openai",
            Endpoint = chatOptions.BaseUrl,
            DefaultModel = options.Model,
            CaptureContent = options.CaptureContent,
        };
        if (chatOptions.ApiKey is { } apiKey)
        {
            telemetryOptions.Secrets.Add(apiKey);
        }

        foreach (var header in chatOptions.Headers)
        {
            if (Redactor.IsHeaderSecret(header.Value)) // the client's rule: a short header value is no credential
            {
                telemetryOptions.Secrets.Add(header.Value);
            }
        }

        // The telemetry exists before the client so that the client reports each retry to it (log event 4, a span event).
        var telemetry = new ChatTelemetry(telemetryOptions);
        chatOptions.Retry.OnRetry = telemetry.OnRetry;
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName(name));
        return telemetry.Instrument(new ChatClient(http, chatOptions));
    }
}

/// <summary>Nothing but a name to hang <c>AddPromptClient</c>'s start-up check on (an endpoint must be registered for the client).</summary>
internal sealed class PromptClientCheck
{
}
