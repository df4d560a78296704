namespace PromptGen;

/// <summary>
/// A result that carries a prompt version (<see cref="ChatResult{T}.PromptVersion"/>): the generated client and a
/// generated fake fill it in when it has none.
/// </summary>
internal interface IPromptVersioned
{
    /// <summary>Sets the version when none is set yet.</summary>
    void Fill(string? version);
}
