using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenAI;
using PromptGen.Sample;
using PromptGen.TestServer;
using Xunit;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using MeaiChatRole = Microsoft.Extensions.AI.ChatRole;
using MeaiResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace PromptGen.Extensions.Tests;

/// <summary>
/// The bridge both ways: the sample's ITutor over Microsoft.Extensions.AI over the OpenAI SDK (and its distributed-cache
/// middleware), and PromptGen's ChatClient as an IChatClient; all against the loopback server.
/// </summary>
public sealed class MicrosoftExtensionsAITests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IChatClient OpenAIChatClient() =>
        new OpenAI.Chat.ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = _server.BaseUrl }).AsIChatClient();

    [Fact]
    public async Task TextMethodOverTheOpenAISdk()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Recursion is self-reference.")));
        ITutor tutor = new ITutor.Client(OpenAIChatClient().AsPromptTransport());

        Assert.Equal("Recursion is self-reference.", await tutor.ExplainAsync("recursion", 30));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Header("Authorization"));
        Assert.Equal(
            """{"temperature":0.2,"messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"What is recursion? Answer in at most 30 words."}],"model":"gpt-4o-mini"}""",
            request.BodyText);
    }

    [Fact]
    public async Task JsonMethodSendsTheBuildTimeSchemaStrictOverTheOpenAISdk()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("""{"name":"Ola Nordmann","age":35,"city":"Bergen"}""", prompt: 90, completion: 14)));
        ITutor tutor = new ITutor.Client(OpenAIChatClient().AsPromptTransport());

        var result = await tutor.ExtractAsync("Ola Nordmann is 35 and lives in Bergen.");

        Assert.Equal(new Person("Ola Nordmann", 35, "Bergen"), result.Value);
        Assert.Equal(104, result.Usage?.TotalTokens);
        Assert.Equal("stop", result.FinishReason);
        // Microsoft.Extensions.AI.OpenAI sends the build-time schema indented, and in strict mode moves the keywords OpenAI's
        // strict mode rejects into the description; PromptGen still checks them on the reply.
        Assert.Equal(
            """"
            {"messages":[{"role":"system","content":"You extract data from text."},{"role":"user","content":"Anna Berg is 41 and lives in Oslo."},{"role":"assistant","content":"{\"name\":\"Anna Berg\",\"age\":41,\"city\":\"Oslo\"}"},{"role":"user","content":"Extract name, age and city from: Ola Nordmann is 35 and lives in Bergen."}],"model":"gpt-4o-mini","response_format":{"type":"json_schema","json_schema":{"name":"Person","schema":{
              "type": "object",
              "description": "A person extracted from free text.",
              "properties": {
                "name": {
                  "type": "string",
                  "description": "The full name, as written."
                },
                "age": {
                  "type": "integer",
                  "description": "Age in years.\nminimum: 0\nmaximum: 150"
                },
                "city": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "description": "Where the person lives; null when the text does not say."
                }
              },
              "required": [
                "name",
                "age",
                "city"
              ],
              "additionalProperties": false
            },"strict":true}}}
            """",
            Assert.Single(_server.Requests).BodyText);
    }

    [Fact]
    public async Task StreamedMethodOverTheOpenAISdk()
    {
        _server.Enqueue(Bodies.Stream("gpt-4o-mini-2024-07-18", "Once", " upon", " a time."));
        ITutor tutor = new ITutor.Client(OpenAIChatClient().AsPromptTransport());

        var pieces = await tutor.TellStoryAsync("a fox").ToListAsync();

        Assert.Equal("Once upon a time.", string.Concat(pieces));
        Assert.Equal(
            """{"messages":[{"role":"system","content":"You are a concise Python tutor."},{"role":"user","content":"Tell me a very short story about a fox."}],"model":"gpt-4o-mini","max_completion_tokens":120,"stream":true,"stream_options":{"include_usage":true}}""",
            Assert.Single(_server.Requests).BodyText);
    }

    [Fact]
    public async Task ARepeatedCallIsServedFromTheDistributedCache()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Recursion is self-reference.")));
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var cached = new ChatClientBuilder(OpenAIChatClient()).UseDistributedCache(cache).Build();
        ITutor tutor = new ITutor.Client(cached.AsPromptTransport());

        var first = await tutor.ExplainAsync("recursion", 30);
        var second = await tutor.ExplainAsync("recursion", 30);

        Assert.Equal("Recursion is self-reference.", first);
        Assert.Equal(first, second);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task MoreThanOneChoiceFailsClearlyBeforeAnyRequest()
    {
        var transport = OpenAIChatClient().AsPromptTransport();

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() =>
            transport.CompleteAsync(new ChatRequest { Messages = { PromptGen.ChatMessage.User("Hi") }, N = 3 }));

        Assert.Equal(
            "The request asks for 3 choices (n, from [Choices]), but an IChatClient returns one reply per request. Run this method over PromptGen's ChatClient, or remove [Choices].",
            exception.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task APromptTokenBudgetFailsClearlyBeforeAnyRequest()
    {
        var transport = OpenAIChatClient().AsPromptTransport();

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() =>
            transport.CompleteAsync(new ChatRequest { Messages = { PromptGen.ChatMessage.User("Hi") }, Budget = new PromptBudget(100, 0, 0) }));

        Assert.Equal(
            "The request has a prompt token budget ([MaxPromptTokens]), which only PromptGen's ChatClient applies (with ChatClientOptions.TokenCounter); an IChatClient would be sent the whole history. Run this method over PromptGen's ChatClient, or remove [MaxPromptTokens].",
            exception.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task PromptGensChatClientAsAnIChatClient()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("""{"answer":"yes"}""", id: "chatcmpl-m", prompt: 11, completion: 3)));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "gpt-4o-mini" });
        IChatClient client = chat.AsIChatClient("gpt-4o-mini");
        using var schema = System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");

        var response = await client.GetResponseAsync(
            [new MeaiChatMessage(MeaiChatRole.System, "Answer yes or no."), new MeaiChatMessage(MeaiChatRole.User, "Is water wet?")],
            new ChatOptions
            {
                Temperature = 0.5f,
                MaxOutputTokens = 50,
                StopSequences = ["END"],
                Seed = 7,
                ResponseFormat = MeaiResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "verdict"),
                AdditionalProperties = new() { ["strict"] = true },
            });

        Assert.Equal("""{"answer":"yes"}""", response.Text);
        Assert.Equal("chatcmpl-m", response.ResponseId);
        Assert.Equal("gpt-4o-mini-2024-07-18", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((11L, 3L, 14L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value));
        Assert.Equal(
            """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Answer yes or no."},{"role":"user","content":"Is water wet?"}],"temperature":0.5,"max_tokens":50,"stop":"END","seed":7,"response_format":{"type":"json_schema","json_schema":{"name":"verdict","schema":{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false},"strict":true}}}""",
            Assert.Single(_server.Requests).BodyText);
        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("openai", new Uri(_server.BaseUrl + "/chat/completions"), "gpt-4o-mini"), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId));
    }

    [Fact]
    public async Task PromptGensChatClientStreamsAsAnIChatClient()
    {
        _server.Enqueue(Bodies.Stream("gpt-4o-mini-2024-07-18", "Once", " upon a time."));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "gpt-4o-mini" });

        var updates = await chat.AsIChatClient().GetStreamingResponseAsync("Tell a story.").ToListAsync();
        var response = updates.ToChatResponse();

        Assert.Equal("Once upon a time.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(27L, response.Usage?.TotalTokenCount);
        Assert.Equal(
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Tell a story."}],"stream":true,"stream_options":{"include_usage":true}}""",
            Assert.Single(_server.Requests).BodyText);
    }

    [Fact]
    public async Task WhatChatCompletionsCannotCarryFailsClearly()
    {
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "gpt-4o-mini" });

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => chat.AsIChatClient().GetResponseAsync("Hi", new ChatOptions { TopK = 40 }));

        Assert.Equal("The request sets ChatOptions.TopK, which Microsoft.Extensions.AI's IChatClient cannot carry; this call cannot go through the bridge.", exception.Message);
        Assert.Empty(_server.Requests);
    }
}

/// <summary>Image parts across the bridge, both ways: PromptGen's images as DataContent/UriContent, and back.</summary>
public sealed class MicrosoftExtensionsAIImageTests : IAsyncLifetime
{
    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0xFE, 0xFF };

    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PromptGenImagesReachTheOpenAISdkAsDataAndUriContent()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("Two cats.")));
        var recorder = new RecordingChatClient(new OpenAI.Chat.ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = _server.BaseUrl }).AsIChatClient());
        var transport = recorder.AsPromptTransport();
        var parts = PromptImages.Start("How many cats?", 3);
        PromptImages.Add(parts, ImageInput.FromBytes(Png, "image/png", ImageDetail.Low), "photo", null, optional: false);
        PromptImages.Add(parts, ImageInput.FromUrl(new Uri("https://example.com/cat.jpg")), "other", ImageDetail.High, optional: false);

        var completion = await transport.CompleteAsync(new ChatRequest { Messages = { PromptImages.User(parts) } });

        Assert.Equal("Two cats.", completion.Choices[0].Message!.Content);
        var contents = Assert.Single(recorder.Messages!).Contents;
        var data = Assert.IsType<DataContent>(contents[1]);
        Assert.Equal(Png, data.Data.ToArray());
        Assert.Equal("image/png", data.MediaType);
        Assert.Equal("low", data.AdditionalProperties!["detail"]);
        var uri = Assert.IsType<UriContent>(contents[2]);
        Assert.Equal(new Uri("https://example.com/cat.jpg"), uri.Uri);
        Assert.Equal("high", uri.AdditionalProperties!["detail"]);
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"type":"text","text":"How many cats?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAf7/","detail":"low"}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"high"}}]}],"model":"gpt-4o-mini"}""",
            Assert.Single(_server.Requests).BodyText);
    }

    [Fact]
    public async Task DataAndUriContentFromAnIChatClientCallerBecomeImageParts()
    {
        _server.Enqueue(Reply.Json(Bodies.Completion("A cat and a dog.")));
        using var chat = new ChatClient(new ChatClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "gpt-4o-mini" });
        var image = new DataContent(Png, "image/gif") { AdditionalProperties = new() { ["detail"] = "high" } };
        var link = new UriContent(new Uri("https://example.com/dog.webp"), "image/webp");

        var response = await chat.AsIChatClient().GetResponseAsync([new MeaiChatMessage(MeaiChatRole.User, [new TextContent("What animals?"), image, link])]);

        Assert.Equal("A cat and a dog.", response.Text);
        Assert.Equal(
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"What animals?"},{"type":"image_url","image_url":{"url":"data:image/gif;base64,iVBORw0KGgoAAf7/","detail":"high"}},{"type":"image_url","image_url":{"url":"https://example.com/dog.webp"}}]}]}""",
            Assert.Single(_server.Requests).BodyText);
    }

    /// <summary>Passes calls on, keeping the messages of the last one.</summary>
    private sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public List<MeaiChatMessage>? Messages { get; private set; }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Messages = messages.ToList();
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
