using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Shared;

/// <summary>Metadata names of the types PromptGen recognises; the one place they are spelled.</summary>
internal static class KnownNames
{
    public const string PromptClientAttribute = "PromptGen.PromptClientAttribute";
    public const string PromptFakeAttribute = "PromptGen.Testing.PromptFakeAttribute";
    public const string SystemPromptAttribute = "PromptGen.SystemPromptAttribute";
    public const string UserPromptAttribute = "PromptGen.UserPromptAttribute";
    public const string FewShotAttribute = "PromptGen.FewShotAttribute";
    public const string ModelAttribute = "PromptGen.ModelAttribute";
    public const string TemperatureAttribute = "PromptGen.TemperatureAttribute";
    public const string TopPAttribute = "PromptGen.TopPAttribute";
    public const string MaxTokensAttribute = "PromptGen.MaxTokensAttribute";
    public const string StopAttribute = "PromptGen.StopAttribute";
    public const string FrequencyPenaltyAttribute = "PromptGen.FrequencyPenaltyAttribute";
    public const string PresencePenaltyAttribute = "PromptGen.PresencePenaltyAttribute";
    public const string SeedAttribute = "PromptGen.SeedAttribute";
    public const string ChoicesAttribute = "PromptGen.ChoicesAttribute";
    public const string ChatMessage = "PromptGen.ChatMessage";
    public const string ImageInput = "PromptGen.ImageInput";
    public const string ImageDetailAttribute = "PromptGen.ImageDetailAttribute";
    public const string ChatResult = "PromptGen.ChatResult`1";
    public const string ChatStream = "PromptGen.ChatStream`1";
    public const string PartialStream = "PromptGen.PartialStream`1";
    public const string Partial = "PromptGen.Partial`1";
    public const string Task = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask`1";
    public const string AsyncEnumerable = "System.Collections.Generic.IAsyncEnumerable`1";
    public const string ReadOnlyList = "System.Collections.Generic.IReadOnlyList`1";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string JsonPropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
    public const string JsonIgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";
}

/// <summary>The types PromptGen compares against, resolved once per compilation (never stored in a pipeline model).</summary>
internal sealed class KnownTypes
{
    public KnownTypes(Compilation compilation)
    {
        ChatMessage = compilation.GetTypeByMetadataName(KnownNames.ChatMessage);
        ChatResult = compilation.GetTypeByMetadataName(KnownNames.ChatResult);
        ImageInput = compilation.GetTypeByMetadataName(KnownNames.ImageInput);
        ChatStream = compilation.GetTypeByMetadataName(KnownNames.ChatStream);
        PartialStream = compilation.GetTypeByMetadataName(KnownNames.PartialStream);
        Partial = compilation.GetTypeByMetadataName(KnownNames.Partial);
        Task = compilation.GetTypeByMetadataName(KnownNames.Task);
        ValueTask = compilation.GetTypeByMetadataName(KnownNames.ValueTask);
        AsyncEnumerable = compilation.GetTypeByMetadataName(KnownNames.AsyncEnumerable);
        ReadOnlyList = compilation.GetTypeByMetadataName(KnownNames.ReadOnlyList);
        CancellationToken = compilation.GetTypeByMetadataName(KnownNames.CancellationToken);
        Boolean = compilation.GetSpecialType(SpecialType.System_Boolean);
        Object = compilation.GetSpecialType(SpecialType.System_Object);
        Nullable = compilation.GetSpecialType(SpecialType.System_Nullable_T);
    }

    public INamedTypeSymbol Nullable { get; }

    public INamedTypeSymbol Boolean { get; }

    public INamedTypeSymbol Object { get; }

    public INamedTypeSymbol? ChatMessage { get; }

    public INamedTypeSymbol? ChatResult { get; }

    public INamedTypeSymbol? ImageInput { get; }
    public INamedTypeSymbol? ChatStream { get; }

    public INamedTypeSymbol? PartialStream { get; }

    public INamedTypeSymbol? Partial { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? AsyncEnumerable { get; }

    public INamedTypeSymbol? ReadOnlyList { get; }

    public INamedTypeSymbol? CancellationToken { get; }
}
