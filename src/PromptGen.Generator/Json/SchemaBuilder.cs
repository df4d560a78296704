using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>The property naming policy the deserialiser uses (System.Text.Json's <c>JsonKnownNamingPolicy</c>).</summary>
internal enum NamingPolicy
{
    None,
    CamelCase,
    SnakeCaseLower,
    SnakeCaseUpper,
    KebabCaseLower,
    KebabCaseUpper,
}

/// <summary>What the schema is for: the mode's rules and the deserialiser's options.</summary>
/// <param name="Strict">json_schema strict mode: every property required, no additional properties, no dictionaries.</param>
/// <param name="Mode">The mode's name for messages ("json_schema strict mode").</param>
/// <param name="Options">How System.Text.Json reads the reply (names, enums, converters).</param>
internal sealed record SchemaSettings(bool Strict, string Mode, JsonContractOptions Options);

/// <summary>The schema of a return type and anything the chosen mode cannot express.</summary>
internal sealed class SchemaResult
{
    public SchemaResult(SchemaNode root, bool wrapped, bool nullable, List<string> problems)
    {
        Root = root;
        Wrapped = wrapped;
        Nullable = nullable;
        Problems = problems;
    }

    public SchemaNode Root { get; }

    /// <summary>Whether the value sits under a "value" property because the root of a schema must be an object.</summary>
    public bool Wrapped { get; }

    /// <summary>Whether the declared type admits null, so the schema allows a null value (then always wrapped).</summary>
    public bool Nullable { get; }

    public List<string> Problems { get; }
}

/// <summary>
/// Derives the JSON Schema of a return type from its <see cref="JsonContract"/> (what System.Text.Json reads: members,
/// names, required members, converters, scalar kinds), adding [JsonDerivedType] polymorphism. A nullable declared type
/// (<c>int?</c>, <c>Person?</c>) also allows null, at the root too (then the value travels wrapped). Descriptions come
/// from [Description] or the XML doc summary; DataAnnotations ([Range], [StringLength], [MinLength], [MaxLength],
/// [Required], [RegularExpression], [EmailAddress], [Url]) become the matching keywords. Recursive types are written
/// once under <c>$defs</c> and referenced with <c>$ref</c>.
/// </summary>
internal sealed partial class SchemaBuilder
{
    /// <summary>One character, for strict mode (which takes patterns but not lengths).</summary>
    public const string CharPattern = "^[\\s\\S]$";

    /// <summary>Strict mode's limit on nested objects.</summary>
    public const int StrictMaxDepth = 10;

    private static readonly HashSet<string> StrictKeywords = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs",
        "description", "pattern", "minimum", "maximum", "format",
    };

    private static readonly HashSet<string> StrictFormats = new(StringComparer.Ordinal)
    {
        "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid",
    };

    private readonly SchemaSettings _settings;
    private readonly List<string> _problems = new();
    private readonly List<ITypeSymbol> _visiting = new();
    private readonly Dictionary<ITypeSymbol, string> _recursive = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    private readonly JsonContracts _contracts;

    private SchemaBuilder(SchemaSettings settings)
        : this(settings, null)
    {
    }

    private SchemaBuilder(SchemaSettings settings, JsonContracts? contracts)
    {
        _settings = settings;
        _contracts = contracts is not null && contracts.Options == settings.Options ? contracts : new JsonContracts(settings.Options);
    }

    /// <summary>Whether strict mode accepts a keyword (with its value); the rest stay in the validation rules only.</summary>
    public static bool StrictAccepts(string keyword, object value) =>
        StrictKeywords.Contains(keyword) && (keyword != "format" || (value is string format && StrictFormats.Contains(format)));

    /// <param name="type">The value type.</param>
    /// <param name="settings">The mode and the deserialiser's options.</param>
    /// <param name="items">A streamed items method: the root is <c>{"items": [type, …]}</c> (the stream's items each fit <paramref name="type"/>).</param>
    /// <param name="contracts">The contracts already read for the same options (each type is read once); null for a fresh set.</param>
    public static SchemaResult Build(ITypeSymbol type, SchemaSettings settings, bool items = false, JsonContracts? contracts = null)
    {
        var builder = new SchemaBuilder(settings, contracts);
        builder.Root(type.Name, items ? "each streamed item" : "the reply");
        var schema = builder.Schema(type, type.Name, items ? 3 : 1, member: null);
        var wrapped = !items && !IsPlainObject(schema);
        SchemaNode root;
        if (items)
        {
            root = new SchemaNode()
                .Set("type", "object")
                .Set("properties", new SchemaNode().Set("items", new SchemaNode().Set("type", "array").Set("items", schema)))
                .Set("required", new List<object> { "items" })
                .Set("additionalProperties", false);
        }
        else if (wrapped)
        {
            root = new SchemaNode()
                .Set("type", "object")
                .Set("properties", new SchemaNode().Set("value", schema))
                .Set("required", new List<object> { "value" })
                .Set("additionalProperties", false);
        }
        else
        {
            root = schema;
        }

        // A recursive root type refers to the root itself ("#") rather than to a copy of itself under $defs.
        string? rootDefinition = null;
        if (!wrapped && !items && builder._recursive.TryGetValue(type, out var rootName))
        {
            rootDefinition = rootName;
        }

        // Other recursive types: one definition each, referenced from wherever they recur (found while defining, too).
        // Most types recur nowhere: then nothing here is allocated (the builder runs on every keystroke).
        if (builder._recursive.Count > 0)
        {
            builder.Define(root, rootDefinition);
        }

        if (rootDefinition is not null)
        {
            root.ReplaceReferences("#/$defs/" + rootDefinition, "#");
        }

        return new SchemaResult(root, wrapped, builder._contracts.Of(type).IsNullable, builder._problems);
    }

    /// <summary>Writes <c>$defs</c> into <paramref name="root"/>: a definition for each recursive type but the root's own.</summary>
    private void Define(SchemaNode root, string? rootDefinition)
    {
        var definitions = new SchemaNode();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        if (rootDefinition is not null)
        {
            defined.Add(rootDefinition);
        }

        while (_recursive.FirstOrDefault(r => !defined.Contains(r.Value)) is { Key: not null } next)
        {
            defined.Add(next.Value);
            _visiting.Add(next.Key);
            definitions.Set(next.Value, ObjectOrPolymorphic(next.Key, next.Key.Name, 1));
            _visiting.RemoveAt(_visiting.Count - 1);
        }

        if (definitions.Entries.Any())
        {
            root.Set("$defs", definitions);
        }
    }

    private static bool IsPlainObject(SchemaNode schema) =>
        schema.Get("type") is string type && type == "object" && schema.Get("properties") is SchemaNode;

    private SchemaNode Schema(ITypeSymbol type, string path, int depth, ISymbol? member)
    {
        var contract = _contracts.Of(type, member);
        var schema = NotNull(contract, path, depth);
        return contract.IsNullable ? Nullable(schema) : schema;
    }

    private SchemaNode NotNull(JsonContract contract, string path, int depth)
    {
        var type = contract.Type;
        switch (contract.Kind)
        {
            case JsonShapeKind.Any when contract.Converter is { } converter:
                if (_settings.Strict)
                {
                    Problem($"{Where(path)} is read by the converter '{converter}', whose JSON {_settings.Mode} cannot know; remove the [JsonConverter], or use [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]");
                }

                return new SchemaNode();
            case JsonShapeKind.Any:
            case JsonShapeKind.AnyObject:
            case JsonShapeKind.AnyArray:
                if (_settings.Strict)
                {
                    Problem($"{Where(path)} is '{DisplayNames.Of(type)}', which can hold any JSON and {_settings.Mode} cannot describe; give it a concrete type, or use [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]");
                }

                return contract.Kind switch
                {
                    JsonShapeKind.AnyObject => Type("object"),
                    JsonShapeKind.AnyArray => Type("array"),
                    _ => new SchemaNode(),
                };
            case JsonShapeKind.Unsupported:
                Problem(contract.Refusal is { } refusal
                    ? $"{Where(path)} is '{DisplayNames.Of(type)}', {refusal}"
                    : $"{Where(path)} is '{DisplayNames.Of(type)}', which System.Text.Json cannot read or write; use a string, a number, an enum or a record");
                return new SchemaNode();
            case JsonShapeKind.String:
                return StringSchema(contract.Scalar);
            case JsonShapeKind.Boolean:
                return Type("boolean");
            case JsonShapeKind.Integer when contract.NumbersFromStrings:
                // [JsonNumberHandling(AllowReadingFromString)]: as System.Text.Json's own schema exporter says it.
                return Range(new SchemaNode().Set("type", new List<object> { "integer", "string" }).Set("pattern", "^-?(?:0|[1-9]\\d*)$"), type);
            case JsonShapeKind.Number when contract.NumbersFromStrings:
                return Range(new SchemaNode().Set("type", new List<object> { "number", "string" }).Set("pattern", "^-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?$"), type);
            case JsonShapeKind.Integer:
                return Range(Type("integer"), type);
            case JsonShapeKind.Number:
                return Range(Type("number"), type);
            case JsonShapeKind.Enum:
                var values = contract.Flags
                    ? new SchemaNode().Set("type", "string").Set("pattern", FlagsEnum.Pattern(contract.FlagsZero, contract.EnumValues))
                    : new SchemaNode().Set("type", contract.StringEnum ? "string" : "integer").Set("enum", contract.EnumValues.ToList());
                if (Description(type) is { } description)
                {
                    values.Set("description", description);
                }

                return values;
            case JsonShapeKind.Dictionary:
                var keys = contract.Key!.SpecialType == SpecialType.System_String ? null : KeySchema(_contracts.Of(contract.Key));
                if (contract.Key.SpecialType != SpecialType.System_String && JsonContract.KeyProblem(contract.Key, _contracts.Of(contract.Key), write: false) is { } keyProblem)
                {
                    Problem($"{Where(path)} is {keyProblem}");
                }
                else if (_settings.Strict)
                {
                    Problem($"{Where(path)} is a dictionary, which {_settings.Mode} cannot describe (it requires additionalProperties: false); use a list of records, or [ResponseFormat(ResponseFormatKind.JsonSchema, Strict = false)]");
                }

                var dictionary = new SchemaNode()
                    .Set("type", "object")
                    .Set("additionalProperties", Schema(contract.Element!, path + JsonPaths.Value, depth + 1, member: null));
                return keys is null ? dictionary : dictionary.Set("propertyNames", keys);
            case JsonShapeKind.Array:
                // Collections are not definitions: recursion always runs through an object type, which is.
                return new SchemaNode()
                    .Set("type", "array")
                    .Set("items", Schema(contract.Element!, path + JsonPaths.Item, depth + 1, member: null));
        }

        if (_settings.Strict && depth > StrictMaxDepth)
        {
            Problem($"{Where(path)} is nested {depth} objects deep; {_settings.Mode} allows at most {StrictMaxDepth}");
        }

        return Enter((INamedTypeSymbol)type, path, depth);
    }

    /// <summary>
    /// A number's range (<see cref="JsonNumbers"/>): <c>minimum</c>/<c>maximum</c> where a model plausibly exceeds it
    /// (sent), <c>minimum: 0</c> for the other unsigned types, and the type's <c>format</c> (rules only), by which the
    /// run-time validator refuses a number the type cannot hold with a message instead of System.Text.Json's raw error.
    /// </summary>
    private static SchemaNode Range(SchemaNode schema, ITypeSymbol type, bool bounds = true)
    {
        if (JsonNumbers.Format(type) is not { } format)
        {
            return schema;
        }

        if (!bounds)
        {
            // A key: a string holding the number, whose range the format carries.
        }
        else if (JsonNumbers.SentRange(format) is { } range)
        {
            schema.Set("minimum", range.Minimum).Set("maximum", range.Maximum);
        }
        else if (format is "uint32" or "uint64" or "uint128")
        {
            schema.Set("minimum", 0L);
        }

        return schema.Set("format", format);
    }

    /// <summary>
    /// Whether a keyword is sent in a mode without strict's subset: everything but the number formats, which only the
    /// run-time validator reads (<see cref="JsonNumbers"/>).
    /// </summary>
    public static bool Sendable(string keyword, object value) => keyword != "format" || !JsonNumbers.IsNumberFormat(value);

    /// <summary>The schema of a string scalar: what System.Text.Json's built-in converter for it reads.</summary>
    private SchemaNode StringSchema(string? scalar) => scalar switch
    {
        // Exactly one UTF-16 unit. Strict mode takes no minLength/maxLength, so it is also told by a pattern there.
        "System.Char" when _settings.Strict => Type("string").Set("minLength", 1L).Set("maxLength", 1L).Set("pattern", CharPattern),
        "System.Char" => Type("string").Set("minLength", 1L).Set("maxLength", 1L),
        "System.DateTime" or "System.DateTimeOffset" => Type("string").Set("format", "date-time"),
        "System.DateOnly" => Type("string").Set("format", "date"),
        "System.TimeOnly" => Type("string").Set("pattern", JsonContract.TimeOnlyPattern).Set("description", "a time of day as HH:mm:ss[.fffffff]"),
        "System.TimeSpan" => Type("string").Set("pattern", JsonContract.TimeSpanPattern).Set("description", "a duration as [-][d.]hh:mm:ss[.fffffff]"),
        "System.Guid" => Type("string").Set("format", "uuid"),
        "System.Uri" => Type("string").Set("format", "uri"),
        "System.Version" => Type("string").Set("pattern", JsonContract.VersionPattern).Set("description", "a version as major.minor[.build[.revision]]"),
        // System.Text.Json reads standard base64 (padded); contentEncoding lets the run-time validator check it as it does.
        "base64" => Type("string").Set("contentEncoding", "base64").Set("description", "base64-encoded bytes"),
        _ => Type("string"),
    };

    /// <summary>
    /// What System.Text.Json reads as a dictionary key of this type (its converters' <c>ReadAsPropertyName</c>, checked on
    /// .NET 10 by serialising and reading a <c>Dictionary&lt;K,int&gt;</c> for each): enums by name (as it writes them;
    /// it also reads numbers and any case), the number types as their JSON number text (integers as digits), and the
    /// string scalars as their string form; <c>bool</c> as <c>true</c>/<c>false</c>. Null for a key type it refuses
    /// (<c>object</c>, <c>byte[]</c>, records, …).
    /// </summary>
    private SchemaNode? KeySchema(JsonContract key)
    {
        if (!JsonContract.CanBeKey(key))
        {
            return null; // int? and the like: JsonContract.CanBeKey
        }

        if (FlagsEnum.IsFlags(key.Type))
        {
            // Written by name even when read by number, combined: "Read, Write" (FlagsEnum.KeyNames).
            var (zero, flagNames) = FlagsEnum.KeyNames(key.Type);
            return Type("string").Set("pattern", FlagsEnum.Pattern(zero, flagNames));
        }

        switch (key.Kind)
        {
            case JsonShapeKind.Enum:
                var names = key.StringEnum
                    ? key.EnumValues.ToList()
                    : EnumNames.KeyNames(key.Type); // by name, renamed by [JsonStringEnumMemberName], even when values are numbers
                return Type("string").Set("enum", names);
            case JsonShapeKind.Integer:
                return Range(Type("string").Set("pattern", "^-?[0-9]+$"), key.Type, bounds: false);
            case JsonShapeKind.Number:
                return Range(Type("string").Set("pattern", "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"), key.Type, bounds: false);
            case JsonShapeKind.Boolean:
                return Type("string").Set("enum", new List<object> { "true", "false", "True", "False" }); // it writes True/False
            case JsonShapeKind.String when key.Scalar is not ("base64" or null):
                return StringSchema(key.Scalar);
            default:
                return null;
        }
    }

    /// <summary>Builds an object type's schema with the type on the stack; a type already on it becomes a $ref.</summary>
    /// <summary>The schema of an object type, or a <c>$ref</c> to its definition when it is being written already (recursion).</summary>
    private SchemaNode Enter(INamedTypeSymbol type, string path, int depth)
    {
        if (IsVisiting(type))
        {
            if (!_recursive.TryGetValue(type, out var definition))
            {
                definition = DefinitionName(type);
                _recursive[type] = definition;
            }

            return new SchemaNode().Set("$ref", "#/$defs/" + definition);
        }

        _visiting.Add(type);
        try
        {
            return ObjectOrPolymorphic(type, path, depth);
        }
        finally
        {
            _visiting.RemoveAt(_visiting.Count - 1);
        }
    }

    private bool IsVisiting(ITypeSymbol type)
    {
        foreach (var visiting in _visiting) // a List's struct enumerator: no allocation
        {
            if (SymbolEqualityComparer.Default.Equals(visiting, type))
            {
                return true;
            }
        }

        return false;
    }

    private string DefinitionName(ITypeSymbol type)
    {
        var name = SchemaNames.Of(type);
        var candidate = name;
        for (var i = 2; _recursive.ContainsValue(candidate); i++)
        {
            candidate = name + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private SchemaNode ObjectOrPolymorphic(ITypeSymbol type, string path, int depth)
    {
        var named = (INamedTypeSymbol)type;
        var derived = named.GetAttributes().Where(a => Is(a, "System.Text.Json.Serialization.JsonDerivedTypeAttribute")).ToList();
        if (derived.Count == 0)
        {
            if (named.IsAbstract || named.TypeKind == TypeKind.Interface)
            {
                Problem($"{Where(path)} is {(named.TypeKind == TypeKind.Interface ? "the interface" : "the abstract type")} '{DisplayNames.Of(named)}' without [JsonDerivedType]; list its concrete types with [JsonDerivedType(typeof(…), \"…\")] or use a concrete type");
                return new SchemaNode().Set("type", "object").Set("properties", new SchemaNode());
            }

            return Object(named, path, depth, discriminator: null);
        }

        var polymorphic = named.GetAttributes().FirstOrDefault(a => Is(a, "System.Text.Json.Serialization.JsonPolymorphicAttribute"));
        var property = polymorphic?.NamedArguments.FirstOrDefault(n => n.Key == "TypeDiscriminatorPropertyName").Value.Value as string ?? "$type";
        var options = new List<object>();
        if (!named.IsAbstract && named.TypeKind != TypeKind.Interface)
        {
            options.Add(Object(named, path, depth, discriminator: null));
        }

        foreach (var attribute in derived)
        {
            if (attribute.ConstructorArguments.FirstOrDefault().Value is not INamedTypeSymbol subtype)
            {
                continue;
            }

            object? value = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value : null;
            var discriminator = value switch
            {
                string text => (property, (object)text),
                int number => (property, (object)(long)number),
                _ => ((string, object)?)null,
            };
            if (discriminator is not null && JsonContract.DiscriminatorClash(subtype, property, _settings.Options) is { } clash)
            {
                Problem($"{Where(path)} is '{DisplayNames.Of(subtype)}', {clash}");
            }

            _visiting.Add(subtype);
            var option = Object(subtype, path, depth, discriminator); // its problems are reported either way
            _visiting.RemoveAt(_visiting.Count - 1);
            if (discriminator is not null)
            {
                // A [JsonDerivedType] without a discriminator is only ever written: System.Text.Json reads an object
                // without one as the base type (or refuses it for an abstract base), so no reply can be one.
                options.Add(option);
            }
        }

        var result = new SchemaNode().Set("anyOf", options);
        if (Description(named) is { } description)
        {
            result.Set("description", description);
        }

        return result;
    }

    private SchemaNode Object(INamedTypeSymbol type, string path, int depth, (string Name, object Value)? discriminator)
    {
        var properties = new SchemaNode();
        var required = new List<object>();
        if (discriminator is { } d)
        {
            // System.Text.Json reads the discriminator first: it leads the properties.
            properties.Set(d.Name, new SchemaNode().Set("type", d.Value is string ? "string" : "integer").Set("enum", new List<object> { d.Value }));
            required.Add(d.Name);
        }

        var contract = _contracts.Of(type);
        if (contract.Refusal is { } refusal)
        {
            // A [JsonDerivedType] whose contract System.Text.Json refuses (a root or member type is reported as Unsupported).
            Problem($"{Where(path)} is '{DisplayNames.Of(type)}', {refusal}");
            return Type("object").Set("properties", properties);
        }

        foreach (var member in contract.Members)
        {
            var jsonName = member.JsonName;
            var memberPath = path + JsonPaths.Member + jsonName;
            var schema = Schema(member.Type, memberPath, depth + 1, member.Symbol);
            DataAnnotations.Apply(member.Symbol, member.Type, schema);
            if (member.Parameter is { } parameter)
            {
                DataAnnotations.Apply(parameter, member.Type, schema);
            }

            var description = Docs.DescriptionAttribute(member.Symbol) ?? (member.Parameter is { } p ? Docs.DescriptionAttribute(p) : null)
                ?? Docs.Summary(member.Symbol) ?? (member.Parameter is { } q ? Docs.Param(q.ContainingSymbol.ContainingType, q.Name) : null);
            if (description is not null && schema.Get("$ref") is null)
            {
                schema.Set("description", description);
            }

            properties.Set(jsonName, schema);
            if (_settings.Strict || member.IsRequired)
            {
                required.Add(jsonName);
            }
        }

        if (!properties.Entries.Any() && contract.Creatable && contract.ConstructorProblem is null)
        {
            // A tuple's fields, or a type System.Text.Json reads no member of: the model could only ever answer {} and the
            // caller would get a default value, so it is a build error rather than silently lost data. (A type STJ cannot
            // create at all, or whose constructor it refuses, is PG0014's to report: one fault, one diagnostic.)
            var what = path == type.Name ? $"'{DisplayNames.Of(type)}' has" : $"{Where(path)} is '{DisplayNames.Of(type)}', which has";
            Problem($"{what} no property System.Text.Json reads{EmptyContractText.Why(type)}, {EmptyConsequence}");
        }

        var result = new SchemaNode().Set("type", "object");
        if (Description(type) is { } typeDescription)
        {
            result.Set("description", typeDescription);
        }

        result.Set("properties", properties);
        if (required.Count > 0 || _settings.Strict)
        {
            result.Set("required", required);
        }

        if (_settings.Strict)
        {
            result.Set("additionalProperties", false);
        }

        return result;
    }

    private static SchemaNode Type(string type) => new SchemaNode().Set("type", type);

    /// <summary>Lets a schema also be null: widens a simple "type" (and its "enum"), else wraps it in anyOf.</summary>
    private static SchemaNode Nullable(SchemaNode schema)
    {
        if (schema.Get("type") is string type && type is not ("object" or "array") && schema.Get("anyOf") is null && schema.Get("$ref") is null)
        {
            schema.Set("type", new List<object> { type, "null" });
            if (schema.Get("enum") is List<object> values)
            {
                values.Add(JsonNull.Value);
            }

            return schema;
        }

        if (schema.Get("type") is List<object> types)
        {
            if (!types.Contains("null"))
            {
                types.Add("null");
            }

            return schema;
        }

        if (!schema.Entries.Any())
        {
            return schema; // Any JSON, null included.
        }

        return new SchemaNode().Set("anyOf", new List<object> { schema, Type("null") });
    }

    private static string? Description(ISymbol symbol) => Docs.DescriptionAttribute(symbol) ?? Docs.Summary(symbol);

    internal static bool Is(AttributeData attribute, string fullName) => JsonContract.Is(attribute, fullName);

    private void Problem(string message)
    {
        if (_reported.Add(message))
        {
            _problems.Add(message);
        }
    }
}
