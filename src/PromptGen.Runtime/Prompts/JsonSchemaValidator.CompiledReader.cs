using System;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptGen;

internal static partial class JsonSchemaValidator
{
    internal sealed partial class Compiled
    {
        /// <summary>
        /// As <see cref="Matches(JsonElement)"/>, over the reply's UTF-8 bytes: one forward pass of a
        /// <see cref="Utf8JsonReader"/> (a copy of it per <c>anyOf</c> branch), no <see cref="JsonDocument"/>.
        /// <see langword="true"/>: <paramref name="utf8"/> is one strict JSON value (no comments, no trailing commas, nothing
        /// after it) that the full validator finds no error in. <see langword="false"/>: it may not be; parse it and ask the
        /// element checks and the full validator, as before.
        /// </summary>
        public bool Matches(ReadOnlySpan<byte> utf8)
        {
            var reader = new Utf8JsonReader(utf8, default(JsonReaderOptions));
            try
            {
                return reader.Read() && Match(_root, ref reader) && !reader.Read();
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or ArgumentException or RegexMatchTimeoutException)
            {
                return false; // Invalid JSON, a lenient form or a value the checks are unsure of: the slow path decides.
            }
        }

        /// <summary>Checks the value whose first token <paramref name="reader"/> is on and leaves it on the value's last token.</summary>
        private bool Match(Node node, ref Utf8JsonReader reader)
        {
            for (var hops = 0; node.Ref is { } target; hops++)
            {
                if (hops == MaxHops)
                {
                    return false;
                }

                node = target;
            }

            if (node.Any)
            {
                reader.Skip();
                return true;
            }

            if (node.AnyOf is { } options)
            {
                if (node.Polymorphic is not null && reader.TokenType == JsonTokenType.StartObject)
                {
                    return false; // Its metadata rules read the whole object first: the element checks decide (JsonSchemaValidator.Polymorphism.cs).
                }

                foreach (var option in options)
                {
                    var attempt = reader; // a copy: each branch reads the same value from its start
                    if (Match(option, ref attempt))
                    {
                        reader = attempt;
                        return true;
                    }
                }

                return false;
            }

            var token = reader.TokenType;
            if (node.Types != TypeSet.None && !Allows(node.Types, ref reader))
            {
                return false;
            }

            if (node.Const is { } constant && !constant.EqualsToken(ref reader))
            {
                return false;
            }

            if (node.Enum is { } allowed && !AnyEquals(allowed, ref reader))
            {
                return false;
            }

            switch (token)
            {
                case JsonTokenType.StartObject:
                    return MatchObject(node, ref reader);
                case JsonTokenType.StartArray:
                    return MatchArray(node, ref reader);
                case JsonTokenType.String when node.NumberFormat is not null && (node.Types & (TypeSet.Number | TypeSet.Integer)) != 0 && IsNumberFormat(node.NumberFormat):
                    return false; // A number in a string ([JsonNumberHandling]): the full validator checks its range.
                case JsonTokenType.String:
                    return !node.ChecksStrings || (MatchString(node, reader.GetString()!) && (!node.Base64 || reader.TryGetBytesFromBase64(out _)));
                case JsonTokenType.Number:
                    if (node.NumberFormat is { } format && !NumberFits(format, ref reader))
                    {
                        return false; // The .NET type cannot hold it: the full validator says its range.
                    }

                    var number = reader.GetDouble();
                    return !(number < node.Minimum) && !(number > node.Maximum);
                default:
                    return true;
            }
        }

        /// <summary>As <see cref="NumberProblem"/> finding nothing, on the reader's number (Int128 and UInt128: not sure, so no).</summary>
        private static bool NumberFits(string format, ref Utf8JsonReader reader) => format switch
        {
            "int8" => reader.TryGetSByte(out _),
            "uint8" => reader.TryGetByte(out _),
            "int16" => reader.TryGetInt16(out _),
            "uint16" => reader.TryGetUInt16(out _),
            "int32" => reader.TryGetInt32(out _),
            "uint32" => reader.TryGetUInt32(out _),
            "int64" => reader.TryGetInt64(out _),
            "uint64" => reader.TryGetUInt64(out _),
            "decimal" => reader.TryGetDecimal(out _),
            "float16" => reader.TryGetDouble(out var half) && Math.Abs(half) <= 65504d,
            "float" => reader.TryGetDouble(out var single) && Math.Abs(single) < 3.4028235677973366E+38,
            "double" => reader.TryGetDouble(out var number) && !double.IsInfinity(number),
            "int128" or "uint128" => false,
            _ => true,
        };

        private bool MatchObject(Node node, ref Utf8JsonReader reader)
        {
            if (node.ChecksNames)
            {
                return false; // A dictionary's keys (propertyNames): the full validator checks them.
            }

            var required = node.Required;
            if (required is { Length: > 64 })
            {
                return false; // more names than the bit set holds: the element checks count them
            }

            var seen = 0UL;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                Node? propertySchema = null;
                var found = -1;
                if (node.Properties is { } properties)
                {
                    for (var i = properties.Length - 1; i >= 0; i--)
                    {
                        if (reader.ValueTextEquals(properties[i].Utf8))
                        {
                            propertySchema = properties[i].Node;
                            found = i;
                            break;
                        }
                    }
                }

                var exactlyRequired = false;
                if (required is not null)
                {
                    if (node.PropertyRequired is { } masks && (found >= 0 || !node.RequiredOutsideProperties))
                    {
                        // The required names equal to the member's name are those equal to the property it matched (none
                        // when it matched no property and every required name is a property's).
                        var bits = found >= 0 ? masks[found] : 0UL;
                        seen |= bits;
                        exactlyRequired = bits != 0;
                    }
                    else
                    {
                        for (var i = 0; i < required.Length; i++)
                        {
                            if (reader.ValueTextEquals(required[i].Utf8))
                            {
                                seen |= 1UL << i;
                                exactlyRequired = true;
                            }
                        }
                    }
                }

                // Names in another case count under PropertyNameCaseInsensitive, as in the element checks.
                if (_ignoreCase && ((required is not null && (!exactlyRequired || node.RequiredCaseTwins)) || (propertySchema is null && node.Properties is not null)))
                {
                    var name = reader.GetString()!;
                    if (required is not null)
                    {
                        for (var i = 0; i < required.Length; i++)
                        {
                            if (string.Equals(required[i].Text, name, StringComparison.OrdinalIgnoreCase))
                            {
                                seen |= 1UL << i;
                            }
                        }
                    }

                    if (propertySchema is null && node.Properties is { } named)
                    {
                        foreach (var candidate in named)
                        {
                            if (string.Equals(candidate.Text, name, StringComparison.OrdinalIgnoreCase))
                            {
                                propertySchema = candidate.Node;
                                break;
                            }
                        }
                    }
                }

                reader.Read(); // to the member's value
                if (propertySchema is not null)
                {
                    if (!Match(propertySchema, ref reader))
                    {
                        return false;
                    }
                }
                else if (node.NoAdditional)
                {
                    return false;
                }
                else if (node.Additional is { } additional)
                {
                    if (!Match(additional, ref reader))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return required is null || seen == (required.Length == 64 ? ulong.MaxValue : (1UL << required.Length) - 1);
        }

        private bool MatchArray(Node node, ref Utf8JsonReader reader)
        {
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
                if (node.Items is { } items)
                {
                    if (!Match(items, ref reader))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return count >= node.MinItems && count <= node.MaxItems;
        }

        private static bool AnyEquals(Constant[] allowed, ref Utf8JsonReader reader)
        {
            foreach (var option in allowed)
            {
                if (option.EqualsToken(ref reader))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Allows(TypeSet types, ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.StartObject => (types & TypeSet.Object) != 0,
            JsonTokenType.StartArray => (types & TypeSet.Array) != 0,
            JsonTokenType.String => (types & TypeSet.String) != 0,
            JsonTokenType.True or JsonTokenType.False => (types & TypeSet.Boolean) != 0,
            JsonTokenType.Null => (types & TypeSet.Null) != 0,
            JsonTokenType.Number => (types & TypeSet.Number) != 0 || ((types & TypeSet.Integer) != 0 && IsWholeToken(ref reader)),
            _ => false,
        } || (types & TypeSet.Other) != 0;

        /// <summary>As the full validator's <c>IsWhole</c>: <c>5</c>, <c>5.0</c>, <c>5e3</c>, digits beyond 64 bits.</summary>
        private static bool IsWholeToken(ref Utf8JsonReader reader)
        {
            if (reader.TryGetInt64(out _) || reader.TryGetUInt64(out _))
            {
                return true;
            }

            var raw = reader.ValueSpan; // a number is never escaped: these are its bytes
            if (raw.IndexOf((byte)'e') < 0 && raw.IndexOf((byte)'E') < 0 && raw.IndexOf((byte)'.') < 0)
            {
                return true;
            }

            return reader.TryGetDouble(out var value) && !double.IsInfinity(value) && Math.Floor(value) == value;
        }

        private sealed partial class Constant
        {
            /// <summary>As <see cref="Equals(JsonElement)"/> for the value under <paramref name="reader"/>; an object or array constant is left to the element checks (false).</summary>
            public bool EqualsToken(ref Utf8JsonReader reader)
            {
                var kind = _element.ValueKind;
                var token = reader.TokenType;
                if (kind == JsonValueKind.Number && token == JsonTokenType.Number)
                {
                    return _number == reader.GetDouble();
                }

                return kind switch
                {
                    JsonValueKind.String => token == JsonTokenType.String && reader.ValueTextEquals(_utf8),
                    JsonValueKind.True => token == JsonTokenType.True,
                    JsonValueKind.False => token == JsonTokenType.False,
                    JsonValueKind.Null => token == JsonTokenType.Null,
                    JsonValueKind.Object or JsonValueKind.Array when token is JsonTokenType.StartObject or JsonTokenType.StartArray => throw new InvalidOperationException("Compared by the element checks."),
                    _ => false,
                };
            }
        }
    }
}
