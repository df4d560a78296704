using System.Collections;
using System.Reflection;
using Xunit;

namespace PromptGen.Reliability.Tests.Secrets;

/// <summary>
/// The API key every reliability test configures, and the check that nothing thrown carries it: not the key, and not any
/// run of 8 or more of its characters (issue 12, section 1), in <see cref="Exception.ToString"/> (which includes every
/// inner exception) or in any public text property of the exception or of an exception inside it.
/// </summary>
public static class Secret
{
    public const string Key = "sk-FAULTS-SECRET-987654321";

    /// <summary>The shortest run of the key's characters that counts as the key.</summary>
    public const int MinPiece = 8;

    /// <summary>Every 8-character run of the key; any longer run contains one of them.</summary>
    public static readonly string[] Pieces = Enumerable.Range(0, Key.Length - MinPiece + 1).Select(i => Key.Substring(i, MinPiece)).ToArray();

    /// <summary>Where key material appears in <paramref name="text"/>, or <see langword="null"/> when it does not.</summary>
    public static string? FindIn(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var piece in Pieces)
        {
            var at = text.IndexOf(piece, StringComparison.Ordinal);
            if (at >= 0)
            {
                return $"'{piece}' at {at}";
            }
        }

        return null;
    }

    /// <summary>Fails when <paramref name="thrown"/> carries key material anywhere a user could see it.</summary>
    public static void AssertNotIn(Exception? thrown, string context = "")
    {
        if (thrown is null)
        {
            return;
        }

        var leaks = new List<string>();
        if (FindIn(thrown.ToString()) is { } inText)
        {
            leaks.Add($"{thrown.GetType().Name}.ToString(): {inText}");
        }

        foreach (var exception in Chain(thrown))
        {
            foreach (var (name, value) in TextProperties(exception))
            {
                if (FindIn(value) is { } found)
                {
                    leaks.Add($"{exception.GetType().Name}.{name}: {found}");
                }
            }
        }

        Assert.True(leaks.Count == 0, $"The API key leaked{context}: {string.Join("; ", leaks)}\n--- thrown ---\n{thrown}");
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    private static IEnumerable<(string Name, string? Value)> TextProperties(Exception exception)
    {
        foreach (var property in exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is nameof(Exception.StackTrace) or nameof(Exception.TargetSite))
            {
                continue;
            }

            object? value;
            try
            {
                value = property.GetValue(exception);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            switch (value)
            {
                case string text:
                    yield return (property.Name, text);
                    break;
                case IEnumerable<string> texts:
                    yield return (property.Name, string.Join("\n", texts));
                    break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        yield return (property.Name + "[" + entry.Key + "]", entry.Key + "=" + entry.Value);
                    }

                    break;
                case System.Text.Json.JsonElement element:
                    yield return (property.Name, element.GetRawText());
                    break;
                case not null when value.GetType().IsClass && value.GetType().Namespace == "PromptGen":
                    yield return (property.Name, value.ToString());
                    break;
            }
        }
    }
}
