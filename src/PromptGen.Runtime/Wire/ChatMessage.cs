using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace PromptGen;

/// <summary>The role names of the Chat Completions API.</summary>
public static class ChatRole
{
    /// <summary><c>system</c>: instructions that set the assistant's behaviour.</summary>
    public const string System = "system";

    /// <summary><c>developer</c>: instructions for reasoning models, which take the place of <c>system</c>.</summary>
    public const string Developer = "developer";

    /// <summary><c>user</c>: what the person asks.</summary>
    public const string User = "user";

    /// <summary><c>assistant</c>: what the model said, or an example of what it should say.</summary>
    public const string Assistant = "assistant";

    /// <summary><c>tool</c>: the result of a tool call.</summary>
    public const string Tool = "tool";
}

/// <summary>One message of a conversation sent to the model.</summary>
public sealed class ChatMessage
{
    /// <summary>Creates a message with the given role and text.</summary>
    /// <param name="role">A role name; see <see cref="ChatRole"/>.</param>
    /// <param name="content">The message text.</param>
    [JsonConstructor]
    public ChatMessage(string role, ChatContent? content)
    {
        Role = role ?? throw new ArgumentNullException(nameof(role));
        Content = content;
    }

    /// <summary>The author's role: <c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public string Role { get; }

    /// <summary>The message text or parts; <see langword="null"/> for an assistant message that only calls tools.</summary>
    public ChatContent? Content { get; }

    /// <summary>An optional name that tells participants of the same role apart.</summary>
    public string? Name { get; set; }

    /// <summary>Tool calls an assistant message made.</summary>
    public IList<ChatToolCall>? ToolCalls { get; set; }

    /// <summary>For a <c>tool</c> message: the id of the call it answers.</summary>
    public string? ToolCallId { get; set; }

    /// <summary>For an assistant message: the refusal it gave instead of content.</summary>
    public string? Refusal { get; set; }

    /// <summary>A <c>system</c> message.</summary>
    public static ChatMessage System(string text) => new(ChatRole.System, text);

    /// <summary>A <c>developer</c> message (reasoning models' replacement for <c>system</c>).</summary>
    public static ChatMessage Developer(string text) => new(ChatRole.Developer, text);

    /// <summary>A <c>user</c> message with text.</summary>
    public static ChatMessage User(string text) => new(ChatRole.User, text);

    /// <summary>A <c>user</c> message made of parts (text and images).</summary>
    public static ChatMessage User(params ChatContentPart[] parts) => new(ChatRole.User, new ChatContent(parts));

    /// <summary>An <c>assistant</c> message: a reply the model gave, or an example of one.</summary>
    public static ChatMessage Assistant(string text) => new(ChatRole.Assistant, text);

    /// <summary>A <c>tool</c> message carrying the result of the tool call <paramref name="toolCallId"/>.</summary>
    public static ChatMessage Tool(string toolCallId, string result) => new(ChatRole.Tool, result) { ToolCallId = toolCallId };

    /// <inheritdoc/>
    public override string ToString() => Role + ": " + Content;
}

/// <summary>Message content: either plain text or a list of parts. Converts implicitly from <see cref="string"/>.</summary>
[JsonConverter(typeof(ChatContentConverter))]
public sealed class ChatContent
{
    /// <summary>Content made of plain text.</summary>
    public ChatContent(string text) => Text = text ?? throw new ArgumentNullException(nameof(text));

    /// <summary>Content made of parts.</summary>
    public ChatContent(IReadOnlyList<ChatContentPart> parts) => Parts = parts ?? throw new ArgumentNullException(nameof(parts));

    /// <summary>The text, when the content is plain text; otherwise <see langword="null"/>.</summary>
    public string? Text { get; }

    /// <summary>The parts, when the content is made of parts; otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<ChatContentPart>? Parts { get; }

    /// <summary>Plain-text content.</summary>
    public static implicit operator ChatContent(string text) => new(text);

    /// <summary>The text, or the text parts joined, with other parts left out.</summary>
    public override string ToString()
    {
        if (Text is not null)
        {
            return Text;
        }

        var text = new System.Text.StringBuilder();
        foreach (var part in Parts!)
        {
            text.Append(part.Text ?? part.Refusal);
        }

        return text.ToString();
    }
}

/// <summary>One part of a multi-part message: text, an image, audio, a file, or (assistant only) a refusal.</summary>
public sealed class ChatContentPart
{
    /// <summary>The part's kind: <c>text</c>, <c>image_url</c>, <c>input_audio</c>, <c>file</c> or <c>refusal</c>.</summary>
    public string Type { get; set; } = "text";

    /// <summary>The text of a <c>text</c> part.</summary>
    public string? Text { get; set; }

    /// <summary>The image of an <c>image_url</c> part.</summary>
    public ChatImageUrl? ImageUrl { get; set; }

    /// <summary>The refusal of a <c>refusal</c> part.</summary>
    public string? Refusal { get; set; }

    /// <summary>The audio of an <c>input_audio</c> part.</summary>
    public ChatInputAudio? InputAudio { get; set; }

    /// <summary>The file of a <c>file</c> part.</summary>
    public ChatFile? File { get; set; }

    /// <summary>A text part.</summary>
    public static ChatContentPart FromText(string text) => new() { Type = "text", Text = text };

    /// <summary>An image part, by <c>http(s)</c> URL or <c>data:</c> URI; <paramref name="detail"/> is <c>auto</c>, <c>low</c> or <c>high</c>.</summary>
    public static ChatContentPart FromImage(string url, string? detail = null) =>
        new() { Type = "image_url", ImageUrl = new ChatImageUrl { Url = url, Detail = detail } };

    /// <summary>An audio part: base64 <paramref name="data"/> in <paramref name="format"/> (<c>wav</c> or <c>mp3</c>).</summary>
    public static ChatContentPart FromAudio(string data, string format) =>
        new() { Type = "input_audio", InputAudio = new ChatInputAudio { Data = data, Format = format } };

    /// <summary>A file part, from a base64 <c>data:</c> URI (with a file name) or an uploaded file's id.</summary>
    public static ChatContentPart FromFile(string? fileData = null, string? filename = null, string? fileId = null) =>
        new() { Type = "file", File = new ChatFile { FileData = fileData, Filename = filename, FileId = fileId } };

    /// <summary>A refusal part (assistant messages only).</summary>
    public static ChatContentPart FromRefusal(string refusal) => new() { Type = "refusal", Refusal = refusal };
}

/// <summary>
/// The image of an <c>image_url</c> part: a URL, or image bytes that are sent as a base64 <c>data:</c> URI. Bytes are
/// encoded straight into the request body when it is written (see <see cref="ImageInput.FromBytes"/>); no base64 string
/// of the image is ever made unless <see cref="Url"/> is read.
/// </summary>
[JsonConverter(typeof(ChatImageUrlConverter))]
public sealed class ChatImageUrl
{
    private string _url = "";

    /// <summary>An image by URL (<c>http(s)</c> or a <c>data:</c> URI).</summary>
    public ChatImageUrl()
    {
    }

    /// <summary>An image by its bytes, sent as <c>data:{mediaType};base64,…</c>.</summary>
    /// <param name="data">The encoded image (PNG, JPEG, …), not base64.</param>
    /// <param name="mediaType">Its media type, for example <c>image/png</c>; checked by <see cref="ImageInput.FromBytes"/>.</param>
    internal ChatImageUrl(ReadOnlyMemory<byte> data, string mediaType)
    {
        Data = data;
        MediaType = mediaType;
    }

    /// <summary>
    /// An <c>http(s)</c> URL or a base64 <c>data:</c> URI. For an image held as bytes (<see cref="Data"/>) the
    /// <c>data:</c> URI is built on each read (a new string about 4/3 the image's size); setting it drops the bytes.
    /// </summary>
    public string Url
    {
        get => Data is { } data ? ImageInput.DataUri(MediaType!, data.Span) : _url;
        set
        {
            _url = value ?? throw new ArgumentNullException(nameof(value));
            Data = null;
            MediaType = null;
        }
    }

    /// <summary>The image's bytes when it was given as bytes (sent as a <c>data:</c> URI); otherwise <see langword="null"/>.</summary>
    public ReadOnlyMemory<byte>? Data { get; private set; }

    /// <summary>The media type of <see cref="Data"/> (<c>image/png</c>, …); otherwise <see langword="null"/>.</summary>
    public string? MediaType { get; private set; }

    /// <summary>The resolution the model sees: <c>auto</c>, <c>low</c> or <c>high</c>.</summary>
    public string? Detail { get; set; }

    /// <summary>
    /// The URL for display: a <c>data:</c> URI longer than 100 characters is shortened to its first 64 characters and its
    /// length (<c>data:image/png;base64,iVBORw0KGgo…[6990508 chars]</c>). The request body always carries the whole URI.
    /// </summary>
    public override string ToString() => ImageInput.Shorten(this);
}

/// <summary>The audio of an <c>input_audio</c> part.</summary>
public sealed class ChatInputAudio
{
    /// <summary>The audio, base64-encoded.</summary>
    public string Data { get; set; } = "";

    /// <summary>The encoding: <c>wav</c> or <c>mp3</c>.</summary>
    public string Format { get; set; } = "";
}

/// <summary>The file of a <c>file</c> part: inline data with a file name, or the id of an uploaded file.</summary>
public sealed class ChatFile
{
    /// <summary>The file name shown to the model.</summary>
    public string? Filename { get; set; }

    /// <summary>The file content as a base64 <c>data:</c> URI, for example <c>data:application/pdf;base64,…</c>.</summary>
    public string? FileData { get; set; }

    /// <summary>The id of a file uploaded through the Files API.</summary>
    public string? FileId { get; set; }
}
