using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PromptGen;

/// <summary>
/// PromptGen's own words for a System.Text.Json failure on text a server or model sent: what was received (empty, cut
/// short, the text where it stops being JSON, the value at a path) and where (line and column, or the JSON path), never the
/// serializer's message, which names its own internals ("LineNumber: 0 | BytePositionInLine: 0", "JsonTokenType") and
/// says nothing of what to do. The serializer's exception stays available as the inner exception where callers keep it.
/// </summary>
internal static class JsonFailure
{
    private const int SnippetLength = 24;

    /// <summary>
    /// A sentence saying why <paramref name="text"/>, which failed to parse with <paramref name="exception"/>, is not
    /// JSON: <c>{subject} is empty…</c>, <c>{subject} ends before its JSON is complete…</c>, or <c>{subject} is not valid
    /// JSON at line 1, column 9, where it has 'abc'.</c> The text quoted is what was received; callers redact it.
    /// </summary>
    /// <param name="subject">What was parsed, to start the sentence: <c>The reply</c>, <c>A streamed event</c>.</param>
    /// <param name="exception">The parser's failure, for its line and byte position.</param>
    /// <param name="text">The text parsed.</param>
    /// <param name="redactor">Removes the client's secrets from the text quoted, before it is cut short.</param>
    public static string NotJson(string subject, JsonException exception, string? text, Redactor? redactor = null)
    {
        if (text is null || text.Trim().Length == 0)
        {
            return text is null || text.Length == 0
                ? $"{subject} is empty: there is no JSON value in it."
                : $"{subject} is only white space ({Count(text.Length, "character")}): there is no JSON value in it.";
        }

        var index = CharIndex(text, exception.LineNumber, exception.BytePositionInLine);
        if (index is null || text.Substring(index.Value).Trim().Length == 0 || IsPrefix(text))
        {
            return $"{subject} ends before its JSON is complete ({Count(text.Length, "character")} received): it was cut short, or a bracket or quote is not closed.";
        }

        var line = (exception.LineNumber ?? 0) + 1;
        var column = index.Value - LineStart(text, index.Value) + 1;
        return $"{subject} is not valid JSON at line {line.ToString(CultureInfo.InvariantCulture)}, column {column.ToString(CultureInfo.InvariantCulture)}, where it has {Snippet(text, index.Value, redactor)}.";
    }

    /// <summary>
    /// As <see cref="NotJson"/>, for text still arriving (a stream) whose reader failed at a position of its own buffer:
    /// the text received so far is read again, after the white space and <c>```json</c> line a reply may start with, to
    /// find where it stops being JSON.
    /// </summary>
    public static string NotJsonSoFar(string subject, string text, Redactor? redactor = null)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (string.CompareOrdinal(text, start, "```", 0, 3) == 0)
        {
            var lineEnd = text.IndexOf('\n', start);
            start = lineEnd < 0 ? text.Length : lineEnd + 1;
        }

        var json = text.Substring(start);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock: false, state: new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    break;
                }
            }
        }
        catch (JsonException exception)
        {
            if (CharIndex(json, exception.LineNumber, exception.BytePositionInLine) is { } index)
            {
                var line = text.Substring(0, start).Split('\n').Length + (exception.LineNumber ?? 0);
                var column = index - LineStart(json, index) + 1 + ((exception.LineNumber ?? 0) == 0 ? start - LineStart(text, start) : 0);
                return $"{subject} is not valid JSON at line {line.ToString(CultureInfo.InvariantCulture)}, column {column.ToString(CultureInfo.InvariantCulture)}, where it has {Snippet(json, index, redactor)}.";
            }
        }

        return $"{subject} is not valid JSON ({Count(text.Length, "character")} received).";
    }

    /// <summary>
    /// A sentence saying why a JSON value that parsed and fit the schema could not be deserialised: the path System.Text.Json
    /// stopped at, the value found there, and the declared type, without the serializer's message.
    /// </summary>
    /// <param name="exception">What the deserialiser threw: a <see cref="JsonException"/> (a value it cannot convert), a <see cref="FormatException"/>, an <see cref="InvalidOperationException"/> or a <see cref="NotSupportedException"/> (a type it cannot create).</param>
    /// <param name="root">The value deserialised, for the value at the exception's path.</param>
    /// <param name="path">The JSON path of <paramref name="root"/> in the reply, <c>$</c> for the whole reply.</param>
    /// <param name="typeName">The declared type, as messages name it.</param>
    /// <param name="redactor">Removes the client's secrets from the value quoted, before it is cut short.</param>
    public static string NotReadable(Exception exception, JsonElement root, string path, string typeName, Redactor? redactor = null)
    {
        var at = exception is JsonException { Path: { Length: > 1 } inner } && inner.StartsWith("$", StringComparison.Ordinal)
            ? path + inner.Substring(1)
            : path;
        if (exception is JsonValueException own)
        {
            return $"{at}: {own.Message}"; // a converter of ours, which already says what it expected and got
        }

        var value = exception is JsonException json && Find(root, json.Path) is { } found ? Show(found, redactor) : null;
        var what = exception switch
        {
            JsonException => "it does not convert to the member's type there",
            FormatException => "its text is not in the format the member's type reads",
            _ => $"System.Text.Json cannot create {typeName} from it (check that the type has a constructor or setters System.Text.Json can use)",
        };
        return value is null
            ? $"{at}: the reply fits the schema but could not be read as {typeName}: {what}."
            : $"{at}: {value} fits the schema but could not be read as part of {typeName}: {what}.";
    }

    /// <summary>
    /// A sentence saying why <paramref name="text"/> could not be deserialised as <paramref name="what"/> (<c>a chat
    /// completion chunk</c>): not JSON (as <see cref="NotJson"/> says), or JSON whose value at the serializer's path is not
    /// what such an object holds there.
    /// </summary>
    public static string NotOf(string subject, JsonException exception, string text, string what, Redactor? redactor = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException syntax)
        {
            return NotJson(subject, syntax, text, redactor);
        }

        using (document)
        {
            var path = exception.Path is { Length: > 0 } p ? p : "$";
            return Find(document.RootElement, path) is { } found
                ? $"{subject} is JSON, but not {what}: at {path} it has {Show(found, redactor)}, which {what} does not have there."
                : $"{subject} is JSON, but not {what}: its value at {path} is not what {what} has there.";
        }
    }

    /// <summary>
    /// A sentence for a body that could not be read as <paramref name="what"/> when only the serializer's position is known
    /// (the body was read as it arrived): the line, byte and path where reading stopped.
    /// </summary>
    public static string StoppedAt(JsonException exception, string what)
    {
        var line = ((exception.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        var position = ((exception.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        var path = exception.Path is { Length: > 1 } p ? $" ({p})" : "";
        return $"reading stopped at line {line}, byte {position}{path}, where the body is not JSON or not what {what} has there";
    }

    /// <summary>Whether <paramref name="text"/> is the start of some JSON value: a reader that expects more finds nothing wrong in it.</summary>
    private static bool IsPrefix(string text)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), isFinalBlock: false, state: new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip }));
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    return false; // a complete value: whatever failed comes after it
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The value at an STJ path (<c>$.a.b[2]</c>, <c>$['a b']</c>) under <paramref name="root"/>, or null when the path cannot be followed.</summary>
    private static JsonElement? Find(JsonElement root, string? path)
    {
        if (path is null || !path.StartsWith("$", StringComparison.Ordinal))
        {
            return null;
        }

        var current = root;
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path.Substring(i + 1, end - i - 1), out current))
                {
                    return null;
                }

                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0 || current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path.Substring(i + 2, end - i - 2), out current))
                {
                    return null;
                }

                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || current.ValueKind != JsonValueKind.Array
                    || !int.TryParse(path.Substring(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static string Show(JsonElement value, Redactor? redactor)
    {
        var raw = value.GetRawText();
        raw = redactor?.Redact(raw) ?? raw; // before the cut, so that a cut leaves no piece of a secret
        var text = raw.Length <= SnippetLength * 2 ? raw : raw.Substring(0, SnippetLength * 2) + "…";
        return value.ValueKind switch
        {
            JsonValueKind.String => "the string " + text,
            JsonValueKind.Number => "the number " + text,
            JsonValueKind.True or JsonValueKind.False => "the value " + text,
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "the array " + text,
            _ => "the object " + text,
        };
    }

    /// <summary>The character index of STJ's line and byte position in <paramref name="text"/>, or null when it lies past the end.</summary>
    private static int? CharIndex(string text, long? lineNumber, long? bytePosition)
    {
        var index = 0;
        for (var line = 0L; line < (lineNumber ?? 0); line++)
        {
            var next = text.IndexOf('\n', index);
            if (next < 0)
            {
                return null;
            }

            index = next + 1;
        }

        var bytes = bytePosition ?? 0;
        while (bytes > 0 && index < text.Length)
        {
            bytes -= char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 4 : Encoding.UTF8.GetByteCount(text[index].ToString());
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        }

        return index < text.Length ? index : null;
    }

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private static string Snippet(string text, int index, Redactor? redactor)
    {
        var rest = text.Substring(index);
        rest = redactor?.Redact(rest) ?? rest; // before the cut, so that a cut leaves no piece of a secret
        var length = Math.Min(SnippetLength, rest.Length);
        var snippet = rest.Substring(0, length).Replace("\r", "\\r").Replace("\n", "\\n");
        return "'" + snippet + (length < rest.Length ? "…'" : "'");
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
}

/// <summary>
/// A value one of PromptGen's own converters refuses, with a message in PromptGen's words ("expected one of Celsius,
/// Fahrenheit (a string), got a number."), which <see cref="JsonFailure.NotReadable"/> keeps as it is. System.Text.Json
/// rethrows a converter's exception as it is (adding only its path), so the type survives.
/// </summary>
internal sealed class JsonValueException : JsonException
{
    public JsonValueException(string message)
        : base(message)
    {
    }
}
