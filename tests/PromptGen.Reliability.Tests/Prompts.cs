namespace PromptGen.Reliability.Tests;

/// <summary>The echo a JSON method returns: the server puts the call's token in it.</summary>
public sealed record Echo(string Token);

/// <summary>
/// The generated client every fault scenario, secret placement and load call goes through: one method per generated call
/// mode. Each prompt carries the caller's token so that the server can echo it and a reply can be matched to its call.
/// </summary>
[PromptClient]
[Model("fault-model")]
public partial interface IFaultPrompts
{
    [UserPrompt("Echo {{ token }}")]
    Task<string> TextAsync(string token, CancellationToken cancellationToken = default);

    [UserPrompt("Echo {{ token }} as JSON")]
    Task<Echo> JsonAsync(string token, CancellationToken cancellationToken = default);

    [UserPrompt("Stream {{ token }}")]
    IAsyncEnumerable<string> StreamAsync(string token, CancellationToken cancellationToken = default);
}
