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
/// calls <c>stream</c> and <c>stream_options</c>) as it writes the body, never on the caller's <see cref="ChatRequest"/>.
/// </para>
/// <para>
/// Failures are retried as <see cref="ChatClientOptions.Retry"/> says. An HTTP error becomes a <see cref="ChatApiException"/>,
/// an unreadable reply a <see cref="ChatResponseException"/>, an elapsed limit a <see cref="ChatTimeoutException"/> (when
/// <see cref="ChatClientOptions.Timeout"/> ends a wait before a retry, its message names the wait and its inner exception
/// is the failure being retried); cancelling the caller's token raises <see cref="OperationCanceledException"/>. A fault
/// on this side that no retry can mend is never retried: a header value that cannot be sent is refused by the
/// constructor, a disposed HttpClient is an <see cref="ObjectDisposedException"/>, a rejected TLS handshake fails at once.
/// </para>
/// </remarks>
public sealed class ChatClient : IChatTransport, IDisposable
{
    private const string AcceptJson = "application/json";
    private const string AcceptEventStream = "text/event-stream";

    /// <summary>The largest reply body read whole for <see cref="ChatCompletionParser"/>; a larger one is left to the serializer as it arrives.</summary>
    private const int FastPathLimit = 1 << 20;

    private static readonly string DefaultUserAgent = CreateUserAgent();

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly bool _hasAccept;
    private readonly string? _apiKey;
    private readonly RequestDefaults _defaults;
    private readonly CallFailures _failures;
    private readonly RetryHandler _retry;
    private readonly ErrorBodyReader _errors;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan? _responseTimeout;
    private readonly TimeSpan? _streamIdleTimeout;
    private readonly CallMeter _meter;
    private readonly ChatCompletionParser _replies = new();
#if NET
    private readonly TimeoutSources _timeoutSources = new();
#endif
    private int _disposed;

    /// <summary>Creates a client with an <see cref="HttpClient"/> of its own, disposed with the client.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (which read <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>).</param>
    /// <exception cref="ArgumentException">
    /// A header in <see cref="ChatClientOptions.Headers"/> has a name that is not a valid request header (empty, a space, a
    /// colon, a character that is not ASCII, a content header such as Content-Type: the message says which); a value that
    /// becomes a header (<see cref="ChatClientOptions.ApiKey"/>, <see cref="ChatClientOptions.Organization"/>,
    /// <see cref="ChatClientOptions.Project"/>, a value of <see cref="ChatClientOptions.Headers"/>) holds a line break,
    /// another control character or a character that is not ASCII; or the API key was pasted with its <c>Bearer </c>
    /// scheme or in quotes. The message names the option and what to remove, never the value.
    /// </exception>
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
    /// <exception cref="ArgumentException">
    /// A header of <paramref name="options"/> is not valid (as for <see cref="ChatClient(ChatClientOptions?)"/>), or a value
    /// in <paramref name="httpClient"/>'s <see cref="HttpClient.DefaultRequestHeaders"/> holds a line break, another control
    /// character or a character that is not ASCII.
    /// </exception>
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
        _headers = CreateHeaders(options, out _apiKey, out _hasAccept);
        if (!ownsHttp)
        {
            HeaderValues.CheckDefaults(httpClient.DefaultRequestHeaders);
        }

        _defaults = new RequestDefaults(options);
        var retry = options.Retry.Clone();
        // The key and every extra header value are secrets: a server echoing Azure's api-key is redacted as the key is.
        _failures = new CallFailures(_endpoint, ConfiguredText.Secrets(options));
        _retry = new RetryHandler(retry, _failures);
        _errors = new ErrorBodyReader(_failures.Redactor, retry.UtcNow);
        _timeout = options.Timeout;
        _responseTimeout = options.ResponseTimeout;
        _streamIdleTimeout = options.StreamIdleTimeout;
        _meter = new CallMeter(options);
    }

    /// <summary>The URL requests are posted to: the base URL followed by <c>/chat/completions</c>.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>Removes this client's API key from text; telemetry that observes the client masks the key with it too.</summary>
    internal Redactor Redactor => _failures.Redactor;

    /// <summary>
    /// What this client has used since it was created — requests answered, prompt, cached and completion tokens, and cost
    /// in USD (<see cref="ChatClientOptions.Prices"/>) — as a snapshot; safe to read at any time, while calls run.
    /// </summary>
    public ChatTotals Totals => _meter.Totals;

    /// <inheritdoc />
    /// <exception cref="ChatApiException">The server returned an error status (after any retries).</exception>
    /// <exception cref="ChatResponseException">The reply could not be read as a chat completion.</exception>
    /// <exception cref="ChatTimeoutException">A timeout elapsed.</exception>
    /// <exception cref="HttpRequestException">
    /// The server could not be reached, or the connection dropped before the response headers (after any retries); or a
    /// TLS handshake was rejected (an untrusted certificate, https to a plain-http server), which is not retried.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The client, or the <see cref="HttpClient"/> it sends through, was disposed (not retried).</exception>
    /// <exception cref="InvalidOperationException">
    /// Neither the request nor the options name a model; or a handler of the <see cref="HttpClient"/> added a header value
    /// that cannot be sent (a character that is not ASCII), which is not retried.
    /// </exception>
    /// <exception cref="ContextLengthExceededException">The server said the prompt is longer than the model's context window.</exception>
    /// <exception cref="PromptBudgetExceededException">The request has a <see cref="ChatRequest.Budget"/> its fixed parts alone exceed; nothing was sent.</exception>
    public async Task<ChatCompletion> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        // A budget ([MaxPromptTokens]) needs the model filled in before fitting; other requests take the direct path.
        PromptTrim? trim = null;
        var fitted = request?.Budget is null ? request! : _meter.Fit(_defaults.Prepare(request, streaming: false), out trim);
        using var body = ReferenceEquals(fitted, request) ? _defaults.Serialize(request!, streaming: false) : _defaults.Serialize(fitted);
        using var scope = CreateScope(cancellationToken);
        var (response, attempt) = await SendAsync(body, streaming: false, scope).ConfigureAwait(false);
        using (response)
        {
            var completion = await ReadCompletionAsync(response, attempt, scope).ConfigureAwait(false);
            _meter.Record(completion, fitted.Model ?? _defaults.Model, trim);
            return completion;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The request is sent when enumeration starts; chunks are parsed as they arrive and the enumeration ends at
    /// <c>data: [DONE]</c> (usage and other late chunks included). Stopping early disposes the response. A stream that has
    /// started is never retried.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Neither the request nor the options name a model.</exception>
    /// <exception cref="PromptBudgetExceededException">The request has a <see cref="ChatRequest.Budget"/> its fixed parts alone exceed; nothing is sent.</exception>
    public IAsyncEnumerable<ChatCompletionChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (request?.Budget is not null)
        {
            return StreamCoreAsync(_meter.Fit(_defaults.Prepare(request, streaming: true), out _), cancellationToken);
        }

        _defaults.Check(request!);
        return StreamCoreAsync(request!, cancellationToken);
    }

    /// <summary>Disposes the <see cref="HttpClient"/> when the client created it; a supplied one is left alone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>
    /// Describes the client without revealing the API key or credentials in the base URL (shown as <c>[redacted]@</c>); the
    /// key or a header value pasted into the endpoint or the model is shown as <c>[redacted]</c>.
    /// </summary>
    public override string ToString() =>
        $"ChatClient {{ Endpoint = {ConfiguredText.Quote(_endpoint.ToString(), Redactor)}, ApiKey = {(_apiKey is null ? "(none)" : "(set)")}, Model = {(_defaults.Model is { } model ? ConfiguredText.Quote(model, Redactor) : "(none)")} }}";

    private async IAsyncEnumerable<ChatCompletionChunk> StreamCoreAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var body = _defaults.Serialize(request, streaming: true);
        using var scope = CreateScope(cancellationToken);
        var (response, attempts) = await SendAsync(body, streaming: true, scope).ConfigureAwait(false);
        _meter.RecordStreamStart();
        var priced = false;
        try
        {
            using (response)
            {
#if !NET
                using var abort = scope.Token.Register(static state => ((IDisposable)state!).Dispose(), response);
#endif
                using var reader = await OpenStreamAsync(response, attempts, scope).ConfigureAwait(false);
                {
                    while (await NextChunkAsync(reader, scope).ConfigureAwait(false) is { } chunk)
                    {
                        if (chunk.Usage is not null)
                        {
                            _meter.RecordChunk(chunk, request.Model ?? _defaults.Model);
                            priced = true;
                        }

                        yield return chunk;
                    }
                }
            }
        }
        finally
        {
            if (!priced)
            {
                _meter.RecordStreamWithoutUsage();
            }
        }
    }

#if NET
    private CallScope CreateScope(CancellationToken cancellationToken) =>
        new(_timeout, _responseTimeout is not null || _streamIdleTimeout is not null, _http.Timeout, cancellationToken, _timeoutSources);

    /// <summary>The whole-call sources this client reuses (for tests).</summary>
    internal TimeoutSources TimeoutSources => _timeoutSources;
#else
    private CallScope CreateScope(CancellationToken cancellationToken) =>
        new(_timeout, _responseTimeout is not null || _streamIdleTimeout is not null, _http.Timeout, cancellationToken);
#endif

    // The steps of a call below return ValueTask, with pooled state machines on .NET: each is awaited once, at once, by
    // the step that called it, so a call does not allocate a task per step.

    /// <summary>Sends the request, retrying as the policy says; returns a success response (headers read) and the attempt it came from.</summary>
    private ValueTask<(HttpResponseMessage Response, int Attempt)> SendAsync(PooledBufferWriter body, bool streaming, CallScope scope) =>
        _retry.RunAsync(
            static (state, attempt, scope) => state.Client.SendOnceAsync(state.Body, state.Streaming, attempt, scope),
            (Client: this, Body: body, Streaming: streaming),
            scope);

    /// <summary>
    /// Sends one attempt: a success response (headers read), or the exception that ends this attempt (a
    /// <see cref="ChatApiException"/> for an error status, an <see cref="HttpRequestException"/> for a network failure).
    /// </summary>
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<(HttpResponseMessage Response, int Attempt)> SendOnceAsync(PooledBufferWriter body, bool streaming, int attempt, CallScope scope)
    {
        HttpResponseMessage response;
        using (var message = CreateMessage(body, streaming))
        {
            try
            {
                scope.Arm("ChatClientOptions.ResponseTimeout", _responseTimeout, "waiting for the response headers");
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (!scope.Token.IsCancellationRequested && HeaderValues.ProblemAfterSend(message) is { } problem)
            {
                // Our own values were checked by the constructor; this one came from a handler. Not a network failure: not retried.
                throw new InvalidOperationException(problem + " Not retried: no attempt can send it. Fix the handler that sets it.", exception);
            }
            catch (Exception exception) when (CallFailures.Translates(exception))
            {
                var phase = message.Content is JsonBodyContent { WriteStarted: true } ? CallPhase.Send : CallPhase.Connect;
                throw _failures.Translate(exception, phase, scope, FailureFacts.Sending(attempt));
            }
            finally
            {
                scope.Disarm();
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, attempt);
        }

        using (response)
        {
            ChatApiException error;
            try
            {
                error = await _errors.ReadAsync(response, await OpenReplyAsync(response, scope).ConfigureAwait(false), attempt, scope.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (CallFailures.Translates(exception))
            {
                throw _failures.Translate(exception, CallPhase.Body, scope, FailureFacts.Reading((int)response.StatusCode, MediaType(response), null));
            }

            throw error;
        }
    }

    /// <summary>
    /// Reads a whole success body as a chat completion. An <c>error</c> object in it is a <see cref="ChatApiException"/>;
    /// JSON without <c>choices</c> is not a chat completion.
    /// </summary>
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<ChatCompletion> ReadCompletionAsync(HttpResponseMessage response, int attempt, CallScope scope)
    {
        ObservedStream? stream = null;
        try
        {
            stream = await OpenReplyAsync(response, scope).ConfigureAwait(false);
#if !NET
            using var abort = scope.Token.Register(static state => ((IDisposable)state!).Dispose(), response);
#endif
            // A JSON object body up to FastPathLimit is read whole first (through the observed stream: the same limits, the
            // same excerpt), then parsed by the fast path. Anything else — not an object, too large, not of the common
            // shape — goes to the serializer over the same bytes (the part read so far, then the rest), as before.
            using var body = new PooledBufferWriter();
            var ended = false;
            var start = 0; // the body's first byte other than white space: 0 until one arrives
            while (body.Length <= FastPathLimit && start is 0 or (byte)'{')
            {
                var free = body.GetMemory(4096);
#if NET
                var read = await stream.ReadAsync(free, scope.Token).ConfigureAwait(false);
#else
                var read = await stream.ReadAsync(body.Buffer, body.Length, free.Length, scope.Token).ConfigureAwait(false);
#endif
                if (read == 0)
                {
                    ended = true;
                    break;
                }

                body.Advance(read);
                start = start == 0 ? FirstNonSpace(body.Written.Span.Slice(body.Length - read)) : start;
            }

            var completion = (ended ? _replies.TryRead(body.Written.Span) : null)
                ?? await JsonSerializer.DeserializeAsync(
                    ended ? new MemoryStream(body.Buffer, 0, body.Length, writable: false) : new PrefixedStream(body.Buffer, body.Length, stream),
                    ChatJsonContext.Default.ChatCompletion,
                    scope.Token).ConfigureAwait(false);
            if (completion is null)
            {
                throw new ChatResponseException(
                    $"The chat endpoint answered HTTP {(int)response.StatusCode} with the JSON value null instead of a chat completion.", "null");
            }

            if (completion.Error is { } error)
            {
                throw _errors.InsideSuccess(error, error.Json?.GetRawText() ?? "", _errors.RequestId(response), attempt);
            }

            if (!completion.HasChoices)
            {
                var excerpt = stream.Excerpt();
                throw new ChatResponseException(
                    $"The chat endpoint answered HTTP {(int)response.StatusCode} ({_failures.Redactor.Redact(MediaType(response)) ?? "no content type"}) with JSON that is not a chat completion (it has no 'choices'). Check ChatClientOptions.BaseUrl: it must be the API's base, such as https://api.openai.com/v1. Received: {excerpt}",
                    excerpt);
            }

            completion.Redactor = _failures.Redactor;
            return completion;
        }
        catch (Exception exception) when (CallFailures.Translates(exception))
        {
            throw _failures.Translate(exception, CallPhase.Body, scope, FailureFacts.Reading((int)response.StatusCode, MediaType(response), stream));
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>
    /// A whole (not streamed) body, watched by the wait limits: <see cref="ChatClientOptions.ResponseTimeout"/> for its first
    /// byte, <see cref="ChatClientOptions.StreamIdleTimeout"/> for every later gap.
    /// </summary>
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<ObservedStream> OpenReplyAsync(HttpResponseMessage response, CallScope scope) =>
        ObservedStream.ForReply(await ReadBodyAsync(response, scope.Token).ConfigureAwait(false), scope, _responseTimeout, _streamIdleTimeout, _failures.Redactor);

    /// <summary>Opens the event stream of a success response; a JSON body instead is read as an error or a "not a stream" failure.</summary>
    private async Task<ChatStreamReader> OpenStreamAsync(HttpResponseMessage response, int attempt, CallScope scope)
    {
        try
        {
            if (string.Equals(MediaType(response), AcceptJson, StringComparison.OrdinalIgnoreCase))
            {
                throw NotAStream(response, await ErrorBodyReader.ReadLimitedAsync(await OpenReplyAsync(response, scope).ConfigureAwait(false), scope.Token).ConfigureAwait(false), attempt);
            }

            var body = ObservedStream.ForEventStream(await ReadBodyAsync(response, scope.Token).ConfigureAwait(false), scope, _responseTimeout, _streamIdleTimeout);
            return new ChatStreamReader(body, _errors, _errors.RequestId(response), MediaType(response), attempt, scope.Token);
        }
        catch (Exception exception) when (CallFailures.Translates(exception))
        {
            throw _failures.Translate(exception, CallPhase.Body, scope, FailureFacts.Reading((int)response.StatusCode, MediaType(response), null));
        }
    }

    private async ValueTask<ChatCompletionChunk?> NextChunkAsync(ChatStreamReader reader, CallScope scope)
    {
        try
        {
            var chunk = await reader.ReadAsync().ConfigureAwait(false);
            if (chunk is not null)
            {
                chunk.Redactor = _failures.Redactor;
            }

            return chunk;
        }
        catch (Exception exception) when (CallFailures.Translates(exception))
        {
            throw _failures.Translate(exception, CallPhase.Stream, scope, FailureFacts.Streaming(reader.Chunks));
        }
    }

    /// <summary>The failure for a streamed call answered with a JSON body: its error, or "the server may not support streaming".</summary>
    private Exception NotAStream(HttpResponseMessage response, byte[] bytes, int attempt)
    {
        if (ChatErrors.Parse(bytes) is { } error)
        {
            return _errors.InsideSuccess(error, Encoding.UTF8.GetString(bytes), _errors.RequestId(response), attempt);
        }

        var excerpt = ChatText.Excerpt(bytes, redactor: _failures.Redactor);
        return new ChatResponseException(
            $"A streamed reply was requested (Accept: text/event-stream) but the server answered with application/json. The server may not support streaming. Received: {excerpt}",
            excerpt);
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

    /// <summary>The first byte of <paramref name="bytes"/> that is not JSON white space, or 0 when there is none.</summary>
    private static byte FirstNonSpace(ReadOnlySpan<byte> bytes)
    {
        foreach (var value in bytes)
        {
            if (value is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return value;
            }
        }

        return 0;
    }

    private static string? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    private static Task<Stream> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
#if NET
        response.Content.ReadAsStreamAsync(cancellationToken);
#else
        response.Content.ReadAsStreamAsync();
#endif

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

    /// <summary>
    /// The headers every request carries, each value checked by <see cref="HeaderValues"/> (white space around it removed;
    /// a line break, another control character or a character that is not ASCII inside it is an <see cref="ArgumentException"/>);
    /// <paramref name="apiKey"/> is the key as sent, <see langword="null"/> when none is.
    /// </summary>
    private static KeyValuePair<string, string>[] CreateHeaders(ChatClientOptions options, out string? apiKey, out bool hasAccept)
    {
        if (options.ApiKey?.Trim() is { Length: > 0 } key && OptionRules.ApiKeyProblem(key) is { } keyProblem)
        {
            throw new ArgumentException($"ChatClientOptions.ApiKey {keyProblem}.", nameof(options));
        }

        apiKey = HeaderValues.Clean(options.ApiKey, "ChatClientOptions.ApiKey", "Authorization");
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
        Set("OpenAI-Organization", HeaderValues.Clean(options.Organization, "ChatClientOptions.Organization", "OpenAI-Organization"));
        Set("OpenAI-Project", HeaderValues.Clean(options.Project, "ChatClientOptions.Project", "OpenAI-Project"));
        foreach (var header in options.Headers)
        {
            if (OptionRules.HeaderNameProblem(header.Key) is { } nameProblem)
            {
                // The name as shown (escapes for what cannot be printed), with the key and header values masked (ConfiguredText).
                throw new ArgumentException($"ChatClientOptions.Headers has the header name '{ConfiguredText.Secrets(options).Redact(OptionRules.Shown(header.Key))}', which {nameProblem}.", nameof(options));
            }

            Set(header.Key, HeaderValues.Clean(header.Value, $"ChatClientOptions.Headers[\"{header.Key}\"]", header.Key) ?? "");
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
            // A reply abandoned part-way (cancel, break, idle timeout) closes the connection instead of being drained,
            // so the server notices at once and stops generating.
            MaxResponseDrainSize = 0,
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
