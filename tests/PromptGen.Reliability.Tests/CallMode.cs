using System.Text;

namespace PromptGen.Reliability.Tests;

/// <summary>The five ways a call reaches the server: three generated methods and the two transport methods.</summary>
public enum CallMode
{
    /// <summary>A generated <c>Task&lt;string&gt;</c> method.</summary>
    Text,

    /// <summary>A generated <c>Task&lt;T&gt;</c> (JSON, json_schema) method.</summary>
    Json,

    /// <summary>A generated <c>IAsyncEnumerable&lt;string&gt;</c> method.</summary>
    Stream,

    /// <summary><see cref="ChatClient.CompleteAsync"/>.</summary>
    Complete,

    /// <summary><see cref="ChatClient.StreamAsync"/>.</summary>
    ChatStream,
}

public static class CallModes
{
    public static readonly CallMode[] All = Enum.GetValues<CallMode>();

    public static readonly CallMode[] Plain = { CallMode.Text, CallMode.Json, CallMode.Complete };

    public static readonly CallMode[] Streamed = { CallMode.Stream, CallMode.ChatStream };

    public static bool IsStreamed(this CallMode mode) => mode is CallMode.Stream or CallMode.ChatStream;

    /// <summary>
    /// Makes one call in <paramref name="mode"/> and returns what it produced as text: the reply text, the JSON method's
    /// token, or the streamed deltas joined.
    /// </summary>
    public static async Task<string> CallAsync(this ChatClient client, CallMode mode, string token, CancellationToken cancellationToken = default)
    {
        IFaultPrompts prompts = new IFaultPrompts.Client(client);
        switch (mode)
        {
            case CallMode.Text:
                return await prompts.TextAsync(token, cancellationToken);
            case CallMode.Json:
                return (await prompts.JsonAsync(token, cancellationToken)).Token;
            case CallMode.Stream:
            {
                var text = new StringBuilder();
                await foreach (var delta in prompts.StreamAsync(token, cancellationToken))
                {
                    text.Append(delta);
                }

                return text.ToString();
            }

            case CallMode.Complete:
            {
                var completion = await client.CompleteAsync(Request(token), cancellationToken);
                return completion.Choices.Count == 0 ? "(no choices)" : completion.Choices[0].Message?.Content?.ToString() ?? "(no content)";
            }

            case CallMode.ChatStream:
            {
                var text = new StringBuilder();
                await foreach (var chunk in client.StreamAsync(Request(token), cancellationToken))
                {
                    foreach (var choice in chunk.Choices)
                    {
                        text.Append(choice.Delta?.Content);
                    }
                }

                return text.ToString();
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
    }

    private static ChatRequest Request(string token) => new() { Model = "fault-model", Messages = { ChatMessage.User("Echo " + token) } };
}
