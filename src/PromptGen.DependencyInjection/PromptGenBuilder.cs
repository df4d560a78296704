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

    /// <summary>
    /// Prices this endpoint's replies with <paramref name="prices"/> instead of the default table (OpenAI's list prices, or
    /// 0 for a server on this machine); prices from configuration (<see cref="PromptGenOptions.Prices"/>) are added on top.
    /// The table is copied when the endpoint's client is built, so later changes to it are not seen.
    /// </summary>
    /// <param name="prices">The table: <c>PriceTable.CreateOpenAI().Set("my-model", new ModelPrice(…))</c>, or your own.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prices"/> is <see langword="null"/>.</exception>
    public PromptGenBuilder UsePrices(PriceTable prices)
    {
        var copy = new PriceTable(prices ?? throw new ArgumentNullException(nameof(prices)));
        Services.Configure<PromptGenEndpointState>(Name, state => state.Prices = copy);
        return this;
    }

    /// <summary>
    /// Counts prompt tokens for this endpoint's <c>[MaxPromptTokens]</c> budgets with <paramref name="counter"/>
    /// (<c>OpenAITokenCounter.Default</c> from PromptGen.Tokenizers). Without it the endpoint uses an
    /// <see cref="ITokenCounter"/> registered in the container, if any; with neither, a method with a budget fails before sending.
    /// </summary>
    /// <param name="counter">The token counter.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="counter"/> is <see langword="null"/>.</exception>
    public PromptGenBuilder UseTokenCounter(ITokenCounter counter)
    {
        if (counter is null)
        {
            throw new ArgumentNullException(nameof(counter));
        }

        Services.Configure<PromptGenEndpointState>(Name, state => state.TokenCounter = counter);
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

/// <summary>What the builder decided about an endpoint beyond its options: whether the HttpClient retries, and what was set in code (prices, token counter).</summary>
internal sealed class PromptGenEndpointState
{
    public bool RetryInHttpClient { get; set; }

    /// <summary>The price table set with <see cref="PromptGenBuilder.UsePrices"/>, or null for the default.</summary>
    public PriceTable? Prices { get; set; }

    /// <summary>The token counter set with <see cref="PromptGenBuilder.UseTokenCounter"/>, or null.</summary>
    public ITokenCounter? TokenCounter { get; set; }
}
