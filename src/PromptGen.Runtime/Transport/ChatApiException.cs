using System;

namespace PromptGen;

/// <summary>Placeholder: an error the server returned.</summary>
public sealed class ChatApiException : Exception
{
}
