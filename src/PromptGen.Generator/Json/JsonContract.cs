using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using PromptGen.Generator.Shared;

namespace PromptGen.Generator.Json;

/// <summary>What JSON a .NET type reads from, as System.Text.Json decides it.</summary>
internal enum JsonShapeKind
{
    /// <summary>Any JSON: <c>object</c>, <c>JsonElement</c>, <c>JsonDocument</c>, <c>JsonNode</c>, <c>JsonValue</c>, or a type read by a custom converter whose shape PromptGen cannot know.</summary>
    Any,

    /// <summary>Any JSON object (<c>JsonObject</c>).</summary>
    AnyObject,

    /// <summary>Any JSON array (<c>JsonArray</c>).</summary>
    AnyArray,

    /// <summary>A string: text, dates and times, <c>Guid</c>, <c>Uri</c>, <c>Version</c>, base64 bytes. <see cref="JsonContract.Scalar"/> says which.</summary>
    String,

    /// <summary>A whole number (the integer types, <c>Int128</c>, <c>UInt128</c>).</summary>
    Integer,

    /// <summary>Any number (<c>float</c>, <c>double</c>, <c>decimal</c>, <c>Half</c>).</summary>
    Number,

    Boolean,

    /// <summary>An enum: its names (string enums) or its numbers.</summary>
    Enum,

    /// <summary>An array: arrays, lists, sets, <c>IEnumerable&lt;T&gt;</c>, <c>Memory&lt;T&gt;</c>.</summary>
    Array,

    /// <summary>An object whose keys are data: <c>IDictionary</c>, <c>IReadOnlyDictionary</c>.</summary>
    Dictionary,

    /// <summary>An object read member by member (or polymorphically, with [JsonDerivedType]).</summary>
    Object,

    /// <summary>Nothing System.Text.Json can read: type parameters, pointers, delegates, error types.</summary>
    Unsupported,
}

/// <summary>
/// The serializer options that decide how System.Text.Json reads a reply: the options PromptGen's runtime uses for
/// reflection (web defaults plus string enums, see <c>PromptReply.ReflectionOptions</c>), or those the
/// interface's JsonSerializerContext declares with <c>[JsonSourceGenerationOptions]</c>. Value-equatable.
/// </summary>
/// <param name="Naming">The property naming policy (<c>JsonSerializerOptions.PropertyNamingPolicy</c>).</param>
/// <param name="CaseInsensitive">Whether property names match regardless of case (<c>PropertyNameCaseInsensitive</c>).</param>
/// <param name="StringEnums">Whether every enum is read by its names (<c>JsonStringEnumConverter</c> in the options); else by its numbers.</param>
/// <param name="NumbersFromStrings">Whether a number may also come as a string holding it (<c>JsonNumberHandling.AllowReadingFromString</c>).</param>
/// <param name="IncludeFields">Whether public fields are read too (<c>IncludeFields</c>).</param>
/// <param name="ConvertedTypes">Types a converter in the options' <c>Converters</c> reads (display strings): their JSON shape is unknown.</param>
/// <param name="StringEnumTypes">Enums a <c>JsonStringEnumConverter&lt;TEnum&gt;</c> in the options' <c>Converters</c> reads by name (display strings).</param>
internal sealed partial record JsonContractOptions(
    NamingPolicy Naming,
    bool CaseInsensitive,
    bool StringEnums,
    bool NumbersFromStrings,
    bool IncludeFields,
    EquatableArray<string> ConvertedTypes,
    EquatableArray<string> StringEnumTypes)
{
    private const string SourceGenerationOptions = "System.Text.Json.Serialization.JsonSourceGenerationOptionsAttribute";

    /// <summary>PromptGen's reflection options: <c>JsonSerializerDefaults.Web</c> (camelCase, case-insensitive names, numbers also from strings) and <c>JsonStringEnumConverter</c>.</summary>
    public static readonly JsonContractOptions Reflection = new(NamingPolicy.CamelCase, true, true, true, false, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    /// <summary>
    /// The options of a JsonSerializerContext, read from its <c>[JsonSourceGenerationOptions]</c> as System.Text.Json's
    /// source generator reads them: <c>JsonSerializerDefaults.Web</c> as the constructor argument, then
    /// <c>PropertyNamingPolicy</c>, <c>PropertyNameCaseInsensitive</c>, <c>NumberHandling</c>,
    /// <c>UseStringEnumConverter</c>, <c>Converters</c> and <c>IncludeFields</c>. Without the attribute: the general defaults.
    /// </summary>
    public static JsonContractOptions OfContext(INamedTypeSymbol context)
    {
        var naming = NamingPolicy.None;
        bool caseInsensitive = false, stringEnums = false, numbersFromStrings = false, includeFields = false;
        var converted = new List<string>();
        var stringEnumTypes = new List<string>();
        var options = context.GetAttributes().FirstOrDefault(a => JsonContract.Is(a, SourceGenerationOptions));
        if (options is not null)
        {
            // JsonSerializerDefaults.Web (1): camelCase, case-insensitive names, numbers also from strings.
            if (options.ConstructorArguments.FirstOrDefault().Value is int defaults && defaults == 1)
            {
                naming = NamingPolicy.CamelCase;
                caseInsensitive = true;
                numbersFromStrings = true;
            }

            foreach (var named in options.NamedArguments)
            {
                switch (named.Key)
                {
                    case "PropertyNamingPolicy" when named.Value.Value is int policy && policy is > 0 and <= 5:
                        naming = (NamingPolicy)policy;
                        break;
                    case "PropertyNameCaseInsensitive" when named.Value.Value is bool value:
                        caseInsensitive = value;
                        break;
                    case "NumberHandling" when named.Value.Value is int handling:
                        numbersFromStrings = (handling & 1) != 0;
                        break;
                    case "UseStringEnumConverter" when named.Value.Value is true:
                        stringEnums = true;
                        break;
                    case "IncludeFields" when named.Value.Value is bool value:
                        includeFields = value;
                        break;
                    case "Converters" when named.Value.Kind == TypedConstantKind.Array:
                        foreach (var converter in named.Value.Values.Select(v => v.Value).OfType<INamedTypeSymbol>())
                        {
                            if (JsonContract.IsStringEnumConverter(converter, out var enumType))
                            {
                                if (enumType is null)
                                {
                                    stringEnums = true;
                                }
                                else
                                {
                                    stringEnumTypes.Add(enumType.ToDisplayString());
                                }
                            }
                            else if (JsonContract.ConvertedType(converter) is { } type)
                            {
                                converted.Add(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString());
                            }
                        }

                        break;
                }
            }
        }

        return new JsonContractOptions(naming, caseInsensitive, stringEnums, numbersFromStrings, includeFields, converted.ToEquatableArray(), stringEnumTypes.ToEquatableArray())
        {
            OutOfOrderMetadata = OutOfOrderMetadataOf(options),
        };
    }

    /// <summary>The name System.Text.Json matches a member by: [JsonPropertyName], else the member name under the naming policy.</summary>
    public string JsonName(string memberName, string? explicitName) => explicitName ?? Names.Apply(Naming, memberName);

    /// <summary>Whether a JSON property name selects a member of this JSON name (<c>PropertyNameCaseInsensitive</c>).</summary>
    public bool NameMatches(string jsonName, string candidate) =>
        string.Equals(jsonName, candidate, CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary>A member System.Text.Json sets when it reads an object.</summary>
/// <param name="Symbol">The property or field.</param>
/// <param name="Type">Its type (with its nullable annotation).</param>
/// <param name="JsonName">Its JSON name: [JsonPropertyName], else the C# name under the naming policy.</param>
/// <param name="IsRequired">Whether a reply must contain it: <c>required</c>, [JsonRequired], DataAnnotations' [Required], or a constructor parameter without a default.</param>
/// <param name="Parameter">The constructor parameter that sets it, when there is one (its [Range] or doc may sit there).</param>
internal sealed record JsonMember(ISymbol Symbol, ITypeSymbol Type, string JsonName, bool IsRequired, IParameterSymbol? Parameter);

/// <summary>
/// The one model of how System.Text.Json reads a type, which the schema builder (<see cref="SchemaBuilder"/>), the
/// few-shot fit check (<see cref="JsonFit"/>, PG0027) and the deserialisability check (PG0014) all read, so that the
/// schema sent, the examples checked at build time and the deserialiser at run time agree. Lives only inside one parse:
/// it holds symbols, and what reaches the cached pipeline models is the schema text it produced.
/// </summary>
/// <remarks>
/// It mirrors System.Text.Json's own contract rules (the reflection resolver <c>DefaultJsonTypeInfoResolver</c> and the
/// source generator build the same <c>JsonTypeInfo</c>: kind, properties, constructor), as documented in "How to
/// customize property names and values", "Required properties", "Immutable types and non-public accessors",
/// "Include fields", "Handle overflow JSON" and "Supported types" on learn.microsoft.com:
/// <list type="bullet">
/// <item>Built-in converters: <c>string</c>, <c>char</c>, dates (<c>DateTime</c>, <c>DateTimeOffset</c>, <c>DateOnly</c>, <c>TimeOnly</c>), <c>TimeSpan</c>, <c>Guid</c>, <c>Uri</c> and <c>Version</c> read strings; <c>byte[]</c>, <c>Memory&lt;byte&gt;</c> and <c>ReadOnlyMemory&lt;byte&gt;</c> read base64 strings; <c>Half</c>, <c>Int128</c>, <c>UInt128</c> and the primitive numbers read numbers; <c>object</c>, <c>JsonElement</c>, <c>JsonDocument</c> and <c>JsonNode</c> read anything.</item>
/// <item>Converter precedence: [JsonConverter] on the member, then a converter in the options, then [JsonConverter] on the type, then the built-in one. A converter other than <c>JsonStringEnumConverter</c> makes the shape unknown (<see cref="JsonShapeKind.Any"/>).</item>
/// <item>Collections: <c>IDictionary&lt;K,V&gt;</c>/<c>IReadOnlyDictionary&lt;K,V&gt;</c> are objects; any other <c>IEnumerable</c> (and <c>Memory&lt;T&gt;</c>) is an array.</item>
/// <item>Members: public instance properties with a public setter or <c>init</c>, or that a constructor parameter of the same name (case-insensitive) sets, or that carry [JsonInclude]; public fields only with [JsonInclude] or <c>IncludeFields</c>. Not [JsonIgnore] (unconditional or <c>Always</c>); not [JsonExtensionData], which instead makes the type accept unknown properties. Order: [JsonPropertyOrder], then declaration order, base types first.</item>
/// <item>Names: [JsonPropertyName] wins; else the naming policy; matched case-insensitively under <c>PropertyNameCaseInsensitive</c>.</item>
/// <item>Constructor: the one marked [JsonConstructor]; else the public parameterless one (always there for a struct); else the only public one.</item>
/// <item>Enums: by name under <c>JsonStringEnumConverter</c> (options, or [JsonConverter] on the enum or member), renamed by [JsonStringEnumMemberName]; else by number.</item>
/// </list>
/// </remarks>
internal sealed partial class JsonContract
{
    private const string Serialization = "System.Text.Json.Serialization.";
    public const string JsonConverterAttribute = Serialization + "JsonConverterAttribute";
    public const string JsonDerivedTypeAttribute = Serialization + "JsonDerivedTypeAttribute";
    public const string JsonPolymorphicAttribute = Serialization + "JsonPolymorphicAttribute";
    private const string JsonConstructorAttribute = Serialization + "JsonConstructorAttribute";
    private const string JsonExtensionDataAttribute = Serialization + "JsonExtensionDataAttribute";
    private const string JsonIgnoreAttribute = Serialization + "JsonIgnoreAttribute";
    private const string JsonIncludeAttribute = Serialization + "JsonIncludeAttribute";
    private const string JsonNumberHandlingAttribute = Serialization + "JsonNumberHandlingAttribute";
    private const string JsonPropertyNameAttribute = Serialization + "JsonPropertyNameAttribute";
    private const string JsonPropertyOrderAttribute = Serialization + "JsonPropertyOrderAttribute";
    private const string JsonRequiredAttribute = Serialization + "JsonRequiredAttribute";
    private const string JsonStringEnumMemberNameAttribute = Serialization + "JsonStringEnumMemberNameAttribute";
    private const string DataAnnotationsRequired = "System.ComponentModel.DataAnnotations.RequiredAttribute";

    // The pieces of the time patterns: System.Text.Json parses times with the invariant "c" TimeSpan format, which
    // takes any number of leading zeros and one or two significant digits per part.
    private const string Hours = "0*(1?\\d|2[0-3])";
    private const string Minutes = "0*[1-5]?\\d";
    private const string Fraction = "(\\.\\d{1,7})?";
    private const string Clock = Hours + ":" + Minutes + "(:" + Minutes + Fraction + ")?";

    /// <summary>Whole days below TimeSpan.MaxValue's 10675199 (any time of day may follow them).</summary>
    private const string Days = "0*(\\d{1,7}|10[0-5]\\d{5}|106[0-6]\\d{4}|1067[0-4]\\d{3}|106750\\d{2}|106751[0-8]\\d|1067519[0-8])";

    /// <summary>
    /// What System.Text.Json's <c>TimeOnly</c> converter reads: <c>h:m[:s[.fffffff]]</c> from 0:00 to 23:59:59.9999999,
    /// each part one or two digits (leading zeros allowed). Checked against System.Text.Json itself by JsonTimeFormatTests.
    /// </summary>
    public const string TimeOnlyPattern = "^" + Clock + "$";

    /// <summary>
    /// What System.Text.Json's <c>TimeSpan</c> converter reads: the constant ("c") format <c>[-][d.]h:m[:s[.fffffff]]</c> or
    /// whole days <c>[-]d</c>, within <c>TimeSpan.MinValue</c>..<c>MaxValue</c> (<c>±10675199.02:48:05.477580[78]</c>): the
    /// last day is spelled out to the tick. Checked against System.Text.Json itself by JsonTimeFormatTests.
    /// </summary>
    public const string TimeSpanPattern = "^(-?(" + Days + "|0*10675199)|-?(" + Days + "\\.)?" + Clock + "|" + LastDay + "7]?)?)?)?)?)?))?)|-" + LastDay + "8]?)?)?)?)?)?))?))$";

    /// <summary>Day 10675199 up to 02:48:05.477580, to be closed with the last tick digit (7 for MaxValue, 8 for MinValue).</summary>
    private const string LastDay = "0*10675199\\.(0*[01]:" + Minutes + "(:" + Minutes + Fraction + ")?|0*2:0*([1-3]?\\d|4[0-7])(:" + Minutes + Fraction + ")?|0*2:0*48(:0*[0-4]" + Fraction
        + ")?|0*2:0*48:0*5(\\.([0-3]\\d{0,6}|4([0-6]\\d{0,5}|7([0-6]\\d{0,4}|7([0-4]\\d{0,3}|5([0-7]\\d{0,2}|8(0[0-";

    /// <summary>What System.Text.Json's <c>Version</c> converter reads: two to four dot-separated numbers.</summary>
    public const string VersionPattern = "^\\d+(\\.\\d+){1,3}$";

    /// <summary>Types a built-in converter reads from a JSON string, by metadata name.</summary>
    private static readonly HashSet<string> StringScalars = new(StringComparer.Ordinal)
    {
        "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.TimeSpan", "System.Guid", "System.Uri", "System.Version",
    };

    private JsonContract(ITypeSymbol type, JsonShapeKind kind, bool isNullable)
    {
        Type = type;
        Kind = kind;
        IsNullable = isNullable;
    }

    /// <summary>The type, without <c>Nullable&lt;T&gt;</c> and without a nullable annotation.</summary>
    public ITypeSymbol Type { get; }

    public JsonShapeKind Kind { get; }

    /// <summary>Whether the declared type admits null: <c>Nullable&lt;T&gt;</c> or an annotated reference type.</summary>
    public bool IsNullable { get; }

    /// <summary>For <see cref="JsonShapeKind.String"/>: what the string holds — the metadata name of the type (<c>System.TimeSpan</c>, …), or <c>base64</c>.</summary>
    public string? Scalar { get; private set; }

    /// <summary>The element type of an array, the value type of a dictionary.</summary>
    public ITypeSymbol? Element { get; private set; }

    /// <summary>The key type of a dictionary.</summary>
    public ITypeSymbol? Key { get; private set; }

    /// <summary>The converter that reads the type when it makes its shape unknown, as written in C#.</summary>
    public string? Converter { get; private set; }

    /// <summary>
    /// For numbers: whether [JsonNumberHandling] on the member or its declaring type lets a string holding the number
    /// be read (<c>AllowReadingFromString</c>): the schema then says so. The options' own <c>NumberHandling</c> is the
    /// run time's leniency and is in <see cref="JsonContractOptions.NumbersFromStrings"/>.
    /// </summary>
    public bool NumbersFromStrings { get; private set; }

    /// <summary>For enums: the values a reply may hold (names, or numbers as <c>long</c>).</summary>
    public IReadOnlyList<object> EnumValues { get; private set; } = System.Array.Empty<object>();

    /// <summary>For objects: the members System.Text.Json sets, in its order.</summary>
    public IReadOnlyList<JsonMember> Members { get; private set; } = System.Array.Empty<JsonMember>();

    /// <summary>For objects: the constructor System.Text.Json calls, when it has parameters or is marked; null when the parameterless one (or none) is used.</summary>
    public IMethodSymbol? Constructor { get; private set; }

    /// <summary>For classes: whether System.Text.Json finds a constructor it can use at all.</summary>
    public bool Creatable { get; private set; } = true;

    /// <summary>
    /// For objects: why System.Text.Json refuses the constructor it chose (a parameter no property binds to, two
    /// properties binding to one parameter, several [JsonConstructor]s), or null. Refused on the first read, so every
    /// reply would fail: PG0014.
    /// </summary>
    public string? ConstructorProblem { get; private set; }

    /// <summary>For objects: whether [JsonExtensionData] keeps unknown properties (else System.Text.Json skips them).</summary>
    public bool HasExtensionData { get; private set; }

    /// <summary>The contract of <paramref name="type"/> under <paramref name="options"/>; <paramref name="member"/> is the property or field it is read for (its [JsonConverter] wins).</summary>
    /// <param name="known">When given, facts about types are shared by every contract read for its compilation.</param>
    public static JsonContract Of(ITypeSymbol type, JsonContractOptions options, ISymbol? member = null, KnownTypes? known = null)
    {
        var isNullable = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            isNullable = true;
        }

        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

        // Converter precedence (JsonSerializerOptions.GetConverter): member attribute, options' converters, type attribute.
        var display = options.ConvertedTypes.Count == 0 && options.StringEnumTypes.Count == 0 ? "" : type.ToDisplayString();
        var converter = ConverterAttribute(member);
        var fromOptions = converter is null && (options.ConvertedTypes.Contains(display) || options.StringEnumTypes.Contains(display));
        if (converter is null && !fromOptions)
        {
            converter = ConverterAttribute(type);
        }

        if (converter is not null || fromOptions)
        {
            if (type.TypeKind == TypeKind.Enum && (converter is null ? options.StringEnumTypes.Contains(display) : IsStringEnumConverter(converter, out _)))
            {
                return Enum(type, isNullable, stringEnums: true);
            }

            return new JsonContract(type, JsonShapeKind.Any, isNullable) { Converter = converter?.ToDisplayString() ?? "a converter in the JsonSerializerContext's options" };
        }

        var contract = Classify(type, isNullable, options, known);
        if (contract.Kind is JsonShapeKind.Integer or JsonShapeKind.Number && member is not null)
        {
            // JsonNumberHandlingAttribute: the member's wins over its declaring type's.
            var handling = Attribute(member, JsonNumberHandlingAttribute) ?? Attribute(member.ContainingType, JsonNumberHandlingAttribute);
            contract.NumbersFromStrings = handling?.ConstructorArguments.FirstOrDefault().Value is int flags && (flags & 1) != 0;
        }

        return contract;
    }

    /// <summary>
    /// Whether System.Text.Json refuses the type outright (it throws NotSupportedException for it, in both directions):
    /// <c>nint</c>/<c>nuint</c>, multi-dimensional arrays, <c>SerializationInfo</c>, and everything deriving from <c>System.Reflection.MemberInfo</c>
    /// (<c>Type</c>, <c>MethodInfo</c>, …) or <c>System.Delegate</c> — the list of System.Text.Json's
    /// <c>UnsupportedTypeConverterFactory</c>; and <c>System.IO.Stream</c>, which it writes as its properties until
    /// <c>ReadTimeout</c> throws and cannot read. Without this such a type looked like an abstract class or an object
    /// without properties, and the diagnostic advised [JsonDerivedType] or properties, which cannot help.
    /// </summary>
    private static bool RefusedBySerializer(ITypeSymbol type)
    {
        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            || type is IArrayTypeSymbol { IsSZArray: false }) // int[,]: STJ reads and writes only single-dimension arrays
        {
            return true;
        }

        // Compared by name without writing each base type's display string (this runs for every contract, per keystroke).
        for (var current = type as INamedTypeSymbol ?? type.BaseType; current is not null; current = current.BaseType)
        {
            if (current is { IsGenericType: false, ContainingType: null } // none of the four is generic or nested
                && (FullNames.Is(current, "System.Reflection.MemberInfo")
                || FullNames.Is(current, "System.Delegate")
                || FullNames.Is(current, "System.Runtime.Serialization.SerializationInfo")
                || FullNames.Is(current, "System.IO.Stream"))) // written as its properties, where ReadTimeout throws; never read (abstract)
            {
                return true;
            }
        }

        return false;
    }

    private static JsonContract Classify(ITypeSymbol type, bool isNullable, JsonContractOptions options, KnownTypes? known)
    {
        JsonContract Make(JsonShapeKind kind) => new(type, kind, isNullable);

        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
        {
            return Make(JsonShapeKind.Any);
        }

        if (type.TypeKind is TypeKind.TypeParameter or TypeKind.Error or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Delegate
            || type.IsRefLikeType || RefusedBySerializer(type))
        {
            return Make(JsonShapeKind.Unsupported);
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Char:
            case SpecialType.System_DateTime:
                return new JsonContract(type, JsonShapeKind.String, isNullable) { Scalar = MetadataName(type) };
            case SpecialType.System_Boolean:
                return Make(JsonShapeKind.Boolean);
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
                return Make(JsonShapeKind.Integer);
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return Make(JsonShapeKind.Number);
        }

        var name = MetadataName(type);
        switch (name)
        {
            case "System.Text.Json.Nodes.JsonObject":
                return Make(JsonShapeKind.AnyObject);
            case "System.Text.Json.Nodes.JsonArray":
                return Make(JsonShapeKind.AnyArray);
            case "System.Half":
                return Make(JsonShapeKind.Number);
            case "System.Int128":
            case "System.UInt128":
                return Make(JsonShapeKind.Integer);
            case "System.Memory`1":
            case "System.ReadOnlyMemory`1":
                var item = ((INamedTypeSymbol)type).TypeArguments[0];
                return item.SpecialType == SpecialType.System_Byte
                    ? new JsonContract(type, JsonShapeKind.String, isNullable) { Scalar = "base64" }
                    : new JsonContract(type, JsonShapeKind.Array, isNullable) { Element = item };
        }

        if (name.StartsWith("System.Text.Json.", StringComparison.Ordinal))
        {
            return Make(JsonShapeKind.Any); // JsonElement, JsonDocument, JsonNode, JsonValue
        }

        if (StringScalars.Contains(name))
        {
            return new JsonContract(type, JsonShapeKind.String, isNullable) { Scalar = name };
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return Enum(type, isNullable, options.StringEnums);
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType.SpecialType == SpecialType.System_Byte && array.Rank == 1
                ? new JsonContract(type, JsonShapeKind.String, isNullable) { Scalar = "base64" }
                : new JsonContract(type, JsonShapeKind.Array, isNullable) { Element = array.ElementType };
        }

        // The first dictionary interface, else the first IEnumerable<T>, else IEnumerable, among the type and its
        // interfaces (KnownTypes.SequenceOf: read once per type and compilation when the caller shares them).
        var sequence = known?.SequenceOf(type) ?? KnownTypes.ReadSequence(type);
        if (sequence.Dictionary is { } dictionary)
        {
            return new JsonContract(type, JsonShapeKind.Dictionary, isNullable) { Key = dictionary.TypeArguments[0], Element = dictionary.TypeArguments[1] };
        }

        if (sequence.Elements.Length > 0)
        {
            return new JsonContract(type, JsonShapeKind.Array, isNullable) { Element = sequence.Elements[0] };
        }

        if (sequence.IsNonGenericDictionary)
        {
            return Make(JsonShapeKind.AnyObject); // Hashtable, IDictionary: JsonContract.BuiltIns.cs
        }

        if (sequence.IsEnumerable)
        {
            return Make(JsonShapeKind.AnyArray);
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } objectType)
        {
            return Make(JsonShapeKind.Unsupported);
        }

        return Object(objectType, isNullable, options);
    }

    private static JsonContract Enum(ITypeSymbol type, bool isNullable, bool stringEnums)
    {
        var values = new List<object>();
        var names = stringEnums ? new List<(IFieldSymbol Field, string Name)>() : null; // EnumNames: one name per member
        string? zero = null;
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            if (stringEnums)
            {
                var name = Attribute(field, JsonStringEnumMemberNameAttribute)?.ConstructorArguments.FirstOrDefault().Value as string ?? field.Name;
                names!.Add((field, name));
                if (values.Contains(name))
                {
                    continue; // one value under one name twice (a collision of two values is refused below): sent once
                }

                values.Add(name);
                if (zero is null && Convert.ToDecimal(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == 0m)
                {
                    zero = name;
                }
            }
            else
            {
                // A ulong member above long.MaxValue stays a ulong (Convert.ToInt64 would throw inside the generator).
                // Members of one value (Alias = Red) are one number, sent once: a schema's enum lists each value once.
                object number = field.ConstantValue is ulong big && big > long.MaxValue ? big : Convert.ToInt64(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture);
                if (!values.Contains(number))
                {
                    values.Add(number);
                }
            }
        }

        if (names is not null && EnumNames.Collision(names) is { } collision)
        {
            return new JsonContract(type, JsonShapeKind.Unsupported, isNullable) { Refusal = collision };
        }

        var flags = stringEnums && FullNames.Attribute(type, "System.FlagsAttribute") is not null;
        if (!stringEnums && FlagsEnum.IsFlags(type))
        {
            // Read by number, a combination is its number (3 for Read | Write): FlagsEnum.Combinations.
            if (FlagsEnum.Combinations(values) is not { } combinations)
            {
                return new JsonContract(type, JsonShapeKind.Integer, isNullable);
            }

            values = combinations;
        }

        if (flags && values.OfType<string>().FirstOrDefault(name => name.IndexOf(',') >= 0) is { } withComma)
        {
            // System.Text.Json refuses such an enum at run time ("Flags enums must additionally not contain commas"):
            // the comma separates the names of a combination.
            return new JsonContract(type, JsonShapeKind.Unsupported, isNullable)
            {
                Refusal = $"a [Flags] enum whose name '{withComma}' contains a comma, which System.Text.Json refuses (a comma separates the names of a combination); rename the member without a comma",
            };
        }

        return new JsonContract(type, JsonShapeKind.Enum, isNullable) { EnumValues = values, Scalar = stringEnums ? "names" : "numbers", Flags = flags, FlagsZero = flags ? zero : null };
    }

    /// <summary>
    /// For string enums marked [Flags]: a value may also combine names as <c>JsonStringEnumConverter</c> writes them
    /// (<c>"Read, Write"</c>), so the schema is a <see cref="FlagsEnum.Pattern(string?, IReadOnlyList{object})"/> rather than a list of names.
    /// </summary>
    public bool Flags { get; private set; }

    /// <summary>For <see cref="JsonShapeKind.Unsupported"/>: why, when it is more than "System.Text.Json cannot read or write it".</summary>
    public string? Refusal { get; private set; }

    /// <summary>For [Flags] string enums: the name of the value 0 (sent alone, never combined), or null.</summary>
    public string? FlagsZero { get; private set; }

    /// <summary>Whether the enum is read by its names.</summary>
    public bool StringEnum => Kind == JsonShapeKind.Enum && Scalar == "names";

    private static JsonContract Object(INamedTypeSymbol type, bool isNullable, JsonContractOptions options)
    {
        var contract = new JsonContract(type, JsonShapeKind.Object, isNullable);
        if (type.TypeKind == TypeKind.Interface || type.IsAbstract)
        {
            return contract; // Polymorphic through [JsonDerivedType], or not creatable: the schema says which.
        }

        // One pass over the constructors (no lists: this runs for every reply type on every keystroke): the ones marked
        // [JsonConstructor], and the public ones but a record's copy constructor.
        IMethodSymbol? marked = null, firstVisible = null;
        int markedCount = 0, visibleCount = 0;
        var parameterless = false;
        foreach (var candidate in type.InstanceConstructors)
        {
            if (candidate.IsStatic)
            {
                continue;
            }

            if (HasAttribute(candidate, JsonConstructorAttribute))
            {
                marked ??= candidate;
                markedCount++;
            }

            if (candidate.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            var candidateParameters = candidate.Parameters;
            if (type.IsRecord && candidateParameters.Length == 1 && SymbolEqualityComparer.Default.Equals(candidateParameters[0].Type, type))
            {
                continue;
            }

            visibleCount++;
            firstVisible ??= candidate;
            parameterless |= candidateParameters.Length == 0;
        }

        if (markedCount > 1)
        {
            contract.ConstructorProblem = $"'{DisplayNames.Of(type)}' marks {markedCount} constructors [JsonConstructor], which System.Text.Json refuses";
        }

        if (marked is not null)
        {
            contract.Constructor = marked;
        }
        else if (BuiltInConstructor(type) is { } builtIn)
        {
            contract.Constructor = builtIn; // KeyValuePair<K,V>: JsonContract.BuiltIns.cs
        }
        else if (!type.IsValueType && !parameterless)
        {
            if (visibleCount == 1)
            {
                contract.Constructor = firstVisible;
            }
            else
            {
                contract.Creatable = false;
            }
        }

        var parameters = contract.Constructor is { Parameters.Length: > 0 } withParameters
            ? withParameters.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase)
            : NoParameters; // read only: most contracts (records aside) have no constructor parameters
        // The members of the type and its bases, most derived first, each level read once (GetMembers makes a new array
        // on every call) for the constructor binding and the contract's members.
        var hierarchy = new List<System.Collections.Immutable.ImmutableArray<ISymbol>>(2);
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            hierarchy.Add(current.GetMembers());
        }

        if (contract.Constructor is { Parameters.Length: > 0 } constructor)
        {
            contract.ConstructorProblem ??= UnboundParameter(type, hierarchy, constructor, options);
        }

        var members = new List<JsonMember>();
        for (var level = hierarchy.Count - 1; level >= 0; level--) // the base's members first
        {
            foreach (var symbol in hierarchy[level])
            {
                // Only public properties and fields are in a contract or hold its [JsonExtensionData]: the others' attributes
                // are never read (reading them binds them, for every record's synthesized members, on every keystroke).
                if (symbol is not (IPropertySymbol or IFieldSymbol) || symbol.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                if (HasAttribute(symbol, JsonExtensionDataAttribute) && symbol.DeclaredAccessibility == Accessibility.Public)
                {
                    contract.HasExtensionData = true;
                    continue;
                }

                if (Read(symbol, parameters, options) is not { } read)
                {
                    continue;
                }

                var existing = -1;
                for (var m = 0; m < members.Count && existing < 0; m++)
                {
                    existing = members[m].Symbol.Name == symbol.Name ? m : -1;
                }

                if (existing >= 0)
                {
                    members[existing] = read; // An override or 'new' member replaces the base's.
                }
                else
                {
                    members.Add(read);
                }
            }
        }

        // [JsonPropertyOrder] moves members; the sort is stable, so the rest keep declaration order. Without any order
        // (most types) the list stays as it is, unsorted.
        var orders = new int[members.Count];
        var ordered = false;
        for (var i = 0; i < orders.Length; i++)
        {
            orders[i] = Order(members[i].Symbol);
            ordered |= orders[i] != 0;
        }

        contract.Members = ordered
            ? members.Select((m, i) => (m, i)).OrderBy(x => orders[x.i]).ThenBy(x => x.i).Select(x => x.m).ToList()
            : members;

        // A contract System.Text.Json refuses outright (InvalidOperationException on first use): PG0050/PG0062/PG0063.
        // A constructor problem already makes it PG0014, so one fault gets one diagnostic.
        if (contract.ConstructorProblem is null && Refused(type, options) is { } refusal)
        {
            return new JsonContract(type, JsonShapeKind.Unsupported, isNullable) { Refusal = refusal };
        }

        return contract;
    }

    /// <summary>
    /// System.Text.Json's binding of constructor parameters (<c>JsonTypeInfo.ConfigureConstructorParameters</c>): each
    /// parameter binds to the one property or field of its contract whose C# name equals the parameter's ignoring case
    /// and whose type is the parameter's type. A parameter that binds to nothing, or to two members, makes the type
    /// unreadable; so does binding to the [JsonExtensionData] member. A [JsonIgnore]d property still binds.
    /// </summary>
    /// <summary>The constructor parameters of a contract whose constructor takes none (never written to).</summary>
    private static readonly Dictionary<string, IParameterSymbol> NoParameters = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="hierarchy">The members of <paramref name="type"/> and of each base but object, most derived first.</param>
    private static string? UnboundParameter(INamedTypeSymbol type, List<System.Collections.Immutable.ImmutableArray<ISymbol>> hierarchy, IMethodSymbol constructor, JsonContractOptions options)
    {
        var candidates = new Dictionary<string, ISymbol>(StringComparer.Ordinal);
        foreach (var level in hierarchy)
        {
            foreach (var member in level)
            {
                if (member.IsStatic || member is not (IPropertySymbol or IFieldSymbol) || member is IFieldSymbol { IsImplicitlyDeclared: true } || candidates.ContainsKey(member.Name))
                {
                    continue; // only properties and declared fields bind: the others' attributes are never read
                }

                var included = HasAttribute(member, JsonIncludeAttribute);
                var inContract = member switch
                {
                    IPropertySymbol { IsIndexer: false } property => property.Name != "EqualityContract"
                        && (included || property.GetMethod is { DeclaredAccessibility: Accessibility.Public } || property.SetMethod is { DeclaredAccessibility: Accessibility.Public }),
                    IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field => field.DeclaredAccessibility == Accessibility.Public && (included || options.IncludeFields),
                    _ => false,
                };
                if (inContract)
                {
                    candidates.Add(member.Name, member);
                }
            }
        }

        // The type's name is written only into a message: this runs in the transform, on every keystroke.
        foreach (var parameter in constructor.Parameters)
        {
            // The first two members the parameter binds to (in the candidates' order), and the first of the same name.
            ISymbol? first = null, second = null, sameName = null;
            foreach (var member in candidates.Values)
            {
                if (!string.Equals(member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                sameName ??= member;
                if (SymbolEqualityComparer.Default.Equals(MemberType(member), parameter.Type))
                {
                    if (first is null)
                    {
                        first = member;
                    }
                    else
                    {
                        second = member;
                        break;
                    }
                }
            }

            if (second is not null)
            {
                return $"the constructor parameter '{parameter.Name}' of '{DisplayNames.Of(type)}' matches both '{first!.Name}' and '{second.Name}' (System.Text.Json compares names ignoring case)";
            }

            if (first is null)
            {
                if (sameName is not null)
                {
                    return $"the constructor parameter '{parameter.Name}' of '{DisplayNames.Of(type)}' is a '{DisplayNames.Of(parameter.Type)}' while the member '{sameName.Name}' it would bind to is a '{DisplayNames.Of(MemberType(sameName))}' (System.Text.Json needs the same type)";
                }

                return $"the constructor parameter '{parameter.Name}' of '{DisplayNames.Of(type)}' binds to no public property or field (System.Text.Json needs one named '{Pascal(parameter.Name)}', ignoring case, of the parameter's type)";
            }

            if (HasAttribute(first, JsonExtensionDataAttribute))
            {
                return $"the constructor parameter '{parameter.Name}' of '{DisplayNames.Of(type)}' binds to the [JsonExtensionData] member, which System.Text.Json refuses";
            }
        }

        return null;

        static ITypeSymbol MemberType(ISymbol member) => member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;

        static string Pascal(string name) => name.Length > 0 && char.IsLower(name[0]) ? char.ToUpperInvariant(name[0]) + name.Substring(1) : name;
    }

    private static JsonMember? Read(ISymbol member, Dictionary<string, IParameterSymbol> parameters, JsonContractOptions options)
    {
        if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol || member.DeclaredAccessibility != Accessibility.Public || IsIgnored(member))
        {
            return null;
        }

        var included = HasAttribute(member, JsonIncludeAttribute);
        ITypeSymbol type;
        bool requiredKeyword;
        switch (member)
        {
            case IPropertySymbol { IsIndexer: false, GetMethod: not null } property when property.Name != "EqualityContract":
                var settable = property.SetMethod is { DeclaredAccessibility: Accessibility.Public };
                if (!settable && !included && !parameters.ContainsKey(property.Name))
                {
                    return null; // Read-only and not a constructor parameter: System.Text.Json never sets it.
                }

                type = property.Type;
                requiredKeyword = property.IsRequired;
                break;
            case IFieldSymbol { IsConst: false, IsReadOnly: var isReadOnly } field when included || options.IncludeFields:
                if (isReadOnly && !parameters.ContainsKey(field.Name) && !included)
                {
                    return null;
                }

                type = field.Type;
                requiredKeyword = field.IsRequired;
                break;
            default:
                return null;
        }

        parameters.TryGetValue(member.Name, out var parameter);
        var required = requiredKeyword
            || HasAttribute(member, JsonRequiredAttribute) || HasAttribute(member, DataAnnotationsRequired)
            || parameter is { HasExplicitDefaultValue: false }
            || (parameter is not null && HasAttribute(parameter, DataAnnotationsRequired));
        var explicitName = Attribute(member, JsonPropertyNameAttribute)?.ConstructorArguments.FirstOrDefault().Value as string;
        return new JsonMember(member, type, options.JsonName(member.Name, explicitName), required, parameter);
    }

    private static bool IsIgnored(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (!Is(attribute, JsonIgnoreAttribute))
            {
                continue;
            }

            var condition = attribute.NamedArguments.FirstOrDefault(n => n.Key == "Condition").Value.Value;

            // Always (1) or unset: never read. Never, WhenWritingDefault and WhenWritingNull only affect writing.
            if (condition is null || (condition is int value && value == 1))
            {
                return true;
            }
        }

        return false;
    }

    private static int Order(ISymbol member) =>
        Attribute(member, JsonPropertyOrderAttribute)?.ConstructorArguments.FirstOrDefault().Value as int? ?? 0;

    /// <summary>The converter type a [JsonConverter] names (null when there is none, or when it names none).</summary>
    private static INamedTypeSymbol? ConverterAttribute(ISymbol? symbol) =>
        symbol is null ? null : Attribute(symbol, JsonConverterAttribute)?.ConstructorArguments.FirstOrDefault().Value as INamedTypeSymbol;

    /// <summary>Whether <paramref name="converter"/> is <c>JsonStringEnumConverter</c> (then <paramref name="enumType"/> is null) or <c>JsonStringEnumConverter&lt;TEnum&gt;</c>.</summary>
    public static bool IsStringEnumConverter(INamedTypeSymbol converter, out ITypeSymbol? enumType)
    {
        enumType = null;
        for (ITypeSymbol? current = converter; current is not null; current = current.BaseType)
        {
            if (current is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization" && named.Name == "JsonStringEnumConverter")
            {
                enumType = named.TypeArguments.FirstOrDefault();
                return true;
            }
        }

        return false;
    }

    /// <summary>The T of the <c>JsonConverter&lt;T&gt;</c> a converter derives from (null for a factory).</summary>
    public static ITypeSymbol? ConvertedType(INamedTypeSymbol converter)
    {
        for (var current = converter.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.OriginalDefinition.ToDisplayString() == "System.Text.Json.Serialization.JsonConverter<T>")
            {
                return current.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>The namespace-qualified metadata name: no nullable annotation nor type arguments ("System.Memory`1").</summary>
    private static string MetadataName(ITypeSymbol type) =>
        type is INamedTypeSymbol { ContainingNamespace: { IsGlobalNamespace: false } ns } named && named.ContainingType is null
            ? ns.ToDisplayString() + "." + named.MetadataName
            : type.MetadataName;

    public static IEnumerable<INamedTypeSymbol> AllInterfacesAndSelf(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol named)
        {
            yield return named;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            yield return implemented;
        }
    }

    internal static bool Is(AttributeData attribute, string fullName) => FullNames.Is(attribute.AttributeClass, fullName);

    /// <summary>
    /// The first attribute of <paramref name="symbol"/> of type <paramref name="fullName"/>. A plain loop: this runs several
    /// times per member of every reply type on every keystroke, where a LINQ query cost a closure and a boxed enumerator per call.
    /// </summary>
    private static AttributeData? Attribute(ISymbol symbol, string fullName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute, fullName))
            {
                return attribute;
            }
        }

        return null;
    }

    public static bool HasAttribute(ISymbol symbol, string fullName) => Attribute(symbol, fullName) is not null;

    /// <summary>
    /// Why System.Text.Json cannot create <paramref name="type"/> or a type it reads through members, list elements and
    /// dictionary values: a class without a constructor it can use. Types that have no shape (interfaces and abstract
    /// types without [JsonDerivedType], <c>object</c>) are the schema's to report (PG0050, PG0002), so one problem gets
    /// one diagnostic. Null when it can.
    /// </summary>
    public static string? WhyNotCreatable(ITypeSymbol type, JsonContractOptions options) => WhyNotCreatable(type, new JsonContracts(options));

    /// <summary>The check with the interface's contracts, each type read once (<see cref="JsonContracts"/>).</summary>
    public static string? WhyNotCreatable(ITypeSymbol type, JsonContracts contracts) =>
        WhyNot(type, "", contracts, null, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0);

    private static string? WhyNot(ITypeSymbol type, string path, JsonContracts options, ISymbol? member, HashSet<ITypeSymbol> visited, int depth)
    {
        var contract = options.Of(type, member);
        if (depth > 8 || !visited.Add(contract.Type))
        {
            return null;
        }

        switch (contract.Kind)
        {
            case JsonShapeKind.Array or JsonShapeKind.Dictionary:
                return WhyNot(contract.Element!, path + (contract.Kind == JsonShapeKind.Array ? JsonPaths.Item : JsonPaths.Value), options, null, visited, depth + 1);
            case JsonShapeKind.Object when contract.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false }
                                         && !HasAttribute(contract.Type, JsonDerivedTypeAttribute):
                var display = DisplayNames.Of(contract.Type);
                if (!contract.Creatable)
                {
                    return path.Length == 0 ? $"'{display}' has no constructor it can use" : $"{JsonPaths.Phrase(JsonPaths.Parse(path).Segments, "it")} is '{display}', which has no constructor it can use";
                }

                if (contract.ConstructorProblem is { } problem)
                {
                    return path.Length == 0 ? problem : $"{JsonPaths.Phrase(JsonPaths.Parse(path).Segments, "it")} is '{display}', and {problem}";
                }

                foreach (var read in contract.Members)
                {
                    if (WhyNot(read.Type, path + JsonPaths.Member + read.JsonName, options, read.Symbol, visited, depth + 1) is { } reason)
                    {
                        return reason;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
