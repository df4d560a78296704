using System;
using Microsoft.Extensions.DependencyInjection;

namespace PromptGen;

/// <summary>
/// One registered endpoint, returned by <c>AddPromptGen</c>: its name, and the <see cref="IHttpClientBuilder"/> of the
/// HttpClient its <see cref="ChatClient"/> sends through (add handlers there).
/// </summary>
public sealed class PromptGenBuilder
{
    internal PromptGenBuilder(IServiceCollection services, string name, IHttpClientBuilder httpClient)
    {
        Services = services;
        Name = name;
        HttpClient = httpClient;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The endpoint's name: empty for the default endpoint, else the name clients are bound to (<c>AddPromptClient&lt;…&gt;("local")</c>).</summary>
    public string Name { get; }

    /// <summary>The endpoint's HttpClient registration (named <c>PromptGen</c>, or <c>PromptGen:{name}</c>): add handlers, or replace the primary handler.</summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>
    /// Lets the HttpClient retry instead of PromptGen: runs <paramref name="configure"/> on <see cref="HttpClient"/> (add
    /// <c>AddStandardResilienceHandler()</c> or your own Polly pipeline there) and turns PromptGen's own retry off for this
    /// endpoint, whatever <see cref="PromptGenOptions.MaxRetries"/> says, so a failed request is not retried twice over.
    /// </summary>
    /// <param name="configure">Adds the retrying handlers.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public PromptGenBuilder UseHttpClientResilience(Action<IHttpClientBuilder> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        configure(HttpClient);
        Services.Configure<PromptGenEndpointState>(Name, state => state.RetryInHttpClient = true);
        return this;
    }

    /// <summary>Changes the options after configuration has been bound (and before they are validated).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public PromptGenBuilder Configure(Action<PromptGenOptions> configure)
    {
        Services.PostConfigure(Name, configure ?? throw new ArgumentNullException(nameof(configure)));
        return this;
    }
}

/// <summary>What the builder decided about an endpoint beyond its options (whether the HttpClient retries).</summary>
internal sealed class PromptGenEndpointState
{
    public bool RetryInHttpClient { get; set; }
}
