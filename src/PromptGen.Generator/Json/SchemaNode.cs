using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PromptGen.Generator.Json;

/// <summary>
/// A JSON Schema object: keywords in insertion order (so output is byte-identical for identical input). Values are
/// <see cref="string"/> (a JSON string), <see cref="bool"/>, <see cref="double"/>, <see cref="long"/>,
/// <see cref="JsonNull"/>, <see cref="SchemaNode"/> or a <see cref="List{T}"/> of those. Built by the parser; once
/// built it is never changed, and it travels in <see cref="Clients.JsonReplySpec.Tree"/> to the step that writes its
/// text, so its equality is by value (keys, order and values, recursively).
/// </summary>
internal sealed class SchemaNode : System.IEquatable<SchemaNode>
{
    private readonly List<KeyValuePair<string, object>> _entries = new();

    public SchemaNode Set(string key, object value)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries[i] = new(key, value);
                return this;
            }
        }

        _entries.Add(new(key, value));
        return this;
    }

    public object? Get(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public IEnumerable<KeyValuePair<string, object>> Entries => _entries;

    /// <inheritdoc/>
    public bool Equals(SchemaNode? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._entries.Count != _entries.Count)
        {
            return false;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key != other._entries[i].Key || !ValueEquals(_entries[i].Value, other._entries[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SchemaNode);

    /// <summary>From the keywords and the first few scalar values: cheap, and equal for equal trees.</summary>
    public override int GetHashCode()
    {
        var hash = _entries.Count;
        foreach (var entry in _entries)
        {
            hash = unchecked(hash * 31 + entry.Key.GetHashCode());
            if (entry.Value is string text)
            {
                hash = unchecked(hash * 31 + text.GetHashCode());
            }
        }

        return hash;
    }

    private static bool ValueEquals(object left, object right)
    {
        switch (left)
        {
            case SchemaNode node:
                return node.Equals(right as SchemaNode);
            case List<object> items:
                if (right is not List<object> others || others.Count != items.Count)
                {
                    return false;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (!ValueEquals(items[i], others[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return left.Equals(right); // string, bool, double, long (boxed: by value), JsonNull (one instance)
        }
    }

    /// <summary>Points every <c>$ref</c> to <paramref name="from"/> at <paramref name="to"/>, in this schema and all below it.</summary>
    public void ReplaceReferences(string from, string to)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Key == "$ref" && entry.Value is string target && target == from)
            {
                _entries[i] = new(entry.Key, to);
            }
            else if (entry.Value is SchemaNode child)
            {
                child.ReplaceReferences(from, to);
            }
            else if (entry.Value is List<object> items)
            {
                foreach (var item in items)
                {
                    (item as SchemaNode)?.ReplaceReferences(from, to);
                }
            }
        }
    }

    /// <summary>
    /// Writes compact JSON. With <paramref name="keep"/>, keywords it rejects are left out (strict mode's subset);
    /// property names under <c>properties</c> and <c>$defs</c> are never filtered.
    /// </summary>
    public string ToJson(System.Func<string, object, bool>? keep = null)
    {
        // One builder per thread, reused: each reply type's schema is written twice per parse, and the parse re-runs
        // after every edit, so growing a new builder each time was a measurable part of the keystroke.
        var builder = t_builder ?? new StringBuilder(1024);
        t_builder = null;
        builder.Clear();
        Write(builder, this, keep, keywords: true);
        var json = builder.ToString();
        if (builder.Capacity <= MaxCachedCapacity)
        {
            t_builder = builder;
        }

        return json;
    }

    private const int MaxCachedCapacity = 16 * 1024;

    [System.ThreadStatic]
    private static StringBuilder? t_builder;

    private static void Write(StringBuilder builder, object value, System.Func<string, object, bool>? keep, bool keywords)
    {
        switch (value)
        {
            case SchemaNode node:
                builder.Append('{');
                var first = true;
                foreach (var entry in node._entries)
                {
                    if (keywords && keep is not null && !keep(entry.Key, entry.Value))
                    {
                        continue;
                    }

                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    AppendQuoted(builder, entry.Key).Append(':');

                    // The children of "properties" and "$defs" are named schemas, not keywords.
                    var childIsMap = keywords && entry.Key is "properties" or "$defs";
                    if (childIsMap && entry.Value is SchemaNode map)
                    {
                        builder.Append('{');
                        var firstChild = true;
                        foreach (var child in map._entries)
                        {
                            if (!firstChild)
                            {
                                builder.Append(',');
                            }

                            firstChild = false;
                            AppendQuoted(builder, child.Key).Append(':');
                            Write(builder, child.Value, keep, keywords: true);
                        }

                        builder.Append('}');
                    }
                    else
                    {
                        Write(builder, entry.Value, keep, keywords: entry.Value is SchemaNode || entry.Value is List<object>);
                    }
                }

                builder.Append('}');
                break;
            case List<object> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, list[i], keep, keywords: true);
                }

                builder.Append(']');
                break;
            case string text:
                AppendQuoted(builder, text);
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case double number:
                builder.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case long integer:
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonNull:
                builder.Append("null");
                break;
            default:
                builder.Append(System.Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>A JSON string literal: quotes, backslashes and control characters escaped; other text as is.</summary>
    public static string Quote(string text) => AppendQuoted(new StringBuilder(text.Length + 2), text).ToString();

    /// <summary>Appends <paramref name="text"/> as a JSON string literal (<see cref="Quote"/>) without a string of its own.</summary>
    private static StringBuilder AppendQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        var plain = true;
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < ' ')
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return builder.Append(text).Append('"');
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"');
    }
}

/// <summary>The JSON literal <c>null</c> as a schema value (in <c>enum</c> lists).</summary>
internal sealed class JsonNull
{
    public static readonly JsonNull Value = new();

    private JsonNull()
    {
    }
}
