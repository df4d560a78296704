using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptGen;

internal static partial class JsonSchemaValidator
{
    /// <summary>
    /// A schema read once into a tree of checks (keywords looked up, property names encoded as UTF-8, patterns compiled,
    /// <c>$ref</c>s resolved), which answers only "does this value match?" — without building a path, an error or, for
    /// a matching reply, a string. A reply it accepts is one <see cref="Validate(JsonElement, JsonElement, JsonSerializerOptions?)"/>
    /// finds no error in; for anything else (and whenever it is unsure: a type mismatch that a number in a string might
    /// excuse, an exception) it answers <see langword="false"/>, and the caller asks the full validator for the errors,
    /// so their text and order come from one place.
    /// </summary>
    /// <remarks>
    /// Built per reply format and kept (<see cref="JsonReplyFormat{T}"/>): a reply costs a walk over its
    /// <see cref="JsonElement"/>s. A schema with a keyword of an unexpected JSON type (which the full validator would
    /// throw on) is not compiled: <see cref="Compile"/> returns <see langword="null"/>, and every reply goes to the full
    /// validator as before.
    /// </remarks>
    internal sealed partial class Compiled
    {
        private const int MaxHops = 64;

        /// <summary>Strict UTF-8: a name or value with a lone surrogate is not compiled (its bytes would not compare as its text does).</summary>
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly Node _root;
        private readonly bool _ignoreCase;

        /// <summary><c>AllowOutOfOrderMetadataProperties</c>: a polymorphic object's discriminator may come after other properties.</summary>
        private readonly bool _outOfOrderMetadata;

        private Compiled(Node root, bool ignoreCase, bool outOfOrderMetadata)
        {
            _outOfOrderMetadata = outOfOrderMetadata;
            _root = root;
            _ignoreCase = ignoreCase;
        }

        /// <summary>
        /// <paramref name="schema"/> (also the root its <c>$ref</c>s resolve against) compiled for the leniencies of
        /// <paramref name="options"/>, or <see langword="null"/> when it has something only the full validator handles.
        /// </summary>
        public static Compiled? Compile(JsonElement schema, JsonSerializerOptions? options)
        {
            try
            {
                var builder = new Builder(schema);
                return new Compiled(builder.Build(schema), options?.PropertyNameCaseInsensitive ?? false, AllowsOutOfOrderMetadata(options));
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or NotSupportedException)
            {
                return null;
            }
        }

        /// <summary>
        /// <see langword="true"/>: <paramref name="value"/> matches (the full validator finds no error).
        /// <see langword="false"/>: it may not; ask the full validator.
        /// </summary>
        public bool Matches(JsonElement value)
        {
            try
            {
                return Match(_root, value);
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or RegexMatchTimeoutException)
            {
                return false; // The full validator meets the same value and reports (or throws) as it always has.
            }
        }

        private bool Match(Node node, JsonElement value)
        {
            for (var hops = 0; node.Ref is { } target; hops++)
            {
                if (hops == MaxHops)
                {
                    return false; // $refs that only name each other: the full validator's business
                }

                node = target;
            }

            if (node.Any)
            {
                return true;
            }

            if (node.AnyOf is { } options)
            {
                if (node.Polymorphic is { } shape && value.ValueKind == JsonValueKind.Object)
                {
                    // The option the metadata names, when it is as System.Text.Json reads it (else the full validator says why).
                    var chosen = Choose(shape, value, _outOfOrderMetadata);
                    return chosen >= 0 && Match(options[chosen], value);
                }

                foreach (var option in options)
                {
                    if (Match(option, value))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (node.Types != TypeSet.None && !Allows(node.Types, value))
            {
                return false; // A number in a string may be allowed, or not: the full validator decides.
            }

            if (node.Const is { } constant && !constant.Equals(value))
            {
                return false;
            }

            if (node.Enum is { } allowed && !AnyEquals(allowed, value))
            {
                return false;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    return MatchObject(node, value);
                case JsonValueKind.Array:
                    return MatchArray(node, value);
                case JsonValueKind.String when node.NumberFormat is not null && (node.Types & (TypeSet.Number | TypeSet.Integer)) != 0 && IsNumberFormat(node.NumberFormat):
                    return false; // A number in a string ([JsonNumberHandling]): the full validator checks its range.
                case JsonValueKind.String:
                    return !node.ChecksStrings || (MatchString(node, value.GetString()!) && (!node.Base64 || value.TryGetBytesFromBase64(out _)));
                case JsonValueKind.Number:
                    return MatchNumber(node, value);
                default:
                    return true;
            }
        }

        private bool MatchObject(Node node, JsonElement value)
        {
            if (node.ChecksNames)
            {
                return false; // A dictionary's keys (propertyNames): the full validator checks them.
            }

            if (node.Required is { } required)
            {
                foreach (var name in required)
                {
                    if (!value.TryGetProperty(name.Utf8, out _) && !(_ignoreCase && HasPropertyIgnoringCase(value, name.Text)))
                    {
                        return false;
                    }
                }
            }

            if (node.Properties is null && node.Additional is null && !node.NoAdditional)
            {
                return true; // Nothing to check in the members.
            }

            foreach (var property in value.EnumerateObject())
            {
                if (node.Properties is { } properties && Find(properties, property) is { } propertySchema)
                {
                    if (!Match(propertySchema, property.Value))
                    {
                        return false;
                    }
                }
                else if (node.NoAdditional)
                {
                    return false;
                }
                else if (node.Additional is { } additional && !Match(additional, property.Value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The schema of <paramref name="property"/>: by exact name (the last of equal names, as <c>TryGetProperty</c>), else in any case under <c>PropertyNameCaseInsensitive</c>.</summary>
        private Node? Find(NamedNode[] properties, JsonProperty property)
        {
            for (var i = properties.Length - 1; i >= 0; i--)
            {
                if (property.NameEquals(properties[i].Utf8))
                {
                    return properties[i].Node;
                }
            }

            if (_ignoreCase)
            {
                var name = property.Name;
                foreach (var candidate in properties)
                {
                    if (string.Equals(candidate.Text, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return candidate.Node;
                    }
                }
            }

            return null;
        }

        private static bool HasPropertyIgnoringCase(JsonElement value, string name)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private bool MatchArray(Node node, JsonElement value)
        {
            var count = value.GetArrayLength();
            if (count < node.MinItems || count > node.MaxItems)
            {
                return false;
            }

            if (node.Items is { } items)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (!Match(items, item))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool MatchString(Node node, string text)
        {
            if (text.Length < node.MinLength || text.Length > node.MaxLength)
            {
                return false;
            }

            if (node.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                return false;
            }

            return node.Format switch
            {
                null => true,
                "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
                "date" => DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "uuid" => Guid.TryParseExact(text, "D", out _), // what System.Text.Json reads: the 'D' form only
                _ => true,
            };
        }

        private static bool MatchNumber(Node node, JsonElement value)
        {
            if (node.NumberFormat is { } format && NumberProblem(format, value) is not null)
            {
                return false;
            }

            var number = value.GetDouble(); // As the full validator: a number beyond double throws, and it reports that.
            return !(number < node.Minimum) && !(number > node.Maximum);
        }

        private static bool AnyEquals(Constant[] allowed, JsonElement value)
        {
            foreach (var option in allowed)
            {
                if (option.Equals(value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Allows(TypeSet types, JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => (types & TypeSet.Object) != 0,
            JsonValueKind.Array => (types & TypeSet.Array) != 0,
            JsonValueKind.String => (types & TypeSet.String) != 0,
            JsonValueKind.True or JsonValueKind.False => (types & TypeSet.Boolean) != 0,
            JsonValueKind.Null => (types & TypeSet.Null) != 0,
            JsonValueKind.Number => (types & TypeSet.Number) != 0 || ((types & TypeSet.Integer) != 0 && IsWhole(value)),
            _ => false,
        } || (types & TypeSet.Other) != 0;

        /// <summary>The JSON types a <c>type</c> keyword allows; <see cref="Other"/>: a name the validator does not know, which allows anything.</summary>
        [Flags]
        private enum TypeSet
        {
            None = 0,
            Object = 1,
            Array = 2,
            String = 4,
            Boolean = 8,
            Null = 16,
            Number = 32,
            Integer = 64,
            Other = 128,

            /// <summary>An empty <c>type</c> list: no value is allowed.</summary>
            Nothing = 256,
        }

        /// <summary>A <c>const</c> or <c>enum</c> value, compared as the full validator's <c>JsonEquals</c> does.</summary>
        private sealed partial class Constant
        {
            private readonly JsonElement _element;
            private readonly double _number;
            private readonly byte[]? _utf8;

            public Constant(JsonElement element)
            {
                _element = element;
                if (element.ValueKind == JsonValueKind.Number)
                {
                    _number = element.GetDouble();
                }
                else if (element.ValueKind == JsonValueKind.String)
                {
                    _utf8 = StrictUtf8.GetBytes(element.GetString()!);
                }
            }

            public bool Equals(JsonElement value)
            {
                var kind = _element.ValueKind;
                if (kind == JsonValueKind.Number && value.ValueKind == JsonValueKind.Number)
                {
                    return _number == value.GetDouble();
                }

                if (kind != value.ValueKind)
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.String => value.ValueEquals(_utf8),
                    JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
                    _ => _element.GetRawText() == value.GetRawText(),
                };
            }
        }

        private readonly struct NamedNode
        {
            public NamedNode(string text, Node node)
            {
                Text = text;
                Utf8 = StrictUtf8.GetBytes(text);
                Node = node;
            }

            public string Text { get; }

            public byte[] Utf8 { get; }

            public Node Node { get; }
        }

        /// <summary>One schema object, its keywords read.</summary>
        private sealed class Node
        {
            /// <summary>Not an object: matches anything (as is a <c>$ref</c> that resolves to nothing).</summary>
            public bool Any;

            /// <summary>A <c>$ref</c>: every other keyword is ignored.</summary>
            public Node? Ref;

            public Node[]? AnyOf;

            /// <summary>For a [JsonDerivedType] hierarchy's <see cref="AnyOf"/>: its discriminator and which option each tag names.</summary>
            public Polymorphic? Polymorphic;
            public TypeSet Types;
            public Constant? Const;
            public Constant[]? Enum;
            public NamedNode[]? Properties;
            public NamedNode[]? Required;

            /// <summary>
            /// Per entry of <see cref="Properties"/>: the bits of the <see cref="Required"/> names equal to its name, so a
            /// member found among the properties needs no second search of the required names (null when either is missing
            /// or there are more than 64 required names).
            /// </summary>
            public ulong[]? PropertyRequired;

            /// <summary>A required name that is none of <see cref="Properties"/>' names: a member not among them must still be searched for in <see cref="Required"/>.</summary>
            public bool RequiredOutsideProperties;

            /// <summary>Two required names equal but for case (one member may then satisfy both under <c>PropertyNameCaseInsensitive</c>).</summary>
            public bool RequiredCaseTwins;
            public bool NoAdditional;
            public Node? Additional;
            public Node? Items;
            public int MinItems = int.MinValue;
            public int MaxItems = int.MaxValue;
            public bool ChecksStrings;
            public int MinLength = int.MinValue;
            public int MaxLength = int.MaxValue;
            public Regex? Pattern;
            public string? Format;

            /// <summary><c>propertyNames</c>: the object goes to the full validator.</summary>
            public bool ChecksNames;

            /// <summary><c>contentEncoding: base64</c>: the string must be bytes System.Text.Json reads.</summary>
            public bool Base64;

            /// <summary>A <c>format</c> naming a .NET number type (<see cref="NumberProblem"/>), checked on numbers.</summary>
            public string? NumberFormat;
            public double Minimum = double.NaN;
            public double Maximum = double.NaN;
        }

        /// <summary>Reads a schema into <see cref="Node"/>s; a <c>$ref</c> target is read once, cycles included.</summary>
        private sealed class Builder
        {
            private static readonly Node AnyNode = new() { Any = true };

            private readonly JsonElement _root;
            private readonly Dictionary<string, Node> _targets = new(StringComparer.Ordinal);

            public Builder(JsonElement root) => _root = root;

            public Node Build(JsonElement schema)
            {
                var node = new Node();
                _targets["#"] = node;
                Fill(node, schema);
                return node;
            }

            private Node Read(JsonElement schema)
            {
                var node = new Node();
                Fill(node, schema);
                return node;
            }

            private void Fill(Node node, JsonElement schema)
            {
                if (schema.ValueKind != JsonValueKind.Object)
                {
                    node.Any = true;
                    return;
                }

                if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target)
                {
                    node.Ref = Target(target);
                    return;
                }

                if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
                {
                    var options = new List<Node>();
                    foreach (var option in anyOf.EnumerateArray())
                    {
                        options.Add(Read(option));
                    }

                    node.AnyOf = options.ToArray();
                    node.Polymorphic = Polymorphic.Read(_root, anyOf);
                    return;
                }

                if (schema.TryGetProperty("type", out var type))
                {
                    node.Types = Types(type);
                }

                if (schema.TryGetProperty("const", out var constant))
                {
                    node.Const = new Constant(constant);
                }

                if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array)
                {
                    var values = new List<Constant>();
                    foreach (var option in allowed.EnumerateArray())
                    {
                        values.Add(new Constant(option));
                    }

                    node.Enum = values.ToArray();
                }

                // Object keywords.
                if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    var named = new List<NamedNode>();
                    foreach (var property in properties.EnumerateObject())
                    {
                        named.Add(new NamedNode(property.Name, Read(property.Value)));
                    }

                    node.Properties = named.ToArray();
                }

                if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                {
                    var names = new List<NamedNode>();
                    foreach (var name in required.EnumerateArray())
                    {
                        if (name.GetString() is { } text)
                        {
                            names.Add(new NamedNode(text, AnyNode));
                        }
                    }

                    node.Required = names.ToArray();
                    for (var i = 0; i < names.Count; i++)
                    {
                        for (var j = i + 1; j < names.Count; j++)
                        {
                            node.RequiredCaseTwins |= string.Equals(names[i].Text, names[j].Text, StringComparison.OrdinalIgnoreCase);
                        }
                    }
                }

                if (node.Properties is { } props && node.Required is { Length: <= 64 } names2)
                {
                    node.PropertyRequired = new ulong[props.Length];
                    for (var r = 0; r < names2.Length; r++)
                    {
                        var among = false;
                        for (var p = 0; p < props.Length; p++)
                        {
                            if (props[p].Utf8.AsSpan().SequenceEqual(names2[r].Utf8))
                            {
                                node.PropertyRequired[p] |= 1UL << r;
                                among = true;
                            }
                        }

                        node.RequiredOutsideProperties |= !among;
                    }
                }

                node.ChecksNames = schema.TryGetProperty("propertyNames", out var keys) && keys.ValueKind == JsonValueKind.Object;
                if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    node.NoAdditional = additional.ValueKind == JsonValueKind.False;
                    node.Additional = additional.ValueKind == JsonValueKind.Object ? Read(additional) : null;
                }

                // Array keywords.
                node.MinItems = Int(schema, "minItems") ?? int.MinValue;
                node.MaxItems = Int(schema, "maxItems") ?? int.MaxValue;
                if (schema.TryGetProperty("items", out var items))
                {
                    node.Items = Read(items);
                }

                // String keywords.
                node.MinLength = Int(schema, "minLength") ?? int.MinValue;
                node.MaxLength = Int(schema, "maxLength") ?? int.MaxValue;
                if (schema.TryGetProperty("pattern", out var pattern) && pattern.GetString() is { } regex)
                {
                    try
                    {
                        node.Pattern = new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException)
                    {
                        // A pattern .NET cannot run is the server's to enforce (the full validator lets it pass too).
                    }
                }

                if (schema.TryGetProperty("format", out var format))
                {
                    node.Format = format.GetString();
                }

                node.Base64 = schema.TryGetProperty("contentEncoding", out var encoding) && encoding.ValueKind == JsonValueKind.String && encoding.ValueEquals("base64");
                node.NumberFormat = node.Format;
                node.ChecksStrings = node.MinLength != int.MinValue || node.MaxLength != int.MaxValue || node.Pattern is not null || node.Format is not null || node.Base64;

                // Number keywords.
                if (schema.TryGetProperty("minimum", out var minimum) && minimum.ValueKind == JsonValueKind.Number)
                {
                    node.Minimum = minimum.GetDouble();
                }

                if (schema.TryGetProperty("maximum", out var maximum) && maximum.ValueKind == JsonValueKind.Number)
                {
                    node.Maximum = maximum.GetDouble();
                }
            }

            /// <summary>The node a <c>$ref</c> names: <c>#</c> or <c>#/$defs/…</c>; anything else matches anything, as the full validator.</summary>
            private Node Target(string reference)
            {
                if (_targets.TryGetValue(reference, out var known))
                {
                    return known;
                }

                const string prefix = "#/$defs/";
                if (reference.StartsWith(prefix, StringComparison.Ordinal)
                    && _root.TryGetProperty("$defs", out var defs)
                    && defs.TryGetProperty(reference.Substring(prefix.Length), out var definition))
                {
                    var node = new Node();
                    _targets[reference] = node; // before reading it: a definition may refer to itself
                    Fill(node, definition);
                    return node;
                }

                return AnyNode;
            }

            /// <summary>A whole number keyword (<c>minItems</c>…) as the full validator reads it: a non-number throws, a number beyond int is ignored.</summary>
            private static int? Int(JsonElement schema, string name) =>
                schema.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

            private static TypeSet Types(JsonElement type)
            {
                if (type.ValueKind == JsonValueKind.Array)
                {
                    var set = TypeSet.None;
                    foreach (var item in type.EnumerateArray())
                    {
                        set |= Types(item);
                    }

                    // An empty list allows nothing: the full validator reports every value; so do we (by asking it).
                    return set == TypeSet.None ? TypeSet.Nothing : set;
                }

                return type.GetString() switch
                {
                    "object" => TypeSet.Object,
                    "array" => TypeSet.Array,
                    "string" => TypeSet.String,
                    "boolean" => TypeSet.Boolean,
                    "null" => TypeSet.Null,
                    "number" => TypeSet.Number,
                    "integer" => TypeSet.Integer,
                    _ => TypeSet.Other,
                };
            }
        }
    }
}
