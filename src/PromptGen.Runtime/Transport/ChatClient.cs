using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PromptGen;

/// <summary>
/// Calls an OpenAI-compatible Chat Completions endpoint (<c>POST {BaseUrl}/chat/completions</c>) over
/// <see cref="HttpClient"/>: the <see cref="IChatTransport"/> generated prompt implementations use by default.
/// </summary>
/// <remarks>
/// <para>
/// One instance serves any number of concurrent calls; create one and keep it (it holds a connection pool).
/// The options are copied at construction. Each call fills in what the request leaves unset (the model, and for streamed
/// calls <c>stream</c> and <c>stream_options</c>) on a copy, never on the caller's <see cref="ChatRequest"/>.
/// </para>
/// <para>
/// Failures are retried as <see cref="ChatClientOptions.Retry"/> says. An HTTP error becomes a <see cref="ChatApiException"/>,
/// an unreadable reply a <see cref="ChatResponseException"/>, an elapsed limit a <see cref="ChatTimeoutException"/>;
/// cancelling the caller's token raises <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public sealed class ChatClient : IChatTransport, IDisposable
{
    private const string AcceptJson = "application/json";
    private const string AcceptEventStream = "text/event-stream";
    private const int MaxErrorBody = 64 * 1024;
    private const int MaxRawBody = 2000;

    private static readonly string DefaultUserAgent = CreateUserAgent();

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly bool _hasAccept;
    private readonly string? _apiKey;
    private readonly RequestDefaults _defaults;
    private readonly RetryPolicy _retry;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan? _responseTimeout;
    private readonly TimeSpan? _streamIdleTimeout;
    private int _disposed;

    /// <summary>Creates a client with an <see cref="HttpClient"/> of its own, disposed with the client.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (which read <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>).</param>
    /// <exception cref="ArgumentException">A header in <see cref="ChatClientOptions.Headers"/> is not valid.</exception>
    public ChatClient(ChatClientOptions? options = null)
        : this(CreateHttpClient(), options, ownsHttp: true)
    {
    }

    /// <summary>
    /// Creates a client over <paramref name="httpClient"/>, for example one from <c>IHttpClientFactory</c>; the client does
    /// not dispose it. Its <see cref="HttpClient.Timeout"/> still applies (up to the response headers of a streamed call);
    /// when its handlers retry, set <see cref="ChatClientOptions.Retry"/> to <see cref="RetryPolicy.None"/>.
    /// </summary>
    /// <param name="httpClient">The HTTP client to send through; its base address and default headers are not used for the URL.</param>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A header in <see cref="ChatClientOptions.Headers"/> is not valid.</exception>
    public ChatClient(HttpClient httpClient, ChatClientOptions? options = null)
        : this(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), options, ownsHttp: false)
    {
    }

    private ChatClient(HttpClient httpClient, ChatClientOptions? options, bool ownsHttp)
    {
        options ??= new ChatClientOptions();
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _endpoint = BuildEndpoint(options.BaseUrl);
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        _defaults = new RequestDefaults(options);
        _retry = options.Retry.Clone();
        _timeout = options.Timeout;
        _responseTimeout = options.ResponseTimeout;
        _streamIdleTimeout = options.StreamIdleTimeout;
        _headers = CreateHeaders(options, _apiKey, out _hasAccept);
    }

    /// <summary>The URL requests are posted to: the base URL followed by <c>/chat/completions</c>.</summary>
    public Uri Endpoint => _endpoint;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    /// <exception cref="ChatApiException">The server returned an error status (after any retries).</exception>
    /// <exception cref="ChatResponseException">The reply could not be read as a chat completion.</exception>
    /// <exception cref="ChatTimeoutException">A timeout elapsed.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached (after any retries).</exception>
    public async Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var prepared = _defaults.Prepare(request, streaming: false);
        using var body = _defaults.Serialize(prepared);
        using var scope = new CallScope(_timeout, _responseTimeout is not null, cancellationToken);
        var (response, attempts) = await SendAsync(body, streaming: false, scope).ConfigureAwait(false);
        using (response)
        {
            ObservedStream? stream = null;
            try
            {
                stream = new ObservedStream(await ReadBodyAsync(response, scope.Token).ConfigureAwait(false), scope, null, null, "", keepPrefix: true);
#if !NET
                using var abort = scope.Token.Register(static state => ((IDisposable)state!).Dispose(), response);
#endif
                ChatCompletion? completion;
                try
                {
                    completion = await JsonSerializer.DeserializeAsync(stream, ChatJsonContext.Default.ChatCompletion, scope.Token).ConfigureAwait(false);
                }
                catch (JsonException exception)
                {
                    var excerpt = Redact(stream.Excerpt());
                    throw new ChatResponseException(
                        $"The chat endpoint answered HTTP {(int)response.StatusCode} ({MediaType(response) ?? "no content type"}) with a body that is not a chat completion ({exception.Message}). Received: {excerpt}",
                        excerpt,
                        exception);
                }

                return completion ?? throw new ChatResponseException(
                    $"The chat endpoint answered HTTP {(int)response.StatusCode} with the JSON value null instead of a chat completion.", "null");
            }
            catch (Exception exception) when (IsCancellation(exception, scope))
            {
                throw scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                throw new ChatResponseException(
                    $"The connection broke while reading the reply ({stream?.Received ?? 0} bytes received): {exception.Message} Try the call again.",
                    Redact(stream?.Excerpt()),
                    exception);
            }
            finally
            {
                stream?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The request is sent when enumeration starts; chunks are parsed as they arrive and the enumeration ends at
    /// <c>data: [DONE]</c> (usage and other late chunks included). Stopping early disposes the response. A stream that has
    /// started is never retried.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var prepared = _defaults.Prepare(request, streaming: true);
        return StreamCoreAsync(prepared, cancellationToken);
    }

    /// <summary>Disposes the <see cref="HttpClient"/> when the client created it; a supplied one is left alone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Describes the client without revealing the API key.</summary>
    public override string ToString() =>
        $"ChatClient {{ Endpoint = {_endpoint}, ApiKey = {(_apiKey is null ? "(none)" : "(set)")}, Model = {_defaults.Model ?? "(none)"} }}";

    private async IAsyncEnumerable<ChatCompletionChunk> StreamCoreAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var body = _defaults.Serialize(request);
        using var scope = new CallScope(_timeout, _responseTimeout is not null || _streamIdleTimeout is not null, cancellationToken);
        var (response, attempts) = await SendAsync(body, streaming: true, scope).ConfigureAwait(false);
        using (response)
        {
#if !NET
            using var abort = scope.Token.Register(static state => ((IDisposable)state!).Dispose(), response);
#endif
            if (string.Equals(MediaType(response), AcceptJson, StringComparison.OrdinalIgnoreCase))
            {
                throw await NotAStreamAsync(response, attempts, scope).ConfigureAwait(false);
            }

            var reader = await OpenStreamAsync(response, attempts, scope).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (true)
                {
                    var chunk = await NextChunkAsync(reader, scope).ConfigureAwait(false);
                    if (chunk is null)
                    {
                        yield break;
                    }

                    yield return chunk;
                }
            }
        }
    }

    private async Task<ChatStreamReader> OpenStreamAsync(HttpResponseMessage response, int attempts, CallScope scope)
    {
        try
        {
            var body = await ReadBodyAsync(response, scope.Token).ConfigureAwait(false);
            var observed = new ObservedStream(body, scope, _responseTimeout, _streamIdleTimeout, "waiting for the first streamed event", keepPrefix: false, closeLastEvent: true);
            return new ChatStreamReader(observed, RequestId(response), MediaType(response), attempts, scope.Token);
        }
        catch (Exception exception) when (IsCancellation(exception, scope))
        {
            throw scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
        }
    }

    private async ValueTask<ChatCompletionChunk?> NextChunkAsync(ChatStreamReader reader, CallScope scope)
    {
        try
        {
            return await reader.ReadAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsCancellation(exception, scope))
        {
            throw scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            throw new ChatResponseException(reader.BrokenMessage(exception), null, exception);
        }
        catch (ChatApiException exception) when (Leaks(exception.Message))
        {
            throw exception.Redacted(Redact);
        }
        catch (ChatResponseException exception) when (Leaks(exception.Message))
        {
            throw new ChatResponseException(Redact(exception.Message)!, Redact(exception.Excerpt), exception.InnerException);
        }
    }

    private async Task<Exception> NotAStreamAsync(HttpResponseMessage response, int attempts, CallScope scope)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(response, scope.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsCancellation(exception, scope))
        {
            return scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
        }

        if (ChatErrors.Parse(bytes) is { } error)
        {
            return CreateApiException((int)response.StatusCode, error, null, response, attempts, null, null);
        }

        var excerpt = Redact(ChatText.Excerpt(bytes))!;
        return new ChatResponseException(
            $"A streamed reply was requested (Accept: text/event-stream) but the server answered with application/json. The server may not support streaming. Received: {excerpt}",
            excerpt);
    }

    /// <summary>Sends the request, retrying as the policy says; returns a success response (headers read) and the number of attempts.</summary>
    private async Task<(HttpResponseMessage Response, int Attempts)> SendAsync(PooledBufferWriter body, bool streaming, CallScope scope)
    {
        var attempt = 0;
        while (true)
        {
            attempt++;
            HttpResponseMessage response;
            var message = CreateMessage(body, streaming);
            try
            {
                scope.Arm("ChatClientOptions.ResponseTimeout", _responseTimeout, "waiting for the response headers");
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsCancellation(exception, scope))
            {
                message.Dispose();
                throw scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
            }
            catch (HttpRequestException exception)
            {
                message.Dispose();
                if (attempt > _retry.MaxRetries)
                {
                    throw new HttpRequestException(
                        $"Could not reach the chat endpoint {_endpoint}{(attempt > 1 ? $" after {attempt} attempts" : "")}: {exception.Message} Check ChatClientOptions.BaseUrl and that the server is running.",
                        exception);
                }

                await WaitAsync(_retry.Backoff(attempt), scope).ConfigureAwait(false);
                continue;
            }
            finally
            {
                scope.Disarm();
            }

            message.Dispose();
            if (response.IsSuccessStatusCode)
            {
                return (response, attempt);
            }

            var status = (int)response.StatusCode;
            ChatError? error;
            string? rawBody = null;
            using (response)
            {
                byte[] bytes;
                try
                {
                    bytes = await ReadLimitedAsync(response, scope.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (IsCancellation(exception, scope))
                {
                    throw scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException)
                {
                    bytes = Array.Empty<byte>();
                }

                error = ChatErrors.Parse(bytes);
                if (error is null && bytes.Length > 0)
                {
                    var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxRawBody * 4));
                    rawBody = text.Length > MaxRawBody || bytes.Length > MaxRawBody * 4 ? text.Substring(0, Math.Min(text.Length, MaxRawBody)) + "…" : text;
                }

                var serverWait = ServerWait(response);
                if (!RetryPolicy.IsRetryable(status, error?.Code, error?.Type))
                {
                    throw CreateApiException(status, error, rawBody, response, attempt, serverWait, null);
                }

                if (serverWait is { } wait && wait > _retry.MaxServerWait)
                {
                    throw CreateApiException(status, error, rawBody, response, attempt, serverWait,
                        $"The server asks to wait {CallScope.Describe(wait)} before trying again, longer than ChatClientOptions.Retry.MaxServerWait ({CallScope.Describe(_retry.MaxServerWait)}), so the call was not retried. Try again after that wait, or raise MaxServerWait.");
                }

                if (attempt > _retry.MaxRetries)
                {
                    throw CreateApiException(status, error, rawBody, response, attempt, serverWait, null);
                }

                await WaitAsync(serverWait ?? _retry.Backoff(attempt), scope).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitAsync(TimeSpan wait, CallScope scope)
    {
        try
        {
            await _retry.Delay(wait, scope.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsCancellation(exception, scope))
        {
            throw scope.TimeoutFor(exception, _http.Timeout) ?? Rethrow(exception, scope);
        }
    }

    private HttpRequestMessage CreateMessage(PooledBufferWriter body, bool streaming)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new JsonBodyContent(body.Buffer, body.Length),
        };
        var headers = message.Headers;
        foreach (var header in _headers)
        {
            headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (!_hasAccept)
        {
            headers.TryAddWithoutValidation("Accept", streaming ? AcceptEventStream : AcceptJson);
        }

        return message;
    }

    private ChatApiException CreateApiException(int status, ChatError? error, string? rawBody, HttpResponseMessage response, int attempts, TimeSpan? retryAfter, string? advice) =>
        new(status, Redact(error?.Message), error?.Type, error?.Code, error?.Param, RequestId(response), Redact(rawBody), retryAfter, attempts, advice, innerException: null);

    /// <summary>Whether <paramref name="text"/> contains the API key (keys shorter than 6 characters are not looked for).</summary>
    private bool Leaks(string? text) =>
        text is not null && _apiKey is not null && _apiKey.Length >= 6 && text.IndexOf(_apiKey, StringComparison.Ordinal) >= 0;

    /// <summary><paramref name="text"/> with the API key, should a server echo it, replaced by <c>[redacted]</c>.</summary>
    private string? Redact(string? text) => Leaks(text) ? text!.Replace(_apiKey!, "[redacted]") : text;

    private TimeSpan? ServerWait(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0 && milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
        {
            return TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - _retry.UtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out var values) ? values.FirstOrDefault() : null;

    private static string? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    private static Task<Stream> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
#if NET
        response.Content.ReadAsStreamAsync(cancellationToken);
#else
        response.Content.ReadAsStreamAsync();
#endif

    /// <summary>Reads at most <see cref="MaxErrorBody"/> bytes of a (small) error or unexpected body.</summary>
    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        using var bytes = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while (bytes.Length < MaxErrorBody && (read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }

    private static bool IsCancellation(Exception exception, CallScope scope) =>
        exception is OperationCanceledException || (scope.Token.IsCancellationRequested && exception is IOException or ObjectDisposedException or HttpRequestException);

    private static Exception Rethrow(Exception exception, CallScope scope) =>
        exception as OperationCanceledException ?? new OperationCanceledException("The chat call was cancelled.", exception, scope.Token);

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(ChatClient));
        }
    }

    private static Uri BuildEndpoint(Uri baseUrl)
    {
        var builder = new UriBuilder(baseUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/chat/completions";
        return builder.Uri;
    }

    private static KeyValuePair<string, string>[] CreateHeaders(ChatClientOptions options, string? apiKey, out bool hasAccept)
    {
        var headers = new List<KeyValuePair<string, string>>();
        void Set(string name, string? value)
        {
            if (value is null)
            {
                return;
            }

            headers.RemoveAll(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase));
            headers.Add(new KeyValuePair<string, string>(name, value));
        }

        Set("User-Agent", DefaultUserAgent);
        Set("Authorization", apiKey is null ? null : "Bearer " + apiKey);
        Set("OpenAI-Organization", string.IsNullOrEmpty(options.Organization) ? null : options.Organization);
        Set("OpenAI-Project", string.IsNullOrEmpty(options.Project) ? null : options.Project);
        using var probe = new HttpRequestMessage();
        foreach (var header in options.Headers)
        {
            if (!probe.Headers.TryAddWithoutValidation(header.Key, header.Value ?? ""))
            {
                throw new ArgumentException(
                    $"ChatClientOptions.Headers contains '{header.Key}', which is not a valid request header name (content headers such as Content-Type are set by the client).",
                    nameof(options));
            }

            Set(header.Key, header.Value ?? "");
        }

        hasAccept = headers.Exists(header => string.Equals(header.Key, "Accept", StringComparison.OrdinalIgnoreCase));
        return headers.ToArray();
    }

    private static HttpClient CreateHttpClient()
    {
#if NET
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
        };
#else
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
#endif
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string CreateUserAgent()
    {
        var assembly = typeof(ChatClient).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+');
        return "PromptGen/" + (plus >= 0 ? version.Substring(0, plus) : version);
    }
}
