namespace PromptGen;

/// <summary>A prompt method's value together with what the server reported about the reply.</summary>
/// <typeparam name="T">The method's value type.</typeparam>
public sealed class ChatResult<T>
{
    /// <summary>Creates a result.</summary>
    public ChatResult(T value, ChatCompletion completion)
    {
        Value = value;
        Completion = completion;
    }

    /// <summary>The reply, as text or deserialised from JSON.</summary>
    public T Value { get; }

    /// <summary>The whole reply as the server sent it.</summary>
    public ChatCompletion Completion { get; }

    /// <summary>Token usage, when the server reported it.</summary>
    public ChatUsage? Usage => Completion.Usage;

    /// <summary>Why generation stopped (<c>stop</c>, <c>length</c>, …), when the server said.</summary>
    public string? FinishReason => Completion.Choices.Count > 0 ? Completion.Choices[0].FinishReason : null;

    /// <summary>The completion's id.</summary>
    public string? Id => Completion.Id;

    /// <summary>The model that answered.</summary>
    public string? Model => Completion.Model;
}
