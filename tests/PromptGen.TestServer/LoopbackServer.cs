using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PromptGen.TestServer;

/// <summary>
/// A small OpenAI-compatible HTTP server on <c>127.0.0.1</c> (a free port) for tests: it records every request and
/// answers with the <see cref="Reply"/>s a test queued, in order, whatever the path. It never contacts another address.
/// </summary>
/// <example>
/// <code>
/// await using var server = await LoopbackServer.StartAsync();
/// server.Enqueue(Reply.Json(completionJson));
/// using var client = new ChatClient(new ChatClientOptions { BaseUrl = server.BaseUrl, ApiKey = "test", Model = "m" });
/// await client.CompleteAsync(request);
/// Assert.Equal("/v1/chat/completions", server.Requests[0].Path);
/// </code>
/// </example>
/// <remarks>When no reply is queued the server answers 501 (not retried by clients) with an error body saying so, so a missing reply shows up in the test's failure.</remarks>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Reply> _replies = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly List<TaskCompletionSource<RecordedRequest>> _arrivals = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>An OpenAI-style base URL, <c>http://127.0.0.1:{port}/v1</c>; a client posts to <c>/v1/chat/completions</c>.</summary>
    public Uri BaseUrl => new(BaseAddress, "v1");

    /// <summary>The requests received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>How many queued replies have not been used yet.</summary>
    public int PendingReplies => _replies.Count;

    /// <summary>Starts a server on <c>127.0.0.1</c> with a port the system picks.</summary>
    public static async Task<LoopbackServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Queues replies; each request takes the oldest.</summary>
    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    /// <summary>Completes when the request at <paramref name="index"/> (0-based) has been received and recorded.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(int index = 0, CancellationToken cancellationToken = default) =>
        Arrival(index).Task.WaitAsync(cancellationToken);

    /// <summary>Stops the server; requests still waiting on a reply's pause or hang are ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private TaskCompletionSource<RecordedRequest> Arrival(int index)
    {
        lock (_arrivals)
        {
            while (_arrivals.Count <= index)
            {
                _arrivals.Add(new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _arrivals[index];
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var token = cancel.Token;
        RecordedRequest? recorded = null;
        CancellationTokenRegistration disconnect = default;
        try
        {
            recorded = await RecordAsync(context, token).ConfigureAwait(false);
            disconnect = context.RequestAborted.Register(static state => ((RecordedRequest)state!).MarkDisconnected(), recorded);
            var reply = _replies.TryDequeue(out var queued)
                ? queued
                : Reply.Error(501, $"LoopbackServer: no reply was queued for request #{recorded.Index} ({recorded.Method} {recorded.Path}).", "test_server_error");
            Arrival(recorded.Index).TrySetResult(recorded);

            if (!await RunAsync(context, reply.BeforeHeadersSteps, token).ConfigureAwait(false))
            {
                return;
            }

            var response = context.Response;
            response.StatusCode = reply.Status;
            foreach (var header in reply.Headers)
            {
                response.Headers.Append(header.Key, header.Value);
            }

            if (reply.ContentType is not null)
            {
                response.ContentType = reply.ContentType;
            }

            if (reply.FixedLength)
            {
                response.ContentLength = reply.BodySteps.Sum(step => (long)step.Bytes.Length);
            }

            await response.StartAsync(token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            await RunAsync(context, reply.BodySteps, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            MarkClientGone(context, recorded);
            context.Abort();
        }
        catch (IOException)
        {
            recorded?.MarkDisconnected();
            context.Abort();
        }
        finally
        {
            disconnect.Dispose();
            recorded?.MarkFinished();
        }
    }

    private void MarkClientGone(HttpContext context, RecordedRequest? recorded)
    {
        if (context.RequestAborted.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            recorded?.MarkDisconnected();
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context, CancellationToken token)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, token).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        lock (_requests)
        {
            var recorded = new RecordedRequest(_requests.Count, request.Method, request.Path + request.QueryString, headers, body.ToArray());
            _requests.Add(recorded);
            return recorded;
        }
    }

    /// <summary>Runs reply steps; <see langword="false"/> when the connection was aborted.</summary>
    private static async Task<bool> RunAsync(HttpContext context, IReadOnlyList<Reply.Step> steps, CancellationToken token)
    {
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case Reply.StepKind.Write:
                    await context.Response.Body.WriteAsync(step.Bytes, token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
                    break;
                case Reply.StepKind.Pause:
                    await Task.Delay(step.Duration, token).ConfigureAwait(false);
                    break;
                case Reply.StepKind.Wait:
                    await step.Gate!.WaitAsync(token).ConfigureAwait(false);
                    break;
                case Reply.StepKind.Hang:
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                    break;
                case Reply.StepKind.Abort:
                    context.Abort();
                    return false;
            }
        }

        return true;
    }
}
