using System;
using System.Text.Json;

namespace PromptGen;

/// <summary>Reads the error bodies of OpenAI and compatible servers.</summary>
internal static class ChatErrors
{
    /// <summary>
    /// The error in <paramref name="body"/>: <c>{"error": {...}}</c> (OpenAI, Azure, new vLLM, OpenRouter, Ollama) or the
    /// error fields at the top level (old vLLM's <c>{"object": "error", "message": ...}</c>); <see langword="null"/> when
    /// the body is neither.
    /// </summary>
    public static ChatError? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var wrapped = JsonSerializer.Deserialize(body, ChatJsonContext.Default.ChatErrorResponse);
            if (wrapped?.Error is { } error)
            {
                return error;
            }

            var flat = JsonSerializer.Deserialize(body, ChatJsonContext.Default.ChatError);
            return flat?.Message is not null ? flat : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
