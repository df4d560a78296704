using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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

/// <summary>
/// The types PromptGen compares against, resolved once per compilation (never stored in a pipeline model), and facts
/// about types that every prompt interface asks again (<see cref="SequenceOf"/>). <see cref="For"/> shares one instance
/// among all the transforms of one generator run: after an edit Roslyn re-runs the transform of every prompt interface on
/// the new compilation, and the facts of <c>string</c>, <c>CancellationToken</c> or <c>IReadOnlyList&lt;string&gt;</c> are
/// the same for all of them. The instance dies with its compilation (a weak table), so no symbol outlives it.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> PerCompilation = new();

    private readonly ConcurrentDictionary<ITypeSymbol, Sequence> _sequences = new(SymbolEqualityComparer.IncludeNullability);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _comparable = new(SymbolEqualityComparer.Default);

    /// <summary>Type names as generated code and messages write them, each written once for this compilation.</summary>
    public TypeNames Names { get; } = new();

    /// <summary>
    /// The template binder's view of types that read no member, have no element and are not <c>Nullable&lt;T&gt;</c>
    /// (<c>string</c>, <c>int</c>, <c>bool</c>, records no template dots into): such a <see cref="Templates.TemplateType"/>
    /// holds no index into its method's table, so one instance serves every method of the compilation.
    /// </summary>
    public ConcurrentDictionary<ITypeSymbol, Templates.TemplateType> PlainTemplateTypes { get; } = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>The one instance for <paramref name="compilation"/>.</summary>
    public static KnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new KnownTypes(c));

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

    /// <summary>
    /// The element types of the <c>IEnumerable&lt;T&gt;</c> interfaces among <paramref name="type"/> itself and the
    /// interfaces it implements, in that order (<see cref="ITypeSymbol.AllInterfaces"/> order), with their nullable
    /// annotations: empty when there is none (so for a multi-dimensional array, whose interfaces are not generic); and
    /// whether the non-generic <c>IEnumerable</c> is among them; and the first generic dictionary interface among them. Remembered per type for this compilation: reading
    /// <c>AllInterfaces</c> allocates a new array each time, and every prompt interface asks about the same types.
    /// </summary>
    public Sequence SequenceOf(ITypeSymbol type) => _sequences.GetOrAdd(type, static type => ReadSequence(type));

    /// <summary><see cref="SequenceOf"/> without remembering it (for callers without a compilation's <see cref="KnownTypes"/>).</summary>
    public static Sequence ReadSequence(ITypeSymbol type)
    {
        var elements = ImmutableArray.CreateBuilder<ITypeSymbol>(0);
        var enumerable = false;
        var nonGenericDictionary = false;
        INamedTypeSymbol? dictionary = null;
        if (type is INamedTypeSymbol named)
        {
            Add(named);
        }

        foreach (var implemented in type.AllInterfaces)
        {
            Add(implemented);
        }

        return new Sequence(elements.Count == 0 ? ImmutableArray<ITypeSymbol>.Empty : elements.ToImmutable(), enumerable, dictionary) { IsNonGenericDictionary = nonGenericDictionary };

        void Add(INamedTypeSymbol candidate)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                elements.Add(candidate.TypeArguments[0]);
            }
            else if (candidate.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                enumerable = true;
            }
            else if (Json.JsonContract.IsNonGenericDictionary(candidate))
            {
                nonGenericDictionary = true;
            }
            else if (dictionary is null && candidate is { Arity: 2, Name: "IDictionary" or "IReadOnlyDictionary", ContainingType: null }
                && candidate.ContainingNamespace is { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                dictionary = candidate;
            }
        }
    }

    /// <summary><see cref="Templates.TemplateOperands.IsComparable"/>, remembered per type for this compilation (it reads <c>AllInterfaces</c>).</summary>
    public bool IsComparable(ITypeSymbol type) => _comparable.GetOrAdd(type, static type => Templates.TemplateOperands.IsComparable(type));

    /// <summary>What <see cref="SequenceOf"/> found: each <c>IEnumerable&lt;T&gt;</c>'s <c>T</c>, and whether the non-generic <c>IEnumerable</c> is implemented.</summary>
    public readonly struct Sequence
    {
        public Sequence(ImmutableArray<ITypeSymbol> elements, bool isEnumerable, INamedTypeSymbol? dictionary)
        {
            Elements = elements;
            IsEnumerable = isEnumerable;
            Dictionary = dictionary;
        }

        /// <summary>Whether the non-generic <c>System.Collections.IDictionary</c> is among them (<c>Hashtable</c>).</summary>
        public bool IsNonGenericDictionary { get; init; }

        /// <summary>The first <c>IDictionary&lt;TKey, TValue&gt;</c> or <c>IReadOnlyDictionary&lt;TKey, TValue&gt;</c> (System.Collections.Generic), or null.</summary>
        public INamedTypeSymbol? Dictionary { get; }

        public ImmutableArray<ITypeSymbol> Elements { get; }

        public bool IsEnumerable { get; }

        /// <summary>Whether some <c>IEnumerable&lt;T&gt;</c> has <paramref name="element"/> for <c>T</c> (nullability ignored).</summary>
        public bool Yields(ITypeSymbol? element)
        {
            foreach (var candidate in Elements)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate, element))
                {
                    return true;
                }
            }

            return false;
        }
    }
}