using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using MeaiChatRole = Microsoft.Extensions.AI.ChatRole;
using MeaiResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;
using PromptChatMessage = PromptGen.ChatMessage;
using PromptChatRole = PromptGen.ChatRole;

namespace PromptGen.Extensions.AI;

/// <summary>
/// The one place PromptGen's wire types and Microsoft.Extensions.AI's types are translated, both ways. What has no
/// counterpart throws <see cref="NotSupportedException"/> naming it.
/// </summary>
internal static class Mapping
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key Microsoft.Extensions.AI.OpenAI reads for strict JSON schemas and tools.</summary>
    public const string StrictKey = "strict";

    // ---- PromptGen request -> Microsoft.Extensions.AI ----

    public static (List<MeaiChatMessage> Messages, ChatOptions Options) ToMeai(ChatRequest request)
    {
        if (request.N is > 1)
        {
            throw new NotSupportedException(
                $"The request asks for {request.N} choices (n, from [Choices]), but an IChatClient returns one reply per request. Run this method over PromptGen's ChatClient, or remove [Choices].");
        }

        if (request.Budget is not null)
        {
            throw new NotSupportedException(
                "The request has a prompt token budget ([MaxPromptTokens]), which only PromptGen's ChatClient applies (with ChatClientOptions.TokenCounter); an IChatClient would be sent the whole history. Run this method over PromptGen's ChatClient, or remove [MaxPromptTokens].");
        }

        Unsupported(request.Logprobs is not null, "logprobs");
        Unsupported(request.TopLogprobs is not null, "top_logprobs");
        Unsupported(request.User is not null, "user");

        var messages = new List<MeaiChatMessage>(request.Messages.Count);
        foreach (var message in request.Messages)
        {
            messages.Add(ToMeai(message));
        }

        var options = new ChatOptions
        {
            ModelId = request.Model,
            Temperature = (float?)request.Temperature,
            TopP = (float?)request.TopP,
            MaxOutputTokens = request.MaxTokens,
            FrequencyPenalty = (float?)request.FrequencyPenalty,
            PresencePenalty = (float?)request.PresencePenalty,
            Seed = request.Seed,
            StopSequences = request.Stop is null ? null : new List<string>(request.Stop),
            AllowMultipleToolCalls = request.ParallelToolCalls,
        };

        if (request.ResponseFormat is { } format)
        {
            switch (format.Type)
            {
                case "text":
                    options.ResponseFormat = MeaiResponseFormat.Text;
                    break;
                case "json_object":
                    options.ResponseFormat = MeaiResponseFormat.Json;
                    break;
                case "json_schema" when format.JsonSchema?.Schema is { } schema:
                    options.ResponseFormat = MeaiResponseFormat.ForJsonSchema(schema, format.JsonSchema.Name, format.JsonSchema.Description);
                    if (format.JsonSchema.Strict is { } strict)
                    {
                        (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[StrictKey] = strict;
                    }

                    break;
                default:
                    throw new NotSupportedException($"The response format '{format.Type}' (or a json_schema without a schema) has no Microsoft.Extensions.AI counterpart.");
            }
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            options.Tools = new List<AITool>(tools.Count);
            foreach (var tool in tools)
            {
                if (tool.Type != "function")
                {
                    throw new NotSupportedException($"The tool type '{tool.Type}' has no Microsoft.Extensions.AI counterpart; only function tools map.");
                }

                var parameters = tool.Function.Parameters ?? EmptyObjectSchema();
                options.Tools.Add(AIFunctionFactory.CreateDeclaration(tool.Function.Name, tool.Function.Description, parameters));
                if (tool.Function.Strict is { } strict)
                {
                    (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[StrictKey] = strict;
                }
            }
        }

        if (request.ToolChoice is { } choice)
        {
            options.ToolMode = choice.Mode switch
            {
                "none" => ChatToolMode.None,
                "auto" => ChatToolMode.Auto,
                "required" => ChatToolMode.RequireAny,
                "function" => ChatToolMode.RequireSpecific(choice.FunctionName!),
                _ => throw new NotSupportedException($"The tool choice '{choice.Mode}' has no Microsoft.Extensions.AI counterpart."),
            };
        }

        return (messages, options);
    }

    private static MeaiChatMessage ToMeai(PromptChatMessage message)
    {
        var role = message.Role switch
        {
            PromptChatRole.System or PromptChatRole.Developer => MeaiChatRole.System,
            PromptChatRole.User => MeaiChatRole.User,
            PromptChatRole.Assistant => MeaiChatRole.Assistant,
            PromptChatRole.Tool => MeaiChatRole.Tool,
            _ => new MeaiChatRole(message.Role),
        };
        var contents = new List<AIContent>();
        if (message.Role == PromptChatRole.Tool)
        {
            contents.Add(new FunctionResultContent(message.ToolCallId ?? "", message.Content?.ToString()));
        }
        else if (message.Content is { } content)
        {
            if (content.Text is not null)
            {
                contents.Add(new TextContent(content.Text));
            }
            else
            {
                foreach (var part in content.Parts!)
                {
                    contents.Add(ToMeai(part));
                }
            }
        }

        Unsupported(message.Refusal is not null, "an assistant message's refusal");
        if (message.ToolCalls is not null)
        {
            foreach (var call in message.ToolCalls)
            {
                contents.Add(new FunctionCallContent(call.Id ?? "", call.Function?.Name ?? "", ParseArguments(call.Function?.Arguments)));
            }
        }

        return new MeaiChatMessage(role, contents) { AuthorName = message.Name };
    }

    private static AIContent ToMeai(ChatContentPart part)
    {
        switch (part.Type)
        {
            case "text":
                return new TextContent(part.Text);
            case "image_url" when part.ImageUrl is { } image:
                // An image held as bytes (ImageInput.FromBytes/FromFile) goes over as those bytes: no data: URI string in between.
                AIContent imageContent = image.Data is { } bytes ? new DataContent(bytes, image.MediaType!)
                    : image.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? new DataContent(image.Url)
                    : new UriContent(image.Url, "image/*");
                if (image.Detail is not null)
                {
                    (imageContent.AdditionalProperties ??= new AdditionalPropertiesDictionary())["detail"] = image.Detail;
                }

                return imageContent;
            case "input_audio" when part.InputAudio is { } audio:
                return new DataContent(Convert.FromBase64String(audio.Data), audio.Format == "mp3" ? "audio/mpeg" : "audio/" + audio.Format);
            case "file" when part.File is { FileId: { } fileId }:
                return new HostedFileContent(fileId) { Name = part.File.Filename };
            case "file" when part.File is { FileData: { } data }:
                return new DataContent(data) { Name = part.File.Filename };
            default:
                throw new NotSupportedException($"A '{part.Type}' content part has no Microsoft.Extensions.AI counterpart here.");
        }
    }

    // ---- Microsoft.Extensions.AI reply -> PromptGen ----

    public static ChatCompletion ToCompletion(ChatResponse response)
    {
        var text = new StringBuilder();
        var hasText = false;
        string? refusal = null;
        List<ChatToolCall>? toolCalls = null;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent textContent:
                        text.Append(textContent.Text);
                        hasText = true;
                        break;
                    case FunctionCallContent call:
                        (toolCalls ??= new List<ChatToolCall>()).Add(ToToolCall(call));
                        break;
                    case ErrorContent { ErrorCode: "Refusal" } error:
                        refusal = error.Message;
                        break;
                }
            }
        }

        return new ChatCompletion
        {
            Id = response.ResponseId,
            Object = "chat.completion",
            Created = response.CreatedAt?.ToUnixTimeSeconds(),
            Model = response.ModelId,
            Usage = ToUsage(response.Usage),
            Choices =
            [
                new ChatChoice
                {
                    Index = 0,
                    FinishReason = response.FinishReason?.Value,
                    Message = new ChatReplyMessage
                    {
                        Role = PromptChatRole.Assistant,
                        Content = hasText ? text.ToString() : null,
                        Refusal = refusal,
                        ToolCalls = toolCalls,
                    },
                },
            ],
        };
    }

    public static ChatCompletionChunk ToChunk(ChatResponseUpdate update, ref int toolCalls)
    {
        StringBuilder? text = null;
        ChatUsage? usage = null;
        List<ChatToolCallDelta>? calls = null;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent textContent:
                    (text ??= new StringBuilder()).Append(textContent.Text);
                    break;
                case UsageContent usageContent:
                    usage = ToUsage(usageContent.Details);
                    break;
                case FunctionCallContent call:
                    var whole = ToToolCall(call);
                    (calls ??= new List<ChatToolCallDelta>()).Add(new ChatToolCallDelta { Index = toolCalls++, Id = whole.Id, Type = whole.Type, Function = whole.Function });
                    break;
            }
        }

        var chunk = new ChatCompletionChunk
        {
            Id = update.ResponseId,
            Object = "chat.completion.chunk",
            Created = update.CreatedAt?.ToUnixTimeSeconds(),
            Model = update.ModelId,
            Usage = usage,
        };
        if (text is not null || calls is not null || update.FinishReason is not null || update.Role is not null)
        {
            chunk.Choices =
            [
                new ChatChunkChoice
                {
                    Index = 0,
                    FinishReason = update.FinishReason?.Value,
                    Delta = new ChatDelta { Role = update.Role?.Value, Content = text?.ToString(), ToolCalls = calls },
                },
            ];
        }

        return chunk;
    }

    // ---- Microsoft.Extensions.AI request -> PromptGen ----

    public static ChatRequest ToRequest(IEnumerable<MeaiChatMessage> messages, ChatOptions? options, IChatClient self)
    {
        var request = options?.RawRepresentationFactory?.Invoke(self) as ChatRequest ?? new ChatRequest();
        var list = new List<PromptChatMessage>();
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            list.Add(PromptChatMessage.System(instructions));
        }

        foreach (var message in messages)
        {
            list.AddRange(ToPrompt(message));
        }

        request.Messages = list;
        if (options is null)
        {
            return request;
        }

        Unsupported(options.TopK is not null, "ChatOptions.TopK");
        Unsupported(options.ConversationId is not null, "ChatOptions.ConversationId (Chat Completions keeps no conversation: send the history)");
        Unsupported(options.ContinuationToken is not null, "ChatOptions.ContinuationToken");
        bool? strict = null;
        if (options.AdditionalProperties is { Count: > 0 } additional)
        {
            foreach (var property in additional)
            {
                if (property.Key == StrictKey && property.Value is bool value)
                {
                    strict = value;
                }
                else
                {
                    throw new NotSupportedException($"ChatOptions.AdditionalProperties[\"{property.Key}\"] has no Chat Completions field PromptGen sends.");
                }
            }
        }

        request.Model = options.ModelId ?? request.Model;
        request.Temperature = options.Temperature ?? request.Temperature;
        request.TopP = options.TopP ?? request.TopP;
        request.MaxTokens = options.MaxOutputTokens ?? request.MaxTokens;
        request.FrequencyPenalty = options.FrequencyPenalty ?? request.FrequencyPenalty;
        request.PresencePenalty = options.PresencePenalty ?? request.PresencePenalty;
        request.Seed = options.Seed ?? request.Seed;
        request.ParallelToolCalls = options.AllowMultipleToolCalls ?? request.ParallelToolCalls;
        if (options.StopSequences is { Count: > 0 } stop)
        {
            request.Stop = new List<string>(stop);
        }

        request.ResponseFormat = options.ResponseFormat switch
        {
            null => request.ResponseFormat,
            ChatResponseFormatText => ChatResponseFormat_Text(),
            ChatResponseFormatJson { Schema: { } schema } json => PromptGen.ChatResponseFormat.ForJsonSchema(json.SchemaName ?? "response", schema, strict, json.SchemaDescription),
            ChatResponseFormatJson => PromptGen.ChatResponseFormat.JsonObject,
            _ => throw new NotSupportedException($"The response format {options.ResponseFormat.GetType().Name} has no Chat Completions counterpart."),
        };

        if (options.Tools is { Count: > 0 } tools)
        {
            request.Tools = new List<ChatTool>(tools.Count);
            foreach (var tool in tools)
            {
                if (tool is not AIFunctionDeclaration function)
                {
                    throw new NotSupportedException($"The tool '{tool.Name}' ({tool.GetType().Name}) is not a function; PromptGen sends only function tools.");
                }

                request.Tools.Add(new ChatTool
                {
                    Function = new ChatFunction { Name = function.Name, Description = string.IsNullOrEmpty(function.Description) ? null : function.Description, Parameters = function.JsonSchema, Strict = strict },
                });
            }
        }

        request.ToolChoice = options.ToolMode switch
        {
            null => request.ToolChoice,
            NoneChatToolMode => ChatToolChoice.None,
            AutoChatToolMode => ChatToolChoice.Auto,
            RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.Function(name),
            RequiredChatToolMode => ChatToolChoice.Required,
            _ => throw new NotSupportedException($"The tool mode {options.ToolMode.GetType().Name} has no Chat Completions counterpart."),
        };

        return request;

        static PromptGen.ChatResponseFormat ChatResponseFormat_Text() => PromptGen.ChatResponseFormat.Text;
    }

    private static IEnumerable<PromptChatMessage> ToPrompt(MeaiChatMessage message)
    {
        var role = message.Role.Value;
        var parts = new List<ChatContentPart>();
        var onlyText = true;
        List<ChatToolCall>? calls = null;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(ChatContentPart.FromText(text.Text));
                    break;
                case TextReasoningContent:
                    // Chat Completions takes no reasoning back; the OpenAI adapter leaves it out too.
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(ImagePart(data));
                    onlyText = false;
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(ChatContentPart.FromImage(uri.Uri.ToString(), Detail(uri)));
                    onlyText = false;
                    break;
                case DataContent data when data.HasTopLevelMediaType("audio"):
                    parts.Add(ChatContentPart.FromAudio(data.Base64Data.ToString(), data.MediaType is "audio/mpeg" or "audio/mp3" ? "mp3" : "wav"));
                    onlyText = false;
                    break;
                case DataContent data:
                    parts.Add(ChatContentPart.FromFile(fileData: data.Uri, filename: data.Name));
                    onlyText = false;
                    break;
                case HostedFileContent file:
                    parts.Add(ChatContentPart.FromFile(fileId: file.FileId, filename: file.Name));
                    onlyText = false;
                    break;
                case FunctionCallContent call:
                    (calls ??= new List<ChatToolCall>()).Add(ToToolCall(call));
                    break;
                case FunctionResultContent result:
                    yield return PromptChatMessage.Tool(result.CallId, ResultText(result.Result));
                    break;
                default:
                    throw new NotSupportedException($"{content.GetType().Name} in a {role} message has no Chat Completions counterpart.");
            }
        }

        if (parts.Count == 0 && calls is null)
        {
            yield break;
        }

        ChatContent? body = parts.Count == 0 ? null
            : onlyText ? new ChatContent(string.Concat(parts.Select(part => part.Text)))
            : new ChatContent(parts);
        yield return new PromptChatMessage(role, body) { Name = message.AuthorName, ToolCalls = calls };

        static string? Detail(AIContent content) => content.AdditionalProperties?.TryGetValue("detail", out var value) == true ? value?.ToString() : null;

        // The image's bytes are kept and base64-encoded straight into the request body (ImageInput), not turned into a
        // data: URI string here; a media type ImageInput does not take (parameters, say) goes as DataContent's own URI.
        static ChatContentPart ImagePart(DataContent data)
        {
            ChatContentPart part;
            try
            {
                part = ImageInput.FromBytes(data.Data, data.MediaType).ToContentPart();
            }
            catch (ArgumentException)
            {
                part = ChatContentPart.FromImage(data.Uri);
            }

            part.ImageUrl!.Detail = Detail(data);
            return part;
        }
    }

    // ---- PromptGen reply -> Microsoft.Extensions.AI ----

    public static ChatResponse ToResponse(ChatCompletion completion)
    {
        if (completion.Choices.Count > 1)
        {
            throw new NotSupportedException($"The reply has {completion.Choices.Count} choices; a ChatResponse holds one. Do not ask for n above 1 through IChatClient.");
        }

        var choice = completion.Choices.Count == 1 ? completion.Choices[0] : null;
        var contents = new List<AIContent>();
        if (choice?.Message?.Content is { } text)
        {
            contents.Add(new TextContent(text));
        }

        if (choice?.Message?.Refusal is { } refusal)
        {
            contents.Add(new ErrorContent(refusal) { ErrorCode = "Refusal" });
        }

        if (choice?.Message?.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                contents.Add(new FunctionCallContent(call.Id ?? "", call.Function?.Name ?? "", ParseArguments(call.Function?.Arguments)));
            }
        }

        return new ChatResponse(new MeaiChatMessage(MeaiChatRole.Assistant, contents) { MessageId = completion.Id })
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.Created is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = choice?.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public static ChatResponseUpdate ToUpdate(ChatCompletionChunk chunk, IList<AIContent> extra)
    {
        var contents = new List<AIContent>();
        ChatChunkChoice? choice = null;
        foreach (var candidate in chunk.Choices)
        {
            if (candidate.Index != 0)
            {
                throw new NotSupportedException($"The stream carries choice {candidate.Index}; a ChatResponseUpdate stream holds one. Do not ask for n above 1 through IChatClient.");
            }

            choice = candidate;
        }

        if (choice?.Delta?.Content is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }

        if (choice?.Delta?.Refusal is { Length: > 0 } refusal)
        {
            contents.Add(new ErrorContent(refusal) { ErrorCode = "Refusal" });
        }

        foreach (var content in extra)
        {
            contents.Add(content);
        }

        if (chunk.Usage is { } usage)
        {
            contents.Add(new UsageContent(ToUsage(usage)!));
        }

        return new ChatResponseUpdate(choice?.Delta?.Role is { } role ? new MeaiChatRole(role) : MeaiChatRole.Assistant, contents)
        {
            ResponseId = chunk.Id,
            MessageId = chunk.Id,
            ModelId = chunk.Model,
            CreatedAt = chunk.Created is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = choice?.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            RawRepresentation = chunk,
        };
    }

    // ---- shared ----

    public static ChatToolCall ToToolCall(FunctionCallContent call) => new()
    {
        Id = call.CallId,
        Type = "function",
        Function = new ChatFunctionCall
        {
            Name = call.Name,
            Arguments = call.Arguments is null
                ? "{}"
                : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))),
        },
    };

    public static IDictionary<string, object?>? ParseArguments(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json!);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"Tool call arguments must be a JSON object, but were {ChatTextExcerpt(json!)}.");
        }

        var arguments = new Dictionary<string, object?>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };

    public static ChatUsage? ToUsage(UsageDetails? usage) => usage is null ? null : new ChatUsage
    {
        PromptTokens = usage.InputTokenCount ?? 0,
        CompletionTokens = usage.OutputTokenCount ?? 0,
        TotalTokens = usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0),
        PromptTokensDetails = usage.CachedInputTokenCount is { } cached ? new ChatPromptTokensDetails { CachedTokens = cached } : null,
        CompletionTokensDetails = usage.ReasoningTokenCount is { } reasoning ? new ChatCompletionTokensDetails { ReasoningTokens = reasoning } : null,
    };

    public static UsageDetails? ToUsage(ChatUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.PromptTokens,
        OutputTokenCount = usage.CompletionTokens,
        TotalTokenCount = usage.TotalTokens,
        CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens,
        ReasoningTokenCount = usage.CompletionTokensDetails?.ReasoningTokens,
    };

    private static JsonElement EmptyObjectSchema()
    {
        using var document = JsonDocument.Parse("{\"type\":\"object\",\"properties\":{}}");
        return document.RootElement.Clone();
    }

    private static void Unsupported(bool present, string what)
    {
        if (present)
        {
            throw new NotSupportedException($"The request sets {what}, which Microsoft.Extensions.AI's IChatClient cannot carry; this call cannot go through the bridge.");
        }
    }

    private static string ChatTextExcerpt(string text) => "\"" + (text.Length > 100 ? text.Substring(0, 100) + "…" : text) + "\"";
}
