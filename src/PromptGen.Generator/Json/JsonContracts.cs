using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>
/// The <see cref="JsonContract"/>s of one prompt interface's types under its serializer options, each read once: the
/// schema builder, the deserialisability check (PG0014) and the few-shot fit check (PG0027) of every method share them,
/// and a reply type's schema is built once however many methods return it. Lives only inside one parse (it holds
/// symbols); the generator's transform re-runs after every edit, so what it does not repeat is what the keystroke saves.
/// </summary>
internal sealed class JsonContracts
{
    private readonly Dictionary<(ITypeSymbol Type, NullableAnnotation Annotation), JsonContract> _contracts = new(new TypeKeyComparer());
    private readonly Dictionary<(ITypeSymbol Type, NullableAnnotation Annotation, SchemaSettings Settings, bool Items), BuiltSchema> _schemas = new(new SchemaKeyComparer());

    public JsonContracts(JsonContractOptions options) => Options = options;

    /// <summary>The compilation's shared type facts, when the caller has them (the transform does); null reads each type afresh.</summary>
    public KnownTypes? Known { get; init; }

    /// <summary>How System.Text.Json reads the interface's replies.</summary>
    public JsonContractOptions Options { get; }

    /// <summary>
    /// The contract of <paramref name="type"/>, read for <paramref name="member"/> when given. A member changes the
    /// contract only through its own [JsonConverter] or, for numbers, [JsonNumberHandling]; those few are read apart.
    /// </summary>
    public JsonContract Of(ITypeSymbol type, ISymbol? member = null)
    {
        if (member is not null && JsonContract.HasAttribute(member, JsonContract.JsonConverterAttribute))
        {
            return JsonContract.Of(type, Options, member, Known);
        }

        var key = (type, type.NullableAnnotation);
        if (!_contracts.TryGetValue(key, out var contract))
        {
            contract = JsonContract.Of(type, Options, known: Known);
            _contracts.Add(key, contract);
        }

        return member is not null && contract.Kind is JsonShapeKind.Integer or JsonShapeKind.Number
            ? JsonContract.Of(type, Options, member, Known) // a number's [JsonNumberHandling] sits on the member or its declaring type
            : contract;
    }

    /// <summary>
    /// The schema of <paramref name="type"/> in one mode and its JSON texts, built and written once per interface
    /// (<see cref="SchemaBuilder.Build"/>): <c>Rules</c> holds every keyword, <c>Sent</c> what the mode accepts.
    /// </summary>
    public BuiltSchema Schema(ITypeSymbol type, SchemaSettings settings, bool items)
    {
        var key = (type, type.NullableAnnotation, settings, items);
        if (!_schemas.TryGetValue(key, out var built))
        {
            built = new BuiltSchema(SchemaBuilder.Build(type, settings, items, this), settings.Strict);
            _schemas.Add(key, built);
        }

        return built;
    }

    private sealed class TypeKeyComparer : IEqualityComparer<(ITypeSymbol Type, NullableAnnotation Annotation)>
    {
        public bool Equals((ITypeSymbol Type, NullableAnnotation Annotation) x, (ITypeSymbol Type, NullableAnnotation Annotation) y) =>
            x.Annotation == y.Annotation && SymbolEqualityComparer.IncludeNullability.Equals(x.Type, y.Type);

        public int GetHashCode((ITypeSymbol Type, NullableAnnotation Annotation) key) => SymbolEqualityComparer.Default.GetHashCode(key.Type) * 31 + (int)key.Annotation;
    }

    private sealed class SchemaKeyComparer : IEqualityComparer<(ITypeSymbol Type, NullableAnnotation Annotation, SchemaSettings Settings, bool Items)>
    {
        public bool Equals((ITypeSymbol Type, NullableAnnotation Annotation, SchemaSettings Settings, bool Items) x, (ITypeSymbol Type, NullableAnnotation Annotation, SchemaSettings Settings, bool Items) y) =>
            x.Annotation == y.Annotation && x.Items == y.Items && x.Settings == y.Settings && SymbolEqualityComparer.IncludeNullability.Equals(x.Type, y.Type);

        public int GetHashCode((ITypeSymbol Type, NullableAnnotation Annotation, SchemaSettings Settings, bool Items) key) =>
            (SymbolEqualityComparer.Default.GetHashCode(key.Type) * 31 + (int)key.Annotation) * 31 + key.Settings.GetHashCode() + (key.Items ? 1 : 0);
    }
}

/// <summary>
/// A reply type's schema (<see cref="JsonContracts.Schema"/>) and its JSON texts, each written when first asked for:
/// the generator's transform carries the tree (<see cref="Clients.JsonReplySpec.Tree"/>) and writes the texts in a
/// later step (<see cref="Clients.TypedReplies.Written"/>), so an edit elsewhere does not write them again.
/// </summary>
internal sealed class BuiltSchema
{
    private string? _rules;
    private string? _sent;

    public BuiltSchema(SchemaResult result, bool strict)
    {
        Result = result;
        Strict = strict;
    }

    public SchemaResult Result { get; }

    /// <summary>Whether the schema is sent in strict mode (<see cref="SchemaBuilder.StrictAccepts"/>' subset).</summary>
    public bool Strict { get; }

    /// <summary>Every keyword: what replies are checked against.</summary>
    public string Rules => _rules ??= Result.Root.ToJson();

    /// <summary>What the request sends: strict mode's subset, or every keyword but number formats.</summary>
    public string Sent => _sent ??= SentText(Result.Root, Strict);

    /// <summary>The schema text a request sends for <paramref name="root"/>.</summary>
    public static string SentText(SchemaNode root, bool strict) => root.ToJson(strict ? SchemaBuilder.StrictAccepts : SchemaBuilder.Sendable);
}
